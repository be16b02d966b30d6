"""The brief as JSON: a documented, versioned schema (docs/brief-schema.md) shared by the CLI and the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from newsprism.records import (
    UNIQUES_SHOWN,
    Brief,
    Claim,
    Discrepancy,
    DiscrepancySide,
    FactCell,
    FactRow,
    KeyEntity,
    OutletContribution,
    SentenceRef,
    SourceEntry,
    SummarySentence,
    Timeline,
    TimelineEvent,
)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _untime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _ref(ref: SentenceRef) -> dict[str, Any]:
    return {"article_id": ref.article_id, "outlet": ref.outlet, "sentence": ref.index, "text": ref.text}


def _unref(data: dict[str, Any]) -> SentenceRef:
    return SentenceRef(data["article_id"], data["outlet"], data["sentence"], data["text"])


def _refs(data: list[dict[str, Any]]) -> tuple[SentenceRef, ...]:
    return tuple(_unref(r) for r in data)


def _source(s: SourceEntry) -> dict[str, Any]:
    return {
        "article_id": s.article_id,
        "outlet": s.outlet,
        "title": s.title,
        "url": s.url,
        "published": _time(s.published),
        "repeats": s.repeats,
        "relation": s.relation,
        "language": s.language,
    }


def _unsource(s: dict[str, Any]) -> SourceEntry:
    return SourceEntry(
        s["article_id"],
        s["outlet"],
        s["title"],
        s["url"],
        _untime(s["published"]),
        s.get("repeats"),
        s.get("relation"),
        s.get("language"),  # absent from briefs of schema 1.1
    )


def _when(event: TimelineEvent) -> str | None:
    """ISO date at the event's precision: 2026-03-18, 2026-03 or 1949."""
    if event.when is None:
        return None
    return {"day": event.when.isoformat(), "month": event.when.isoformat()[:7]}.get(
        event.precision, str(event.when.year)
    )


def _unwhen(value: str | None) -> date | None:
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], *[*parts[1:], 1, 1][:2])


def _summary_sentence(s: SummarySentence) -> dict[str, Any]:
    return {
        "text": s.text,
        "source": _ref(s.source),
        "claim_id": s.claim_id,
        "outlets": list(s.outlets),
        "citations": [_ref(c) for c in s.citations],
    }


def _unsummary_sentence(s: dict[str, Any]) -> SummarySentence:
    """``outlets`` is not read back: a summary sentence derives it from its citations."""
    return SummarySentence(
        text=s["text"], source=_unref(s["source"]), claim_id=s["claim_id"], citations=_refs(s["citations"])
    )


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "outlets": list(c.outlets),
        "independent_support": c.independent_support,
        "independent_outlets": list(c.independent_outlets),
        "sentences": [_ref(r) for r in c.sentences],
    }


def _unclaim(c: dict[str, Any]) -> Claim:
    return Claim(
        c["id"],
        _refs(c["sentences"]),
        tuple(c["outlets"]),
        c["independent_support"],
        tuple(c["independent_outlets"]),
    )


def _fact_row(row: FactRow) -> dict[str, Any]:
    return {
        "claim_id": row.claim_id,
        "cells": [
            {"outlet": c.outlet, "state": c.state, "sentences": [_ref(r) for r in c.sentences]}
            for c in row.cells
        ],
    }


def _unfact_row(row: dict[str, Any]) -> FactRow:
    return FactRow(
        row["claim_id"], tuple(FactCell(c["outlet"], c["state"], _refs(c["sentences"])) for c in row["cells"])
    )


def _side(s: DiscrepancySide) -> dict[str, Any]:
    return {
        "value": s.value,
        "outlets": list(s.outlets),
        "independent_support": s.independent_support,
        "claim_ids": list(s.claim_ids),
        "quotes": [_ref(q) for q in s.quotes],
    }


def _unside(s: dict[str, Any]) -> DiscrepancySide:
    return DiscrepancySide(
        s["value"], _refs(s["quotes"]), tuple(s["outlets"]), s["independent_support"], tuple(s["claim_ids"])
    )


def _discrepancy(d: Discrepancy) -> dict[str, Any]:
    return {"kind": d.kind, "subject": d.subject, "nature": d.nature, "sides": [_side(s) for s in d.sides]}


def _undiscrepancy(d: dict[str, Any]) -> Discrepancy:
    """A brief of schema 1.2 or before has no ``nature``: its discrepancies were all conflicts."""
    return Discrepancy(
        d["kind"], d["subject"], tuple(_unside(s) for s in d["sides"]), d.get("nature", "conflict")
    )


def _unique(u: OutletContribution) -> dict[str, Any]:
    """Every item, in rank order; ``shown``: how many of them, from the first, the brief shows (1.4)."""
    return {"outlet": u.outlet, "claim_ids": list(u.claim_ids), "shown": u.shown}


def _ununique(u: dict[str, Any]) -> OutletContribution:
    """A brief of schema 1.3 or before has no ``shown``: it shows as many as a brief does now."""
    return OutletContribution(u["outlet"], tuple(u["claim_ids"]), u.get("shown", UNIQUES_SHOWN))


def _event(e: TimelineEvent) -> dict[str, Any]:
    return {
        "when": _when(e),
        "precision": e.precision,
        "as_written": e.as_written,
        "claim_id": e.claim_id,
        "quotes": [_ref(q) for q in e.quotes],
    }


def _unevent(e: dict[str, Any]) -> TimelineEvent:
    return TimelineEvent(
        _unwhen(e["when"]), e["precision"], e["as_written"], e["claim_id"], _refs(e["quotes"])
    )


def _timeline(timeline: Timeline) -> dict[str, Any]:
    return {
        "coverage": [_source(s) for s in timeline.coverage],
        "undated": [_source(s) for s in timeline.undated],
        "events": [_event(e) for e in timeline.events],
    }


def _untimeline(timeline: dict[str, Any]) -> Timeline:
    return Timeline(
        tuple(_unsource(s) for s in timeline.get("coverage", ())),
        tuple(_unsource(s) for s in timeline.get("undated", ())),
        tuple(_unevent(e) for e in timeline.get("events", ())),
    )


def _entity(e: KeyEntity) -> dict[str, Any]:
    """``n_outlets`` is written for readers of the JSON alone; it is the length of ``outlets``."""
    return {
        "name": e.name,
        "label": e.label,
        "variants": list(e.variants),
        "outlets": list(e.outlets),
        "n_outlets": len(e.outlets),
    }


def _unentity(e: dict[str, Any]) -> KeyEntity:
    return KeyEntity(e["name"], e["label"], tuple(e["variants"]), tuple(e["outlets"]))


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief in the JSON schema of docs/brief-schema.md, its parts in the schema's order."""
    return {
        "schema_version": brief.schema_version,
        "story_id": brief.story_id,
        "headline": brief.headline,
        "generated_at": _time(brief.generated_at),
        "summary": [_summary_sentence(s) for s in brief.summary],
        "claims": [_claim(c) for c in brief.claims],
        "outlets": list(brief.outlets),
        "fact_table": [_fact_row(row) for row in brief.fact_table],
        "discrepancies": [_discrepancy(d) for d in brief.discrepancies],
        "unique": [_unique(u) for u in brief.unique],
        "timeline": _timeline(brief.timeline),
        "entities": [_entity(e) for e in brief.entities],
        "sources": [_source(s) for s in brief.sources],
        "notes": list(brief.notes),
    }


def brief_from_dict(data: dict[str, Any]) -> Brief:
    """The brief a JSON object of any schema version gives; the parts schema 1.0 lacks read as empty."""
    return Brief(
        story_id=data["story_id"],
        headline=data["headline"],
        summary=tuple(_unsummary_sentence(s) for s in data["summary"]),
        claims=tuple(_unclaim(c) for c in data["claims"]),
        sources=tuple(_unsource(s) for s in data["sources"]),
        outlets=tuple(data.get("outlets", ())),
        fact_table=tuple(_unfact_row(row) for row in data.get("fact_table", ())),
        discrepancies=tuple(_undiscrepancy(d) for d in data.get("discrepancies", ())),
        unique=tuple(_ununique(u) for u in data.get("unique", ())),
        timeline=_untimeline(data.get("timeline") or {}),
        entities=tuple(_unentity(e) for e in data.get("entities", ())),
        schema_version=data["schema_version"],
        generated_at=_untime(data["generated_at"]),
        notes=tuple(data.get("notes", ())),
    )
