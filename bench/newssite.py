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
import socket
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
    (
        "earthquake",
        (
            "A magnitude {a}.{b} earthquake struck {city} early on {day}, damaging {n} buildings",
            "{n} buildings were damaged when an earthquake of magnitude {a}.{b} hit {city} on {day}",
            "Residents of {city} fled into the streets on {day} as a {a}.{b}-magnitude quake shook the town",
        ),
    ),
    (
        "flood",
        (
            "Flooding after {n} millimetres of rain forced {m} residents of {city} from their homes on {day}",
            "About {m} people left their homes in {city} on {day} after {n} millimetres of rain fell",
            "Rivers burst their banks around {city} on {day}, and {m} residents were evacuated",
        ),
    ),
    (
        "strike",
        (
            "Port workers in {city} began a {a}-day strike on {day} over pay, halting {n} container ships",
            "A {a}-day walkout by dock workers at {city} began on {day}, leaving {n} ships waiting offshore",
            "The port of {city} came to a standstill on {day} as staff started a strike of {a} days",
        ),
    ),
    (
        "election",
        (
            "Voters in {city} elected {name} as mayor on {day} with {a}{b} percent of the vote",
            "{name} won the mayoral election in {city} on {day}, taking {a}{b} percent",
            "{city} has a new mayor: {name} was elected on {day} with a share of {a}{b} percent",
        ),
    ),
    (
        "rate",
        (
            "The central bank of {city} cut its main interest rate to {a}.{b} percent on {day}",
            "Borrowing costs in {city} fell on {day} as the central bank lowered its key rate to {a}.{b}%",
            "On {day} the {city} central bank reduced the benchmark rate to {a}.{b} percent",
        ),
    ),
    (
        "fire",
        (
            "A fire at a chemical plant near {city} on {day} injured {a} workers and closed {n} schools",
            "{a} workers were hurt in a blaze at a chemical factory outside {city} on {day}",
            "Smoke from a burning chemical plant forced {n} schools near {city} to close on {day}",
        ),
    ),
    (
        "bridge",
        (
            "The new {name} bridge in {city} opened on {day} after {a} years of construction",
            "Traffic crossed the {name} bridge in {city} for the first time on {day}",
            "After {a} years of building work, {city} opened its {name} bridge on {day}",
        ),
    ),
    (
        "match",
        (
            "{city} United beat {name} Rovers {a}-{b} on {day} to win the regional cup before {n} fans",
            "{name} Rovers lost the regional cup final {a}-{b} to {city} United on {day}",
            "{n} supporters saw {city} United lift the regional cup on {day} with a {a}-{b} win",
        ),
    ),
)
NAMES = ("Halvorsen", "Adeyemi", "Castellano", "Moravec", "Okonkwo", "Lindahl", "Petrakis", "Yamada")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DETAILS = (
    "{site} spoke to a shopkeeper in {city} who said the week had been unlike any other.",
    "A council member in {city} told {site} that the figures could still change.",
    "Our correspondent in {city} reported long queues at the town hall by midday.",
    "Schools in the district said lessons would continue as normal where possible.",
    "Rail operators added extra services between {city} and the capital.",
    "The mayor's office in {city} set up a telephone line for questions from the public.",
    "Insurance companies said they expected a rise in claims from the area.",
    "Volunteers from neighbouring towns arrived in {city} with food and blankets.",
    "Local radio stations in {city} interrupted their programmes with regular updates.",
    "Trade unions said they would meet employers again at the end of the month.",
    "The regional weather service warned that conditions could worsen overnight.",
    "Hospitals in {city} said they had treated a small number of people.",
    "A spokesperson for the national government said ministers were following events closely.",
    "Hotels in {city} reported cancellations as visitors changed their plans.",
    "Economists at a university in {city} said the long-term effects were hard to judge.",
    "Police closed several streets in the centre of {city} for most of the day.",
    "Opposition parties asked for a debate in the regional assembly next week.",
    "A church in the old town opened its doors to anyone who needed a place to rest.",
    "Farmers outside {city} said they were worried about the coming harvest.",
    "The chamber of commerce in {city} said small firms would need support.",
    "Engineers were sent to inspect roads, tunnels and power lines around {city}.",
    "Several airlines said flights to {city} were running with short delays.",
    "Residents posted photographs online that showed crowds gathering in the main square.",
    "The regional museum in {city} postponed an exhibition that was due to open.",
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
    """Title, summary and paragraphs of one outlet's report of fictional event number ``event``.

    Every report of an event states the same facts (place, day, figures) in one of several phrasings,
    with details of its own, so outlets differ as real ones do rather than copying each other.
    """
    _, phrasings = EVENTS[event % len(EVENTS)]
    seed = int(hashlib.sha256(f"event{event}".encode()).hexdigest(), 16)
    facts = {
        "city": CITIES[seed % len(CITIES)],
        "day": DAYS[(seed >> 8) % len(DAYS)],
        "a": 2 + (seed >> 16) % 7,
        "b": (seed >> 24) % 10,
        "n": 10 + (seed >> 32) % 900,
        "m": 100 + (seed >> 40) % 9000,
        "name": NAMES[(seed >> 48) % len(NAMES)],
        "site": site,
    }
    own = int(hashlib.sha256(f"{site}/{number}".encode()).hexdigest(), 16)
    lead = phrasings[own % len(phrasings)].format(**facts) + "."
    picks = []
    for shift in range(8, 200, 8):
        detail = DETAILS[(own >> shift) % len(DETAILS)]
        if detail not in picks:
            picks.append(detail)
        if len(picks) == 6:
            break
    details = [d.format(**facts) for d in picks]
    paragraphs = (
        lead,
        f"{details[0]} {details[1]}",
        f"{details[2]} {details[3]}",
        f"{details[4]} {details[5]}",
    )
    title = lead.split(",")[0].rstrip(".")
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

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes: without this, Nagle's algorithm and delayed ACKs
                # add 40 ms to every response.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

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
