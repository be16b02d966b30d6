"""The polite HTTP client against real servers on 127.0.0.1: validators, retries, limits, robots.txt."""

from __future__ import annotations

import time

import pytest
from bench.newssite import NewsSite, Reply

from newsprism.ingest.detect import decode_body
from newsprism.live.fetch import page_document
from newsprism.live.fetcher import Fetcher
from newsprism.live.http import FetchError, HttpSettings, retry_after_seconds
from newsprism.live.robots import parse_robots
from newsprism.records import IngestError, RawDocument

FAST = HttpSettings(host_rate=0, backoff=0.05, retries=2, connect_timeout=2, read_timeout=2, deadline=5)


def fetch(fetcher: Fetcher, url: str, **options) -> object:
    try:
        return fetcher.get(url, **options).result(timeout=60)
    except FetchError as error:
        return error


def test_conditional_get_gives_304_with_the_stored_validators():
    with NewsSite() as site, Fetcher(FAST) as fetcher:
        site.publish(2)
        first = fetch(fetcher, site.feed_url)
        assert first.status == 200 and first.etag and first.last_modified
        again = fetch(fetcher, site.feed_url, etag=first.etag, last_modified=first.last_modified)
        assert again.not_modified and again.content == b""
        by_date = fetch(fetcher, site.feed_url, last_modified=first.last_modified)
        assert by_date.not_modified
        site.publish(1)
        changed = fetch(fetcher, site.feed_url, etag=first.etag, last_modified=first.last_modified)
        assert changed.status == 200 and changed.etag != first.etag
        feed_requests = site.requests("/feed.xml")
        assert feed_requests[1][3]["if-none-match"] == first.etag
        assert feed_requests[0][3]["accept-encoding"] == "gzip, deflate"
        assert feed_requests[0][3]["user-agent"].startswith("newsprism/")


def test_a_429_with_retry_after_is_waited_for_then_retried():
    with NewsSite() as site, Fetcher(FAST) as fetcher:
        [article] = site.publish(1)
        site.script(article.path, Reply(429, b"slow down", {"Retry-After": "2"}))
        started = time.monotonic()
        response = fetch(fetcher, site.page_url(article))
        assert response.status == 200
        times = [t for t, path, _, _ in site.requests(article.path)]
        assert len(times) == 2 and times[1] - times[0] >= 1.9
        assert time.monotonic() - started < 10
        # A wait longer than we are willing to spend in one poll is an error naming it, not a hang.
        site.script(article.path, Reply(503, b"", {"Retry-After": "3600"}))
        error = fetch(fetcher, site.page_url(article))
        assert isinstance(error, FetchError) and error.retry_after == 3600
        assert "HTTP 503 Service Unavailable: the server asks to wait 3600 s" in error.reason


def test_5xx_is_retried_with_backoff_then_reported():
    with NewsSite() as site, Fetcher(FAST) as fetcher:
        [article] = site.publish(1)
        site.script(article.path, Reply(502), Reply(500))
        assert fetch(fetcher, site.page_url(article)).status == 200
        site.script(article.path, *[Reply(500)] * 3)
        error = fetch(fetcher, site.page_url(article))
        assert error.reason == "HTTP 500 Internal Server Error (after 3 attempts)"
        missing = fetch(fetcher, f"{site.base}/news/404.html")
        assert missing.reason == "HTTP 404 Not Found" and len(site.requests("/news/404.html")) == 1


def test_a_slow_host_times_out_without_stalling_another_host():
    settings = HttpSettings(host_rate=0, retries=0, connect_timeout=1, read_timeout=1, deadline=2)
    with NewsSite("Slow") as slow, NewsSite("Quick") as quick, Fetcher(settings) as fetcher:
        slow_articles = slow.publish(3)
        quick_articles = quick.publish(6)
        for article in slow_articles:
            slow.script(
                article.path, Reply(200, b"<html>late</html>", {"Content-Type": "text/html"}, delay=5)
            )
        started = time.monotonic()
        slow_futures = [fetcher.get(slow.page_url(a)) for a in slow_articles]
        quick_futures = [fetcher.get(quick.page_url(a)) for a in quick_articles]
        assert all(f.result(timeout=10).status == 200 for f in quick_futures)
        assert time.monotonic() - started < 1.5  # done while the slow host is still being waited for
        for future in slow_futures:
            with pytest.raises(FetchError, match=r"timed out: no data for 1 s \(after 1 attempts\)"):
                future.result(timeout=10)


def test_redirects_are_followed_loops_and_chains_are_reported():
    with NewsSite() as site, Fetcher(FAST) as fetcher:
        [article] = site.publish(1)
        site.script("/old", Reply(301, b"", {"Location": article.path}))
        moved = fetch(fetcher, f"{site.base}/old")
        assert moved.status == 200 and moved.final_url == site.page_url(article)
        site.script("/loop/a", Reply(302, b"", {"Location": "/loop/b"}))
        site.script("/loop/b", Reply(302, b"", {"Location": "/loop/a"}))
        error = fetch(fetcher, f"{site.base}/loop/a")
        assert error.reason == f"redirect loop: {site.base}/loop/a → {site.base}/loop/b → {site.base}/loop/a"
        for n in range(7):
            site.script(f"/hop/{n}", Reply(302, b"", {"Location": f"/hop/{n + 1}"}))
        error = fetch(fetcher, f"{site.base}/hop/0")
        assert error.reason.startswith("too many redirects (more than 5): ")


def test_size_limits_hold_for_declared_and_compressed_bodies():
    with NewsSite() as site, Fetcher(FAST) as fetcher:
        site.script(
            "/huge", Reply(200, b"<p>" + b"x" * (10 * 1024 * 1024) + b"</p>", {"Content-Type": "text/html"})
        )
        error = fetch(fetcher, f"{site.base}/huge")
        assert (
            "too large: more than the 5.0 MB limit (stopped reading)" in error.reason
        )  # gzip: no length known
        site.gzip_responses = False
        site.script("/huge", Reply(200, b"x" * (10 * 1024 * 1024), {"Content-Type": "text/html"}))
        error = fetch(fetcher, f"{site.base}/huge")
        assert error.reason == "too large: 10.0 MB declared, the limit is 5.0 MB"


def test_robots_txt_is_obeyed_and_fetched_once_per_site():
    with NewsSite() as site, Fetcher(FAST) as fetcher:
        site.robots = (
            "User-agent: *\nDisallow: /\n\nUser-agent: newsprism\nDisallow: /private/\nAllow: /private/ok$\n"
        )
        [article] = site.publish(1)
        assert fetch(fetcher, site.page_url(article)).status == 200  # our group allows it
        error = fetch(fetcher, f"{site.base}/private/report.html")
        assert error.reason == "disallowed by robots.txt (Disallow: /private/)"
        assert site.requests("/private/report.html") == []
        site.script("/private/ok", Reply(200, b"<p>fine</p>", {"Content-Type": "text/html"}))
        assert fetch(fetcher, f"{site.base}/private/ok").status == 200
        assert len(site.requests("/robots.txt")) == 1
    with NewsSite() as down, Fetcher(FAST) as fetcher:
        down.script("/robots.txt", *[Reply(503)] * 3)
        [article] = down.publish(1)
        error = fetch(fetcher, down.page_url(article))
        assert error.reason.startswith("robots.txt cannot be read (HTTP 503 Service Unavailable")
        assert down.requests(article.path) == []  # RFC 9309: an unreachable robots.txt disallows everything


def test_robots_rules_follow_rfc_9309():
    rules = parse_robots(
        "User-agent: other\nDisallow: /\n\n"
        "User-agent: *\nDisallow: /news/*?share=\nDisallow: /*.pdf$\nAllow: /news/$\nDisallow: /news/\n"
        "Crawl-delay: 2\n",
        "newsprism",
    )
    assert rules.crawl_delay == 2
    allowed = {path: rules.allowed(f"https://x.example{path}") for path in (
        "/news/", "/news/a.html", "/world/a.html", "/world/a.html?share=1", "/news/a?share=tw",
        "/report.pdf", "/report.pdf?x=1", "/robots.txt",
    )}  # fmt: skip
    assert allowed == {
        "/news/": True,  # Allow /news/$ is longer than Disallow /news/
        "/news/a.html": False,
        "/world/a.html": True,
        "/world/a.html?share=1": True,
        "/news/a?share=tw": False,
        "/report.pdf": False,
        "/report.pdf?x=1": True,
        "/robots.txt": True,
    }
    assert parse_robots("User-agent: *\nDisallow:\n", "newsprism").allowed("https://x.example/a")


def test_charsets_from_the_header_the_page_or_the_bytes():
    text = "Café owners in München said the résumé was naïve – and welcome."
    assert decode_body(text.encode("cp1252"), "iso-8859-1") == text  # the web's latin-1 is cp1252
    assert decode_body(text.encode("cp1252"), "utf-8") == text  # a lying header: judged from the bytes
    assert decode_body(text.encode("utf-8"), None) == text
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None


def test_pages_in_other_charsets_and_non_pages(tmp_path):
    paragraph = "Les cafés de München ont rouvert jeudi, a déclaré la mairie, après des semaines de travaux. "
    page = f"<html><head><title>Réouverture</title></head><body><article><p>{paragraph * 3}</p></article></body></html>"
    with NewsSite() as site, Fetcher(FAST) as fetcher:
        site.script("/latin1", Reply(200, page.encode("cp1252"), {"Content-Type": "text/html"}))
        site.script("/png", Reply(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, {"Content-Type": "text/html"}))
        site.script(
            "/pdf", Reply(200, b"not really a pdf but labelled so", {"Content-Type": "application/pdf"})
        )
        latin = page_document(fetch(fetcher, f"{site.base}/latin1"), f"{site.base}/latin1")
        assert isinstance(latin, RawDocument) and "Les cafés de München" in latin.text
        assert latin.title == "Réouverture" and latin.source_kind == "web-page"
        assert latin.url == f"{site.base}/latin1"
        png = page_document(fetch(fetcher, f"{site.base}/png"), f"{site.base}/png")
        assert png == IngestError(
            f"{site.base}/png", "not a page: binary content (looks like PNG image) served as text/html"
        )
        pdf = page_document(fetch(fetcher, f"{site.base}/pdf"), f"{site.base}/pdf")
        assert pdf.reason == "not an HTML page: the server sends application/pdf"
