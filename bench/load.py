"""Load: 50 concurrent clients on loopback for 60 s against story pages and the API while an ingest writes.

The store is :func:`bench.web.build_store`'s (10k articles: ECB+ dev ingested for real, then replicated),
served by ``newsprism serve`` in its own process. ``newsprism ingest`` adds NeuS train articles to the same
store in a third process, started before the load and still writing when it ends (checked). The clients
are wrk's keep-alive connections (:func:`bench.web.load`; ``apt-get install wrk``) in a fourth process,
each cycling through a mix of pages and API reads: the stories page, a search, story pages, an article
page, the story list, a story, its brief, an article, the outlets. An error is any answer but 200, or
none at all. Goal: 0 errors, p99 < 200 ms. The CPU seconds each process used during the load are printed
beside the machine's load average: on 2 cores shared with other work, they say who had the CPU.

    python -m bench.load [--articles 10000] [--clients 50] [--seconds 60] [--ingest-nice 0] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.web import (
    NEUS,
    build_store,
    cannot_run,
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


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a running process has used (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU time of this process's finished children (wrk, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
            before = (cpu_seconds(server.pid), cpu_seconds(ingest.pid), children_cpu_seconds())
            figures["load"] = load(urls, clients, seconds)
            after = (cpu_seconds(server.pid), cpu_seconds(ingest.pid), children_cpu_seconds())
            figures["load_average_after"] = os.getloadavg()[0]
            figures["cpu_seconds"] = {
                name: round(end - start, 1)
                for name, start, end in zip(("server", "ingest", "wrk"), before, after, strict=True)
            }
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
        f"p90 {row['p90_ms']} ms, p99 {row['p99_ms']} ms, max {row['max_ms']} ms, {row['errors']} errors"
        f" {row['first_errors'] or ''}"
    )
    cpu = figures["cpu_seconds"]
    print(f"CPU seconds during the load: server {cpu['server']}, ingest {cpu['ingest']}, wrk {cpu['wrk']}")
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
    if reason := cannot_run():
        print(f"skipped: {reason}", file=sys.stderr)
        return 0
    figures = run(args.articles, args.clients, args.seconds, args.ingest_nice)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_figures(figures)
    return 1 if figures["load"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
