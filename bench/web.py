"""Web serving under load: the story page and ``/api/v1/stories``, 10k articles stored, while an ingest runs.

The store: ECB+ dev articles ingested for real (``--real`` of them, through ``Pipeline.ingest``), then
replicated through the ``Store`` API to ``--articles`` in all: each copy gets a new id, a new outlet and
publication time and one added sentence, the original's stored features, signature and bucket counts, and a
story of its own per original story and round. Briefs of the story page's story are built beforehand.

The server is ``newsprism serve`` in its own process on loopback; the load is ``--clients`` concurrent
keep-alive connections from wrk (``apt-get install wrk``) in a process of its own, for ``--seconds`` per
target. Each target is measured twice in the same run: idle, then while ``newsprism ingest`` adds NeuS
train articles to the same store in a third process. The static stylesheet is the floor: the fastest this
server and client can go.

    python -m bench.web [--articles 10000] [--real 300] [--clients 20] [--seconds 15] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ECB = SHARED / "ecbplus" / "dev.jsonl"
NEUS = SHARED / "neus" / "train.jsonl"


def build_store(db: Path, total: int, real: int) -> dict[str, Any]:
    """Ingest ``real`` ECB+ articles, then replicate them up to ``total`` through the Store API."""
    from newsprism import Pipeline
    from newsprism.cluster import ArticleFeatures
    from newsprism.records import Article

    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "ecb.jsonl"
        with ECB.open(encoding="utf-8") as source:
            sample.write_text(
                "".join(line for _, line in zip(range(real), source, strict=False)), encoding="utf-8"
            )
        started = time.perf_counter()
        with Pipeline.open(db) as pipeline:
            report = pipeline.ingest([sample])
            ingest_seconds = time.perf_counter() - started
            store = pipeline.store
            originals = [e for e in store.iter_entries() if e.story_id]
            features = store.features([e.article.id for e in originals])
            signatures = store.signatures([e.article.id for e in originals])
            base = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
            replicated, round_no = 0, 0
            started = time.perf_counter()
            while len(originals) + replicated < total:
                round_no += 1
                with store.transaction():
                    made_stories: set[str] = set()
                    for n, entry in enumerate(originals):
                        if len(originals) + replicated >= total:
                            break
                        a = entry.article
                        extra = f"Update {round_no}: the report was carried again on day {round_no}."
                        text = f"{a.text}\n\n{extra}"
                        article = Article(
                            id=hashlib.sha256(f"{a.id}:{round_no}".encode()).hexdigest()[:16],
                            outlet=f"{a.outlet} ({round_no % 40})",
                            title=a.title,
                            text=text,
                            sentences=(*a.sentences, extra),
                            text_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
                            url=None,
                            published=(a.published or base) + timedelta(days=round_no, minutes=n % 600),
                            origin=f"replica {round_no} of {a.origin}",
                        )
                        story_id = f"{entry.story_id}-{round_no}"
                        if story_id not in made_stories:
                            store.create_story(story_id, a.title, datetime.now(UTC))
                            made_stories.add(story_id)
                        store.add_article(article, datetime.now(UTC))
                        stored = features[a.id]
                        vector = stored.vector_array()
                        store.put_features(article.id, stored.data, vector, stored.channels)
                        store.add_bucket_counts(
                            ArticleFeatures.from_stored(
                                a.id, stored.data, vector, stored.channels, None
                            ).buckets()
                        )
                        store.put_signature(article.id, signatures[a.id])
                        store.assign_story(article.id, story_id)
                        replicated += 1
            replicate_seconds = time.perf_counter() - started
            top = pipeline.stories(1)[0]
            started = time.perf_counter()
            pipeline.brief(top.id)
            brief_seconds = time.perf_counter() - started
            return {
                "real_articles": report.added,
                "real_ingest_seconds": round(ingest_seconds, 1),
                "replicated_articles": replicated,
                "replicate_seconds": round(replicate_seconds, 1),
                "articles": store.article_count(),
                "stories": len(store.story_ids()),
                "story": top.id,
                "story_articles": len(top.article_ids),
                "brief_seconds": round(brief_seconds, 1),
            }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def newsprism(*args: str, **kwargs: Any) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    return subprocess.Popen([sys.executable, "-m", "newsprism.cli", *args], env=env, **kwargs)


def stored_articles(base: str) -> int:
    import httpx

    return httpx.get(base + "/api/v1/status").json()["articles"]


def start_ingest(db: Path, feed: Path, base: str, **popen: Any) -> tuple[subprocess.Popen, int]:
    """``newsprism ingest`` of ``feed`` into the served store, once its first batch is committed; with the
    number of articles stored then."""
    before = stored_articles(base)
    ingest = newsprism(
        "--db", str(db), "ingest", str(feed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen
    )
    deadline = time.monotonic() + 600
    while stored_articles(base) == before:
        if time.monotonic() > deadline or ingest.poll() is not None:
            raise RuntimeError("the concurrent ingest never stored an article")
        time.sleep(0.5)
    return ingest, stored_articles(base)


def stop(process: subprocess.Popen | None) -> None:
    """Interrupt a process still running, as Ctrl-C would, and wait for it."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGINT)
        process.wait(60)


WRK_SCRIPT = Path(__file__).with_name("wrk_paths.lua")


def cannot_run() -> str | None:
    """Why a load benchmark cannot run here (its data or wrk missing), or None."""
    for needed in (ECB, NEUS):
        if not needed.exists():
            return f"{needed} not found (the ../shared data folder)"
    if shutil.which("wrk") is None:
        return "the load generator wrk is not installed (apt-get install wrk)"
    return None


def load(urls: str | Sequence[str], clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` keep-alive connections requesting ``urls`` back to back for ``seconds`` (each wrk
    thread cycling through them from its own starting point). An error is any answer but 200, or none.

    The load comes from wrk (Debian's ``wrk``, written in C) in a process of its own: the asyncio + httpx
    client it replaced spent about 6 ms of CPU per request, more than the server, and on 2 cores it was
    mostly measuring itself.
    """
    targets = [urls] if isinstance(urls, str) else list(urls)
    base = "{0.scheme}://{0.netloc}".format(urlsplit(targets[0]))
    with tempfile.TemporaryDirectory() as tmp:
        paths = Path(tmp) / "paths.txt"
        paths.write_text("".join(url.removeprefix(base) + "\n" for url in targets), encoding="utf-8")
        command = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{round(seconds)}s", "--timeout", "60s"]
        done = subprocess.run(
            [*command, "-s", str(WRK_SCRIPT), base],
            env={**os.environ, "WRK_PATHS": str(paths)},
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 120,
        )
    found = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not found:
        raise RuntimeError(f"wrk printed no figures: {done.stdout[-500:]} {done.stderr[-500:]}")
    result = json.loads(found[0].removeprefix("RESULT "))
    socket_errors = sum(result[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    errors = result["not_200"] + socket_errors
    return {
        "requests": result["responses"] + socket_errors,
        "errors": errors,
        "first_errors": (
            [f"statuses other than 200: {result['first_statuses_not_200'].strip()}"]
            if result["not_200"]
            else []
        )
        + ([f"socket errors: {socket_errors}"] if socket_errors else []),
        "requests_per_s": round(result["responses"] / result["seconds"], 1),
        "p50_ms": result["p50_ms"],
        "p90_ms": result["p90_ms"],
        "p99_ms": result["p99_ms"],
        "max_ms": result["max_ms"],
    }


def wait_for(url: str, seconds: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f}s")


def neus_articles(path: Path, limit: int) -> Path:
    """NeuS train's article lists flattened into one JSONL file for `newsprism ingest`."""
    out = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    written = 0
    with path.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as sink:
        for line in source:
            for n, article in enumerate(json.loads(line)["articles"]):
                record = {"title": article.get("title"), "text": article.get("text"), "outlet": f"neus-{n}"}
                sink.write(json.dumps(record) + "\n")
                written += 1
            if written >= limit:
                break
    return out


def run(articles: int, real: int, clients: int, seconds: float) -> dict[str, Any]:
    import httpx

    figures: dict[str, Any] = {"clients": clients, "seconds_per_target": seconds}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        figures["store"] = build_store(db, articles, real)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = newsprism(
            "--db",
            str(db),
            "serve",
            "--port",
            str(port),
            "--warm",
            "0",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        feed = neus_articles(NEUS, 3000)
        ingest = None
        try:
            wait_for(base + "/api/v1/status")
            targets = {
                "static stylesheet (floor)": f"{base}/static/app.css",
                "story page": f"{base}/stories/{figures['store']['story']}",
                "/api/v1/stories": f"{base}/api/v1/stories",
            }
            for url in targets.values():
                httpx.get(url, timeout=600).raise_for_status()  # warm: brief read once, page rendered once
            for name, url in targets.items():
                figures.setdefault(name, {})["idle"] = load(url, clients, seconds)
            ingest, started_with = start_ingest(db, feed, base)
            for name, url in targets.items():
                figures[name]["while ingesting"] = load(url, clients, seconds)
            figures["ingest_during_load"] = {
                "articles_stored": stored_articles(base) - started_with,
                "still_running": ingest.poll() is None,
            }
        finally:
            for process in (ingest, server):
                stop(process)
            feed.unlink()
    return figures


def print_table(figures: dict[str, Any]) -> None:
    store = figures["store"]
    print(
        f"store: {store['articles']} articles in {store['stories']} stories"
        f" ({store['real_articles']} ECB+ articles ingested for real in {store['real_ingest_seconds']}s,"
        f" {store['replicated_articles']} replicated through the Store API in {store['replicate_seconds']}s);"
        f" story page: {store['story']} ({store['story_articles']} articles,"
        f" brief built in {store['brief_seconds']}s beforehand)"
    )
    print(f"{figures['clients']} concurrent clients, {figures['seconds_per_target']:g}s per target, loopback")
    print(f"{'target':28} {'while':16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name in ("static stylesheet (floor)", "story page", "/api/v1/stories"):
        for when in ("idle", "while ingesting"):
            row = figures[name][when]
            print(
                f"{name:28} {when:16} {row['requests_per_s']:>8} {row['p50_ms']:>8} {row['p99_ms']:>8}"
                f" {row['errors']:>7}"
            )
    during = figures["ingest_during_load"]
    print(f"the concurrent ingest stored {during['articles_stored']} articles during the loaded runs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000, help="articles stored in all")
    parser.add_argument("--real", type=int, default=300, help="ECB+ articles ingested for real first")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0, help="load time per target and condition")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if reason := cannot_run():
        print(f"skipped: {reason}", file=sys.stderr)
        return 0
    figures = run(args.articles, args.real, args.clients, args.seconds)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
