"""Watching feeds on loopback news sites: new items over polls, 304s, bad items among good ones, slow hosts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.newssite import NewsSite, Reply

from newsprism.ingest.feeds import FeedLink
from newsprism.live.http import HttpSettings
from newsprism.live.watch import Watcher, WatchSettings

pytestmark = pytest.mark.slow
FAST = HttpSettings(host_rate=0, backoff=0.05, retries=1, connect_timeout=1, read_timeout=1, deadline=3)


def article_count(pipeline) -> int:
    return pipeline.store.article_count()


def test_new_items_appear_over_polls_and_unchanged_feeds_cost_a_304(pipeline):
    with NewsSite("Harbour Herald") as herald, NewsSite("Estuary Times") as estuary:
        herald.publish(3)
        estuary.publish(2, events=[0, 1])  # the same two events as the Herald's first two
        watcher = Watcher(pipeline, WatchSettings(http=FAST))
        watcher.follow([FeedLink(herald.feed_url), FeedLink(estuary.feed_url)])

        first = watcher.poll()
        assert (first.new_items, first.pages, first.added, first.feed_errors, first.item_errors) == (
            5,
            5,
            5,
            [],
            [],
        )
        stories = pipeline.stories()
        assert sum(len(s.article_ids) for s in stories) == 5  # every article placed in a story
        assert max(len(s.outlets) for s in stories) == 2  # reports of one event by both outlets grouped

        second = watcher.poll()
        assert (second.feeds_not_modified, second.new_items, second.added) == (2, 0, 0)
        assert [r[2] for r in herald.requests("/feed.xml")] == [200, 304]

        herald.publish(2, events=[2, 7])
        third = watcher.poll()
        assert (third.feeds_not_modified, third.new_items, third.added) == (1, 2, 2)
        assert article_count(pipeline) == 7
        assert len(herald.requests("/news/1.html")) == 1  # nothing fetched twice

        # A feed that ignores validators re-lists old items: they are known, nothing is fetched again.
        herald.validators = False
        fourth = watcher.poll()
        assert (fourth.new_items, fourth.added) == (0, 0)
        assert len(herald.requests("/news/1.html")) == 1

        items = watcher.state.items()
        assert len(items) == 7 and {i["status"] for i in items} == {"page"}
        assert all(i["article_id"] for i in items)
        stored = pipeline.store.entry(items[0]["article_id"]).article
        assert stored.source_kind == "web-page"
        assert stored.origin == items[0]["url"] and stored.outlet in {"Harbour Herald", "Estuary Times"}
        herald_feed = watcher.state.feeds([herald.feed_url])[0]
        assert (
            herald_feed.items_seen == 5 and herald_feed.last_status == 200 and herald_feed.last_error is None
        )


def test_each_bad_item_gets_a_clear_error_and_the_rest_continue(pipeline):
    cp1252_page = (
        "<html><head><title>Café owners cheer the reopening of the quay</title></head><body><article>"
        + "<p>Café owners in München said the résumé of the season was naïve, but the reopening of the old "
        "quay on Thursday brought the first visitors back to the waterfront after three weeks.</p>"
        * 3
        + "</article></body></html>"
    ).encode("cp1252")
    with NewsSite("Harbour Herald") as site, NewsSite("Broken Wire") as broken:
        good = site.publish(3)
        loop = site.add_item(
            "/loop/a", "Redirect loop item", "Summary of the looping item, kept from the feed."
        )
        site.script("/loop/a", Reply(302, b"", {"Location": "/loop/b"}))
        site.script("/loop/b", Reply(302, b"", {"Location": "/loop/a"}))
        huge = site.add_item("/huge.html", "Huge page item")
        site.script(
            "/huge.html", Reply(200, b"<p>" + b"x" * (10 * 1024 * 1024), {"Content-Type": "text/html"})
        )
        latin = site.add_item("/latin.html", "Latin page item")
        site.script("/latin.html", Reply(200, cp1252_page, {"Content-Type": "text/html"}))
        private = site.add_item(
            "/private/memo.html", "Private memo", "The memo's summary, as the feed gives it."
        )
        missing = site.add_item(
            "/gone.html", "Gone item", "This page was deleted, but the feed still says this much."
        )
        broken.feed_override = b"<?xml version='1.0'?><rss><channel><title>Broken</title><item><title>Half"
        broken.publish(1)
        garbage = NewsSite("Garbage")
        garbage.feed_override = b"<html><body>Not a feed</body></html>"

        with garbage:
            watcher = Watcher(pipeline, WatchSettings(http=FAST))
            watcher.follow([FeedLink(u) for u in (site.feed_url, broken.feed_url, garbage.feed_url)])
            report = watcher.poll()

        errors = {e.origin: e.reason for e in report.item_errors}
        assert errors[loop] == (
            f"redirect loop: {site.base}/loop/a → {site.base}/loop/b → {site.base}/loop/a; used the feed's summary"
        )
        assert errors[huge].startswith("too large: more than the 5.0 MB limit (stopped reading)")
        assert errors[huge].endswith("; and the feed item carries no text")
        assert errors[private] == "disallowed by robots.txt (Disallow: /private/); used the feed's summary"
        assert errors[missing] == "HTTP 404 Not Found; used the feed's summary"
        assert latin not in errors
        feed_errors = {e.origin: e.reason for e in report.feed_errors}
        assert feed_errors[broken.feed_url].startswith("malformed XML at line 1:")
        assert (
            feed_errors[garbage.feed_url]
            == "not a feed: this is an HTML page (no RSS, Atom or RDF root element)"
        )
        assert site.requests("/private/memo.html") == []

        items = {i["url"]: i for i in watcher.state.items(site.feed_url)}
        assert all(items[site.page_url(a)]["status"] == "page" for a in good)
        assert items[latin]["status"] == "page"
        assert "Café owners in München" in pipeline.store.entry(items[latin]["article_id"]).article.text
        for url in (loop, private, missing):
            assert items[url]["status"] == "summary" and items[url]["error"]
            assert pipeline.store.entry(items[url]["article_id"]).article.source_kind == "feed-summary"
        assert items[huge]["status"] == "failed" and items[huge]["article_id"] is None
        # The broken feed's half item is kept from before the error, but has neither link nor text.
        half = [e for e in report.item_errors if e.origin.startswith(f"{broken.feed_url}#")]
        assert [e.reason for e in half] == [
            "the feed item carries no text (no description, summary or content)"
        ]
        assert (report.pages, report.summaries, report.failed_items) == (4, 3, 2)
        feeds = {f.url: f for f in watcher.state.feeds()}
        assert feeds[garbage.feed_url].failures == 1 and feeds[garbage.feed_url].last_error.startswith(
            "not a feed"
        )
        assert feeds[site.feed_url].failures == 0 and feeds[site.feed_url].items_from_summary == 3


def test_a_slow_host_does_not_stall_the_others_and_falls_back_to_summaries(pipeline):
    with NewsSite("Slow Post") as slow, NewsSite("Quick Daily") as quick:
        slow_articles = slow.publish(2)
        quick.publish(4)
        for article in slow_articles:
            slow.script(
                article.path, *[Reply(200, b"<p>late</p>", {"Content-Type": "text/html"}, delay=4)] * 2
            )
        progress = []
        watcher = Watcher(pipeline, WatchSettings(http=FAST), lambda shown: progress.append(shown.items_done))
        watcher.follow([FeedLink(slow.feed_url), FeedLink(quick.feed_url)])
        report = watcher.poll()
        assert report.pages == 4 and report.summaries == 2
        assert all(
            "timed out" in e.reason and e.reason.endswith("used the feed's summary")
            for e in report.item_errors
        )
        assert report.seconds < 15
        assert progress and progress[-1] == 6


def test_watch_once_and_feeds_from_the_command_line(tmp_path: Path):
    db = tmp_path / "cli.db"
    env = {**os.environ, "NEWSPRISM_DB": str(db)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "newsprism.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    with NewsSite("Harbour Herald") as site:
        site.publish(3)
        feeds_file = tmp_path / "feeds.txt"
        feeds_file.write_text(f"# test feeds\n{site.feed_url}\n")
        result = run("watch", "--once", "--rate", "0", "--json", str(feeds_file))
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert (report["new_items"], report["pages"], report["added"]) == (3, 3, 3)
        again = run("watch", "--once", "--rate", "0")  # no FEEDS: the stored list
        assert again.returncode == 0, again.stderr
        assert "polled 1 feeds (1 unchanged, 0 with errors): 0 new items" in again.stdout
        listed = json.loads(run("feeds", "--json").stdout)
        assert [(f["url"], f["items_seen"], f["last_status"]) for f in listed] == [(site.feed_url, 3, 304)]
        assert run("feeds").stdout.count("Harbour Herald") == 1
        [article] = site.publish(1)
        fetched = run("fetch", "--rate", "0", "--json", site.page_url(article), f"{site.base}/nothing")
        assert fetched.returncode == 0, fetched.stderr
        report = json.loads(fetched.stdout)
        assert report["added"] == 1
        assert report["errors"] == [{"origin": f"{site.base}/nothing", "reason": "HTTP 404 Not Found"}]
        ingested = run("ingest", "--json", site.feed_url)  # a feed URL through ingest: its items' pages
        assert json.loads(ingested.stdout)["already_stored"] == 4
        assert run("feeds", "--remove", site.feed_url).returncode == 0
        assert json.loads(run("feeds", "--json").stdout) == []
    nothing = run("watch", "--once")
    assert nothing.returncode == 1
    assert "no feeds to watch" in nothing.stderr


def test_watch_polls_again_when_feeds_are_due_until_stopped(pipeline):
    import threading

    with NewsSite("Harbour Herald") as site:
        site.publish(2)
        watcher = Watcher(pipeline, WatchSettings(interval=1.0, http=FAST))
        watcher.follow([FeedLink(site.feed_url)])
        stop = threading.Event()
        reports = []

        def on_poll(report) -> None:
            reports.append(report)
            if len(reports) == 1:
                site.publish(1)  # news arrives between two polls
            if sum(r.added for r in reports) == 3:
                stop.set()

        runner = threading.Thread(target=watcher.watch, args=(None, stop, on_poll))
        runner.start()
        runner.join(timeout=120)
        assert not runner.is_alive()
        assert [r.added for r in reports if r.added] == [2, 1]
        assert len(site.requests("/robots.txt")) == 1  # one fetcher across polls: robots.txt kept
