"""Ingest throughput of the whole process: `newsprism ingest FILE.jsonl` from start to exit, models included.

What: each mix is written as one JSONL file and ingested by ``newsprism --db NEW.db ingest FILE --json``
run as a child process into a fresh SQLite store in a temporary folder. The wall time runs from the
child's start to its exit (interpreter start, imports, model loading, ingest, store writes); the peak RSS
is the child's own ``ru_maxrss`` (``os.wait4``); articles stored and stories are counted in the store
afterwards. Before the timed runs a 20-article ingest with each model warms the OS file cache, so neither
timed run reads its packages and weights from disk cold. Then, the default model on the English mix once
more in this process through ``newsprism.Pipeline`` (models loaded beforehand), for the wall and CPU
milliseconds per article of each stage (``Pipeline.times``).

Data, built at run time from ../shared (never copied into the repository), the first N (6,000) after
removing repeated texts:

- English: the articles of NeuS train (3 reports per story), then the English articles of SemEval-2022
  task 8 train, then ECB+ dev; with N = 6,000 every article is from NeuS (7,331 distinct texts).
- Non-English: every Spanish, Turkish, German, Arabic and French article of SemEval-2022 train, 3,052
  distinct texts (fewer than N: the count is printed).

Baseline, in the same run: the same ingests with ``NEWSPRISM_EVENT_MODEL=static`` in the child's
environment, the English static model that embedded titles and leads for story detection before the
multilingual Universal Sentence Encoder became the default.

    python -m bench.ingest [--articles N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared"
NEUS = Path("data/neus/train.jsonl")
SEMEVAL = Path("data/semeval22/train.jsonl")
ECBPLUS = Path("data/ecbplus/dev.jsonl")
EVENT_MODEL_ENV = "NEWSPRISM_EVENT_MODEL"  # newsprism.models.multilingual.EVENT_MODEL_ENV
MODELS = {"USE multilingual (default)": None, "static (baseline)": "static"}
WARM_UP_ARTICLES = 20


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _semeval(data: Path) -> Iterator[tuple[str, str, str]]:
    """(language, title, text) of both articles of every SemEval-2022 pair, in file order."""
    for record in _records(data / SEMEVAL):
        for side in ("1", "2"):
            yield record[f"lang{side}"], record.get(f"title{side}") or "", record.get(f"text{side}") or ""


def english_articles(data: Path) -> Iterator[dict[str, str]]:
    for record in _records(data / NEUS):
        for article in record["articles"]:
            yield {
                "title": article.get("title") or "",
                "text": article["text"],
                "language": "en",
                "outlet": "neus",
            }
    for language, title, text in _semeval(data):
        if language == "en":
            yield {"title": title, "text": text, "language": "en", "outlet": "semeval22"}
    for record in _records(data / ECBPLUS):
        yield {"title": "", "text": record["text"], "language": "en", "outlet": "ecbplus"}


def non_english_articles(data: Path) -> Iterator[dict[str, str]]:
    for language, title, text in _semeval(data):
        if language != "en":
            yield {"title": title, "text": text, "language": language, "outlet": "semeval22"}


def first_distinct(articles: Iterator[dict[str, str]], limit: int) -> list[dict[str, str]]:
    """The first ``limit`` articles whose text is not empty and not seen before."""
    seen: set[str] = set()
    kept: list[dict[str, str]] = []
    for article in articles:
        if len(kept) == limit:
            break
        if not article["text"].strip() or article["text"] in seen:
            continue
        seen.add(article["text"])
        kept.append(article)
    return kept


def write_jsonl(path: Path, articles: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def _newsprism_command() -> list[str]:
    script = Path(sys.executable).with_name("newsprism")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from newsprism.cli import main; sys.exit(main())"]


def _child_env(event_model: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop(EVENT_MODEL_ENV, None)
    if event_model is not None:
        env[EVENT_MODEL_ENV] = event_model
    return env


def ingest_process(jsonl: Path, db: Path, event_model: str | None) -> dict[str, Any]:
    """Run `newsprism ingest` as a child process; its wall time, peak RSS and what it stored."""
    log = db.with_suffix(".log")
    with log.open("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(
            [*_newsprism_command(), "--db", str(db), "ingest", str(jsonl), "--json"],
            stdout=stdout,
            stderr=stderr,
            env=_child_env(event_model),
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            stderr.seek(0)
            raise RuntimeError(f"newsprism ingest exited with {child.returncode}:\n{stderr.read()[-3000:]}")
        stdout.seek(0)
        report = json.loads(stdout.read())
    with sqlite3.connect(db) as store:
        stored = store.execute("SELECT count(*) FROM articles").fetchone()[0]
        stories = store.execute(
            "SELECT count(DISTINCT story_id) FROM articles WHERE story_id IS NOT NULL"
        ).fetchone()[0]
    return {
        "articles_stored": stored,
        "wall_s": round(wall, 2),
        "articles_per_s": round(stored / wall, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        "stories": stories,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "ingest_s_reported": report.get("seconds"),  # the CLI's own timer: no interpreter start or imports
        "read": report.get("read"),
        "skipped": len(report.get("errors", [])),
    }


def stage_times(jsonl: Path, tmp: Path) -> dict[str, Any]:
    """One in-process ingest with the default model, loaded beforehand: ms per article of each stage."""
    from newsprism import Pipeline
    from newsprism.models import Models

    saved = os.environ.pop(EVENT_MODEL_ENV, None)
    try:
        models = Models()
        started = time.perf_counter()
        models.event_embedder.encode(["warm up"])
        models.static_embedder.encode(["warm up"])
        load = time.perf_counter() - started
        with Pipeline.open(tmp / "stages.db", models=models) as pipeline:
            started = time.perf_counter()
            report = pipeline.ingest([jsonl])
            wall = time.perf_counter() - started
            times = pipeline.times
    finally:
        if saved is not None:
            os.environ[EVENT_MODEL_ENV] = saved
    added = max(report.added, 1)
    return {
        "articles": report.added,
        "model_load_s": round(load, 2),
        "ingest_s": round(wall, 2),
        "ms_per_article": {
            stage: {
                "wall": round(1000 * times.wall[stage] / added, 3),
                "cpu": round(1000 * times.cpu[stage] / added, 3),
            }
            for stage in times.wall
        },
    }


def run(data: Path, limit: int) -> dict[str, Any]:
    english = first_distinct(english_articles(data), limit)
    others = first_distinct(non_english_articles(data), limit)
    mixes = {"English": english, "non-English": others}
    figures: dict[str, Any] = {
        "articles_requested": limit,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "mixes": {
            name: {
                "articles": len(articles),
                "by_outlet": dict(Counter(a["outlet"] for a in articles)),
                "by_language": dict(Counter(a["language"] for a in articles)),
            }
            for name, articles in mixes.items()
        },
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        tmp = Path(folder)
        files = {name: write_jsonl(tmp / f"{name}.jsonl", articles) for name, articles in mixes.items()}
        sample = write_jsonl(tmp / "warm-up.jsonl", english[:WARM_UP_ARTICLES] + others[:WARM_UP_ARTICLES])
        for index, event_model in enumerate(MODELS.values()):
            ingest_process(sample, tmp / f"warm-up-{index}.db", event_model)
        for mix, path in files.items():
            for index, (model, event_model) in enumerate(MODELS.items()):
                result = ingest_process(path, tmp / f"{mix}-{index}.db", event_model)
                figures["runs"].append({"mix": mix, "model": model, **result})
        figures["stages"] = stage_times(files["English"], tmp)
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return figures


def print_table(figures: dict[str, Any]) -> None:
    print(f"\n`newsprism ingest` as a process, fresh store, {os.cpu_count()}-core CPU")
    for mix, values in figures["mixes"].items():
        outlets = ", ".join(f"{n} {o}" for o, n in values["by_outlet"].items())
        languages = ", ".join(f"{n} {lang}" for lang, n in values["by_language"].items())
        print(f"  {mix}: {values['articles']} articles ({outlets}; {languages})")
    header = f"{'mix':12s} {'model':27s} {'stored':>7s} {'wall s':>8s} {'articles/s':>11s}"
    print(f"\n{header} {'peak RSS MB':>12s} {'stories':>8s} {'CPU s':>8s}")
    for r in figures["runs"]:
        print(
            f"{r['mix']:12s} {r['model']:27s} {r['articles_stored']:>7d} {r['wall_s']:>8.1f} "
            f"{r['articles_per_s']:>11.1f} {r['peak_rss_mb']:>12.0f} {r['stories']:>8d} {r['cpu_s']:>8.1f}"
        )
    for mix in figures["mixes"]:
        default, static = (r for r in figures["runs"] if r["mix"] == mix)
        ratio = default["articles_per_s"] / static["articles_per_s"]
        print(f"  {mix}: the default model ingests at {ratio:.2f}x the baseline's articles/s")
    print(
        "(wall: process start to exit, imports and model loading included; CPU: user + system of the child)"
    )
    stages = figures["stages"]
    print(
        f"\nStages of the default model on the English mix, in process ({stages['articles']} articles, "
        f"models loaded beforehand in {stages['model_load_s']:.1f} s; ingest {stages['ingest_s']:.1f} s, "
        f"{stages['articles'] / stages['ingest_s']:.1f} articles/s)"
    )
    print(f"{'stage':12s} {'wall ms/article':>16s} {'CPU ms/article':>15s}")
    for stage, ms in stages["ms_per_article"].items():
        print(f"{stage:12s} {ms['wall']:>16.2f} {ms['cpu']:>15.2f}")
    total_wall = sum(ms["wall"] for ms in stages["ms_per_article"].values())
    total_cpu = sum(ms["cpu"] for ms in stages["ms_per_article"].values())
    print(f"{'total':12s} {total_wall:>16.2f} {total_cpu:>15.2f}")
    before, after = figures["load_average_before"], figures["load_average_after"]
    print(f"load average (1, 5, 15 min): {before} before, {after} after")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ../shared folder")
    parser.add_argument("--articles", type=int, default=6000, help="articles per mix (at most)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    missing = [str(args.data / p) for p in (NEUS, SEMEVAL, ECBPLUS) if not (args.data / p).is_file()]
    if missing:
        print(f"skipped: {', '.join(missing)} not found (the ../shared data folder)", file=sys.stderr)
        return 0
    figures = run(args.data, args.articles)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
