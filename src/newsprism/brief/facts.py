"""The fact table (claim x outlet: states / contradicts / silent) and what each outlet alone reports.

Rows are the claims that more than one outlet states, or that a discrepancy disputes: a claim only one
outlet states is that outlet's unique contribution instead. An outlet *contradicts* a claim when one of its
sentences gives another side of a discrepancy about it. A claim whose sentence is no statement (a lone
quote mark, a piece of a sentence split inside a figure or after a title) is neither a row nor a unique
item: two outlets sharing a stray `"` or "0 quake can cause severe damage." share no fact.

An outlet's unique items come ranked by what a reader wants first: figures no other outlet gives, named
people, quotes, consequences (deaths, arrests, evacuations, damage); sentences that open on a word
pointing back ("He", "However") or hold a piece of a quote come last.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

from newsprism.brief.summary import is_fragment, points_back_somewhere, split_quote
from newsprism.clean.language import detect_language
from newsprism.clean.words import word_set
from newsprism.records import Claim, Discrepancy, FactCell, FactRow, OutletContribution, SentenceRef

MIN_STATEMENT_WORDS = 6  # shorter unique lines are bylines, datelines and fragments, not information

_Neighbours = Mapping[tuple[str, int], str]


def contradictions(discrepancies: Sequence[Discrepancy]) -> dict[int, list[SentenceRef]]:
    """Per claim id, the sentences that give another side of a discrepancy about it."""
    against: dict[int, list[SentenceRef]] = defaultdict(list)
    for discrepancy in discrepancies:
        for side in discrepancy.sides:
            others = [q for other in discrepancy.sides if other is not side for q in other.quotes]
            for claim_id in side.claim_ids:
                against[claim_id].extend(q for q in others if q not in against[claim_id])
    return against


def neighbours(claims: Iterable[Claim]) -> dict[tuple[str, int], str]:
    """Every sentence of the story by (article, index): the claims hold each sentence exactly once."""
    return {(r.article_id, r.index): r.text for claim in claims for r in claim.sentences}


def is_statement(ref: SentenceRef, around: _Neighbours) -> bool:
    """The sentence states something, whole: not a fragment (see
    :func:`~newsprism.brief.summary.is_fragment`), read beside its neighbours in its article. Its language
    is read only for the rare sentence ending on a short number (German ordinals: "sein 14.")."""
    before = around.get((ref.article_id, ref.index - 1))
    after = around.get((ref.article_id, ref.index + 1))
    language = detect_language(ref.text) if re.search(r"\d\.\W*$", ref.text) else None
    return not is_fragment(ref.text, before, after, language)


def _by_outlet(refs: Iterable[SentenceRef]) -> dict[str, list[SentenceRef]]:
    """The sentences grouped by outlet: one pass per claim, not one per claim and outlet."""
    grouped: dict[str, list[SentenceRef]] = defaultdict(list)
    for ref in refs:
        grouped[ref.outlet].append(ref)
    return grouped


def fact_table(
    claims: Sequence[Claim], outlets: Sequence[str], discrepancies: Sequence[Discrepancy]
) -> list[FactRow]:
    """Rows for shared or disputed claims that are statements, most widely stated first; one cell per
    outlet."""
    against = contradictions(discrepancies)
    around = neighbours(claims)
    rows = []
    for claim in claims:
        if len(claim.outlets) < 2 and claim.id not in against:
            continue
        if not is_statement(claim.sentences[0], around):
            continue
        stating, opposing = _by_outlet(claim.sentences), _by_outlet(against.get(claim.id, ()))
        cells = [
            FactCell(o, "states", tuple(stating[o]))
            if o in stating
            else FactCell(o, "contradicts", tuple(opposing[o]))
            if o in opposing
            else FactCell(o, "silent")
            for o in outlets
        ]
        rows.append((claim, FactRow(claim.id, tuple(cells))))
    rows.sort(key=lambda item: (-item[0].independent_support, -len(item[0].outlets), item[0].id))
    return [row for _, row in rows]


# -- what each outlet alone reports --------------------------------------------------------------------------

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_TIME_OF_DAY = re.compile(
    r"(?<![\d.,])\d{1,2}(?:[:h]\d{2}|h(?!\w)|[.:]\d{2}\s*(?:Uhr|uur|h)\b|\s*(?:a\.\s?m\.|p\.\s?m\.|am\b|pm\b|Uhr\b))",
    re.IGNORECASE,
)
_NAME_PAIR = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ][^\W\d_]+\s+[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ][^\W\d_]+")
_QUOTE = re.compile(r"[\"“„«]\s*(?:[^\"“”„«»\s]+\s+){3,}[^\"“”„«»]*[\"”»]")
# Word beginnings of consequences, in the languages the project reads: deaths, injuries, arrests,
# evacuations, missing people, destruction, closures.
_CONSEQUENCE_STEMS = word_set(
    "kill dead death died dies injur wound hurt arrest detain evacu missing destroy damag collaps closed",
    "cancel suspend resign rescu",
    "tote toten getötet starb gestorben verletz festgenommen verhaftet evakuiert vermisst zerstört",
    "beschädigt muert fallec herid deteni evacua desapareci destru dañ cerrad suspendi dimit",
    "mort décéd blessé arrêt interpell évacu disparu détrui endommag fermé annul démission",
    "decedut ferit arrestat evacuat dispers distrutt danneggi chius",
    "ferid preso detid evacuad desaparecid destruí danific fechad",
    "zabit zgin ranny rannych zatrzyman ewakuow zaginion zniszcz",
    "dood gedood gewond gearresteerd geëvacueerd vermist verwoest",
    "погиб убит ранен задержан эвакуир пропал разруш",
)
_CONSEQUENCE = re.compile(r"(?<![^\W\d_])(?:" + "|".join(sorted(_CONSEQUENCE_STEMS)) + ")", re.IGNORECASE)


def _figures(text: str) -> set[str]:
    """Figures as digits only ("1,700", "1.700" and "1700" meet), cheap enough for every sentence; times
    of day ("5h40", "10:00", "7.35 Uhr") are when, not what, and left out."""
    return {re.sub(r"[.,]", "", f) for f in _FIGURE.findall(_TIME_OF_DAY.sub(" ", text))}


def unique_interest(text: str, new_figures: int) -> float:
    """How much a reader wants this item first: figures no other outlet gives, named people, quotes,
    consequences; less for a sentence that points back to something not shown or holds a piece of a
    quote."""
    score = 2.0 * min(2, new_figures)
    score += 1.0 * min(2, len(_NAME_PAIR.findall(text[1:])))
    score += 1.5 * bool(_QUOTE.search(text))
    score += 1.5 * bool(_CONSEQUENCE.search(text))
    score -= 3.0 * points_back_somewhere(text)
    score -= 1.5 * split_quote(text)
    return score


def unique_contributions(
    claims: Sequence[Claim], outlets: Sequence[str], echoed: Collection[int] = ()
) -> list[OutletContribution]:
    """For each outlet, the statements (of some length) that no other outlet states, most wanted first
    (:func:`unique_interest`), then in the order the outlet tells them. ``echoed``: ids of claims another
    outlet states in other words or another language (``claims.stated_elsewhere``), never unique."""
    around = neighbours(claims)
    holders: dict[str, set[str]] = defaultdict(set)  # figure -> outlets giving it
    for claim in claims:
        for ref in claim.sentences:
            for figure in _figures(ref.text):
                holders[figure].add(ref.outlet)
    only: dict[str, list[tuple[float, int]]] = {o: [] for o in outlets}
    for claim in claims:
        centre = claim.sentences[0]
        if len(claim.outlets) != 1 or len(centre.text.split()) < MIN_STATEMENT_WORDS or claim.id in echoed:
            continue
        if not is_statement(centre, around):
            continue
        new = sum(holders[f] <= {centre.outlet} for f in _figures(centre.text))
        only[claim.outlets[0]].append((-unique_interest(centre.text, new), claim.id))
    return [OutletContribution(o, tuple(i for _, i in sorted(items))) for o, items in only.items() if items]
