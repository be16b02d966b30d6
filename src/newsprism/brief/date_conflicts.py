"""Discrepancies on the day of the event: the day each report's lead gives for what happened.

A report dates its event in its lead ("SpaceX a réalisé son septième vol ... le 17 janvier 2025"). Two
reports disagree on the day when their leads date the event a few days apart and neither names the
other's day anywhere: one of them is wrong, or counts the day in another time zone, and a reader should
know which reports say which.

Conservative: a lead sentence dates the event only when it is a statement of some length (not a
dateline, "BUCHAREST, May 19.", nor a question), names exactly one day, no start or deadline ("effective
23 October", "from Monday") and one of the story's own names (those most of its articles write, so that
it speaks of the story's event, not of a detail). Days further than a few days from the day most reports
give are of other happenings (a first round, a funeral) and are left out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from newsprism.brief.discrepancies import quoted_sides
from newsprism.brief.measure_conflicts import common_names
from newsprism.brief.measures import name_key
from newsprism.languages import CALENDAR_WORDS, CAPITALISED_WORD, dated_days, stop_words
from newsprism.records import Article, Discrepancy, SentenceRef

LEAD_SENTENCES = 4  # a report's lead: where it says what happened and when
MIN_WORDS = 8  # shorter sentences dating something are datelines and captions
NEAR_DAYS = 3  # days further from the most reported one are of other happenings

# A day said as a start, an end or a deadline rather than as when the event happened.
_NOT_THE_EVENT = re.compile(
    r"\b(?:effective|from|until|since|by|starting|con effetto|a partire|à partir|à compter|jusqu|depuis|"
    r"ab dem|ab|bis|seit|desde|hasta|a partir|dal|fino|od|do|vanaf|tot)\s+(?:the\s+|le\s+|el\s+|il\s+|"
    r"dem\s+|den\s+)?$",
    re.IGNORECASE,
)


def _names(text: str, language: str | None) -> set[str]:
    """Capitalised words as names are compared, but for stop and calendar words ("March" is no name)."""
    stops = stop_words(language) | CALENDAR_WORDS
    return {name_key(m.group(0)) for m in CAPITALISED_WORD.finditer(text) if m.group(0).lower() not in stops}


def lead_day(
    refs: Sequence[tuple[int, SentenceRef]], language: str | None, story_names: frozenset[str]
) -> tuple[int, str, str] | None:
    """The day a report's lead gives its event: (story sentence index, ``MM-DD``, as written), or None."""
    for k, ref in refs[:LEAD_SENTENCES]:
        text = ref.text
        if len(text.split()) < MIN_WORDS or text.rstrip(" \"'”»)").endswith("?"):
            continue
        days = dated_days(text)
        if not days:
            continue
        if len({day for day, _ in days}) != 1 or not _names(text, language) & story_names:
            return None  # the lead dates two things, or something other than the story's event
        day, written = days[0]
        start = text.find(written)
        if _NOT_THE_EVENT.search(text, max(0, start - 20), start):
            return None
        return k, day, written
    return None


def _apart(a: str, b: str) -> int:
    """Days between two ``MM-DD`` days of one year (a leap year, so 02-29 is one)."""
    first, second = (date(2024, int(d[:2]), int(d[3:])) for d in (a, b))
    return abs((first - second).days)


def date_discrepancies(
    refs: Sequence[SentenceRef],
    articles: Sequence[Article],
    claim_of: Sequence[int],
    originals: Mapping[str, str] | None = None,
) -> list[Discrepancy]:
    """The story's disagreement on the day its event happened, if its reports' leads disagree."""
    by_article: dict[str, list[tuple[int, SentenceRef]]] = defaultdict(list)
    for k, ref in enumerate(refs):
        by_article[ref.article_id].append((k, ref))
    story_names = common_names(articles, fewest=2)
    language = {a.id: a.language for a in articles}
    dated: dict[str, tuple[int, str, str]] = {}
    for article_id, sentences in by_article.items():
        sentences.sort(key=lambda item: item[1].index)
        if found := lead_day(sentences, language.get(article_id), story_names):
            dated[article_id] = found
    if len({day for _, day, _ in dated.values()}) < 2:
        return []
    counts = Counter(day for _, day, _ in dated.values())
    usual = max(counts, key=lambda day: (counts[day], -int(day.replace("-", ""))))
    named = {
        article_id: {day for _, ref in sentences for day, _ in dated_days(ref.text)}
        for article_id, sentences in by_article.items()
    }
    sides: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for article_id, (k, day, written) in dated.items():
        others = {d for d in counts if d != day and _apart(d, usual) <= NEAR_DAYS}
        if _apart(day, usual) <= NEAR_DAYS and not named[article_id] & others:
            sides[day].append((k, written))
    if len(sides) < 2:
        return []
    ordered = sorted(sides.values(), key=len, reverse=True)
    return [Discrepancy("date", "date of the event", quoted_sides(ordered, refs, claim_of, originals))]
