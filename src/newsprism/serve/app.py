"""The FastAPI application: pages at ``/``, the JSON API at ``/api/v1``, static files at ``/static``.

Every error is answered in the caller's language: JSON (``{"error": {"status", "message"}}``) under
``/api/``, an HTML page elsewhere; a bad request is a 4xx naming the problem, never a 500.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from newsprism.models import Models
from newsprism.records import NATURE_LABELS
from newsprism.serve.ingest import IngestBusyError
from newsprism.serve.security import SecurityMiddleware
from newsprism.serve.settings import ServeSettings
from newsprism.serve.state import WebState
from newsprism.store import SearchSyntaxError, StoreError

HERE = Path(__file__).parent
API_PREFIX = "/api/v1"
log = logging.getLogger(__name__)


def _when(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.strftime(fmt) if value else "—"


def _link_url(value: str | None) -> str:
    """An article's URL if it can be a link (http or https), else "": an article from a feed or the API
    may carry ``javascript:`` or ``data:`` URLs, which must never become a link."""
    if not value:
        return ""
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in {"http", "https"} else ""


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["when"] = _when
    templates.env.filters["link_url"] = _link_url
    templates.env.globals["plural"] = _plural
    templates.env.globals["relation_label"] = {"copy": "copy", "near_copy": "near copy", "rewrite": "rewrite"}
    templates.env.globals["nature_label"] = NATURE_LABELS
    return templates


def create_app(settings: ServeSettings, models: Models | None = None) -> FastAPI:
    """An app over the store at ``settings.db``; ``models`` lets tests share one loaded set."""
    from newsprism.serve import api, apidocs, pages

    state = WebState(settings, models)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_briefs:
            threading.Thread(target=_warm, args=(state,), name="newsprism-warm", daemon=True).start()
        yield
        state.close()

    app = FastAPI(
        title="newsprism",
        summary="Stories from many outlets, and a brief per story whose every line cites its sources.",
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: /api/v1/docs is rendered here instead
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        lifespan=lifespan,
    )
    app.state.web = state
    app.state.templates = make_templates()
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(apidocs.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    _add_error_handlers(app)
    return app


def _warm(state: WebState) -> None:
    """Start building the most covered stories' briefs, so their pages open from the cache."""
    try:
        pipeline = state.pipeline()
        state.briefs.prepare([s.id for s in pipeline.stories(state.settings.warm_briefs)], pipeline)
    except Exception:
        log.exception("warming the briefs failed; they will be built when first asked for")


def error_response(
    request: Request,
    status: int,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if request.url.path.startswith("/api/"):
        error: dict[str, Any] = {"status": status, "message": message}
        if details is not None:
            error["details"] = details
        return JSONResponse({"error": error}, status_code=status, headers=headers)
    page = request.app.state.templates.get_template("error.html").render(
        {"title": f"Error {status}", "status": status, "message": message}
    )
    return HTMLResponse(page, status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {
                "location": [str(p) for p in e.get("loc", ())],
                "message": e.get("msg", ""),
                "type": e.get("type", ""),
            }
            for e in exc.errors()
        ]
        where = ", ".join(".".join(d["location"]) + ": " + d["message"] for d in details[:3])
        status = 422 if request.url.path.startswith("/api/") else 400
        return error_response(request, status, f"invalid request: {where}", details)

    @app.exception_handler(StoreError)
    async def unknown_id(request: Request, exc: StoreError) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(SearchSyntaxError)
    async def bad_search(request: Request, exc: SearchSyntaxError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(IngestBusyError)
    async def busy(request: Request, exc: IngestBusyError) -> Response:
        return error_response(request, 409, str(exc), headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(
            request, 500, f"internal error ({type(exc).__name__}); the server log has details"
        )
