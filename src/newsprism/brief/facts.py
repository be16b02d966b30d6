"""The fact table (claim x outlet: states / contradicts / silent) and what each outlet alone reports.

Rows are the claims that more than one outlet states, or that a discrepancy disputes: a claim only one
outlet states is that outlet's unique contribution instead. An outlet *contradicts* a claim when one of its
sentences gives another side of a discrepancy about it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newsprism.records import Claim, Discrepancy, FactCell, FactRow, OutletContribution, SentenceRef

MIN_STATEMENT_WORDS = 6  # shorter lines are bylines, datelines and fragments, not information


def contradictions(discrepancies: Sequence[Discrepancy]) -> dict[int, list[SentenceRef]]:
    """Per claim id, the sentences that give another side of a discrepancy about it."""
    against: dict[int, list[SentenceRef]] = defaultdict(list)
    for discrepancy in discrepancies:
        for side in discrepancy.sides:
            others = [q for other in discrepancy.sides if other is not side for q in other.quotes]
            for claim_id in side.claim_ids:
                against[claim_id].extend(q for q in others if q not in against[claim_id])
    return against


def fact_table(
    claims: Sequence[Claim], outlets: Sequence[str], discrepancies: Sequence[Discrepancy]
) -> list[FactRow]:
    """Rows for shared or disputed claims, most widely stated first; one cell per outlet."""
    against = contradictions(discrepancies)
    rows = []
    for claim in claims:
        if len(claim.outlets) < 2 and claim.id not in against:
            continue
        cells = []
        for outlet in outlets:
            stating = tuple(r for r in claim.sentences if r.outlet == outlet)
            opposing = tuple(r for r in against.get(claim.id, ()) if r.outlet == outlet)
            if stating:
                cells.append(FactCell(outlet, "states", stating))
            elif opposing:
                cells.append(FactCell(outlet, "contradicts", opposing))
            else:
                cells.append(FactCell(outlet, "silent"))
        rows.append((claim, FactRow(claim.id, tuple(cells))))
    rows.sort(key=lambda item: (-item[0].independent_support, -len(item[0].outlets), item[0].id))
    return [row for _, row in rows]


def unique_contributions(claims: Sequence[Claim], outlets: Sequence[str]) -> list[OutletContribution]:
    """For each outlet, the claims (statements of some length) that no other outlet states."""
    only: dict[str, list[int]] = {o: [] for o in outlets}
    for claim in claims:
        if len(claim.outlets) == 1 and len(claim.sentences[0].text.split()) >= MIN_STATEMENT_WORDS:
            only[claim.outlets[0]].append(claim.id)
    return [OutletContribution(o, tuple(ids)) for o, ids in only.items() if ids]
