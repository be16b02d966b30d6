"""The brief as JSON: a documented, versioned schema (docs/brief-schema.md) shared by the CLI and the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsprism.records import Brief, Claim, SentenceRef, SourceEntry, SummarySentence


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _ref(ref: SentenceRef) -> dict[str, Any]:
    return {"article_id": ref.article_id, "outlet": ref.outlet, "sentence": ref.index, "text": ref.text}


def _unref(data: dict[str, Any]) -> SentenceRef:
    return SentenceRef(data["article_id"], data["outlet"], data["sentence"], data["text"])


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
            {"id": c.id, "outlets": list(c.outlets), "sentences": [_ref(r) for r in c.sentences]}
            for c in brief.claims
        ],
        "sources": [
            {
                "article_id": s.article_id,
                "outlet": s.outlet,
                "title": s.title,
                "url": s.url,
                "published": _time(s.published),
            }
            for s in brief.sources
        ],
        "notes": list(brief.notes),
    }


def brief_from_dict(data: dict[str, Any]) -> Brief:
    return Brief(
        story_id=data["story_id"],
        headline=data["headline"],
        summary=tuple(
            SummarySentence(
                text=s["text"],
                source=_unref(s["source"]),
                claim_id=s["claim_id"],
                citations=tuple(_unref(c) for c in s["citations"]),
            )
            for s in data["summary"]
        ),
        claims=tuple(
            Claim(c["id"], tuple(_unref(r) for r in c["sentences"]), tuple(c["outlets"]))
            for c in data["claims"]
        ),
        sources=tuple(
            SourceEntry(
                s["article_id"],
                s["outlet"],
                s["title"],
                s["url"],
                datetime.fromisoformat(s["published"]) if s["published"] else None,
            )
            for s in data["sources"]
        ),
        schema_version=data["schema_version"],
        generated_at=datetime.fromisoformat(data["generated_at"]) if data["generated_at"] else None,
        notes=tuple(data.get("notes", ())),
    )
