"""A story's headline: the best real title among its members.

Pages scraped from the web give titles such as "×", ", , :" or "****", and an article without a title gets
its first sentence, shortened. So the headline is not simply the title of the member nearest the story's
centre (the *representative*); among the members' titles, in this order of preference:

1. never one with fewer than three words of letters, or made mostly of punctuation and symbols;
2. a title sharing some of the story's most common terms (see 7) before one sharing none: a page's
   widget or menu line taken for its title ("Resistencia Cargando temperatura...") names nothing of
   the event;
3. a title the source gave (a title field, a first line standing alone) before one made from a sentence;
4. a title in the story's main language (the most common among its members) before the others;
5. a whole title before one cut short with an ellipsis;
6. a title before one stating a figure that its article's lead gives as a poll's ("Nawrocki Secures 50.7
   Percent" over "... 50.7% of the vote, according to a Sunday evening exit poll"): a projection told as
   the outcome;
7. the title sharing most of the story's most common terms (content words and figures of the members'
   titles and first sentences, read across alphabets and decimal conventions): the words naming the event;
8. the representative's title, then the smallest article id: the same headline whatever order the members
   come in, so ingest, ``recluster`` and the Spark batch agree.

When no title qualifies, a member's first sentence (shortened) stands in, chosen the same way; when none of
those does either, the representative's title is kept as it is.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.clean.titles import ELLIPSIS, shorten_title
from newsprism.languages import POLL, canonical_number, latin, stop_words
from newsprism.records import Article, MemberTitle

MIN_WORDS = 3  # words with letters a headline needs
MIN_LETTER_SHARE = 0.5  # letters and digits among the characters other than spaces
TOP_TERMS = 10  # the story's most common terms a title is scored against

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_FIGURE = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
_LETTER = re.compile(r"[^\W\d_]")
_ALPHANUMERIC = re.compile(r"[^\W_]")
# Scripts written without spaces between words (CJK, kana, Thai, Lao, Myanmar, Khmer): two characters
# count as a word.
_UNSPACED = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    given: bool  # the source gave it (not made from a sentence)
    member: MemberTitle


def member_title(article: Article | MemberTitle) -> MemberTitle:
    """What the headline choice reads of an article."""
    if isinstance(article, MemberTitle):
        return article
    lead = article.sentences[0] if article.sentences else ""
    return MemberTitle(article.id, article.title, article.title_source, article.language, lead)


def choose_headline(articles: Sequence[Article | MemberTitle], representative_id: str) -> str:
    """The story's headline from its members' titles (see the module docstring); ``representative_id`` is
    the member nearest the story's centre. The order of ``articles`` does not matter."""
    members = [member_title(a) for a in articles]
    if not members:
        return ""
    main = main_language(members, representative_id)
    common = _common_terms(members)
    candidates = [_Candidate(m.title, _given(m), m) for m in members if is_real_title(m.title)]
    if not candidates:
        leads = [_Candidate(shorten_title(m.lead), False, m) for m in members]
        candidates = [c for c in leads if is_real_title(c.text)]
    if not candidates:
        return next((m.title for m in members if m.id == representative_id), members[0].title)

    def rank(candidate: _Candidate) -> tuple[bool, bool, bool, bool, bool, int, bool, str]:
        member, text = candidate.member, candidate.text
        in_main = main is None or member.language == main
        shared = len(_terms(text, member.language) & common)
        cut = text.endswith(ELLIPSIS)
        polled = _gives_a_poll(text, member)
        return (
            shared == 0,
            not candidate.given,
            not in_main,
            cut,
            polled,
            -shared,
            member.id != representative_id,
            member.id,
        )

    return min(candidates, key=rank).text


def is_real_title(title: str) -> bool:
    """At least three words with letters, and mostly letters and digits: not "×", ", , :" or "****"."""
    visible = "".join(title.split())
    if not visible or len(_ALPHANUMERIC.findall(visible)) < MIN_LETTER_SHARE * len(visible):
        return False
    words = 0
    for token in title.split():
        if not _LETTER.search(token):
            continue
        unspaced = len(_UNSPACED.findall(token))
        words += max(1, unspaced // 2) if unspaced else 1
    return words >= MIN_WORDS


def main_language(members: Sequence[MemberTitle], representative_id: str = "") -> str | None:
    """The most common language among the members (None when none is known); on a tie the
    representative's, else the first code alphabetically."""
    counts = Counter(m.language for m in members if m.language)
    if not counts:
        return None
    best = max(counts.values())
    tied = sorted(language for language, n in counts.items() if n == best)
    mine = next((m.language for m in members if m.id == representative_id), None)
    return mine if mine in tied else tied[0]


def _given(member: MemberTitle) -> bool:
    """Whether the source gave the title; for an article stored before that was recorded, a title equal to
    its shortened first sentence (or cut with an ellipsis) was made from the sentence."""
    if member.title_source is not None:
        return member.title_source != "sentence"
    if member.title.endswith(ELLIPSIS):
        return False
    return not member.lead or shorten_title(member.lead) != member.title


def _gives_a_poll(title: str, member: MemberTitle) -> bool:
    """The title states a figure that the article's lead gives as a poll's or a projection's."""
    if not POLL.search(member.lead):
        return False
    figures = {canonical_number(f, member.language) for f in _FIGURE.findall(title)}
    return not figures.isdisjoint(canonical_number(f, member.language) for f in _FIGURE.findall(member.lead))


def _common_terms(members: Sequence[MemberTitle]) -> frozenset[str]:
    """The terms most members share in their titles and first sentences (in two members at least)."""
    counts: Counter[str] = Counter()
    for member in members:
        counts.update(_terms(member.title, member.language) | _terms(member.lead, member.language))
    ranked = sorted((term for term, n in counts.items() if n >= 2), key=lambda term: (-counts[term], term))
    return frozenset(ranked[:TOP_TERMS])


@functools.lru_cache(maxsize=65536)
def _terms(text: str, language: str | None) -> frozenset[str]:
    """Content words in Latin letters ("Путин" is "putin") and figures in one spelling ("7,4" in German
    is "7.4"), without the language's stop words and words shorter than three letters."""
    stops = stop_words(language)
    words = {latin(w) for w in _WORD.findall(text) if len(w) >= 3 and w.lower() not in stops}
    figures = {canonical_number(f, language) for f in _FIGURE.findall(text)}
    return frozenset(words | figures)
