"""The server-rendered pages: stories, a story's brief, an article, outlets.

Templates autoescape everything; nothing from an article is ever marked safe. The only markup built in
Python is the timeline SVG, whose labels are escaped there. A story page is rendered once per brief
fingerprint and then served from memory; while its brief is being built the page says so and refreshes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsprism.records import Brief
from newsprism.serve.api import not_modified, story_query, web
from newsprism.serve.timeline_svg import coverage_chart, events_chart
from newsprism.serve.views import etag, segments, sentence_uses, source_tree

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, context: dict[str, Any]) -> str:
    return request.app.state.templates.get_template(template).render(context)


def page_links(request: Request, page: int, size: int, total: int) -> dict[str, Any]:
    """Previous/next links keeping every other query parameter."""
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    last = max(1, -(-total // size))

    def link(number: int) -> str:
        return "?" + urlencode({**params, "page": number}) if number > 1 else "?" + urlencode(params)

    return {
        "page": page,
        "pages": last,
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < last else None,
    }


OUTLET_CHOICES = 200


@router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    outlet: Annotated[str | None, Query(max_length=500)] = None,
    since: Annotated[date | datetime | None, Query()] = None,
    until: Annotated[date | datetime | None, Query()] = None,
    sort: Literal["covered", "recent"] = "covered",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    state = web(request)
    size = state.settings.page_size
    query = story_query(q, outlet, since, until, sort, size, (page - 1) * size)
    # The page counts every article (in its outlet filter), so it is keyed on the full version; the
    # listing itself only changes with the stories version.
    version = state.browser().version()
    tag = etag("stories-page", version, request.url.query)
    if cached := not_modified(request, tag):
        return cached

    def page_html() -> str:
        found = state.stories(query)
        outlets = state.outlets(version)
        # The filter offers the outlets with most articles (and the one chosen): a store of thousands of
        # outlets made every page view render thousands of options (most of its cost); /outlets lists all.
        choices = [o for n, o in enumerate(outlets) if n < OUTLET_CHOICES or o.name == outlet]
        context = {
            "title": f"Search: {q}" if q else "Stories",
            "q": q or "",
            "outlet": outlet or "",
            "since": since.isoformat()[:10] if since else "",
            "until": until.isoformat()[:10] if until else "",
            "sort": sort,
            "outlets": choices,
            "more_outlets": len(outlets) - len(choices),
            "found": found,
            "pages": page_links(request, page, size, found.total),
            "filtered": bool(q or outlet or since or until),
        }
        return render(request, "stories.html", context)

    body = state.cached(version, ("stories-page", request.url.query), page_html)
    return HTMLResponse(body, headers={"ETag": tag})


def _story_context(brief: Brief) -> dict[str, Any]:
    claims = {c.id: c for c in brief.claims}
    return {
        "brief": brief,
        "claims": claims,
        "sources": source_tree(brief.sources),
        "titles": {s.article_id: s.title for s in brief.sources},
        "coverage_chart": coverage_chart(brief.timeline),
        "events_chart": events_chart(brief.timeline),
        "n_outlets": len({s.outlet for s in brief.sources}),
        "n_independent": sum(1 for s in brief.sources if not s.repeats),
    }


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    state = web(request)
    lookup = state.brief(story_id)
    story = lookup.story
    if story.id != story_id:
        return RedirectResponse(f"/stories/{story.id}", status_code=308)
    if lookup.cached is None:
        context = {"title": story.headline, "story": story, "error": lookup.error}
        return HTMLResponse(
            render(request, "story_pending.html", context), status_code=500 if lookup.error else 200
        )
    tag = etag("story-page", lookup.fingerprint)
    if cached := not_modified(request, tag):
        return cached
    brief = lookup.cached.brief
    body = state.cached(
        lookup.fingerprint,
        ("story-page", story.id),
        lambda: render(
            request, "story.html", {"title": brief.headline, "story": story, **_story_context(brief)}
        ),
    )
    return HTMLResponse(body, headers={"ETag": tag})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    state = web(request)
    pipeline = state.pipeline()
    # Its story, provenance and copies change only with the stories version; the highlights also need
    # the story's brief, which is built later.
    version = state.browser().stories_version()
    entry = state.cached(version, ("article-entry", article_id), lambda: pipeline.entry(article_id))
    ready = state.brief(entry.story_id).cached if entry.story_id else None
    brief = ready.brief if ready else None

    def page_html() -> str:
        record = pipeline.provenance([article_id]).get(article_id)
        original = pipeline.entry(record.original_id) if record else None
        copies = pipeline.copies_of([article_id])
        copy_entries = pipeline.entries([c.article_id for c in copies])
        uses = sentence_uses(brief, article_id) if brief else {}
        context = {
            "title": entry.article.title,
            "entry": entry,
            "article": entry.article,
            "segments": segments(entry.article.text, entry.article.sentences, uses),
            "uses": uses,
            "brief_ready": brief is not None,
            "record": record,
            "original": original,
            "copies": list(zip(copy_entries, copies, strict=True)),
        }
        return render(request, "article.html", context)

    key = ("article-page", article_id, ready.fingerprint if ready else None)
    return HTMLResponse(state.cached(version, key, page_html))


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> Response:
    state = web(request)
    version = state.browser().version()
    outlets = state.outlets(version)
    return HTMLResponse(render(request, "outlets.html", {"title": "Outlets", "outlets": outlets}))


@router.get("/outlets/{name:path}", response_class=HTMLResponse)
def outlet_page(request: Request, name: str, page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    state = web(request)
    size = state.settings.page_size
    profile = state.browser().outlet(name)
    rows, total = state.browser().articles(name, size, (page - 1) * size)
    context = {
        "title": name,
        "profile": profile,
        "rows": rows,
        "total": total,
        "pages": page_links(request, page, size, total),
    }
    return HTMLResponse(render(request, "outlet.html", context))
