"""Live news speed: items/s from feeds on 20 loopback hosts (2,000 items), and CPU per item by stage.

Twenty fictional outlets (``bench/newssite.py``, real HTTP servers on 127.0.0.1, gzip on) publish 100
items each about 150 shared fictional events. One ``Watcher.poll`` fetches the feeds and every page,
extracts, embeds, clusters and stores them, into a fresh store with the models already loaded. Host rate
limits are off (``host_rate=0``): the hosts are ours; with the default of one request per second per host
the same poll would take about 100 s by design.

CPU per item, by stage: fetch (the fetch thread: HTTP, gzip), parse (feeds), extract (trafilatura and
decoding), embed (features: static embeddings of title and lead, names, figures, MinHash), cluster (story
assignment, copies, rewrite checks, writing the result), other (cleaning, storing). The pipeline's stages
are process CPU while they run (``Pipeline.times``), so they also count whatever the fetch thread did
meanwhile.

Each page answers after ``--latency`` (50 ms, a quick real server; loopback alone answers in microseconds,
which no real site does). Baselines measured in the same run: fetching pages one after another with a plain
``httpx.Client`` (what a simple script does; 200 of them, it is slow), and our concurrent polite fetcher
fetching all 2,000 pages alone.

    python -m bench.live [--hosts 20] [--items 100] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import wait
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.newssite import NewsSite

SEQUENTIAL_SAMPLE = 200  # pages the sequential baseline fetches (it is slow by nature)
# Report stages, and the pipeline's own stages (``Pipeline.times``) each one sums.
PIPELINE_STAGES = {
    "embed": ("features",),  # static embeddings of title and lead, names, figures, MinHash
    "cluster": ("load", "copies", "cluster", "rewrites", "write"),
}
STAGES = ("fetch", "parse", "extract", "embed", "cluster", "other")


def run(hosts: int, items: int, latency: float) -> dict[str, Any]:
    import httpx

    from newsprism import Pipeline
    from newsprism.ingest.feeds import FeedLink
    from newsprism.live.fetcher import Fetcher
    from newsprism.live.http import HttpSettings
    from newsprism.live.watch import Watcher, WatchSettings
    from newsprism.models import Models

    models = Models()
    models.static_embedder.encode(["warm up"])
    http = HttpSettings(host_rate=0, host_concurrency=4)
    figures: dict[str, Any] = {"hosts": hosts, "items": hosts * items, "latency_ms": round(latency * 1000)}

    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        sites = [stack.enter_context(NewsSite(f"Outlet {n:02d} News", latency=latency)) for n in range(hosts)]
        for n, site in enumerate(sites):
            site.publish(items, events=[(n * 7 + i * 3) % 150 for i in range(items)])
        pages = [site.page_url(a) for site in sites for a in site.articles]

        sample = pages[:: max(1, len(pages) // SEQUENTIAL_SAMPLE)]
        started = time.perf_counter()
        with httpx.Client() as client:
            for url in sample:
                client.get(url).raise_for_status()
        sequential = time.perf_counter() - started
        figures["baseline: sequential httpx fetch"] = {"items_per_s": round(len(sample) / sequential, 1)}

        with Fetcher(http) as fetcher:
            started = time.perf_counter()
            futures = [fetcher.get(url) for url in pages]
            wait(futures)
            assert all(f.result().status == 200 for f in futures)
            concurrent = time.perf_counter() - started
        figures["newsprism fetch only (concurrent, polite)"] = {
            "items_per_s": round(len(pages) / concurrent, 1)
        }

        with Pipeline.open(Path(tmp) / "live.db", models=models, batch_size=64) as pipeline:
            watcher = Watcher(pipeline, WatchSettings(http=http, batch_size=64))
            watcher.follow([FeedLink(site.feed_url) for site in sites])
            cpu_started = time.process_time()
            report = watcher.poll()
            cpu_total = time.process_time() - cpu_started
            stories = len(pipeline.stories())
            cpu = dict(pipeline.times.cpu)
        ingested = report.pages + report.summaries
        assert ingested == hosts * items and not report.item_errors, report.to_dict()
        figures["newsprism watch (end to end)"] = {
            "items_per_s": round(ingested / report.seconds, 1),
            "seconds": round(report.seconds, 2),
            "stories": stories,
        }
        totals = {stage: report.cpu[stage] for stage in ("fetch", "parse", "extract")}
        for stage, parts in PIPELINE_STAGES.items():
            totals[stage] = sum(cpu.get(part, 0.0) for part in parts)
        totals["other"] = report.cpu["ingest"] - totals["embed"] - totals["cluster"]
        figures["cpu_ms_per_item"] = {stage: round(1000 * totals[stage] / ingested, 2) for stage in STAGES}
        figures["cpu_ms_per_item"]["total (process)"] = round(1000 * cpu_total / ingested, 2)
    return figures


def print_table(figures: dict[str, Any]) -> None:
    print(
        f"\nLive news from {figures['hosts']} loopback hosts, {figures['items']} feed items, "
        f"pages answering in {figures['latency_ms']} ms, 2-core CPU"
    )
    print(f"{'system':44s} {'items/s':>9s}")
    for name, values in figures.items():
        if isinstance(values, dict) and "items_per_s" in values:
            extra = f"  ({values['seconds']} s, {values['stories']} stories)" if "stories" in values else ""
            print(f"{name:44s} {values['items_per_s']:>9.1f}{extra}")
    print("CPU per item (ms): " + ", ".join(f"{k} {v}" for k, v in figures["cpu_ms_per_item"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--items", type=int, default=100, help="items per host")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds each page takes to answer")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    figures = run(args.hosts, args.items, args.latency)
    print(json.dumps(figures, indent=2)) if args.json else print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
