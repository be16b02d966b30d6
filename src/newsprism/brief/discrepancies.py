"""Discrepancies: aligned sentences whose figures, dates or names disagree, quoted from every side.

Conservative by design, because a false discrepancy misleads a journalist more than a missed one. Two
sentences are compared only when

- they are aligned apart from their figures (their paraphrase score, with numbers left out of the word
  overlap, reaches ``ALIGNED_THRESHOLD``),
- they give exactly one figure of the same kind about the same unit each ("12 people" / "14 people",
  "$3.2 billion" / "$2.9 billion", "March 18" / "March 25"), and the figures cannot both be true once
  rounding and hedges are allowed for (:mod:`newsprism.brief.quantities`),
- neither figure is simply another figure of the other sentence ("killed 14 and injured about 90" against
  "about 90 people were injured" is no conflict), and most of their other figures, if any, agree (two
  players' or two seasons' statistics are two records, not one disputed),
- the content word just before, or just after, both figures is the same ("killed 12" / "killed 14"), and
- the sentences name no different dates (apart from the disputed one), both or neither give a projection
  ("exit poll", "expected") and both or neither speak of a first round, and
- the names the figures are said of, where both have some, overlap ("Putin, 71" is no conflict with
  "Biden, 81"; spaCy runs only on these candidates).

Names disagree when aligned sentences spell a person, organisation or place almost alike but not alike
("Selk" / "Selka") and spaCy gives both the same kind.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from anyascii import anyascii

from newsprism.brief.claims import independent_refs
from newsprism.brief.entities import canonical_name
from newsprism.brief.measures import footing
from newsprism.brief.numbers import canonical_values
from newsprism.brief.quantities import Quantity, compatible, context_words
from newsprism.dedup.paraphrase import EMBEDDING_WEIGHT
from newsprism.languages import POLL
from newsprism.models import Entity, SentenceEmbedder
from newsprism.records import Claim, Discrepancy, DiscrepancySide, SentenceRef

# Lower than the claim threshold: the attributions of two conflicting reports differ too ("the ministry
# said" / "according to tender documents"); the rules on the figures themselves keep this safe.
ALIGNED_THRESHOLD = 0.45
# With a fast sentence model, pairs from here up are candidates that the full model re-scores: the static
# model puts reworded pairs the full model aligns at 0.45-0.5 as low as 0.28 (the demo corpus), and the
# figure rules leave few candidates (15 pairs, 25 sentences, in a 1,131-sentence story).
CANDIDATE_THRESHOLD = 0.2
JOIN_THRESHOLD = 0.35  # a sentence giving a side's very value, loosely aligned with it, is quoted there too
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
SUBJECT_LABELS = NAME_LABELS | {"NORP"}  # "a 32-year-old British climber" / "a 36-year-old Australian one"
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]{3,}\b")
_TIME_WORD = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august"
    r"|september|october|november|december|yesterday|today|tonight|tomorrow|1[89]\d\d|20\d\d)\b",
    re.I,
)
# British -> American endings, so "Organisation" / "Organization" and "Centre" / "Center" compare equal.
_SPELLING_MAP = {"our": "or", "ise": "ize", "isation": "ization", "tre": "ter", "ence": "ense", "ogue": "og"}
_SPELLING_MAP |= {"ised": "ized", "ising": "izing", "yse": "yze", "ors": "ers", "or": "er", "-": ""}
_SPELLING = re.compile("|".join(sorted(map(re.escape, _SPELLING_MAP), key=len, reverse=True)))
_M = TypeVar("_M")  # a mention of a figure, as either detector records it
_CLAUSE_MARKS = (",", ";", ":", "(", " - ", "—")
_SUBJECTS = {
    "money": "amount",
    "percent": "percentage",
    "points": "change in basis points",
    "age": "age",
    "date": "date",
    "year": "year",
    "score": "vote or score",
}


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two aligned sentences (indices into the story's sentences) that disagree on one key."""

    first: int
    second: int
    kind: str
    unit: str
    figures: tuple[Quantity, Quantity]


def figures_disagree(a: Sequence[Quantity], b: Sequence[Quantity]) -> tuple[Quantity, Quantity] | None:
    """The pair of figures on which two sentences disagree, if any (see the module's rules 2 and 3)."""
    by_key_a, by_key_b = _by_key(a), _by_key(b)
    for key in by_key_a.keys() & by_key_b.keys():
        if key == ("count", ""):
            continue  # a bare number: what it counts is unknown
        if len(by_key_a[key]) != 1 or len(by_key_b[key]) != 1:
            continue  # several figures of one kind: which pairs with which is a guess
        x, y = by_key_a[key][0], by_key_b[key][0]
        if compatible(x, y):
            continue
        if any(compatible(x, q) for q in b if q.kind == x.kind) or any(
            compatible(y, q) for q in a if q.kind == y.kind
        ):
            continue
        return x, y
    return None


def _by_key(quantities: Sequence[Quantity]) -> dict[tuple[str, str], list[Quantity]]:
    grouped: dict[tuple[str, str], list[Quantity]] = defaultdict(list)
    for q in quantities:
        grouped[q.key].append(q)
    return grouped


def others_agree(a: Sequence[Quantity], b: Sequence[Quantity], pair: tuple[Quantity, Quantity]) -> bool:
    """The sentences' other figures (of kinds both give) mostly agree, if they have any: "caught 29
    passes for 201 yards" and "caught 39 passes for 302 yards" are two records, not one disputed."""
    kinds = {q.kind for q in a} & {q.kind for q in b}
    others_a = [q for q in a if q != pair[0] and q.kind in kinds]
    others_b = [q for q in b if q != pair[1] and q.kind in kinds]
    if not others_a or not others_b:
        return True
    fewer, more = sorted((others_a, others_b), key=len)
    matched = sum(any(q.kind == r.kind and compatible(q, r) for r in more) for q in fewer)
    return 2 * matched > len(fewer)


def anchored(text_a: str, x: Quantity, text_b: str, y: Quantity) -> bool:
    """The word right before or right after both figures is the same: they say the same thing of them
    ("killed 12" / "killed 14", "worth $3.2 billion" / "worth $2.9 billion")."""
    left_a, right_a = context_words(text_a, x)
    left_b, right_b = context_words(text_b, y)
    return bool(left_a and left_a == left_b) or bool(right_a and right_a == right_b)


def disagreement_matrix(
    quantities: Sequence[Sequence[Quantity]], scores: np.ndarray, threshold: float
) -> np.ndarray:
    """Pairs of aligned sentences whose figures disagree: they may not share a claim."""
    n = len(quantities)
    disagree = np.zeros((n, n), dtype=bool)
    with_figures = np.array([bool(q) for q in quantities], dtype=bool)
    candidates = (scores >= threshold) & with_figures[:, None] & with_figures[None, :]
    for i, j in zip(*np.nonzero(np.triu(candidates, 1)), strict=True):
        if figures_disagree(quantities[i], quantities[j]):
            disagree[i, j] = disagree[j, i] = True
    return disagree


def polled_sentences(refs: Sequence[SentenceRef], language: Mapping[str, str | None]) -> list[bool]:
    """Per sentence: whether its article gives one of its figures as a poll's elsewhere ("Nawrocki Secures
    50.7 Percent" above "50.7%, according to an Ipsos exit poll"; years aside): a figure of a poll where
    repeated. Only the articles naming a poll are read."""
    polls = [bool(POLL.search(r.text)) for r in refs]
    polling = {r.article_id for r, poll in zip(refs, polls, strict=True) if poll}
    if not polling:
        return [False] * len(refs)
    values = [
        canonical_values(r.text, language.get(r.article_id)) if r.article_id in polling else set()
        for r in refs
    ]
    polled: dict[str, set[str]] = defaultdict(set)
    for ref, found, poll in zip(refs, values, polls, strict=True):
        if poll:
            polled[ref.article_id] |= {v for v in found if not (v.isdigit() and 1900 <= int(v) <= 2100)}
    return [bool(found & polled.get(ref.article_id, set())) for ref, found in zip(refs, values, strict=True)]


def figure_conflicts(
    texts: Sequence[str],
    quantities: Sequence[Sequence[Quantity]],
    aligned: np.ndarray,
    polled: Sequence[bool] | None = None,
) -> list[Conflict]:
    """Pairs of ``aligned`` sentences that disagree on a figure and pass the anchor test (the subject test
    needs entities and comes later, batched); a figure of a poll (a sentence's own, or ``polled``) is
    never compared with a result."""
    footings = [footing(t) for t in texts]
    if polled is not None:
        footings = [(projection or p, first) for (projection, first), p in zip(footings, polled, strict=True)]
    conflicts = []
    with_figures = np.array([bool(q) for q in quantities], dtype=bool)
    candidates = aligned & with_figures[:, None] & with_figures[None, :]
    for i, j in zip(*np.nonzero(np.triu(candidates, 1)), strict=True):
        pair = figures_disagree(quantities[i], quantities[j])
        if (
            pair
            and others_agree(quantities[i], quantities[j], pair)
            and anchored(texts[i], pair[0], texts[j], pair[1])
            and same_time(texts[i], pair[0], texts[j], pair[1])
            and footings[i] == footings[j]
        ):
            conflicts.append(Conflict(int(i), int(j), pair[0].kind, pair[0].unit, pair))
    return conflicts


def verify_conflicts(
    conflicts: Sequence[Conflict],
    texts: Sequence[str],
    vectors: np.ndarray,
    apart_from_figures: np.ndarray,
    verifier: SentenceEmbedder,
) -> list[Conflict]:
    """The candidate conflicts still aligned when the fast model's cosine in their score is replaced by
    ``verifier``'s; ``apart_from_figures`` is updated in place for the pairs re-scored, so later steps see
    the same scores. Only the candidates' sentences reach the verifier."""
    involved = sorted({i for c in conflicts for i in (c.first, c.second)})
    if not involved:
        return []
    better = dict(zip(involved, verifier.encode([texts[i] for i in involved]), strict=True))
    kept = []
    for c in conflicts:
        i, j = c.first, c.second
        change = float(better[i] @ better[j]) - float(vectors[i] @ vectors[j])
        score = apart_from_figures[i, j] + EMBEDDING_WEIGHT * change
        apart_from_figures[i, j] = apart_from_figures[j, i] = score
        if score >= ALIGNED_THRESHOLD:
            kept.append(c)
    return kept


def name_candidates(texts: Sequence[str], scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Aligned pairs where a capitalised word of one is a near-miss spelling of one in the other."""
    words = [set(_CAPITALISED.findall(t)) for t in texts]
    pairs = []
    for i, j in zip(*np.nonzero(np.triu(scores >= threshold, 1)), strict=True):
        only_a, only_b = words[i] - words[j], words[j] - words[i]
        if any(_misspelt(x, y) for x in only_a for y in only_b):
            pairs.append((int(i), int(j)))
    return pairs


def _misspelt(x: str, y: str) -> bool:
    lx, ly = x.lower(), y.lower()
    if lx == ly or lx.startswith(ly) or ly.startswith(lx):
        return False  # case, or an inflection ("Kastrelia" / "Kastrelian")
    return difflib.SequenceMatcher(None, lx, ly).ratio() >= 0.8


def time_words(text: str, figure: Quantity) -> set[str]:
    """Weekdays, months, years and relative days the sentence names, outside the figure itself."""
    outside = text[: figure.start] + " " + text[figure.end :]
    return {w.lower()[:3] for w in _TIME_WORD.findall(outside)}


def same_time(text_a: str, x: Quantity, text_b: str, y: Quantity) -> bool:
    """False when both sentences are dated and share no date: "cut by half a point on Thursday" is no
    conflict with "had cut by a quarter point in January"."""
    when_a, when_b = time_words(text_a, x), time_words(text_b, y)
    return not when_a or not when_b or bool(when_a & when_b)


def subject_names(text: str, figure: Quantity, entities: Sequence[Entity]) -> set[str]:
    """Words of the names in the figure's own clause ("Putin, 71": Putin; "the 36-year-old Rahman": Rahman).

    Attributions sit in other clauses ("According to the ministry, 12 ...", "..., the governor said") and
    are left out: two outlets may credit different sources for one figure.
    """
    start = max(text.rfind(mark, 0, figure.start) for mark in _CLAUSE_MARKS) + 1
    before = text[start : figure.start].strip().removesuffix("aged").strip()
    if figure.kind == "age" and not before and text[:start].endswith(","):  # "Name, 71," / "Name, aged 64"
        start = max(text.rfind(mark, 0, start - 1) for mark in _CLAUSE_MARKS) + 1
    ends = [e for mark in _CLAUSE_MARKS if (e := text.find(mark, figure.end)) >= 0]
    end = min(ends, default=len(text))
    return {
        w.lower()
        for e in entities
        if e.label in SUBJECT_LABELS and start <= e.start and e.end <= end
        for w in canonical_name(e.text).split()
    }


def same_subject(
    text_a: str, x: Quantity, ents_a: Sequence[Entity], text_b: str, y: Quantity, ents_b: Sequence[Entity]
) -> bool:
    """False when both figures are said of named subjects and the names share nothing. Ages need a named
    person on both sides: "a 36-year-old climber" and "a 32-year-old climber" may be two climbers."""
    names_a, names_b = subject_names(text_a, x, ents_a), subject_names(text_b, y, ents_b)
    if x.kind == "age":
        return bool(names_a & names_b)
    return not names_a or not names_b or bool(names_a & names_b)


def name_conflict(a: Sequence[Entity], b: Sequence[Entity]) -> tuple[Entity, Entity] | None:
    """Two names of one kind, one per sentence, alike but for one word spelt differently ("Ilene Wolfe" /
    "Ilene Wolff"); British and American spellings ("Centre" / "Center") are the same name."""
    for x in a:
        for y in b:
            if x.label != y.label or x.label not in NAME_LABELS:
                continue
            words_x, words_y = canonical_name(x.text).split(), canonical_name(y.text).split()
            if len(words_x) != len(words_y):
                continue
            differing = [(p, q) for p, q in zip(words_x, words_y, strict=True) if p != q]
            if len(differing) == 1 and _misspelt(*differing[0]) and not _spelling_variant(*differing[0]):
                return x, y
    return None


def _spelling_variant(x: str, y: str) -> bool:
    def american(word: str) -> str:
        for _ in range(2):  # "advisors" -> "advisers" -> "advizers", as "advisers" -> "advizers"
            word = _SPELLING.sub(lambda m: _SPELLING_MAP[m.group(0)], word)
        return word

    return american(x.lower()) == american(y.lower()) or _transliterated(x) == _transliterated(y)


def _transliterated(word: str) -> str:
    """A name as transliterations differ least: "Aliyev" and "Aliev", "Bozumbayev" and "Bozumbaev" (a "y"
    or "j" glide beside a vowel), "Lhassa" and "Lhasa" (doubled letters), "Nicușor" and "Nicusor"."""
    folded = anyascii(word).lower().replace("j", "y")
    folded = re.sub(r"(?<=[aeiou])y|y(?=[aeiou])", "", folded)
    return re.sub(r"(.)\1+", r"\1", folded)


@dataclass(frozen=True, slots=True)
class _Mention:
    sentence: int
    value: str
    low: float
    high: float


def group_discrepancies(
    refs: Sequence[SentenceRef],
    claims: Sequence[Claim],
    claim_of: Sequence[int],
    quantities: Sequence[Sequence[Quantity]],
    conflicts: Sequence[Conflict],
    name_conflicts: Sequence[tuple[int, int, Entity, Entity]],
    originals: Mapping[str, str] | None,
    apart_from_figures: np.ndarray,
) -> list[Discrepancy]:
    """One discrepancy per disputed thing, its sides the distinct values with every sentence giving them.

    Conflicts on one key between the same claims are merged; each side gathers the sentences of its
    claims, and any other sentence loosely aligned with one of them (``apart_from_figures`` scores of at
    least ``JOIN_THRESHOLD``), that give a value compatible with it and only with it, so rewrites of a
    figure are quoted too. Such a sentence only joins a side; it never opens one.
    """
    index_of = {(r.article_id, r.index): k for k, r in enumerate(refs)}
    found: list[Discrepancy] = []
    by_key: dict[tuple[str, str], list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        by_key[conflict.kind, conflict.unit].append(conflict)
    for (kind, unit), group in by_key.items():
        for component in _components([(claim_of[c.first], claim_of[c.second]) for c in group]):
            members = [
                index_of[r.article_id, r.index] for c in sorted(component) for r in claims[c].sentences
            ]
            extra = [
                k
                for k in np.flatnonzero((apart_from_figures[members] >= JOIN_THRESHOLD).any(axis=0)).tolist()
                if k not in members and claim_of[k] not in component
            ]
            sides = value_sides(_mentions(members, quantities, (kind, unit)), _bounds)
            _join(sides, _mentions(extra, quantities, (kind, unit)))
            if len(sides) >= 2:
                found.append(_discrepancy(kind, _subject(kind, unit), sides, refs, claim_of, originals))
    spellings: dict[frozenset[str], tuple[str, dict[str, list[_Mention]]]] = {}
    for i, j, x, y in name_conflicts:
        label, by_spelling = spellings.setdefault(frozenset((x.text, y.text)), (x.label, defaultdict(list)))
        for k, entity in ((i, x), (j, y)):
            if all(m.sentence != k for m in by_spelling[entity.text]):
                by_spelling[entity.text].append(_Mention(k, entity.text, 0, 0))
    for label, by_spelling in spellings.values():
        if _one_outlet_writes_both(list(by_spelling), refs):
            continue
        sides = list(by_spelling.values())
        found.append(_discrepancy("name", f"spelling of a {label} name", sides, refs, claim_of, originals))
    found.sort(key=lambda d: -sum(len(s.quotes) for s in d.sides))
    return found


def _one_outlet_writes_both(spellings: Sequence[str], refs: Sequence[SentenceRef]) -> bool:
    """Some article writes the name both ways: a slip of one outlet's ("Nicosor" once beside "Nicusor"),
    not a disagreement between outlets."""
    written: dict[str, set[str]] = defaultdict(set)
    for ref in refs:
        for spelling in spellings:
            if spelling in ref.text:
                written[ref.article_id].add(spelling)
    return any(len(found) > 1 for found in written.values())


def _subject(kind: str, unit: str) -> str:
    if kind == "count":
        return ("number of people" if unit == "person" else f"number ({unit})") if unit else "figure"
    if kind == "money" and unit:
        return f"amount ({unit})"
    return _SUBJECTS.get(kind, kind)


def _mentions(
    sentences: Sequence[int], quantities: Sequence[Sequence[Quantity]], key: tuple[str, str]
) -> list[_Mention]:
    """The sentences' figures for ``key``, from sentences that give exactly one."""
    mentions = []
    for k in sentences:
        matching = [q for q in quantities[k] if q.key == key]
        if len(matching) == 1:
            mentions.append(_Mention(k, matching[0].text, matching[0].low, matching[0].high))
    return mentions


def _bounds(mention: _Mention) -> tuple[float, float]:
    return mention.low, mention.high


def _join(sides: list[list[_Mention]], mentions: Sequence[_Mention]) -> None:
    """Aligned sentences outside the claims join the one side their value fits; they start none."""
    for mention in mentions:
        fits = _fitting(sides, mention, _bounds)
        if len(fits) == 1:
            fits[0].append(mention)


def _fitting(
    sides: Sequence[list[_M]], mention: _M, bounds: Callable[[_M], tuple[float, float]]
) -> list[list[_M]]:
    """The sides whose every value could be the mention's (their intervals of values meet)."""
    low, high = bounds(mention)
    return [side for side in sides if all(b[0] <= high and low <= b[1] for b in map(bounds, side))]


def value_sides(mentions: Sequence[_M], bounds: Callable[[_M], tuple[float, float]]) -> list[list[_M]]:
    """Mentions of a disputed figure as sides, ``bounds`` giving the interval of values each allows:
    values that could be the same go together, the precise ones first (they seed the sides); a value that
    fits two sides is left out as unclear. Both detectors (aligned sentences here, measured figures in
    ``measure_conflicts``) make their sides so."""
    sides: list[list[_M]] = []
    for mention in sorted(mentions, key=lambda m: _narrowest_first(bounds(m))):
        fits = _fitting(sides, mention, bounds)
        if len(fits) == 1:
            fits[0].append(mention)
        elif not fits:
            sides.append([mention])
    return sides


def _narrowest_first(bounds: tuple[float, float]) -> tuple[float, float]:
    low, high = bounds
    return high - low, low


def _discrepancy(
    kind: str,
    subject: str,
    sides: Sequence[Sequence[_Mention]],
    refs: Sequence[SentenceRef],
    claim_of: Sequence[int],
    originals: Mapping[str, str] | None,
) -> Discrepancy:
    mentions = [[(m.sentence, m.value) for m in side] for side in sides]
    return Discrepancy(kind, subject, quoted_sides(mentions, refs, claim_of, originals))


def quoted_sides(
    sides: Sequence[Sequence[tuple[int, str]]],
    refs: Sequence[SentenceRef],
    claim_of: Sequence[int],
    originals: Mapping[str, str] | None,
) -> tuple[DiscrepancySide, ...]:
    """Each side's mentions (sentence index, value as written) as one quoted side, strongest first: the
    earliest sentence's value, every sentence quoted once, and the claims those sentences belong to. Both
    detectors (aligned sentences here, measured figures in ``measure_conflicts``) build sides so."""
    built = []
    for side in sides:
        ordered = sorted(side, key=lambda mention: mention[0])
        quotes = tuple(dict.fromkeys(refs[sentence] for sentence, _ in ordered))
        claims = tuple(dict.fromkeys(claim_of[sentence] for sentence, _ in ordered))
        built.append(discrepancy_side(ordered[0][1], quotes, claims, originals))
    return strongest_first(built)


def discrepancy_side(
    value: str,
    quotes: tuple[SentenceRef, ...],
    claim_ids: tuple[int, ...],
    originals: Mapping[str, str] | None,
) -> DiscrepancySide:
    """One side of a discrepancy: its value, the sentences quoting it and their outlets and support."""
    return DiscrepancySide(
        value=value,
        quotes=quotes,
        outlets=tuple(dict.fromkeys(q.outlet for q in quotes)),
        independent_support=len(independent_refs(quotes, originals)),
        claim_ids=claim_ids,
    )


def strongest_first(sides: Sequence[DiscrepancySide]) -> tuple[DiscrepancySide, ...]:
    """The sides most independently supported first, then the most quoted."""
    return tuple(sorted(sides, key=lambda s: (-s.independent_support, -len(s.quotes))))


def _components(edges: Sequence[tuple[int, int]]) -> list[set[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, set[int]] = defaultdict(set)
    for x in list(parent):
        groups[find(x)].add(x)
    return list(groups.values())
