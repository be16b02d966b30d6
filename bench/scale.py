"""Per-article ingest cost as the store grows: 1k, 10k and 100k stored articles, extrapolated to 1M.

Data: the 535 ECB+ dev documents, repeated with perturbations. Replica r swaps every capitalised word
(people, places, organisations) for another capitalised word of the corpus, and half of the other words of
four letters or more for other words of the corpus, each choice derived from the word and r; it shifts
every year by r, scales every other figure, and is published r days later. Real words keep the texts'
statistics (token frequencies, embedding geometry) natural. The swap is the same for every document of a
replica, so the reports of one event still share their wording with each other, while each replica is a
new event of the same kind (other actors, places, figures and half its vocabulary): a look-alike, not a
copy or a rewrite of the original.

Articles arrive in chunks of 1,000 through ``Pipeline.ingest_documents`` (read, clean, features, store,
copies, cluster, rewrites), as a feed would deliver them, into one SQLite store. The cost per article is
the time of the chunk ingested when the store already holds N articles. The baseline in the same run is
the cost at the smallest size: growth is reported against it, and the curve (a least-squares fit in
log N) is extrapolated to 1M stored articles.

    python -m bench.scale [--sizes 1000 10000 100000] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus" / "dev.jsonl"
CHUNK = 1000
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_LONG_WORD = re.compile(r"\b[a-z]{4,}\b")
_NUMBER = re.compile(r"\b\d+\b")


def _pick(word: str, replica: int, vocabulary: Sequence[str]) -> str:
    digest = hashlib.blake2b(f"{word}/{replica}".encode(), digest_size=8).digest()
    return vocabulary[int.from_bytes(digest, "little") % len(vocabulary)]


class Perturbation:
    """Replica r of a text: names and half the longer words swapped for other words of the corpus (the
    same swap for every document of the replica), years shifted by r, other figures scaled."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.names = sorted({w for t in texts for w in _CAPITALISED.findall(t)})
        self.words = sorted({w for t in texts for w in _LONG_WORD.findall(t)})

    def __call__(self, text: str, replica: int) -> str:
        if replica == 0 or not text:
            return text

        def word(match: re.Match[str]) -> str:
            original = match.group()
            if hashlib.blake2b(f"{original}/{replica}".encode(), digest_size=1).digest()[0] % 2:
                return _pick(original, replica, self.words)
            return original

        def figure(match: re.Match[str]) -> str:
            value = int(match.group())
            if 1900 <= value <= 2099:
                return str(1900 + (value - 1900 + replica) % 200)
            return str(value * (replica + 1) + replica)

        text = _CAPITALISED.sub(lambda m: _pick(m.group(), replica, self.names), text)
        text = _LONG_WORD.sub(word, text)
        return _NUMBER.sub(figure, text)


def documents(data: Path) -> Iterator:
    """The ECB+ documents, then replica after replica of them, without end."""
    from newsprism.ingest import read_inputs
    from newsprism.records import RawDocument

    base = [d for d in read_inputs([data]) if isinstance(d, RawDocument)]
    perturb = Perturbation([d.text for d in base])
    replica = 0
    while True:
        for doc in base:
            yield dataclasses.replace(
                doc,
                origin=f"{doc.origin}#replica{replica}",
                text=perturb(doc.text, replica),
                title=perturb(doc.title, replica) if doc.title else doc.title,
                url=f"{doc.url}?r={replica}" if doc.url else None,
                published=doc.published + timedelta(days=replica) if doc.published else None,
            )
        replica += 1


def run(data: Path, sizes: list[int]) -> dict[str, Any]:
    from newsprism import Pipeline
    from newsprism.models import Models

    models = Models()
    models.static_embedder.encode(["warm up"])  # distils or loads the static model outside the timings
    stream = documents(data)
    checkpoints = sorted(sizes)
    figures: dict[str, Any] = {"sizes": {}}
    with (
        tempfile.TemporaryDirectory() as tmp,
        Pipeline.open(Path(tmp) / "scale.db", models=models) as pipeline,
    ):
        stored = 0
        while checkpoints:
            measuring = stored >= checkpoints[0]
            chunk = [next(stream) for _ in range(CHUNK)]
            pipeline.times.reset()
            started, cpu = time.perf_counter(), time.process_time()
            report = pipeline.ingest_documents(chunk)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
            if measuring:
                size = checkpoints.pop(0)
                figures["sizes"][str(size)] = {
                    "stored_before": stored,
                    "ms_per_article": round(1000 * seconds / len(chunk), 3),
                    "cpu_ms_per_article": round(1000 * cpu_seconds / len(chunk), 3),
                    "articles_per_s": round(len(chunk) / seconds, 1),
                    "stage_ms_per_article": {
                        stage: round(1000 * wall / len(chunk), 3)
                        for stage, wall in pipeline.times.wall.items()
                    },
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                    "load_average": round(os.getloadavg()[0], 2),  # the machine may be shared
                    "stories": pipeline.store.story_count(),
                }
                print(
                    f"measured at {size} stored: {figures['sizes'][str(size)]}", file=sys.stderr, flush=True
                )
            stored += report.added
        figures["db_mb"] = round((Path(tmp) / "scale.db").stat().st_size / 2**20, 1)
    rows = figures["sizes"]
    first, last = rows[str(min(sizes))], rows[str(max(sizes))]
    figures["growth"] = round(last["ms_per_article"] / first["ms_per_article"], 2)
    x = np.log10([float(s) for s in rows])
    slope, intercept = np.polyfit(x, [r["ms_per_article"] for r in rows.values()], 1)
    figures["extrapolated_ms_per_article_at_1M"] = round(float(slope * 6 + intercept), 3)
    figures["generator"] = (
        "ECB+ dev repeated: names and half the words swapped, years shifted, figures scaled"
    )
    return figures


def print_table(figures: dict[str, Any]) -> None:
    print(f"\nIngest cost per article as the store grows (chunks of {CHUNK}, text input, end to end)")
    header = ("stored", "ms/article", "CPU ms/art", "articles/s", "stories", "peak RSS MB", "load avg")
    print(" ".join(f"{h:>12s}" for h in header))
    for size, row in figures["sizes"].items():
        values = (
            size,
            f"{row['ms_per_article']:.2f}",
            f"{row['cpu_ms_per_article']:.2f}",
            f"{row['articles_per_s']:.1f}",
            str(row["stories"]),
            f"{row['peak_rss_mb']:.0f}",
            f"{row['load_average']:.2f}",
        )
        print(" ".join(f"{v:>12s}" for v in values))
    stages = sorted({s for row in figures["sizes"].values() for s in row["stage_ms_per_article"]})
    print("\nms per article by stage")
    print(f"{'stored':>8s} " + " ".join(f"{s:>9s}" for s in stages))
    for size, row in figures["sizes"].items():
        cells = (f"{row['stage_ms_per_article'].get(s, 0.0):9.2f}" for s in stages)
        print(f"{size:>8s} " + " ".join(cells))
    print(
        f"\ngrowth from the smallest to the largest size: {figures['growth']:.2f}x (goal ≤ 1.5x); "
        f"extrapolated to 1M stored: {figures['extrapolated_ms_per_article_at_1M']:.2f} ms/article; "
        f"store file {figures['db_mb']:.0f} MB"
    )
    print(f"data: {figures['generator']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (the ../shared data folder)", file=sys.stderr)
        return 0
    figures = run(args.data, args.sizes)
    print(json.dumps(figures, indent=2)) if args.json else print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
