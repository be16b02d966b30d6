"""Discrepancies between figures compared as facts: the same measure of the same subject, any sentences.

Every sentence of every article is read by :func:`newsprism.brief.measures.read_measures`; two articles
disagree when they give the same measure (with the same qualifier, year and projection-or-result) of the
same subject values that cannot both be true once rounding, hedges and ranges are allowed for.

Subjects are told by the names next to each figure, as a reporter would: a vote, a share, an age, a
distance or a minute is said of a person, party or place named with it ("Nawrocki 50.89%", "Raphinha
(84.)", "38 km from Mandalay"); a toll of a place ("in Georgia"); the people on board of a vehicle ("the
helicopter had three"); a magnitude, a speed or a rate move of the event itself. Names that more than
half of a story's articles write (the story's own: "Myanmar", "Embraer") tell subjects apart only where
some article does ("144 dead in Myanmar, while Thailand reported 10"), and then the names told apart most
often win ("Dan" rather than "Romania"). A figure without names joins the named ones only when they are
one subject and no article tells two apart. A player's minutes more than two apart are two moments.

Conservative, like the sentence detector: an article that gives two incompatible values of one measure of
one subject is taken at the first it gives (what it leads with), a value that fits two sides is left
out, a projection is never compared with a result, nor a first round with a runoff, nor times in two
zones.

A toll (dead, injured, missing) whose higher values all come from articles published later than every
lower value is an ``update``, and so is one whose sentences say when each figure stood ("As of 3 p.m.,
... 95", "126 ... as of 7 pm"); any other disagreement is a ``conflict``. Lower bounds never conflict ("at
least 3" and "at least 22" can both be true), but a reader wants to know that reports give different
tolls: compared at their stated values (each article at the first it gives), they are an ``update`` when
they only grow with the reports' times, else ``bounds``: all may be true, and when each was written is
unknown or does not show the toll rising. Outages and crowd sizes, which reports also give as bounds
("more than 3.3 million customers", "more than 400,000 mourners"), are compared so too.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from newsprism.brief.discrepancies import quoted_sides, value_sides
from newsprism.brief.measures import TOLLS, Measurement, compatible, name_key, read_measures
from newsprism.languages import CAPITALISED_WORD, stop_words
from newsprism.records import Article, Discrepancy, DiscrepancyNature, SentenceRef

_NAMED_ONLY = frozenset({"age", "votes", "seats", "minute", "distance", "nationals"})
# A player's minutes further apart than this are of different goals, chances or cards.
_SAME_MOMENT = 2.5
# Measures whose subjects are told apart together: a place's dead, injured and missing.
_FAMILIES = {"injured": "dead", "missing": "dead", "survivors": "dead", "crew": "passengers"}
_FAMILIES["on board"] = "passengers"
_KINDS = {"percent": "percent", "magnitude": "magnitude", "speed": "speed", "minute": "minute", "age": "age"}
_KINDS |= {
    "depth": "depth",
    "distance": "distance",
    "time of day": "time",
    "minutes after launch": "duration",
}
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
    "crowd": "crowd size",
    "distance": "distance (km)",
    "rate move (basis points)": "size of the rate move (basis points)",
    "time of day": "time",
    "minutes after launch": "minutes after launch",
    "lead (points)": "lead in the table (points)",
    "nationals": "nationals on board",
    "in a row": "how many in a row",
    "homes without power": "homes without power",
    "people without power": "people without power",
}


@dataclass(frozen=True, slots=True)
class _Mention:
    sentence: int  # index into the story's sentences
    article: str
    figure: Measurement


def _article_names(article: Article) -> set[str]:
    """Capitalised words inside the article's sentences (not opening one), as names are compared."""
    stops = stop_words(article.language)
    return {
        name_key(m.group(0))
        for sentence in article.sentences
        for m in CAPITALISED_WORD.finditer(sentence, 1)
        if m.group(0).lower() not in stops and not re.search(r"[.!?]\s+$", sentence[: m.start()])
    }


def known_names(articles: Sequence[Article]) -> frozenset[str]:
    """Capitalised words of the story's articles not written in German, as names are compared (first five
    letters in Latin letters): what a capitalised German word must be to count as a name."""
    return frozenset(n for a in articles if a.language != "de" for n in _article_names(a))


def common_names(articles: Sequence[Article], fewest: int = 3) -> frozenset[str]:
    """Names that more than half of a story's articles (``fewest`` or more) write: the story's own
    subjects ("Azerbaijan", "Embraer", "Myanmar"), which tell two figures apart only where an article
    does."""
    if len(articles) < fewest:
        return frozenset()
    counts: dict[str, int] = defaultdict(int)
    for article in articles:
        for name in _article_names(article):
            counts[name] += 1
    return frozenset(n for n, c in counts.items() if 2 * c > len(articles))


def _family(figure: Measurement) -> str:
    """Measures whose subjects are told apart together: a place's dead, injured and missing; each kind of
    percentage on its own."""
    if figure.measure == "percent":
        return f"percent ({figure.qualifier})"
    return _FAMILIES.get(figure.measure, figure.measure)


def contrasted(mentions: Sequence[_Mention]) -> dict[str, Counter[str]]:
    """By measure family, the names some article tells apart, with how often: it gives the measure of each
    a value the other's cannot have ("144 dead in Myanmar, while Thailand reported 10")."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    by_article: dict[str, list[_Mention]] = defaultdict(list)
    for mention in mentions:
        by_article[mention.article].append(mention)
    for ms in by_article.values():
        for x, y in itertools.combinations(ms, 2):
            if x.figure.key != y.figure.key or compatible(x.figure, y.figure):
                continue
            only_x, only_y = x.figure.names - y.figure.names, y.figure.names - x.figure.names
            if only_x and only_y:
                found[_family(x.figure)].update(only_x | only_y)
    return found


def _story_subjects(mentions: Sequence[_Mention], common: frozenset[str]) -> tuple[list[_Mention], set[str]]:
    """The mentions with the names that tell their subject, and the measure families in which some article
    tells subjects apart. Of the names articles tell apart, those told apart most often ("Dan" rather than
    "Romania" in "Dan, who ran for an honest Romania, won 54%"); else a place's for a toll ("in Georgia");
    else any name but the story's own ones, and a person's whatever."""
    apart = contrasted(mentions)
    kept = []
    for m in mentions:
        if m.figure.measure == "time of day":
            kept.append(m)  # its name is its time zone, if written
            continue
        told = apart.get(_family(m.figure), Counter())
        names = m.figure.names
        if _family(m.figure) in _BY_PLACE:
            names = m.figure.places | {n for n in names if n in told}
        elif m.figure.measure in _BY_TOLD:
            names = frozenset(n for n in names if n in told)
        if not _named_only(m.figure.measure):
            names -= {n for n in common if n not in told}
        if ranked := [n for n in names if n in told]:
            names = frozenset(n for n in ranked if told[n] == max(told[r] for r in ranked))
        kept.append(m if names == m.figure.names else replace(m, figure=replace(m.figure, names=names)))
    return [m for m in kept if _comparable(m.figure)], set(apart)


# Measures said of a place ("in Georgia"): other names by them are no subject ("a black BMW", "Bild").
_BY_PLACE = frozenset({"dead", "homes without power", "people without power"})
# Measures said of the event itself (the quake, the storm, the building, the funeral's crowd): a name by
# them is its subject only where an article tells two apart ("the 7.7 quake in Myanmar", "a 6.4 one in
# Thailand"); a crowd's place is written many ways ("na Praça de São Pedro", "in St Peter's Square").
_BY_TOLD = frozenset(
    {"magnitude", "speed", "depth", "storeys", "tornadoes", "rate move (basis points)", "lead (points)"}
    | {"crowd"}
)


def _named_only(measure: str) -> bool:
    """Measures said of a named person, place or thing: compared only where both figures name it."""
    return measure in _NAMED_ONLY or measure.startswith(("height (", "length (", "width ("))


def _comparable(figure: Measurement) -> bool:
    """Ages, votes, seats, distances and a player's minutes need a name; a percentage must say what of (a
    vote share also whose): "the crown fell 1.2%" and "the rate is 5%" differ."""
    if figure.measure == "percent":
        return bool(figure.qualifier) and (figure.qualifier != "vote share" or bool(figure.names))
    return not _named_only(figure.measure) or bool(figure.names)


def read_story(refs: Sequence[SentenceRef], articles: Sequence[Article]) -> list[_Mention]:
    """Every measured figure of the story's sentences (those that need a name and have none left out)."""
    language = {a.id: a.language for a in articles}
    known = known_names(articles)
    mentions = [
        _Mention(k, ref.article_id, figure)
        for k, ref in enumerate(refs)
        for figure in read_measures(ref.text, language.get(ref.article_id), known)
    ]
    return _polled(_shares_named(mentions))


def _polled(mentions: Sequence[_Mention]) -> list[_Mention]:
    """A figure an article gives as a poll's is that poll's wherever the article repeats it: a headline
    "Nawrocki Secures 50.7 Percent" over "50.7%, according to an exit poll"."""
    polls: dict[str, list[Measurement]] = defaultdict(list)
    for m in mentions:
        if m.figure.projection:
            polls[m.article].append(m.figure)
    return [
        replace(m, figure=replace(m.figure, projection=True))
        if not m.figure.projection
        and any(p.measure == m.figure.measure and compatible(p, m.figure) for p in polls.get(m.article, ()))
        else m
        for m in mentions
    ]


def _shares_named(mentions: Sequence[_Mention]) -> list[_Mention]:
    """A percentage said of someone the story gives a vote share ("Dan was ahead with 53.9%") is that
    person's vote share too."""
    voted = {n for m in mentions if m.figure.qualifier == "vote share" for n in m.figure.names}
    return [
        replace(m, figure=replace(m.figure, qualifier="vote share"))
        if m.figure.measure == "percent" and not m.figure.qualifier and m.figure.names & voted
        else m
        for m in mentions
    ]


def _subject_groups(mentions: Sequence[_Mention], told_apart: bool) -> list[list[_Mention]]:
    """Mentions of one subject each: named ones joined when their names meet; unnamed ones join the named
    ones only when those are a single subject and no article tells two subjects of the measure apart."""
    named = [m for m in mentions if m.figure.names]
    unnamed = [m for m in mentions if not m.figure.names]
    groups: list[list[_Mention]] = []
    for mention in named:
        meeting = [g for g in groups if any(m.figure.names & mention.figure.names for m in g)]
        merged = [mention] + [m for g in meeting for m in g]
        groups = [g for g in groups if g not in meeting] + [merged]
    if told_apart:
        return groups
    if len(groups) <= 1:
        return [(groups[0] if groups else []) + unnamed]
    return groups


def _moments(measure: str, groups: list[list[_Mention]]) -> list[list[_Mention]]:
    """A player's minutes split into moments of the match: "(84.)" and "(85.)" may be one goal, "5'" and
    "14'" are two, and so are two minutes one article gives ("a double (54./56.)"). Closest minutes join
    first (single linkage), so another report's "56" joins the double's second goal, not its first."""
    if measure != "minute":
        return groups
    moments: list[list[_Mention]] = []
    for group in groups:
        cluster = list(range(len(group)))  # each mention's moment, by the index of one of its mentions
        pairs = sorted(
            (abs(x.figure.low - y.figure.low), i, j)
            for i, x in enumerate(group)
            for j, y in enumerate(group[i + 1 :], i + 1)
        )
        for distance, i, j in pairs:
            if distance > _SAME_MOMENT:
                break
            a, b = cluster[i], cluster[j]
            merged = [m for k, m in enumerate(group) if cluster[k] in (a, b)]
            if a == b or _two_minutes_of_one_article(merged):
                continue
            cluster = [a if c == b else c for c in cluster]
        moments += [[m for k, m in enumerate(group) if cluster[k] == c] for c in dict.fromkeys(cluster)]
    return moments


def _two_minutes_of_one_article(mentions: Sequence[_Mention]) -> bool:
    """Some article gives two different minutes among ``mentions``: two moments, not one."""
    seen: dict[str, float] = {}
    return any(seen.setdefault(m.article, m.figure.low) != m.figure.low for m in mentions)


def _unambiguous(
    group: Sequence[_Mention], bounds: Callable[[_Mention], tuple[float, float]] | None = None
) -> list[_Mention]:
    """The group with each article's own claim: an article that gives values that cannot all be true is
    taken at its first ("7.4 ... the USGS even reports 7.7"): what it leads with. ``bounds``: the values
    each mention allows (by default its interval); tolls given as bounds are compared at their stated
    values, so that "at least 11" and later "at least 243" (another storm) are no two sides."""
    bounds = bounds or _bounds
    by_article: dict[str, list[_Mention]] = defaultdict(list)
    for mention in sorted(group, key=lambda m: m.sentence):
        by_article[mention.article].append(mention)
    return [m for ms in by_article.values() for m in ms if _overlap(bounds(m), bounds(ms[0]))]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _bounds(mention: _Mention) -> tuple[float, float]:
    return mention.figure.low, mention.figure.high


def _stated(mention: _Mention) -> tuple[float, float]:
    """A lower bound ("at least 22") taken at the value it states, as tolls given as bounds are compared."""
    low, high = mention.figure.low, mention.figure.high
    return (low, low) if high == float("inf") else (low, high)


def nature(
    measure: str, sides: Sequence[Sequence[_Mention]], published: Mapping[str, datetime | None]
) -> DiscrepancyNature:
    """``update`` when the measure is a toll and every higher side came after every lower one: by the
    moments the sentences give their tolls for ("As of 3 p.m., ... 95" and "126 ... as of 7 pm") where
    they compare, else by the times the reports were published."""
    if measure not in TOLLS:
        return "conflict"
    ordered = sorted(sides, key=lambda s: min(m.figure.low for m in s))
    for lower, higher in itertools.pairwise(ordered):
        stated = [
            a.before(b)
            for m in lower
            if (a := m.figure.as_of)
            for n in higher
            if (b := n.figure.as_of) and a.comparable(b)
        ]
        if stated:
            if not all(stated):
                return "conflict"
            continue
        times_low = [t for m in lower if (t := published.get(m.article)) is not None]
        times_high = [t for m in higher if (t := published.get(m.article)) is not None]
        if len(times_low) < len(lower) or len(times_high) < len(higher):
            return "conflict"  # an undated report: when it was written is unknown
        if not max(times_low) < min(times_high):
            return "conflict"
    return "update"


# Counts that reports give as bounds and revise ("at least 3", "more than 3.3 million customers", "more
# than 400,000 mourners"): bounds that differ are shown, compared at their stated values.
_COUNTED_IN_BOUNDS = TOLLS | {"homes without power", "people without power", "crowd"}


def _disputed(
    measure: str, mentions: list[_Mention], published: Mapping[str, datetime | None]
) -> tuple[list[list[_Mention]], DiscrepancyNature] | None:
    """The sides of one measure of one subject and what their difference is, or None when they agree.
    Lower bounds of a toll, an outage or a crowd ("at least 3", later "at least 22") are compared at their
    stated values: an update when a toll rose with the reports' times, else differing bounds."""
    sides = value_sides(mentions, _bounds)
    if len(sides) > 1:
        return sides, nature(measure, sides, published)
    if measure in _COUNTED_IN_BOUNDS:
        sides = value_sides(_unambiguous(mentions, _stated), _stated)
        if len(sides) > 1:
            return sides, "update" if nature(measure, sides, published) == "update" else "bounds"
    return None


def measure_discrepancies(
    refs: Sequence[SentenceRef],
    articles: Sequence[Article],
    claim_of: Sequence[int],
    originals: Mapping[str, str] | None = None,
) -> list[Discrepancy]:
    """The story's disagreements on measured figures, one per measure and subject, every side quoted."""
    by_key: dict[tuple[str, str, str, bool], list[_Mention]] = defaultdict(list)
    mentions, told_apart = _story_subjects(read_story(refs, articles), common_names(articles))
    for mention in mentions:
        by_key[mention.figure.key].append(mention)
    published = {a.id: a.published for a in articles}
    found = []
    for (measure, qualifier, _, projection), keyed in by_key.items():
        told = _family(keyed[0].figure) in told_apart
        for group in _moments(measure, _subject_groups(keyed, told)):
            disputed = _disputed(measure, _unambiguous(group), published)
            if disputed is None:
                continue
            sides, change = disputed
            subject = _subject(measure, qualifier, projection, sides, refs)
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
    wanted = first.figure.places & first.figure.names or first.figure.names
    names = [
        m.group(0)
        for m in CAPITALISED_WORD.finditer(refs[first.sentence].text)
        if name_key(m.group(0)) in wanted
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
    mentions = [[(m.sentence, m.figure.text) for m in side] for side in sides]
    return Discrepancy(kind, subject, quoted_sides(mentions, refs, claim_of, originals), nature=change)


def merge_discrepancies(found: Sequence[Discrepancy], measured: Sequence[Discrepancy]) -> list[Discrepancy]:
    """The sentence detector's discrepancies and the measured ones, one per disagreement (two that quote
    two of the same sentences are one), most quoted first. Where both report one and put the sentences
    they both quote on the same sides, the sentence detector's is kept (its values read "9 people"), with
    the measured subject where it says more ("percentage (turnout)");
    where they side them differently, the measured one, which gives each article the value of the measure
    it compares ("144 dead" and another report's "20 dead" are not one side)."""
    quoted = [_side_of(d) for d in found]
    kept = list(found)
    merged, replaced = [], set()
    for discrepancy in measured:
        sides = _side_of(discrepancy)
        same = [k for k, q in enumerate(quoted) if len(q.keys() & sides.keys()) >= 2]
        if not same:
            merged.append(discrepancy)
        elif not any(_same_sides(quoted[k], sides) for k in same):
            merged.append(discrepancy)
            replaced.update(same)
        else:
            for k in same:  # the measured subject says what of: "percentage (turnout)", not "percentage"
                if discrepancy.subject.startswith(f"{kept[k].subject} ("):
                    kept[k] = replace(kept[k], subject=discrepancy.subject)
    merged += [d for k, d in enumerate(kept) if k not in replaced]
    return sorted(merged, key=lambda d: -sum(len(s.quotes) for s in d.sides))


def _side_of(d: Discrepancy) -> dict[tuple[str, int], int]:
    """The side of ``d`` each sentence it quotes is on, by (article, sentence index)."""
    return {(q.article_id, q.index): k for k, s in enumerate(d.sides) for q in s.quotes}


def _same_sides(a: dict[tuple[str, int], int], b: dict[tuple[str, int], int]) -> bool:
    """Every two sentences both quote are on one side in both, or on two sides in both."""
    shared = a.keys() & b.keys()
    return all((a[x] == a[y]) == (b[x] == b[y]) for x, y in itertools.combinations(shared, 2))
