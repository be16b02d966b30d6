"""Brief speed at 5, 20 and 100 articles, stage by stage, and summary quality on NeuS val.

Speed: stories are built from ECB+ dev documents (full news articles, ~15 sentences each), every document
its own outlet: 5 and 20 articles are the first documents of one real event (13ecb, 22 documents); 100
articles are the documents of the largest topics in file order (several events: a timing case, not a
quality one). Each size is built with the default sentence model, ``fast`` (the static model, the
transformer only for pairs that may disagree on a figure), from an empty vector cache as for a story never
briefed; then with ``--sentence-model full`` cold (every sentence through the transformer) and warm (its
vectors cached, as when a growing story's brief is rebuilt: only new sentences reach the model); and with
``--sentence-model static``. The baseline measured beside it is what the brief avoids: spaCy NER over
every sentence of the story.

Quality: `newsprism eval summaries` on NeuS val, newsprism beside lead-3, LexRank, TextRank and LSA at the
same length (3 sentences), with the attribution rate.

    python -m bench.brief [--data-dir ../shared/data] [--no-eval] [--eval-limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SIZES = (5, 20, 100)


def _articles(path: Path) -> tuple[list, list]:
    """ECB+ documents as cleaned articles: those of event 13ecb, and all in topic-size order."""
    from collections import Counter

    from newsprism.clean import clean_document
    from newsprism.records import RawDocument

    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    articles = {}
    for number, row in enumerate(rows, 1):
        raw = RawDocument(f"{path}:{number}", row["text"], "text", outlet=f"outlet {row['id']}")
        articles[row["id"]] = clean_document(raw)
    event = [articles[r["id"]] for r in rows if r["event"] == "13ecb"]
    sizes = Counter(r["topic"] for r in rows)
    by_topic = sorted(rows, key=lambda r: (-sizes[r["topic"]], r["topic"]))
    return event, [articles[r["id"]] for r in by_topic]


def speed(path: Path) -> dict[str, Any]:
    from newsprism.brief import BriefBuilder
    from newsprism.evaluation.summaries import build_brief
    from newsprism.models import CachedEmbedder, Models
    from newsprism.store import Store

    models = Models()
    models.embedder.encode(["warm up"])
    models.static_embedder.encode(["warm up"])
    list(models.tagger.tag(["Warm up in Paris."]))
    event, everything = _articles(path)
    stories = {5: event[:5], 20: event[:20], 100: everything[:100]}
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        fast_cache, full_cache = Store(Path(folder) / "fast.db"), Store(Path(folder) / "full.db")
        fast = BriefBuilder(
            models.static_embedder, models.tagger, verifier=CachedEmbedder(models.embedder, fast_cache)
        )
        full = BriefBuilder(CachedEmbedder(models.embedder, full_cache), models.tagger)
        static = BriefBuilder(models.static_embedder, models.tagger)
        for size, articles in stories.items():
            row: dict[str, Any] = {"sentences": sum(len(a.sentences) for a in articles)}
            runs = (("fast", fast), ("full cold", full), ("full warm", full), ("static", static))
            for run, builder in runs:
                started = time.perf_counter()
                brief = build_brief(builder, f"bench-{size}", articles)
                seconds = time.perf_counter() - started
                row[run] = {
                    "seconds": round(seconds, 3),
                    "briefs_per_s": round(1 / seconds, 2),
                    "stages": {k: round(v, 3) for k, v in builder.times.wall.items()},
                }
                row[run]["discrepancies"] = len(brief.discrepancies)
            texts = [s for a in articles for s in a.sentences]
            started = time.perf_counter()
            list(models.tagger.tag(texts))
            row["baseline: NER on every sentence (s)"] = round(time.perf_counter() - started, 3)
            figures[str(size)] = row
        fast_cache.close()
        full_cache.close()
    figures["built_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return figures


def quality(path: Path, limit: int | None) -> dict[str, Any]:
    """Scores with the full sentence model, and newsprism's with the static one beside them."""
    from newsprism.evaluation.summaries import evaluate_summaries, read_neus
    from newsprism.models import Models

    scores = evaluate_summaries(read_neus(path, limit), Models()).to_dict()
    static = evaluate_summaries(read_neus(path, limit), Models(sentence_model="static")).to_dict()
    scores["newsprism (static sentences)"] = static["newsprism"]
    return scores


def print_speed(figures: dict[str, Any]) -> None:
    print("\nBrief speed on ECB+ dev stories (2-core CPU), seconds per brief, nothing cached unless warm")
    print("fast: the default; full: the transformer for every sentence; static: no transformer")
    runs = ("fast", "full cold", "full warm", "static")
    columns = ("articles", "sentences", *(f"{r} s" for r in runs), "NER-all s")
    print(" ".join(f"{c:>11s}" for c in columns))
    for size in SIZES:
        row = figures[str(size)]
        cells = [str(size), str(row["sentences"]), *(f"{row[r]['seconds']:.2f}" for r in runs)]
        cells.append(f"{row['baseline: NER on every sentence (s)']:.2f}")
        print(" ".join(f"{c:>11s}" for c in cells))
    print(
        "discrepancies found: "
        + "; ".join(
            f"{size}: " + ", ".join(f"{r} {figures[str(size)][r]['discrepancies']}" for r in runs)
            for size in SIZES
        )
    )
    for size in SIZES:
        for run in ("fast", "full cold"):
            stages = ", ".join(f"{k} {v:.2f}" for k, v in figures[str(size)][run]["stages"].items())
            print(f"  {run} stages at {size}: {stages}")


def print_quality(scores: dict[str, Any]) -> None:
    print(f"\nSummaries on NeuS val ({scores['stories']} stories, 3 sentences each), ROUGE F1 x 100")
    print(f"{'system':30s} {'R-1':>7s} {'R-2':>7s} {'R-L':>7s}")
    for name in ("newsprism", "newsprism (static sentences)", "lead3", "lexrank", "textrank", "lsa"):
        values = scores[name]
        print(f"{name:30s} " + " ".join(f"{100 * values[t]:7.2f}" for t in ("rouge1", "rouge2", "rougeL")))
    print(f"attribution rate (newsprism): {100 * scores['newsprism']['attribution_rate']:.1f}%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-eval", action="store_true", help="skip the NeuS summary evaluation")
    parser.add_argument("--eval-limit", type=int, default=None, help="evaluate only N NeuS stories")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    ecb = args.data_dir / "ecbplus" / "dev.jsonl"
    neus = args.data_dir / "neus" / "val.jsonl"
    results: dict[str, Any] = {}
    if ecb.exists():
        results["speed"] = speed(ecb)
        if not args.json:
            print_speed(results["speed"])
    else:
        print(f"skipped speed: {ecb} not found (the ../shared data folder)", file=sys.stderr)
    if args.no_eval:
        pass
    elif neus.exists():
        results["summaries"] = quality(neus, args.eval_limit)
        if not args.json:
            print_quality(results["summaries"])
    else:
        print(f"skipped summaries: {neus} not found (the ../shared data folder)", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
