"""Claims: the sentences, across a story's articles, that state the same fact.

Each claim is a *star*: a centre sentence and, from each other article, at most one sentence that states
the centre's fact (an article does not corroborate itself). Stars, unlike chains, guarantee that every
sentence cited for a claim backs the sentence shown for it. Centres are chosen greedily, best supported
first, so the facts most outlets share become claims with the most support. Two sentences whose figures
disagree ("killed 12" / "killed 14") never join one claim: they become two claims and a discrepancy.

A citation means *the same fact*, not the same topic. Besides a paraphrase score above the threshold, a
member backs a centre (:func:`unbacked` says why not) when

- both are statements: content words enough (not a byline, a heading of two words, a link), neither a
  question unless both are, and a denial ("did not go as planned") only by a denial; a poll or a
  projection ("according to the exit poll") only by one, and a result only by a result;
- the member gives every figure of the centre ("at least three" does not back "at least 10"; "just over
  31%" backs "31.36%": one of them rounds), one of its times of day, and no other weekday, date or
  ordinal ("Thursday" / "Wednesday", "the fourth flight" / "the fifth");
- it names most of the centre's names, its actors and places ("ECB" and "European Central Bank" meet),
  written with a capital or as the whole word ("constitutional court"; "wyborów", elections, does not
  give "Wyborcza"); capitals mark names except in German, which capitalises every noun;
- it carries most of any words the centre quotes, and a good share of the centre's other words, rare
  words (in few of the story's sentences) weighing more than the story's background, and figures given
  weighing most.

More detail is fine: the test runs from the centre to the member, never back. Everything is read from the
words, in any language, without a model; so a sentence in another language cites only when it gives the
same figures and names and enough of the same words, which translations rarely do.

Support is counted in independent reports: ``originals`` maps an article to the earliest article it copies
or rewrites, and all the articles of one original count once.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from newsprism.brief.measures import clock_times
from newsprism.brief.numbers import Number, number_words, numbers_in
from newsprism.dedup.paraphrase import SUPPORT_THRESHOLD, paraphrase_matrix
from newsprism.languages import (
    CALENDAR_WORDS,
    CAPITALISED_WORD,
    POLL,
    dated_days,
    latin,
    ordinals_in,
    stop_words,
    weekdays_in,
)
from newsprism.records import Article, Claim, SentenceRef

MIN_STATEMENT_STEMS = 3  # fewer content words: a byline, a heading, a link, a fragment; nothing to cite
MIN_COVERAGE = 0.4  # share of the centre's content (rarer words weigh more) a member must carry
MIN_SHARED_STEMS = 2
FIGURE_WEIGHT = 3.0  # a figure both sentences give is strong evidence: it weighs three of the rarest words
MIN_NAME_SHARE = 0.5  # of the centre's names (people, places, organisations) a member must name
MIN_QUOTE_SHARE = 0.5  # of the words the centre quotes (three or more) a member must carry
_STEM = 5  # letters of a folded word kept: "Kardinal" / "cardinale", "Nicușor" / "Nicusor" meet
_WORD = re.compile(r"[^\W\d_]+")
_QUOTED = re.compile(r"[\"“„«»”]([^\"“„«»”]{12,})[\"“„«»”]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGIT = re.compile(r"\d")
_SCALE_SUFFIX = re.compile(r"(\d)(bn|mln|mio|mrd)\b", re.IGNORECASE)
# Scale words a number may be written with alone ("a million", "eine Milliarde"): only to skip reading
# numbers in sentences that have none.
_MAY_SCALE = re.compile(r"mil[lhi]|милли|billion", re.IGNORECASE)
# A definite article just before a position, by language: "the two", "les deux", "los dos".
_ARTICLE_BEFORE = {
    language: re.compile(rf"\b(?:{articles})\s+$", re.IGNORECASE)
    for language, articles in {
        "en": "the",
        "de": "die|der|den",
        "es": "los|las",
        "fr": "les",
        "it": "i|gli|le",
        "pt": "os|as",
        "nl": "de|het",
    }.items()
}
_SUFFIXED = re.compile(r"(?<![\w.,])(\d{1,4})(?:e|er|ème|º|ª|st|nd|rd|th)(?!\w)")
# Links and paths: a slash between letters ("bbc.co.uk/news"), not between figures ("(54./56.)", "2/3").
_LINK = re.compile(r"\S*(?:https?://|www\.|\.com\b|\.org\b|[^\W\d_]/[^\W\d_])\S*")
_RUN = re.compile(r"(?:[A-ZÀ-ÖØ-ÞĀ-ſА-Я][^\W\d_]+[\s-]+){1,4}[A-ZÀ-ÖØ-ÞĀ-ſА-Я][^\W\d_]+")
# Words that deny what a sentence says, by language: "did not go as planned" is not "went as planned".
_NEGATIONS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "en": "not no never nobody nothing none cannot n't",
        "de": "nicht kein keine keinen keiner keinem nie niemals nichts niemand",
        "es": "no nunca nada nadie ningún ninguna ninguno jamás",
        "fr": "pas jamais aucun aucune rien",
        "it": "non mai nessun nessuna nessuno niente nulla",
        "pt": "não nunca nenhum nenhuma nada ninguém",
        "nl": "niet geen nooit niets niemand",
        "pl": "nie żaden żadna żadne nigdy nic nikt",
        "ru": "не нет никогда ничего никто",
    }.items()
}
_QUESTION = re.compile(r"^\s*¿|[^\W\d_]\?[\"'”»’)]*\s*$")  # "¿Cómo ...?", "... explosion?"; not "Father,?"
NOUN_CAPITALISING = frozenset({"de", "lb"})  # every noun is capitalised: capitals do not mark names


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Indices into a story's sentences: the centre and all members (centre included), in reading order."""

    centre: int
    members: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StorySentences:
    """Every sentence of a story's articles, with their embeddings, in one matrix."""

    refs: tuple[SentenceRef, ...]
    vectors: np.ndarray  # (n, dim), unit rows
    positions: np.ndarray  # relative position of each sentence in its article, 0 = first, 1 = last
    languages: tuple[str | None, ...] = field(default=())  # each sentence's article's; () when unknown

    @classmethod
    def build(cls, articles: Sequence[Article], vectors: np.ndarray) -> StorySentences:
        refs, positions, languages = [], [], []
        for article in articles:
            count = len(article.sentences)
            for index, text in enumerate(article.sentences):
                refs.append(SentenceRef(article.id, article.outlet, index, text))
                positions.append(index / max(1, count - 1))
                languages.append(article.language)
        return cls(tuple(refs), vectors, np.asarray(positions, dtype=np.float32), tuple(languages))

    def language(self, i: int) -> str | None:
        """The language to read sentence ``i``'s figures and stop words in (None: English rules)."""
        return self.languages[i] if self.languages else None


def sentence_texts(articles: Sequence[Article]) -> list[str]:
    return [s for a in articles for s in a.sentences]


def article_numbers(sentences: StorySentences) -> np.ndarray:
    """For each sentence, the number of its article (0, 1, ... in order of appearance)."""
    numbers = {a: k for k, a in enumerate(dict.fromkeys(r.article_id for r in sentences.refs))}
    return np.array([numbers[r.article_id] for r in sentences.refs], dtype=np.int64)


def story_scores(sentences: StorySentences) -> np.ndarray:
    """Paraphrase scores between every two sentences; -1 within one article (it cannot corroborate itself)."""
    articles = article_numbers(sentences)
    scores = paraphrase_matrix([r.text for r in sentences.refs], sentences.vectors)
    scores[articles[:, None] == articles[None, :]] = -1.0  # same article, the diagonal included
    return scores


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What a citation must share with the sentence it backs, read once per sentence."""

    stems: frozenset[str]  # folded content words, cut to a few letters
    words: frozenset[str]  # the stems other than names: what is said
    names: frozenset[str]  # capitalised words inside the sentence: who and where
    capitalised: frozenset[str]  # every capitalised word, the first and German nouns too: names it may give
    written: frozenset[str]  # every word whole, in Latin letters and lower case
    name_words: frozenset[str]  # the words of its names whole, so written
    figures: tuple[Number, ...]  # without years, days of dates and times of day, tested apart
    times: frozenset[str]  # times of day, "18:30"
    weekdays: frozenset[str]
    dates: frozenset[str]
    ordinals: frozenset[str]
    quoted: frozenset[str]  # stems of the words it quotes
    runs: tuple[tuple[str, frozenset[str]], ...]  # ("ecb", the names of "European Central Bank")
    spelled: frozenset[str]  # the initials of those runs: "ecb"
    text: str  # folded, to know a sentence repeated word for word
    negated: bool  # says that something is not so
    question: bool  # asks: states nothing
    poll: bool  # gives a poll's or a projection's figures ("exit poll", "Hochrechnung"), not a result


@functools.lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """A word in Latin letters, lower case, cut short: spellings and endings across languages meet."""
    return latin(word)[:_STEM]


def _stems(text: str, stops: frozenset[str]) -> frozenset[str]:
    """Folded words of three letters or more, stop words aside: what a sentence talks about."""
    return frozenset(_fold(w) for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in stops)


@functools.lru_cache(maxsize=16384)
def sentence_stems(text: str, language: str | None) -> frozenset[str]:
    """The content stems of a sentence (links aside), as :func:`read_facts` reads them."""
    return _stems(_LINK.sub(" ", text), stop_words(language))


def _times(text: str) -> tuple[frozenset[str], list[tuple[int, int]]]:
    """Times of day as "HH:MM" ("18:30", "7.35 Uhr", "19h24", "6:30 p.m."), and where they are written
    (their digits are no figures)."""
    clocks = clock_times(text)
    return frozenset(f"{m // 60:02d}:{m % 60:02d}" for m in clocks.values()), list(clocks)


def _figures(
    text: str, language: str | None, days: set[float], spans: list[tuple[int, int]], words: frozenset[str]
) -> tuple[Number, ...]:
    """Numbers, and digits with an ordinal ending ("84e", "267th"), less years, days of dates, times, and
    number words after a definite article ("the two leaders" counts nothing)."""
    may_count = _DIGIT.search(text) or _MAY_SCALE.search(text) or not number_words(language).isdisjoint(words)
    article = _ARTICLE_BEFORE.get(language or "en")
    found = [n for n in numbers_in(text, language) if not _YEAR.fullmatch(n.digits)] if may_count else []
    found += [Number(float(m[1]), m[0], m.start(), m.end(), m[1]) for m in _SUFFIXED.finditer(text)]
    return tuple(
        n
        for n in found
        if not (n.value in days and n.value.is_integer())
        and not any(a <= n.start < b for a, b in spans)
        and not (not n.digits and article and article.search(text, 0, n.start))
    )


def _names(
    text: str, language: str | None, stops: frozenset[str]
) -> tuple[frozenset[str], tuple[tuple[str, frozenset[str]], ...]]:
    """Capitalised words inside the sentence, and runs of them with their initials ("European Central
    Bank": "ecb"), so that a name and its acronym meet."""
    if language in NOUN_CAPITALISING:
        return frozenset(), ()

    def name(word: str) -> str | None:
        low = word.lower()
        return None if len(word) < 3 or low in stops or low in CALENDAR_WORDS else _fold(word)

    names = frozenset(n for m in CAPITALISED_WORD.finditer(text) if m.start() > 0 and (n := name(m[0])))
    runs = []
    for run in _RUN.finditer(text):
        words = [w for w in re.split(r"[\s-]+", run[0]) if name(w)]
        if len(words) > 1:
            runs.append((latin("".join(w[0] for w in words)), frozenset(_fold(w) for w in words)))
    return names, tuple(runs)


def _dates(text: str) -> frozenset[str]:
    """Days of the year as ``MM-DD`` ("17 October", "Jan. 16")."""
    return frozenset(day for day, _ in dated_days(text))


def _negated(text: str, language: str | None, words: frozenset[str]) -> bool:
    """Whether the sentence denies something (``words`` are its lower-cased words)."""
    denials = _NEGATIONS.get(language or "en", _NEGATIONS["en"])
    return not denials.isdisjoint(words) or (language in (None, "en") and "n't" in text)


@functools.lru_cache(maxsize=16384)
def read_facts(text: str, language: str | None) -> SentenceFacts:
    """The facts of one sentence that :func:`backs` compares (figures read in the sentence's language);
    kept for the sentences of stories briefed again."""
    stems = sentence_stems(text, language)
    text = _SCALE_SUFFIX.sub(r"\1 \2", _LINK.sub(" ", text))  # "$3.2bn" reads as "$3.2 bn"
    words = frozenset(w.lower() for w in _WORD.findall(text))
    stops = stop_words(language)
    names, runs = _names(text, language, stops)
    dates = _dates(text)
    times, spans = _times(text)
    return SentenceFacts(
        stems | names,
        stems - names,
        names,
        frozenset(_fold(m[0]) for m in CAPITALISED_WORD.finditer(text)),
        frozenset(latin(w) for w in words),
        frozenset(latin(m[0]) for m in CAPITALISED_WORD.finditer(text) if _fold(m[0]) in names),
        _figures(text, language, {float(d[3:]) for d in dates}, spans, words),
        times,
        weekdays_in(text),
        dates,
        frozenset(ordinals_in(text)),
        frozenset().union(*(_stems(q, stops) for q in _QUOTED.findall(text))),
        runs,
        frozenset(initials for initials, _ in runs),
        " ".join(latin(text).split()),
        _negated(text, language, words),
        bool(_QUESTION.search(text)),
        bool(POLL.search(text)),
    )


def _half_unit(number: Number) -> float:
    """Half a unit of the last digit written: "31" covers 30.5 to 31.5, "3,00" 2.995 to 3.005, "1,9
    Millionen" 1.85 to 1.95 million."""
    if not number.digits:
        return 0.0  # a number word names an exact small number
    written = re.match(r"[\d.,\u00a0\u202f ]*\d", number.text)
    decimals = re.search(r"[.,](\d{1,2})$", written[0]) if written else None
    scale = number.value / float(number.digits) if float(number.digits) else 1.0
    return 0.5 * 10.0 ** -(len(decimals[1]) if decimals else 0) * scale


def same_figure(a: Number, b: Number) -> bool:
    """One figure, maybe rounded by one side: "31.36%" and "just over 31%", not "37" and "42"."""
    return abs(a.value - b.value) <= max(_half_unit(a), _half_unit(b)) + 1e-9


def _conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both name a weekday (or a date) and none in common: they speak of different days."""
    return bool(a and b and a.isdisjoint(b))


def _names_given(centre: SentenceFacts, member: SentenceFacts) -> float:
    """The share of the centre's names and figures the member gives (figures are all given when tested):
    a name counts when the member writes it capitalised, or whole in lower case ("constitutional court";
    but "Wyborcza" is not "wyborów", elections), or its acronym; an acronym when the member spells it out."""
    if not centre.names:
        return 1.0
    given = (centre.names & member.capitalised) | (centre.names & member.spelled)
    given |= {_fold(w) for w in centre.name_words & member.written}
    for initials, run in centre.runs:
        if initials in member.names:
            given |= run & centre.names
    figures = len({f.value for f in centre.figures})
    return (len(given) + figures) / (len(centre.names) + figures)


@dataclass(frozen=True, slots=True)
class WordWeights:
    """How much each word of a story says: rare words (in few of its sentences) say more than the story's
    background ("hurricane", "Starship"); a figure both sentences give weighs as much as several of the
    rarest words."""

    idf: Mapping[str, float]
    figure: float

    @classmethod
    def over(cls, stems: Sequence[frozenset[str]]) -> WordWeights:
        """The weights of a story whose sentences have these stems."""
        n = len(stems)
        frequency = Counter(s for sentence in stems for s in sentence)
        idf = {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in frequency.items()}
        return cls(idf, FIGURE_WEIGHT * (math.log((1 + n) / 2) + 1.0))

    def of(self, words: frozenset[str]) -> float:
        """What these words say together."""
        return sum(self.idf.get(w, 1.0) for w in words)


def unbacked(centre: SentenceFacts, member: SentenceFacts, weights: WordWeights) -> str | None:
    """Why ``member`` does not state ``centre``'s fact ("figure", "names", "words", ...), None when it
    does (see the module)."""
    if centre.text == member.text:
        return None if len(centre.stems) >= MIN_SHARED_STEMS else "fragment"  # repeated word for word
    if len(centre.stems) < MIN_STATEMENT_STEMS or len(member.stems) < MIN_STATEMENT_STEMS or not centre.words:
        return "fragment"
    if centre.question != member.question or (centre.negated and not member.negated):
        return "polarity"  # a question states nothing; a statement does not back its denial
    if centre.poll != member.poll:
        return "footing"  # an exit poll's lead is not the final count's win, nor the reverse
    if not all(any(same_figure(f, g) for g in member.figures) for f in centre.figures):
        return "figure"
    if _conflict(centre.weekdays, member.weekdays) or _conflict(centre.dates, member.dates):
        return "day"
    if centre.times and centre.times.isdisjoint(member.times):
        return "time"  # a time of day is a figure; another time zone may add a second one
    if not centre.ordinals <= member.ordinals:
        return "ordinal"
    if _names_given(centre, member) < MIN_NAME_SHARE:
        return "names"
    stems = member.stems
    if len(centre.quoted) >= 3 and len(centre.quoted & stems) < MIN_QUOTE_SHARE * len(centre.quoted):
        return "quote"
    figures = weights.figure * len({f.value for f in centre.figures})  # all given by the member, as tested
    covered = figures + weights.of(centre.words & stems)
    if len(centre.stems & stems) < MIN_SHARED_STEMS or covered < MIN_COVERAGE * (
        figures + weights.of(centre.words)
    ):
        return "words"
    return None


def backs(centre: SentenceFacts, member: SentenceFacts, weights: WordWeights) -> bool:
    """Whether ``member`` states ``centre``'s fact (see :func:`unbacked`)."""
    return unbacked(centre, member, weights) is None


class StoryFacts:
    """The facts of a story's sentences, each read once when first asked for, and the story's word
    weights: what :func:`backs` tests a pair of its sentences with."""

    def __init__(self, sentences: StorySentences) -> None:
        self.sentences = sentences
        self.languages = [sentences.language(i) for i in range(len(sentences.refs))]
        self.weights = WordWeights.over(
            [sentence_stems(r.text, lang) for r, lang in zip(sentences.refs, self.languages, strict=True)]
        )
        self._read: dict[int, SentenceFacts] = {}

    def of(self, i: int) -> SentenceFacts:
        if i not in self._read:
            self._read[i] = read_facts(self.sentences.refs[i].text, self.languages[i])
        return self._read[i]

    def backs(self, centre: int, member: int) -> bool:
        """Whether sentence ``member`` states sentence ``centre``'s fact."""
        return backs(self.of(centre), self.of(member), self.weights)


def backing_matrix(facts: StoryFacts, candidates: np.ndarray) -> np.ndarray:
    """``backing[c, m]``: sentence ``m`` states the fact of sentence ``c`` (tested where ``candidates``)."""
    backing = np.zeros(candidates.shape, dtype=bool)
    for c, m in zip(*np.nonzero(candidates), strict=True):
        backing[c, m] = facts.backs(int(c), int(m))
    return backing


def backers(facts: StoryFacts, shown: int, members: Sequence[int]) -> list[int]:
    """``shown`` and those of a claim's ``members`` that state its fact: when a member, not the centre,
    shows a claim, its citations are tested again from it (:func:`unbacked`)."""
    return [shown] + [i for i in members if i != shown and facts.backs(shown, i)]


def stated_elsewhere(facts: StoryFacts, candidates: Sequence[int]) -> set[int]:
    """Of the ``candidates`` (sentence indices), those a sentence of another outlet states in other words
    or another language: it gives every figure of the candidate (one at least: a shared figure anchors the
    fact across languages), most of its names, no other day, time or ordinal; all that :func:`unbacked`
    asks but the shared words, which a translation does not share. Too loose for a citation, this is
    enough to withhold "only this outlet reports it"."""
    refs = facts.sentences.refs
    by_value: dict[int, list[int]] = {}
    for i in range(len(refs)):
        for value in {round(f.value) for f in facts.of(i).figures}:
            by_value.setdefault(value, []).append(i)
    found = set()
    for c in candidates:
        centre = facts.of(c)
        if not _anchored(centre.figures):
            continue
        first = round(centre.figures[0].value)
        others = {
            m
            for v in (first - 1, first, first + 1)
            for m in by_value.get(v, ())
            if refs[m].outlet != refs[c].outlet
        }
        if any(
            unbacked(centre, facts.of(m), facts.weights) in (None, "words")
            and _each_figure_its_own(centre.figures, facts.of(m).figures)
            for m in others
        ):
            found.add(c)
    return found


def _anchored(figures: Sequence[Number]) -> bool:
    """Figures that tell a fact apart across languages: two or more, or one that is no small whole number
    ("179", "64.72"; not "five", "16" or "Flight 5", which many facts share)."""
    values = {f.value for f in figures}
    return len(values) > 1 or any(not v.is_integer() or v >= 100 for v in values)


def _each_figure_its_own(figures: Sequence[Number], others: Sequence[Number]) -> bool:
    """Every distinct figure matches a distinct figure of ``others`` ("2%" is no echo of 2.4, 2.1 and
    1.9 at once)."""
    free = list(others)
    for figure in sorted({f.value: f for f in figures}.values(), key=_half_unit):
        match = next((g for g in free if same_figure(figure, g)), None)
        if match is None:
            return False
        free.remove(match)
    return True


def align_claims(
    sentences: StorySentences,
    threshold: float = SUPPORT_THRESHOLD,
    scores: np.ndarray | None = None,
    disagree: np.ndarray | None = None,
    facts: StoryFacts | None = None,
) -> list[ClaimGroup]:
    """Group every sentence into exactly one claim; groups come back ordered by their first sentence.

    ``scores`` are :func:`story_scores` (computed when absent); ``disagree`` marks pairs whose figures
    conflict, which may not share a claim. A member must also state its centre's fact (:func:`backing_matrix`
    over ``facts``): a citation means the same fact, not the same topic.
    """
    n = len(sentences.refs)
    articles = article_numbers(sentences)
    if scores is None:
        scores = story_scores(sentences)
    linked = scores >= threshold
    if disagree is not None:
        linked &= ~disagree
    linked &= backing_matrix(facts or StoryFacts(sentences), linked)

    assigned = np.zeros(n, dtype=bool)

    def best_per_article(centre: int) -> dict[int, int]:
        best: dict[int, int] = {}
        for j in np.flatnonzero(linked[centre] & ~assigned):
            article = int(articles[j])
            if article not in best or scores[centre, j] > scores[centre, best[article]]:
                best[article] = int(j)
        if disagree is None or len(best) < 2:
            return best
        kept: dict[int, int] = {}  # members must not disagree with one another either
        for article, member in sorted(best.items(), key=lambda item: -scores[centre, item[1]]):
            if not any(disagree[member, k] for k in kept.values()):
                kept[article] = member
        return kept

    def gain(centre: int) -> float:
        return float(sum(scores[centre, j] for j in best_per_article(centre).values()))

    # Lazy greedy: a centre's gain only shrinks as others get assigned, so a heap entry is an upper bound.
    heap = [(-gain(i), i) for i in range(n) if linked[i].any()]
    heapq.heapify(heap)
    groups: list[ClaimGroup] = []
    while heap:
        _, centre = heapq.heappop(heap)
        if assigned[centre]:
            continue
        current = gain(centre)
        if current <= 0:
            continue
        if heap and -current > heap[0][0] + 1e-9:
            heapq.heappush(heap, (-current, centre))
            continue
        members = sorted([centre, *best_per_article(centre).values()])
        assigned[members] = True
        groups.append(ClaimGroup(centre, tuple(members)))
    groups.extend(ClaimGroup(int(i), (int(i),)) for i in np.flatnonzero(~assigned))
    return sorted(groups, key=lambda g: g.members[0])


def original_of(article_id: str, originals: Mapping[str, str] | None) -> str:
    """The article this one copies or rewrites (following chains), else itself."""
    seen = {article_id}
    while originals and (source := originals.get(article_id)) and source not in seen:
        seen.add(source)
        article_id = source
    return article_id


def independent_refs(refs: Sequence[SentenceRef], originals: Mapping[str, str] | None) -> list[SentenceRef]:
    """One sentence per independent report: the original's when it is among ``refs``, else the first."""
    chosen: dict[str, SentenceRef] = {}
    for ref in refs:
        root = original_of(ref.article_id, originals)
        if root not in chosen or ref.article_id == root:
            chosen[root] = ref
    return list(chosen.values())


def to_claims(
    sentences: StorySentences, groups: Sequence[ClaimGroup], originals: Mapping[str, str] | None = None
) -> list[Claim]:
    claims = []
    for claim_id, group in enumerate(groups):
        # The centre first: every other sentence of the claim matches it.
        order = [group.centre, *(i for i in group.members if i != group.centre)]
        refs = tuple(sentences.refs[i] for i in order)
        independent = independent_refs(refs, originals)
        claims.append(
            Claim(
                id=claim_id,
                sentences=refs,
                outlets=tuple(dict.fromkeys(r.outlet for r in refs)),
                independent_support=len(independent),
                independent_outlets=tuple(dict.fromkeys(r.outlet for r in independent)),
            )
        )
    return claims
