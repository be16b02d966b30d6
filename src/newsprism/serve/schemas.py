"""The JSON API's request and response models; they mirror ``newsprism.records`` and the brief schema.

The brief models describe docs/brief-schema.md field for field (``extra="forbid"``, so a test fails when
the schema and these models drift apart); the brief itself is served as ``brief_to_dict`` writes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from newsprism.records import DiscrepancyNature


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- errors ------------------------------------------------------------------------------------------


class ErrorDetail(_Strict):
    status: int = Field(description="The HTTP status code, repeated.")
    message: str = Field(description="What went wrong, in words meant for a person.")
    details: list[dict[str, Any]] | None = Field(
        None, description="Per-field problems of a rejected request."
    )


class ErrorBody(_Strict):
    error: ErrorDetail


# -- stories -----------------------------------------------------------------------------------------


class SnippetOut(_Strict):
    article_id: str
    outlet: str
    title: str
    text: str = Field(description="A passage of the article around the matched words; plain text.")
    marks: list[tuple[int, int]] = Field(description="[start, end) character spans of the matched words.")


class LanguageCount(_Strict):
    language: str = Field(description="ISO 639-1 code (or 639-3 when there is none), e.g. `en`, `de`.")
    articles: int = Field(description="How many of the story's articles are written in it.")


class StorySummary(_Strict):
    """The fields of `newsprism stories --json`, plus search snippets when the list is a search."""

    id: str
    headline: str
    n_articles: int
    n_independent: int = Field(description="Articles that copy or rewrite no other article of the story.")
    n_copies: int
    outlets: list[str]
    n_outlets: int
    languages: list[LanguageCount] = Field(
        description="The articles' languages, most articles first; articles of unknown language are left out."
    )
    first_seen: datetime | None
    last_seen: datetime | None
    snippets: list[SnippetOut] = Field(default_factory=list)


class StoryList(_Strict):
    items: list[StorySummary]
    total: int = Field(description="How many stories match, over all pages.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page, or null on the last page.")


class ArticleRef(_Strict):
    id: str
    outlet: str
    title: str
    url: str | None
    published: datetime | None
    story_id: str | None
    repeats: str | None = Field(None, description="Id of the earlier article this one copies or rewrites.")
    relation: Literal["copy", "near_copy", "rewrite"] | None = None
    language: str | None = Field(None, description="The article's language (ISO 639-1), null when unknown.")


class StoryDetail(StorySummary):
    articles: list[ArticleRef] = Field(description="Every article of the story, in ingest order.")
    brief_url: str


# -- articles ----------------------------------------------------------------------------------------


class ArticleOut(ArticleRef):
    text: str = Field(description="The cleaned text.")
    sentences: list[str] = Field(description="Its sentences, each an exact substring of text.")
    ingested_at: datetime
    copies: list[ArticleRef] = Field(description="Later articles that copy or rewrite this one.")


class ArticleList(_Strict):
    items: list[ArticleRef]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class ArticleSearch(_Strict):
    items: list[SnippetOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


# -- outlets -----------------------------------------------------------------------------------------


class OutletSummaryOut(_Strict):
    name: str
    articles: int
    stories: int
    last_seen: datetime | None


class OutletOut(_Strict):
    name: str
    articles: int
    stories: int
    first: int = Field(description="Stories in which this outlet's article is the earliest.")
    copied: int = Field(description="Its articles that another outlet's article copies or rewrites.")
    repeats: int = Field(description="Its articles that copy or rewrite an earlier article.")
    sole: int = Field(description="Stories no other outlet covers.")
    unique: int = Field(
        description="Stories whose built brief credits it with a claim no other outlet states."
    )
    briefed: int = Field(description="Its stories whose brief has been built (the base of `unique`).")


# -- ingest ------------------------------------------------------------------------------------------


class ArticleIn(_Strict):
    """One article to ingest. Only ``text`` is needed; the rest overrides what cleaning would infer."""

    text: str | None = Field(None, description="The article: plain text, Markdown or an HTML page.")
    format: Literal["text", "markdown", "html"] = "text"
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(
        None, description="ISO 8601 or any common date form, e.g. 2024-05-16T09:30Z."
    )
    language: str | None = None
    origin: str | None = Field(None, description="How results name this item; default `articles[i]`.")


class IngestIn(_Strict):
    articles: list[ArticleIn]


class FetchIn(_Strict):
    urls: list[str] = Field(
        description="Article pages or feeds (a feed gives its items' pages), http(s) only; public addresses"
        " only unless the server runs with --allow-private-urls."
    )


class ItemResultOut(_Strict):
    origin: str
    status: Literal["stored", "already_stored", "rejected"]
    article_id: str | None
    story_id: str | None
    reason: str | None


class IngestOut(_Strict):
    items: list[ItemResultOut] = Field(description="One result per item read, in input order.")
    added: int
    already_stored: int
    rejected: int
    new_stories: list[str]
    updated_stories: list[str]
    seconds: float


class StatusOut(_Strict):
    articles: int
    stories: int
    outlets: int
    schema_version: int
    ingest_running: bool
    briefs_building: int


# -- the brief (docs/brief-schema.md, version 1.4) ---------------------------------------------------


class SentenceRefOut(_Strict):
    article_id: str
    outlet: str
    sentence: int = Field(description="Index in the article's `sentences`.")
    text: str


class SummarySentenceOut(_Strict):
    text: str
    source: SentenceRefOut
    claim_id: int
    outlets: list[str]
    citations: list[SentenceRefOut]


class ClaimOut(_Strict):
    id: int
    outlets: list[str]
    independent_support: int
    independent_outlets: list[str]
    sentences: list[SentenceRefOut]


class FactCellOut(_Strict):
    outlet: str
    state: Literal["states", "contradicts", "silent"]
    sentences: list[SentenceRefOut]


class FactRowOut(_Strict):
    claim_id: int
    cells: list[FactCellOut]


class DiscrepancySideOut(_Strict):
    value: str
    outlets: list[str]
    independent_support: int
    claim_ids: list[int]
    quotes: list[SentenceRefOut]


class DiscrepancyOut(_Strict):
    kind: str
    subject: str
    sides: list[DiscrepancySideOut]
    nature: DiscrepancyNature = "conflict"  # update: a later report revised it; bounds: all may be true


class UniqueOut(_Strict):
    outlet: str
    claim_ids: list[int] = Field(
        description="Every claim only this outlet states, most wanted first (new figures, named people, "
        "quotes, consequences)."
    )
    shown: int = Field(
        description="Added in 1.4: how many of `claim_ids`, from the first, the brief shows (three, or all "
        'when there are fewer); the rest are behind "more".'
    )


class SourceOut(_Strict):
    article_id: str
    outlet: str
    title: str
    url: str | None
    published: str | None
    repeats: str | None
    relation: Literal["copy", "near_copy", "rewrite"] | None
    language: str | None = Field(None, description="Added in 1.2: the article's language; null when unknown.")


class TimelineEventOut(_Strict):
    when: str | None
    precision: Literal["day", "month", "year"]
    as_written: str
    claim_id: int
    quotes: list[SentenceRefOut]


class TimelineOut(_Strict):
    coverage: list[SourceOut]
    undated: list[SourceOut]
    events: list[TimelineEventOut]


class EntityOut(_Strict):
    name: str
    label: str
    variants: list[str]
    outlets: list[str]
    n_outlets: int


class BriefOut(_Strict):
    """A story's brief, exactly as `newsprism brief --format json` prints it (schema 1.4)."""

    schema_version: str
    story_id: str
    headline: str
    generated_at: str | None
    summary: list[SummarySentenceOut]
    claims: list[ClaimOut]
    outlets: list[str]
    fact_table: list[FactRowOut]
    discrepancies: list[DiscrepancyOut]
    unique: list[UniqueOut]
    timeline: TimelineOut
    entities: list[EntityOut]
    sources: list[SourceOut]
    notes: list[str]


class BriefPending(_Strict):
    story_id: str
    status: Literal["building"]
    retry_after: int
