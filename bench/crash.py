"""Crash safety: ``newsprism ingest`` killed with SIGKILL at random points, then run again to the end.

Each run starts from an empty store, starts ``newsprism ingest`` on the input in its own process, kills it
(SIGKILL, no chance to clean up) at a random moment, checks ``PRAGMA integrity_check``, runs the same
ingest again to completion, and compares the store with one an uninterrupted run produced. Compared (see
:func:`snapshot`): every article's stored fields in ingest order, every story's id, headline and members,
provenance (kind, original, score), clustering features (with each article's neighbours), MinHash
signatures and the bucket document frequencies. Times (``ingested_at``, ``created_at``) are not compared:
they say when, not what.

    python -m bench.crash [--runs 20] [--articles 535] [--seed 9] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ECB = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus" / "dev.jsonl"

# What is compared, table by table: the rows that say what the store holds, in a fixed order.
_SNAPSHOT_QUERIES = {
    "articles": "SELECT id, outlet, title, text, sentences, text_hash, url, published, language, origin,"
    " source_kind, story_id FROM articles ORDER BY seq",
    "stories": "SELECT s.id, s.headline, group_concat(a.id) FROM stories s"
    " LEFT JOIN (SELECT id, story_id FROM articles ORDER BY seq) a ON a.story_id = s.id"
    " GROUP BY s.id ORDER BY s.id",
    "provenance": "SELECT article_id, kind, original_id, score FROM provenance ORDER BY article_id",
    "features": "SELECT article_id, data, vector, channels FROM features ORDER BY article_id",
    "signatures": "SELECT article_id, minhash FROM signatures ORDER BY article_id",
    "bucket_df": "SELECT bucket, df FROM bucket_df ORDER BY bucket",
}


def snapshot(db: Path) -> dict[str, str]:
    """Row count and a SHA-256 of the rows of each compared table (``name: "count:hash"``)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        found = {}
        for name, query in _SNAPSHOT_QUERIES.items():
            digest, count = hashlib.sha256(), 0
            for row in connection.execute(query):
                digest.update(repr(tuple(row)).encode())
                count += 1
            found[name] = f"{count}:{digest.hexdigest()[:16]}"
        return found


def integrity(db: Path) -> str:
    """``PRAGMA integrity_check``'s answer: "ok" or the damage found."""
    with sqlite3.connect(db) as connection:
        return "; ".join(r[0] for r in connection.execute("PRAGMA integrity_check"))


def progress(db: Path) -> tuple[int, int]:
    """Articles stored and articles stored but not yet in a story (0, 0 before the store exists)."""
    if not db.exists():
        return 0, 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as connection:
            row = connection.execute("SELECT count(*), count(*) - count(story_id) FROM articles").fetchone()
            return int(row[0]), int(row[1])
    except sqlite3.OperationalError:  # not migrated yet
        return 0, 0


def ingest(db: Path, inputs: list[Path], *options: str) -> subprocess.Popen:
    """``newsprism ingest`` in a process of its own, as a user starts it."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    command = [sys.executable, "-m", "newsprism.cli", "--db", str(db), "ingest", *map(str, inputs), "--json"]
    command += options
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(db: Path, inputs: list[Path]) -> dict:
    """Run an ingest to the end; its JSON report."""
    process = ingest(db, inputs)
    out, errors = process.communicate(timeout=1800)
    if process.returncode != 0:
        raise RuntimeError(f"ingest failed ({process.returncode}): {errors[-2000:]}")
    return json.loads(out)


def kill_after(db: Path, inputs: list[Path], seconds: float) -> bool:
    """Start an ingest and SIGKILL it after ``seconds``; False when it had already finished by then."""
    process = ingest(db, inputs)
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.communicate()
        return True


def kill_when_stored(db: Path, inputs: list[Path], articles: int) -> tuple[int, int] | None:
    """Start an ingest and SIGKILL it once at least ``articles`` are stored (polling every 10 ms); where it
    landed (:func:`progress`), or None when it finished first."""
    process = ingest(db, inputs)
    while process.poll() is None:
        if progress(db)[0] >= articles:
            process.send_signal(signal.SIGKILL)
            process.communicate()
            return progress(db)
        time.sleep(0.01)
    process.communicate()
    return None


@dataclass
class CrashRun:
    """One run: where each kill landed (articles stored, of them not yet in a story), and the outcome."""

    delays: list[float]
    landed: list[tuple[int, int]] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    articles_lost: int = 0


def crash_run(db: Path, inputs: list[Path], delays: list[float], reference: dict[str, str]) -> CrashRun:
    """Kill an ingest after each of ``delays`` in turn, then finish it and compare with ``reference``."""
    run = CrashRun(delays)
    for delay in delays:
        if kill_after(db, inputs, delay):
            run.landed.append(progress(db))
            run.integrity.append(integrity(db) if db.exists() else "ok")
    finish(db, inputs)
    run.integrity.append(integrity(db))
    found = snapshot(db)
    run.mismatched = [name for name in reference if found[name] != reference[name]]
    run.articles_lost = int(reference["articles"].split(":")[0]) - int(found["articles"].split(":")[0])
    return run


def sample(source: Path, count: int, folder: Path) -> Path:
    """The first ``count`` records of a JSONL file, as a file of the same name (outlets may be named after
    it) in ``folder``."""
    target = folder / source.name
    with source.open(encoding="utf-8") as lines:
        target.write_text("".join(line for _, line in zip(range(count), lines, strict=False)), "utf-8")
    return target


def run(runs: int, articles: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="newsprism-crash-") as tmp:
        folder = Path(tmp)
        inputs = [sample(ECB, articles, folder)]
        started = time.perf_counter()
        finish(folder / "reference.db", inputs)
        reference_seconds = time.perf_counter() - started
        reference = snapshot(folder / "reference.db")
        results = []
        for number in range(runs):
            # One kill per run, every third run two: a store killed twice must recover just the same.
            kills = 2 if number % 3 == 2 else 1
            delays = [round(rng.uniform(0.5, reference_seconds), 2) for _ in range(kills)]
            db = folder / f"run-{number}.db"
            result = crash_run(db, inputs, delays, reference)
            results.append(result)
            print(
                f"run {number + 1:2}: killed after {delays} s -> landed at {result.landed}"
                f" (articles stored, not yet in a story); integrity {set(result.integrity)};"
                f" mismatched {result.mismatched or 'nothing'}",
                file=sys.stderr,
                flush=True,
            )
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    landed = [spot for r in results for spot in r.landed]
    return {
        "input": f"{ECB.name}: first {articles} records",
        "reference": {"seconds": round(reference_seconds, 1), **reference},
        "runs": runs,
        "kills": sum(len(r.delays) for r in results),
        "kills_landed": len(landed),
        "kills_before_any_article": sum(1 for stored, _ in landed if stored == 0),
        "kills_while_storing": sum(1 for stored, _ in landed if 0 < stored < articles),
        "kills_with_articles_unplaced": sum(1 for _, unplaced in landed if unplaced),
        "integrity_checks": sum(len(r.integrity) for r in results),
        "integrity_failures": sum(1 for r in results for check in r.integrity if check != "ok"),
        "runs_differing": sum(1 for r in results if r.mismatched),
        "differences": sorted({name for r in results for name in r.mismatched}),
        "articles_lost": sum(r.articles_lost for r in results),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--articles", type=int, default=535, help="ECB+ dev records ingested (535: all)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not ECB.exists():
        print(f"skipped: {ECB} not found (the ../shared data folder)", file=sys.stderr)
        return 0
    figures = run(args.runs, args.articles, args.seed)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 1 if figures["integrity_failures"] or figures["runs_differing"] else 0


if __name__ == "__main__":
    sys.exit(main())
