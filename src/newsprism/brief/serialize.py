"""The brief as JSON: a documented, versioned schema (docs/brief-schema.md) shared by the CLI and the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from newsprism.records import (
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


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    return {
        "schema_version": brief.schema_version,
        "story_id": brief.story_id,
        "headline": brief.headline,
        "generated_at": _time(brief.generated_at),
        "summary": [
            {
                "text": s.text,
                "source": _ref(s.source),
                "claim_id": s.claim_id,
                "outlets": list(s.outlets),
                "citations": [_ref(c) for c in s.citations],
            }
            for s in brief.summary
        ],
        "claims": [
            {
                "id": c.id,
                "outlets": list(c.outlets),
                "independent_support": c.independent_support,
                "independent_outlets": list(c.independent_outlets),
                "sentences": [_ref(r) for r in c.sentences],
            }
            for c in brief.claims
        ],
        "outlets": list(brief.outlets),
        "fact_table": [
            {
                "claim_id": row.claim_id,
                "cells": [
                    {"outlet": c.outlet, "state": c.state, "sentences": [_ref(r) for r in c.sentences]}
                    for c in row.cells
                ],
            }
            for row in brief.fact_table
        ],
        "discrepancies": [
            {
                "kind": d.kind,
                "subject": d.subject,
                "nature": d.nature,
                "sides": [
                    {
                        "value": s.value,
                        "outlets": list(s.outlets),
                        "independent_support": s.independent_support,
                        "claim_ids": list(s.claim_ids),
                        "quotes": [_ref(q) for q in s.quotes],
                    }
                    for s in d.sides
                ],
            }
            for d in brief.discrepancies
        ],
        "unique": [{"outlet": u.outlet, "claim_ids": list(u.claim_ids)} for u in brief.unique],
        "timeline": {
            "coverage": [_source(s) for s in brief.timeline.coverage],
            "undated": [_source(s) for s in brief.timeline.undated],
            "events": [
                {
                    "when": _when(e),
                    "precision": e.precision,
                    "as_written": e.as_written,
                    "claim_id": e.claim_id,
                    "quotes": [_ref(q) for q in e.quotes],
                }
                for e in brief.timeline.events
            ],
        },
        "entities": [
            {
                "name": e.name,
                "label": e.label,
                "variants": list(e.variants),
                "outlets": list(e.outlets),
                "n_outlets": len(e.outlets),
            }
            for e in brief.entities
        ],
        "sources": [_source(s) for s in brief.sources],
        "notes": list(brief.notes),
    }


def brief_from_dict(data: dict[str, Any]) -> Brief:
    timeline = data.get("timeline") or {}
    return Brief(
        story_id=data["story_id"],
        headline=data["headline"],
        summary=tuple(
            SummarySentence(
                text=s["text"],
                source=_unref(s["source"]),
                claim_id=s["claim_id"],
                citations=_refs(s["citations"]),
            )
            for s in data["summary"]
        ),
        claims=tuple(
            Claim(
                c["id"],
                _refs(c["sentences"]),
                tuple(c["outlets"]),
                c["independent_support"],
                tuple(c["independent_outlets"]),
            )
            for c in data["claims"]
        ),
        sources=tuple(_unsource(s) for s in data["sources"]),
        outlets=tuple(data.get("outlets", ())),
        fact_table=tuple(
            FactRow(
                row["claim_id"],
                tuple(FactCell(c["outlet"], c["state"], _refs(c["sentences"])) for c in row["cells"]),
            )
            for row in data.get("fact_table", ())
        ),
        discrepancies=tuple(
            Discrepancy(
                d["kind"],
                d["subject"],
                tuple(
                    DiscrepancySide(
                        s["value"],
                        _refs(s["quotes"]),
                        tuple(s["outlets"]),
                        s["independent_support"],
                        tuple(s["claim_ids"]),
                    )
                    for s in d["sides"]
                ),
                d.get("nature", "conflict"),  # absent from briefs of schema 1.2 and before
            )
            for d in data.get("discrepancies", ())
        ),
        unique=tuple(OutletContribution(u["outlet"], tuple(u["claim_ids"])) for u in data.get("unique", ())),
        timeline=Timeline(
            tuple(_unsource(s) for s in timeline.get("coverage", ())),
            tuple(_unsource(s) for s in timeline.get("undated", ())),
            tuple(
                TimelineEvent(
                    _unwhen(e["when"]), e["precision"], e["as_written"], e["claim_id"], _refs(e["quotes"])
                )
                for e in timeline.get("events", ())
            ),
        ),
        entities=tuple(
            KeyEntity(e["name"], e["label"], tuple(e["variants"]), tuple(e["outlets"]))
            for e in data.get("entities", ())
        ),
        schema_version=data["schema_version"],
        generated_at=_untime(data["generated_at"]),
        notes=tuple(data.get("notes", ())),
    )
