"""The JSON API (``/api/v1``): stories, briefs, articles, outlets, and ingest with a result per item.

Lists page with ``limit``/``offset`` in a stable order and answer ``If-None-Match`` with 304: list ETags
name the store's version, a brief's ETag is its fingerprint (its articles, provenance and options).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter
from starlette.exceptions import HTTPException

from newsprism.brief import SummaryOptions
from newsprism.records import ArticleEntry, Story
from newsprism.serve.ingest import (
    IngestResult,
    documents_from_files,
    documents_from_json,
    documents_from_urls,
)
from newsprism.serve.schemas import (
    ArticleList,
    ArticleOut,
    ArticleRef,
    ArticleSearch,
    BriefOut,
    BriefPending,
    ErrorBody,
    FetchIn,
    IngestIn,
    IngestOut,
    ItemResultOut,
    LanguageCount,
    OutletOut,
    OutletSummaryOut,
    SnippetOut,
    StatusOut,
    StoryDetail,
    StoryList,
    StorySummary,
)
from newsprism.serve.state import WebState
from newsprism.serve.views import etag, etag_matches
from newsprism.store import StoryQuery
from newsprism.store.browse import OutletSummary, Snippet

ERRORS = {
    400: {"model": ErrorBody, "description": "A bad search or parameter."},
    404: {"model": ErrorBody, "description": "No such story, article or outlet."},
    422: {"model": ErrorBody, "description": "The request does not match the schema."},
}
router = APIRouter(tags=["newsprism"], responses={422: ERRORS[422]})

OUTLET = TypeAdapter(OutletSummaryOut)
Limit = Annotated[int, Query(ge=1, le=100, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="How many items to skip.")]


def web(request: Request) -> WebState:
    return request.app.state.web


def bound(value: date | datetime | None, end_of_day: bool = False) -> datetime | None:
    """A query's date or time as a UTC instant; a bare date as an upper bound means the end of that day."""
    if value is None or isinstance(value, datetime):
        return value
    start = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return start + timedelta(days=1, microseconds=-1) if end_of_day else start


def not_modified(request: Request, tag: str) -> Response | None:
    if etag_matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers={"ETag": tag})
    return None


def json_with_etag(body: bytes, tag: str) -> Response:
    return Response(body, media_type="application/json", headers={"ETag": tag})


def snippet_out(snippet: Snippet) -> SnippetOut:
    return SnippetOut(
        article_id=snippet.article_id,
        outlet=snippet.outlet,
        title=snippet.title,
        text=snippet.text,
        marks=list(snippet.marks),
    )


def story_summary(story: Story, snippets: tuple[Snippet, ...] = ()) -> StorySummary:
    counts = story.counts
    return StorySummary(
        id=story.id,
        headline=story.headline,
        n_articles=counts.articles,
        n_independent=counts.independent,
        n_copies=counts.copies,
        outlets=list(story.outlets),
        n_outlets=counts.outlets,
        languages=[LanguageCount(language=code, articles=n) for code, n in story.languages],
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        snippets=[snippet_out(s) for s in snippets],
    )


def article_ref(entry: ArticleEntry, repeats: str | None = None, relation: str | None = None) -> ArticleRef:
    a = entry.article
    return ArticleRef(
        id=a.id,
        outlet=a.outlet,
        title=a.title,
        url=a.url,
        published=a.published,
        story_id=entry.story_id,
        repeats=repeats,
        relation=relation,  # type: ignore[arg-type]
        language=a.language,
    )


def next_offset(offset: int, count: int, total: int) -> int | None:
    return offset + count if offset + count < total else None


def story_query(
    q: str | None,
    outlet: str | None,
    since: date | datetime | None,
    until: date | datetime | None,
    sort: str,
    limit: int,
    offset: int,
) -> StoryQuery:
    return StoryQuery(
        text=q or None,
        outlet=outlet or None,
        since=bound(since),
        until=bound(until, end_of_day=True),
        sort=sort,  # type: ignore[arg-type]
        limit=limit,
        offset=offset,
    )


@router.get("/stories", response_model=StoryList, responses={400: ERRORS[400]})
def stories(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="Full-text search over articles.")] = None,
    outlet: Annotated[
        str | None, Query(max_length=500, description="Only stories this outlet covers.")
    ] = None,
    since: Annotated[
        date | datetime | None, Query(description="Last seen on or after this date or time.")
    ] = None,
    until: Annotated[
        date | datetime | None,
        Query(description="First seen on or before this date (the whole day) or time."),
    ] = None,
    sort: Annotated[
        Literal["covered", "recent"], Query(description="Most covered, or most recent, first.")
    ] = ("covered"),
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """Stories, most covered (or most recent) first; with `q`, those whose articles match, with snippets."""
    state = web(request)
    query = story_query(q, outlet, since, until, sort, limit, offset)
    version = state.browser().stories_version()
    tag = etag("stories", version, query)
    if cached := not_modified(request, tag):
        return cached

    def serialize() -> bytes:
        page = state.stories(query)
        items = [story_summary(hit.story, hit.snippets) for hit in page.items]
        body = StoryList(
            items=items,
            total=page.total,
            limit=limit,
            offset=offset,
            next_offset=next_offset(offset, len(items), page.total),
        )
        return body.model_dump_json().encode()

    return json_with_etag(state.cached(version, ("stories-json", query), serialize), tag)


@router.get("/stories/{story_id}", response_model=StoryDetail, responses={404: ERRORS[404]})
def story(request: Request, story_id: str) -> Response:
    """A story with every article, each marked with what it copies or rewrites (id or unique id prefix)."""
    state = web(request)
    version = state.browser().stories_version()

    def serialize() -> tuple[str, bytes]:
        pipeline = state.pipeline()
        found = pipeline.story(story_id)
        provenance = pipeline.provenance(found.article_ids)
        articles = []
        for entry in pipeline.entries(found.article_ids):
            record = provenance.get(entry.article.id)
            articles.append(
                article_ref(entry, record.original_id if record else None, record.kind if record else None)
            )
        body = StoryDetail(
            **story_summary(found).model_dump(),
            articles=articles,
            brief_url=f"/api/v1/stories/{found.id}/brief",
        )
        return found.id, body.model_dump_json().encode()

    found_id, content = state.cached(version, ("story-json", story_id), serialize)
    tag = etag("story", version, found_id)
    return not_modified(request, tag) or json_with_etag(content, tag)


@router.get(
    "/stories/{story_id}/brief",
    response_model=BriefOut,
    responses={
        202: {"model": BriefPending, "description": "The brief is being built; ask again after Retry-After."},
        404: ERRORS[404],
    },
)
def brief(
    request: Request,
    story_id: str,
    sentences: Annotated[int, Query(ge=1, le=50, description="Summary length in sentences (at most).")] = 6,
    words: Annotated[
        int | None, Query(ge=5, le=5000, description="Summary length in words (at most).")
    ] = None,
    wait: Annotated[
        bool, Query(description="Wait for a brief being built (else answer 202 at once).")
    ] = True,
) -> Response:
    """The story's brief in the schema of `newsprism brief --format json` (docs/brief-schema.md, 1.4)."""
    state = web(request)
    options = SummaryOptions(max_sentences=sentences, max_words=words)
    lookup = state.brief(story_id, options)
    tag = f'"{lookup.fingerprint}"'
    if cached := not_modified(request, tag):
        return cached
    if wait and lookup.cached is None and lookup.error is None:
        lookup = state.brief(story_id, options, wait=state.settings.brief_wait_seconds)
    story_id = lookup.story.id
    if lookup.error:
        raise HTTPException(500, f"the brief of story {story_id} could not be built: {lookup.error}")
    if lookup.cached is None:
        pending = BriefPending(story_id=story_id, status="building", retry_after=2)
        return JSONResponse(pending.model_dump(), status_code=202, headers={"Retry-After": "2"})
    return json_with_etag(lookup.cached.json, tag)


@router.get("/articles", response_model=ArticleList | ArticleSearch, responses={400: ERRORS[400]})
def articles(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=500, description="Full-text search; best matches first.")
    ] = None,
    outlet: Annotated[str | None, Query(max_length=500, description="Only this outlet's articles.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """Articles, newest first; with `q`, the articles matching a full-text search, with passages."""
    state = web(request)
    version = state.browser().version()
    tag = etag("articles", version, q, outlet, limit, offset)
    if cached := not_modified(request, tag):
        return cached
    if q:
        hits, total = state.browser().search_articles(q, limit, offset)
        body: ArticleList | ArticleSearch = ArticleSearch(
            items=[snippet_out(h) for h in hits],
            total=total,
            limit=limit,
            offset=offset,
            next_offset=next_offset(offset, len(hits), total),
        )
    else:
        rows, total = state.browser().articles(outlet, limit, offset)
        body = ArticleList(
            items=[
                ArticleRef(
                    id=r.id,
                    outlet=r.outlet,
                    title=r.title,
                    url=None,
                    published=r.published,
                    story_id=r.story_id,
                    repeats=r.repeats,
                    relation=r.relation,  # type: ignore[arg-type]
                    language=r.language,
                )
                for r in rows
            ],
            total=total,
            limit=limit,
            offset=offset,
            next_offset=next_offset(offset, len(rows), total),
        )
    return json_with_etag(body.model_dump_json().encode(), tag)


@router.get("/articles/{article_id}", response_model=ArticleOut, responses={404: ERRORS[404]})
def article(request: Request, article_id: str) -> Response:
    """One article: its cleaned text and sentences, its story, what it repeats and what repeats it."""
    state = web(request)
    pipeline = state.pipeline()
    version = state.browser().stories_version()  # its story, provenance and copies change only with it

    def serialize() -> bytes:
        entry = pipeline.entry(article_id)
        record = pipeline.provenance([article_id]).get(article_id)
        copies = pipeline.copies_of([article_id])
        copy_entries = pipeline.entries([c.article_id for c in copies])
        a = entry.article
        body = ArticleOut(
            **article_ref(
                entry, record.original_id if record else None, record.kind if record else None
            ).model_dump(),
            text=a.text,
            sentences=list(a.sentences),
            ingested_at=entry.ingested_at,
            copies=[article_ref(e, c.original_id, c.kind) for e, c in zip(copy_entries, copies, strict=True)],
        )
        return body.model_dump_json().encode()

    content = state.cached(version, ("article-json", article_id), serialize)
    tag = etag("article", version, article_id)
    return not_modified(request, tag) or json_with_etag(content, tag)


@dataclass(frozen=True, slots=True)
class OutletsJson:
    """The outlet list as JSON, and each outlet's part of it, reused while that outlet's figures hold."""

    parts: dict[OutletSummary, bytes]
    body: bytes


def outlets_json(outlets: Sequence[OutletSummary], previous: OutletsJson | None) -> OutletsJson:
    """Every outlet, unpaged, again whenever an article is stored: with thousands of outlets, serialising
    each one was most of the cost, so only the outlets whose figures changed are serialised again."""
    known = previous.parts if previous else {}
    parts = {
        o: known.get(o) or OUTLET.dump_json(OUTLET.validate_python(o, from_attributes=True)) for o in outlets
    }
    return OutletsJson(parts, b"[" + b",".join(parts.values()) + b"]")


@router.get("/outlets", response_model=list[OutletSummaryOut])
def outlets(request: Request) -> Response:
    """Every outlet with its numbers of articles and stories, most articles first."""
    state = web(request)
    version = state.browser().version()
    tag = etag("outlets", version)
    if cached := not_modified(request, tag):
        return cached

    def serialize() -> OutletsJson:
        previous = cast(OutletsJson | None, state.latest(("outlets-json",)))
        return outlets_json(state.outlets(version), previous)

    return json_with_etag(state.cached(version, ("outlets-json",), serialize).body, tag)


@router.get("/outlets/{name:path}", response_model=OutletOut, responses={404: ERRORS[404]})
def outlet(request: Request, name: str) -> OutletOut:
    """How often an outlet is first, is copied, repeats others, covers a story alone, or adds something."""
    profile = web(request).browser().outlet(name)
    return OutletOut(
        name=profile.name,
        articles=profile.articles,
        stories=profile.stories,
        first=profile.first,
        copied=profile.copied,
        repeats=profile.repeats,
        sole=profile.sole,
        unique=profile.unique,
        briefed=profile.briefed,
    )


def ingest_out(result: IngestResult) -> IngestOut:
    return IngestOut(
        items=[
            ItemResultOut(
                origin=i.origin,
                status=i.status,  # type: ignore[arg-type]
                article_id=i.article_id,
                story_id=i.story_id,
                reason=i.reason,
            )
            for i in result.items
        ],
        added=result.added,
        already_stored=result.already_stored,
        rejected=result.rejected,
        new_stories=list(result.new_stories),
        updated_stories=list(result.updated_stories),
        seconds=result.seconds,
    )


def _after_ingest(state: WebState, result: IngestResult) -> None:
    """Start building the briefs of the stories this ingest touched, so their pages open from the cache."""
    state.briefs.prepare([*result.new_stories, *result.updated_stories], state.pipeline())


INGEST_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "Another ingest is running; retry after Retry-After seconds."},
    413: {"model": ErrorBody, "description": "The body is over the size limit, or too many items."},
}


@router.post("/articles", response_model=IngestOut, responses=INGEST_ERRORS)
def ingest_json(request: Request, body: IngestIn) -> IngestOut:
    """Ingest articles given as JSON: each is cleaned, stored and placed in a story; one result per item."""
    state = web(request)
    if len(body.articles) > state.settings.max_items:
        raise HTTPException(
            413,
            f"too many articles in one request: {len(body.articles)}"
            f" (the limit is {state.settings.max_items})",
        )
    if not body.articles:
        raise HTTPException(422, "no articles: give at least one in `articles`")
    result = state.ingestor.run(documents_from_json(body.articles))
    _after_ingest(state, result)
    return ingest_out(result)


@router.post("/articles/upload", response_model=IngestOut, responses=INGEST_ERRORS)
def ingest_files(
    request: Request,
    files: Annotated[
        list[UploadFile],
        File(description="Files as `newsprism ingest` reads them: txt md html json jsonl csv (.gz)."),
    ],
) -> IngestOut:
    """Ingest uploaded files; a JSONL or CSV file gives one result per record, named `file:line`."""
    state = web(request)
    read = [(f.filename or f"upload-{i}", f.file.read()) for i, f in enumerate(files)]
    result = state.ingestor.run(documents_from_files(read))
    _after_ingest(state, result)
    return ingest_out(result)


@router.post("/fetch", response_model=IngestOut, responses=INGEST_ERRORS)
def fetch_urls(request: Request, body: FetchIn) -> IngestOut:
    """Fetch pages or feeds politely (robots.txt, per-host rate limits), then ingest what they give, one
    result per item. Loopback, private and link-local addresses are refused, redirects and every address a
    name resolves to included, unless the server runs with `--allow-private-urls`."""
    state = web(request)
    settings = state.settings
    if len(body.urls) > settings.max_fetch_urls:
        raise HTTPException(
            413, f"too many URLs in one request: {len(body.urls)} (the limit is {settings.max_fetch_urls})"
        )
    if not body.urls:
        raise HTTPException(422, "no URLs: give at least one in `urls`")
    documents = documents_from_urls(body.urls, not settings.allow_private_urls, settings.max_items)
    result = state.ingestor.run(documents)
    _after_ingest(state, result)
    return ingest_out(result)


@router.get("/status", response_model=StatusOut)
def status(request: Request) -> StatusOut:
    """Counts, the store's schema version, and whether an ingest or brief builds are running."""
    state = web(request)
    articles, stories, outlets = state.browser().counts()
    return StatusOut(
        articles=articles,
        stories=stories,
        outlets=outlets,
        schema_version=state.pipeline().schema_version,
        ingest_running=state.ingestor.running,
        briefs_building=state.briefs.building,
    )
