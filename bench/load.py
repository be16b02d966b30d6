"""Load: 50 concurrent clients on loopback for 60 s against story pages and the API while an ingest writes.

The store is :func:`bench.web.build_store`'s (10k articles: ECB+ dev ingested for real, then replicated),
served by ``newsprism serve`` in its own process. ``newsprism ingest`` adds NeuS train articles to the same
store in a third process, started before the load and still writing when it ends (checked). The clients
(:func:`bench.web.load`, asyncio + httpx in this process) cycle through a mix of pages and API reads: the
stories page, a search, story pages, an article page, the story list, a story, its brief, an article, the
outlets. An error is any answer but 200, or none at all. Goal: 0 errors, p99 < 200 ms.

    python -m bench.load [--articles 10000] [--clients 50] [--seconds 60] [--ingest-nice 0] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.web import (
    ECB,
    NEUS,
    build_store,
    free_port,
    load,
    neus_articles,
    newsprism,
    start_ingest,
    stop,
    stored_articles,
    wait_for,
)


def targets(base: str, story: str) -> list[str]:
    """The mix of pages and API reads the clients cycle through (briefs already built)."""
    import httpx

    detail = httpx.get(f"{base}/api/v1/stories/{story}", timeout=60).json()
    article = detail["articles"][0]["id"]
    others = httpx.get(f"{base}/api/v1/stories", params={"limit": 5, "offset": 1}, timeout=60).json()
    return [
        f"{base}/",
        f"{base}/stories/{story}",
        f"{base}/?q=police",
        f"{base}/articles/{article}",
        f"{base}/api/v1/stories",
        f"{base}/api/v1/stories/{story}",
        f"{base}/api/v1/stories/{story}/brief",
        f"{base}/api/v1/articles/{article}",
        f"{base}/api/v1/stories?q=earthquake",
        f"{base}/api/v1/outlets",
        *(f"{base}/api/v1/stories/{item['id']}" for item in others["items"]),
    ]


def run(articles: int, clients: int, seconds: float, ingest_nice: int = 0) -> dict[str, Any]:
    import httpx

    figures: dict[str, Any] = {"clients": clients, "seconds": seconds, "ingest_nice": ingest_nice}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        figures["store"] = build_store(db, articles, 300)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "serve.log"
        server = newsprism(
            "--db", str(db), "serve", "--port", str(port), "--warm", "0",
            stdout=subprocess.DEVNULL, stderr=log.open("w"),
        )  # fmt: skip
        feed = neus_articles(NEUS, 20_000)
        ingest = None
        try:
            wait_for(base + "/api/v1/status")
            urls = targets(base, figures["store"]["story"])
            for url in urls:  # warm: each page rendered once, each brief read once
                httpx.get(url, timeout=600).raise_for_status()
            figures["targets"] = [url.removeprefix(base) for url in urls]
            ingest, started_with = start_ingest(db, feed, base, preexec_fn=lambda: os.nice(ingest_nice))
            figures["load_average_before"] = os.getloadavg()[0]
            figures["load"] = asyncio.run(load(urls, clients, seconds))
            figures["load_average_after"] = os.getloadavg()[0]
            figures["ingest_during_load"] = {
                "articles_stored": stored_articles(base) - started_with,
                "still_running_at_the_end": ingest.poll() is None,
            }
        finally:
            for process in (ingest, server):
                stop(process)
            feed.unlink()
            logged = log.read_text(encoding="utf-8", errors="replace").splitlines()
            figures["server_errors_logged"] = [line for line in logged if "ERROR" in line][:5]
    return figures


def print_figures(figures: dict[str, Any]) -> None:
    store, row, during = figures["store"], figures["load"], figures["ingest_during_load"]
    print(f"store: {store['articles']} articles in {store['stories']} stories; targets: {figures['targets']}")
    print(
        f"{figures['clients']} clients for {figures['seconds']:g}s on loopback while ingesting"
        f" (ingest at nice {figures['ingest_nice']}): "
        f"{row['requests']} requests, {row['requests_per_s']} req/s, p50 {row['p50_ms']} ms, "
        f"p99 {row['p99_ms']} ms, {row['errors']} errors {row['first_errors'] or ''}"
    )
    print(
        f"the concurrent ingest stored {during['articles_stored']} articles during the load"
        f" (still running at the end: {during['still_running_at_the_end']}); machine load average"
        f" {figures['load_average_before']:.1f} before, {figures['load_average_after']:.1f} after (on"
        f" {os.cpu_count()} cores); server errors logged: {figures['server_errors_logged'] or 'none'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000, help="articles stored in all")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--ingest-nice", type=int, default=0, help="run the concurrent ingest at this lower CPU priority"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    for needed in (ECB, NEUS):
        if not needed.exists():
            print(f"skipped: {needed} not found (the ../shared data folder)", file=sys.stderr)
            return 0
    figures = run(args.articles, args.clients, args.seconds, args.ingest_nice)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_figures(figures)
    return 1 if figures["load"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
