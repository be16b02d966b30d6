"""Throughput of the Spark batch job in local[1] and local[2], beside the local pipeline in the same run.

Data: ``bench.scale.documents``, the ECB+ dev documents repeated with perturbations (each replica a new
look-alike event), written as JSON Lines in ``--files`` files so the executors can read in parallel. The
local pipeline ingests the very same files into a fresh SQLite store (``Pipeline.ingest``). Briefs are
left out of every figure (they cost the same per story on either path; see docs/spark.md): the job runs
read → clean → features → copies → stories → rewrites → Parquet, the pipeline read → ... → SQLite.

Articles/s counts the job's wall time after the Spark session is up (its start-up, ~10 s, is printed
apart; each master runs in a new process, so each starts a JVM of its own); each stage's seconds show
where the time goes, and the driver's serial ``stories`` share bounds what more executors can gain
(``copies`` runs on the executors during ``stories``, so the stages add up to more than the wall time).
Each figure carries the CPU seconds the run used (driver, JVM and Python workers) and the 1-minute load
average before and after it: on a machine shared with other work, wall times are only comparable at
similar loads, CPU seconds much more so.

    python -m bench.spark [--sizes 20000 100000] [--masters local[1] local[2]] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from bench.scale import DEFAULT_DATA, documents

T = TypeVar("T")


def write_inputs(data: Path, size: int, folder: Path, files: int) -> list[Path]:
    """``size`` generated documents as JSON Lines, in consecutive runs per file, so arrival order (file by
    file) is the generator's order."""
    paths = [folder / f"part-{n:03d}.jsonl" for n in range(files)]
    per_file = -(-size // files)
    stream = documents(data)
    for path in paths:
        with path.open("w", encoding="utf-8") as out:
            for doc in islice(stream, per_file):
                record = {
                    "title": doc.title,
                    "text": doc.text,
                    "url": doc.url,
                    "outlet": doc.outlet,
                    "published": doc.published.isoformat() if doc.published else None,
                    "language": doc.language,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return paths


def run_spark(paths: list[Path], master: str, out: Path) -> dict[str, Any]:
    from newsprism.batch.job import BatchOptions, run_batch, spark_session

    options = BatchOptions(master=master, briefs=False, spark_conf={"spark.driver.memory": "6g"})
    load = os.getloadavg()[0]
    started = time.perf_counter()
    spark = spark_session(options)
    startup = time.perf_counter() - started
    try:
        started, cpu = time.perf_counter(), _cpu_seconds()
        report = run_batch(paths, out, options, spark=spark)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    finally:
        spark.stop()
    return {
        "articles": report.articles,
        "stories": report.stories,
        "seconds": round(seconds, 1),
        "startup_seconds": round(startup, 1),
        "articles_per_s": round(report.articles / seconds, 1),
        "stages": report.seconds,
        "serial_share": round(report.seconds.get("stories", 0.0) / seconds, 3),
        "cpu_seconds": round(cpu, 1),
        "load": [round(load, 1), round(os.getloadavg()[0], 1)],
    }


def run_local(paths: list[Path], db: Path) -> dict[str, Any]:
    from newsprism import Pipeline
    from newsprism.models import Models

    models = Models()
    models.static_embedder.encode(["warm up"])
    load = os.getloadavg()[0]
    with Pipeline.open(db, models=models) as pipeline:
        started, cpu = time.perf_counter(), _cpu_seconds()
        report = pipeline.ingest(paths)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        stages = {k: round(v, 1) for k, v in pipeline.times.wall.items()}
        stories = pipeline.store.story_count()
    return {
        "articles": report.added,
        "stories": stories,
        "seconds": round(seconds, 1),
        "articles_per_s": round(report.added / seconds, 1),
        "stages": stages,
        "cpu_seconds": round(cpu, 1),
        "load": [round(load, 1), round(os.getloadavg()[0], 1)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--masters", nargs="*", default=["local[1]", "local[2]"])
    parser.add_argument("--files", type=int, default=8, help="input files the documents are split into")
    parser.add_argument("--no-local", action="store_true", help="skip the local pipeline's figure")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"bench.spark: {args.data} not found (the ../shared data folder); skipped", file=sys.stderr)
        return 0
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    figures: dict[str, Any] = {"cores": os.cpu_count(), "sizes": {}}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            paths = write_inputs(args.data, size, folder, args.files)
            row: dict[str, Any] = {}
            for master in args.masters:
                row[master] = _in_new_process(run_spark, paths, master, folder / f"out-{len(row)}")
                _show(size, master, row[master], args.json)
            if not args.no_local:
                row["local pipeline"] = run_local(paths, folder / "local.db")
                _show(size, "local pipeline", row["local pipeline"], args.json)
            figures["sizes"][size] = row
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


def _cpu_seconds() -> float:
    """CPU seconds used so far by this process and every process under it (the JVM and its Python
    workers), from /proc: unlike articles/s, it barely moves with other work on the machine. 0 off Linux."""
    if not Path("/proc/self/stat").exists():
        return 0.0
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # the process ended meanwhile
                continue
            fields = stat[stat.rindex(")") + 2 :].split()  # from the state on: the name may hold spaces
            parents[int(entry.name)] = int(fields[1])
            used[int(entry.name)] = sum(int(ticks) for ticks in fields[11:15])  # utime stime cutime cstime
    me = os.getpid()

    def mine(pid: int) -> bool:
        while pid > 1 and pid != me:
            pid = parents.get(pid, 0)
        return pid == me

    return sum(ticks for pid, ticks in used.items() if mine(pid)) / os.sysconf("SC_CLK_TCK")


def _in_new_process(function: Callable[..., T], *args: Any) -> T:
    """Each master in a JVM of its own, as a real job has: one that ran the previous master has its code
    compiled already (tens of CPU-seconds the first job pays), which would favour every master after it."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def _show(size: int, name: str, result: dict[str, Any], quiet: bool) -> None:
    if quiet:
        return
    stages = ", ".join(f"{k} {v:.0f}s" for k, v in result["stages"].items())
    extra = f" (+{result['startup_seconds']}s start-up)" if "startup_seconds" in result else ""
    print(
        f"{size:>7} articles  {name:<15} {result['articles_per_s']:>7.1f} articles/s"
        f"  {result['seconds']:>7.1f}s{extra}  {result['stories']} stories  [{stages}]"
        f"  cpu {result['cpu_seconds']:.0f}s  load {result['load'][0]}-{result['load'][1]}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
