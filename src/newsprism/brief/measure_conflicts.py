"""Discrepancies between figures compared as facts: the same measure of the same subject, any sentences.

Every sentence of every article is read by :func:`newsprism.brief.measures.read_measures`; two articles
disagree when they give the same measure (with the same qualifier, year and projection-or-result) of the
same subject values that cannot both be true once rounding, hedges and ranges are allowed for. Subjects
are the names next to each figure: two figures whose names share nothing are of different subjects; a
figure without names joins the named ones only when they are all one subject. Ages, minutes,
percentages, votes and seats need a name on both sides ("Nawrocki 50.89%", "Raphinha (84.)").

Conservative, like the sentence detector: an article that gives two incompatible values of one measure of
one subject is left out of it (which value it means is a guess), a value that fits two sides is left out,
and a projection is never compared with a result.

A toll (dead, injured, missing) whose higher values all come from articles published later than every
lower value is an ``update``; any other disagreement is a ``conflict``.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from anyascii import anyascii

from newsprism.brief.discrepancies import discrepancy_side, strongest_first
from newsprism.brief.measures import PREFIX, TOLLS, Measurement, compatible, read_measures
from newsprism.languages import stop_words
from newsprism.records import Article, Discrepancy, DiscrepancyNature, SentenceRef

_NAMED_ONLY = frozenset({"age", "votes", "seats", "on board"})
# Read but never compared: one player's minutes are of several goals, chances or cards.
_NOT_COMPARED = frozenset({"minute"})
_KINDS = {"percent": "percent", "magnitude": "magnitude", "speed": "speed", "minute": "minute", "age": "age"}
_KINDS |= {"depth": "depth"}
_SUBJECTS = {
    "dead": "death toll",
    "injured": "number injured",
    "missing": "number missing",
    "passengers": "number of passengers",
    "crew": "number of crew",
    "on board": "number on board",
    "survivors": "number of survivors",
    "magnitude": "magnitude",
    "depth": "depth (km)",
    "seats": "seats",
    "votes": "votes",
    "storeys": "number of storeys",
    "tornadoes": "number of tornadoes",
    "percent": "percentage",
    "speed": "wind speed (km/h)",
    "minute": "minute of the match",
    "age": "age",
}
_CAPITAL = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞĀ-ſА-Я][^\W\d_]+")


@dataclass(frozen=True, slots=True)
class _Mention:
    sentence: int  # index into the story's sentences
    article: str
    figure: Measurement


def known_names(articles: Sequence[Article]) -> frozenset[str]:
    """Capitalised words of the story's articles not written in German, as names are compared (first five
    letters in Latin letters): what a capitalised German word must be to count as a name."""
    found = set()
    for article in articles:
        if article.language == "de":
            continue
        stops = stop_words(article.language)
        for sentence in article.sentences:
            for m in _CAPITAL.finditer(sentence, 1):
                if m.group(0).lower() not in stops:
                    found.add(anyascii(m.group(0)).lower()[:PREFIX])
    return frozenset(found)


def _comparable(figure: Measurement) -> bool:
    """Ages, votes, seats and people on board need a name, and minutes are not compared; a percentage
    must say what of (a vote share also whose): "the crown fell 1.2%" and "the rate is 5%" differ."""
    if figure.measure in _NOT_COMPARED:
        return False
    if figure.measure == "percent":
        return bool(figure.qualifier) and (figure.qualifier != "vote share" or bool(figure.names))
    return figure.measure not in _NAMED_ONLY or bool(figure.names)


def read_story(refs: Sequence[SentenceRef], articles: Sequence[Article]) -> list[_Mention]:
    """Every measured figure of the story's sentences (those that need a name and have none left out)."""
    language = {a.id: a.language for a in articles}
    known = known_names(articles)
    mentions = []
    for k, ref in enumerate(refs):
        for figure in read_measures(ref.text, language.get(ref.article_id), known):
            if not _comparable(figure):
                continue
            mentions.append(_Mention(k, ref.article_id, figure))
    return mentions


def _subject_groups(mentions: Sequence[_Mention]) -> list[list[_Mention]]:
    """Mentions of one subject each: named ones joined when their names meet; unnamed ones join the named
    ones only when those are a single subject."""
    named = [m for m in mentions if m.figure.names]
    unnamed = [m for m in mentions if not m.figure.names]
    groups: list[list[_Mention]] = []
    for mention in named:
        meeting = [g for g in groups if any(m.figure.names & mention.figure.names for m in g)]
        merged = [mention] + [m for g in meeting for m in g]
        groups = [g for g in groups if g not in meeting] + [merged]
    if len(groups) <= 1:
        return [(groups[0] if groups else []) + unnamed]
    return groups


def _unambiguous(group: Sequence[_Mention]) -> list[_Mention]:
    """The group without articles that give it values that cannot all be true."""
    by_article: dict[str, list[_Mention]] = defaultdict(list)
    for mention in group:
        by_article[mention.article].append(mention)
    return [
        m
        for ms in by_article.values()
        if all(compatible(a.figure, b.figure) for a in ms for b in ms)
        for m in ms
    ]


def _sides(mentions: Sequence[_Mention]) -> list[list[_Mention]]:
    """Values that could be the same go together (precise values first); one fitting two sides is left
    out as unclear."""
    sides: list[list[_Mention]] = []
    for mention in sorted(mentions, key=lambda m: (m.figure.high - m.figure.low, m.figure.low)):
        fits = [s for s in sides if all(compatible(m.figure, mention.figure) for m in s)]
        if len(fits) == 1:
            fits[0].append(mention)
        elif not fits:
            sides.append([mention])
    return sides


def nature(
    measure: str, sides: Sequence[Sequence[_Mention]], published: Mapping[str, datetime | None]
) -> DiscrepancyNature:
    """``update`` when the measure is a toll and every higher side was published after every lower one."""
    if measure not in TOLLS:
        return "conflict"
    ordered = sorted(sides, key=lambda s: min(m.figure.low for m in s))
    for lower, higher in itertools.pairwise(ordered):
        times_low = [t for m in lower if (t := published.get(m.article)) is not None]
        times_high = [t for m in higher if (t := published.get(m.article)) is not None]
        if len(times_low) < len(lower) or len(times_high) < len(higher):
            return "conflict"  # an undated report: when it was written is unknown
        if not max(times_low) < min(times_high):
            return "conflict"
    return "update"


def measure_discrepancies(
    refs: Sequence[SentenceRef],
    articles: Sequence[Article],
    claim_of: Sequence[int],
    originals: Mapping[str, str] | None = None,
) -> list[Discrepancy]:
    """The story's disagreements on measured figures, one per measure and subject, every side quoted."""
    by_key: dict[tuple[str, str, str, bool], list[_Mention]] = defaultdict(list)
    for mention in read_story(refs, articles):
        by_key[mention.figure.key].append(mention)
    published = {a.id: a.published for a in articles}
    found = []
    for (measure, qualifier, _, projection), mentions in by_key.items():
        for group in _subject_groups(mentions):
            sides = _sides(_unambiguous(group))
            if len(sides) < 2:
                continue
            subject = _subject(measure, qualifier, projection, sides, refs)
            change = nature(measure, sides, published)
            found.append(
                _discrepancy(_KINDS.get(measure, "count"), subject, change, sides, refs, claim_of, originals)
            )
    return found


def _subject(
    measure: str,
    qualifier: str,
    projection: bool,
    sides: Sequence[Sequence[_Mention]],
    refs: Sequence[SentenceRef],
) -> str:
    """ "death toll", "magnitude (aftershock)", "percentage (turnout)", "percentage (Nawrocki)"."""
    first = sides[0][0]
    names = [
        m.group(0)
        for m in _CAPITAL.finditer(refs[first.sentence].text)
        if anyascii(m.group(0)).lower()[:PREFIX] in first.figure.names
    ]
    detail = [qualifier] if qualifier else []
    detail += names[:1]
    detail += ["projection"] if projection else []
    return _SUBJECTS.get(measure, measure) + (f" ({', '.join(detail)})" if detail else "")


def _discrepancy(
    kind: str,
    subject: str,
    change: DiscrepancyNature,
    sides: Sequence[Sequence[_Mention]],
    refs: Sequence[SentenceRef],
    claim_of: Sequence[int],
    originals: Mapping[str, str] | None,
) -> Discrepancy:
    built = []
    for side in sides:
        ordered = sorted(side, key=lambda m: m.sentence)
        quotes = tuple(dict.fromkeys(refs[m.sentence] for m in ordered))
        claims = tuple(dict.fromkeys(claim_of[m.sentence] for m in ordered))
        built.append(discrepancy_side(ordered[0].figure.text, quotes, claims, originals))
    return Discrepancy(kind, subject, strongest_first(built), nature=change)


def merge_discrepancies(found: Sequence[Discrepancy], measured: Sequence[Discrepancy]) -> list[Discrepancy]:
    """The sentence detector's discrepancies, then the measured ones it did not already report (one that
    quotes two of the same sentences is the same disagreement), most quoted first."""
    merged = list(found)
    for discrepancy in measured:
        quoted = {(q.article_id, q.index) for s in discrepancy.sides for q in s.quotes}
        if any(
            len(quoted & {(q.article_id, q.index) for s in d.sides for q in s.quotes}) >= 2 for d in found
        ):
            continue
        merged.append(discrepancy)
    return sorted(merged, key=lambda d: -sum(len(s.quotes) for s in d.sides))
