"""A fictional news outlet served on 127.0.0.1, for the live-news tests and benchmark.

Each :class:`NewsSite` is a real HTTP server (its own port, so its own host for politeness) with an RSS
feed, article pages, a robots.txt, ETag and Last-Modified validators, gzip, and a request log. A test
scripts misbehaviour per path (:meth:`NewsSite.script`): a 429 with Retry-After, a slow answer, a
redirect, a huge or undecodable page. Every text is generated here from fictional events; nothing is
fetched from anywhere.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

CITIES = (
    *("Marlow Bay", "Ostrava Nova", "Port Keren", "Valdemar", "Sunhill", "Carraway", "Lindqvist"),
    *("Aldmere", "Riverton", "Kestrel Point", "Brannock", "Tovaly", "Ember Falls", "Quillon"),
)
EVENTS = (
    ("earthquake", "A magnitude {a}.{b} earthquake struck {city} early on {day}, damaging {n} buildings"),
    (
        "flood",
        "Flooding after {n} millimetres of rain forced {m} residents of {city} from their homes on {day}",
    ),
    (
        "strike",
        "Port workers in {city} began a {a}-day strike on {day} over pay, halting {n} container ships",
    ),
    ("election", "Voters in {city} elected {name} as mayor on {day} with {a}{b} percent of the vote"),
    ("rate", "The central bank of {city} cut its main interest rate to {a}.{b} percent on {day}"),
    ("fire", "A fire at a chemical plant near {city} on {day} injured {a} workers and closed {n} schools"),
    (
        "bridge",
        "The new {name} bridge in {city} opened on {day} after {a} years of construction costing {n} million",
    ),
    ("match", "{city} United beat {name} Rovers {a}-{b} on {day} to win the regional cup before {n} fans"),
)
NAMES = ("Halvorsen", "Adeyemi", "Castellano", "Moravec", "Okonkwo", "Lindahl", "Petrakis", "Yamada")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FOLLOW_UPS = (
    "Officials said the full extent of the damage would be known in the coming days.",
    "Local businesses reported disruption across the district, and several roads remained closed.",
    "The regional government promised an inquiry and said emergency funds would be released this week.",
    "Residents described the scene to reporters, and volunteers organised food and shelter overnight.",
    "Analysts said the consequences for the wider economy of the region were still unclear.",
    "Opposition politicians criticised the response and called for a debate in the regional assembly.",
    "Police asked the public to avoid the area while crews worked through the night.",
    "A spokesperson said further updates would follow as information became available.",
)


@dataclass(frozen=True, slots=True)
class Reply:
    """A scripted answer: status, headers, body, and a delay before answering (a slow server)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True, slots=True)
class SiteArticle:
    number: int
    path: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    published: datetime
    event: int


def event_article(
    site: str, number: int, event: int, published: datetime
) -> tuple[str, str, tuple[str, ...]]:
    """Title, summary and paragraphs of one outlet's report of fictional event number ``event``."""
    kind, template = EVENTS[event % len(EVENTS)]
    seed = int(hashlib.sha256(f"event{event}".encode()).hexdigest(), 16)
    facts = {
        "city": CITIES[seed % len(CITIES)],
        "day": DAYS[(seed >> 8) % len(DAYS)],
        "a": 2 + (seed >> 16) % 7,
        "b": (seed >> 24) % 10,
        "n": 10 + (seed >> 32) % 900,
        "m": 100 + (seed >> 40) % 9000,
        "name": NAMES[(seed >> 48) % len(NAMES)],
    }
    lead = template.format(**facts) + "."
    own = int(hashlib.sha256(f"{site}/{number}".encode()).hexdigest(), 16)
    extra = [FOLLOW_UPS[(own >> (4 * i)) % len(FOLLOW_UPS)] for i in range(4)]
    paragraphs = (
        f"{lead} {site} reporters in {facts['city']} confirmed the figures with local officials.",
        f"The {kind} in {facts['city']} was the main story across the region on {facts['day']}. {extra[0]}",
        f"{extra[1]} {extra[2]}",
        f"According to {site}, the events of {facts['day']} in {facts['city']} will be reviewed. {extra[3]}",
    )
    title = f"{facts['city']}: {lead.split(',')[0].rstrip('.')}"
    return title, lead, paragraphs


class NewsSite:
    """One outlet on its own loopback port. Use as a context manager; ``publish`` adds articles."""

    def __init__(
        self, name: str = "Harbour Herald", *, gzip_responses: bool = True, latency: float = 0.0
    ) -> None:
        self.name = name
        self.gzip_responses = gzip_responses
        self.latency = latency  # seconds added to every page (not the feed)
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self.articles: list[SiteArticle] = []
        self.extra_items: list[dict[str, str]] = []  # feed items pointing anywhere (scripted paths)
        self.feed_override: bytes | None = None
        self.validators = True
        self.log: list[tuple[float, str, int, dict[str, str]]] = []
        self._scripts: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.feed_url = f"{self.base}/feed.xml"
        self._next_event = 0

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- content ---------------------------------------------------------------------------------------

    def publish(
        self, count: int = 1, *, events: list[int] | None = None, start: datetime | None = None
    ) -> list[SiteArticle]:
        """Add ``count`` articles (about the given fictional events, else new ones) to the feed."""
        added = []
        start = start or datetime(2024, 5, 16, 6, 0, tzinfo=UTC)
        with self._lock:
            for index in range(count):
                number = len(self.articles) + 1
                event = events[index] if events else self._next_event
                self._next_event += 0 if events else 1
                published = start + timedelta(minutes=7 * number)
                title, summary, paragraphs = event_article(self.name, number, event, published)
                article = SiteArticle(
                    number, f"/news/{number}.html", title, summary, paragraphs, published, event
                )
                self.articles.append(article)
                added.append(article)
        return added

    def add_item(self, path: str, title: str, summary: str = "", guid: str | None = None) -> str:
        """A feed item whose link is ``path`` on this site (script what the path answers)."""
        url = path if path.startswith("http") else f"{self.base}{path}"
        with self._lock:
            self.extra_items.append({"url": url, "title": title, "summary": summary, "guid": guid or url})
        return url

    def script(self, path: str, *replies: Reply) -> None:
        """Answer the next requests for ``path`` with these replies, in order, then as usual."""
        with self._lock:
            self._scripts.setdefault(path, []).extend(replies)

    def requests(self, path: str | None = None) -> list[tuple[float, str, int, dict[str, str]]]:
        with self._lock:
            return [entry for entry in self.log if path is None or entry[1] == path]

    def page_url(self, article: SiteArticle) -> str:
        return f"{self.base}{article.path}"

    def feed_xml(self) -> bytes:
        with self._lock:
            articles = list(self.articles)
            extra = list(self.extra_items)
        items = []
        for item in extra:
            items.append(
                f"<item><title>{escape(item['title'])}</title><link>{escape(item['url'])}</link>"
                f"<guid>{escape(item['guid'])}</guid><description>{escape(item['summary'])}</description></item>"
            )
        for article in reversed(articles):
            url = f"{self.base}{article.path}"
            items.append(
                f"<item><title>{escape(article.title)}</title><link>{url}</link>"
                f'<guid isPermaLink="true">{url}</guid>'
                f"<pubDate>{format_datetime(article.published)}</pubDate>"
                f"<description>{escape('<p>' + escape(article.summary) + '</p>')}</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(self.name)}</title><link>{self.base}/</link><language>en</language>"
            + "".join(items)
            + "</channel></rss>"
        ).encode()

    def page_html(self, article: SiteArticle) -> bytes:
        body = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(article.title)}</title>"
            f'<meta property="og:site_name" content="{escape(self.name)}">'
            f'<meta property="article:published_time" content="{article.published.isoformat()}">'
            f'<link rel="canonical" href="{self.base}{article.path}"></head><body>'
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{escape(article.title)}</h1>{body}</article>"
            f"<footer><p>© 2024 {escape(self.name)}. All rights reserved.</p></footer></body></html>"
        ).encode()

    # -- serving ---------------------------------------------------------------------------------------

    def _answer(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            queue = self._scripts.get(path)
            if queue:
                return queue.pop(0)
        if path == "/robots.txt":
            return Reply(200, self.robots.encode(), {"Content-Type": "text/plain"})
        if path == "/feed.xml":
            return self._feed(headers)
        for article in self.articles:
            if article.path == path:
                return Reply(
                    200, self.page_html(article), {"Content-Type": "text/html; charset=utf-8"}, self.latency
                )
        return Reply(404, b"<html><body>not found</body></html>", {"Content-Type": "text/html"})

    def _feed(self, headers: dict[str, str]) -> Reply:
        body = self.feed_override if self.feed_override is not None else self.feed_xml()
        reply_headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if self.validators:
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            latest = max((a.published for a in self.articles), default=datetime(2024, 1, 1, tzinfo=UTC))
            reply_headers |= {"ETag": etag, "Last-Modified": format_datetime(latest, usegmt=True)}
            if headers.get("if-none-match") == etag:
                return Reply(304, b"", reply_headers)
            since = headers.get("if-modified-since")
            if since and "if-none-match" not in headers and parsedate_to_datetime(since) >= latest:
                return Reply(304, b"", reply_headers)
        return Reply(200, body, reply_headers)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                headers = {key.lower(): value for key, value in self.headers.items()}
                reply = site._answer(self.path, headers)
                with site._lock:
                    site.log.append((time.monotonic(), self.path, reply.status, headers))
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body
                out_headers = dict(reply.headers)
                compress = site.gzip_responses and "gzip" in headers.get("accept-encoding", "")
                if compress and len(body) > 200 and "Content-Encoding" not in out_headers:
                    body = gzip.compress(body, compresslevel=1)
                    out_headers["Content-Encoding"] = "gzip"
                try:
                    self.send_response(reply.status)
                    for key, value in out_headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if body and reply.status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
