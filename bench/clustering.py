"""Story clustering at scale: articles/s and per-article cost at 1k, 10k and 50k stored articles.

Data: the 535 ECB+ dev documents' real clustering features (embedded and tagged once), repeated with
perturbations until the corpus is large enough. Replica r of a document gets its embedding jittered
(Gaussian noise, sigma 0.05, renormalised), its names and numbers renamed (suffix ``#r``), a third of its
other terms renamed, and its years shifted by r: so every replica of an event is a new *look-alike* event
(same kind of story, different actors and figures), the hard case, rather than a copy that would collapse
into the original's story.

Articles arrive in batches of 500, as a stream would deliver them; each batch is clustered against every
story so far. Per-article cost should stay flat as the store grows (an index, not all pairs); the figure
for "brute force" is what exact average linkage over all pairs would cost, extrapolated from a measured
sample, as the baseline.

    python -m bench.clustering [--sizes 1000 10000 50000] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus" / "dev.jsonl"
BATCH = 500


def base_features(data: Path) -> list:
    from newsprism.clean import clean_document
    from newsprism.cluster import FeatureExtractor
    from newsprism.ingest import read_inputs
    from newsprism.models import CachedEmbedder, Models
    from newsprism.records import RawDocument
    from newsprism.store import Store

    articles = [clean_document(d) for d in read_inputs([data]) if isinstance(d, RawDocument)]
    models = Models()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        return FeatureExtractor(CachedEmbedder(models.embedder, store), models.tagger).extract(articles)


def replicate(features: list, total: int, seed: int = 0) -> list:
    from newsprism.cluster import ArticleFeatures

    rng = np.random.default_rng(seed)
    out = []
    for replica in range(total // len(features) + 1):
        for f in features:
            if len(out) == total:
                return out
            if replica == 0:
                out.append(f)
                continue
            vector = f.vector + rng.normal(0, 0.05, size=f.vector.shape).astype(np.float32)
            channels = {}
            for channel, terms in f.channels.items():
                renamed = {}
                for term, value in terms.items():
                    rename = channel in ("names", "numbers") or rng.random() < 1 / 3
                    renamed[f"{term}#{replica}" if rename else term] = value
                channels[channel] = renamed
            out.append(
                ArticleFeatures(
                    article_id=f"{f.article_id}-{replica}",
                    vector=vector / np.linalg.norm(vector),
                    channels=channels,
                    years=frozenset(y + replica for y in f.years),
                    weekdays=f.weekdays,
                    published=None,
                )
            )
    return out


def run(data: Path, sizes: list[int]) -> dict[str, Any]:
    from newsprism.cluster import GroupProfile, SimilarityWeights, StoryClusterer, average_similarity, prepare

    base = base_features(data)
    largest = max(sizes)
    items = [prepare(f, lambda term: 1.0) for f in replicate(base, largest)]
    clusterer = StoryClusterer()
    checkpoints, figures = sorted(sizes), {}
    done, started, window_start, window_done = 0, time.perf_counter(), time.perf_counter(), 0
    for start in range(0, largest, BATCH):
        batch = items[start : start + BATCH]
        clusterer.assign(batch, lambda article_id: article_id)
        done += len(batch)
        window_done += len(batch)
        if checkpoints and done >= checkpoints[0]:
            now = time.perf_counter()
            figures[str(checkpoints.pop(0))] = {
                "articles_per_s_cumulative": round(done / (now - started), 1),
                "articles_per_s_last_window": round(window_done / (now - window_start), 1),
                "ms_per_article_last_window": round(1000 * (now - window_start) / window_done, 2),
                "stories": len(clusterer.profiles),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
            window_start, window_done = now, 0

    # Baseline: exact average linkage needs every pair's similarity; time a sample of pairs.
    weights = SimilarityWeights()
    profiles = [GroupProfile.of(i) for i in items[:400]]
    t0 = time.perf_counter()
    pairs = 0
    for a in range(len(profiles)):
        for b in range(a + 1, len(profiles)):
            average_similarity(profiles[a], profiles[b], weights)
            pairs += 1
    per_pair = (time.perf_counter() - t0) / pairs
    figures["brute_force_baseline"] = {
        str(n): {
            "seconds_for_all_pairs": round(per_pair * n * (n - 1) / 2, 1),
            "ms_per_article": round(1000 * per_pair * (n - 1) / 2, 2),
        }
        for n in sizes
    }
    figures["generator"] = (
        "ECB+ dev features repeated with perturbations (renamed names/numbers/terms, jittered vectors)"
    )
    return figures


def print_table(figures: dict[str, Any]) -> None:
    print("\nStory clustering as the store grows (batches of 500, features precomputed)")
    widths = (8, 15, 11, 8, 12, 23)
    header = ("stored", "art/s (window)", "ms/article", "stories", "peak RSS MB", "brute force ms/article")
    print(" ".join(f"{h:>{w}s}" for h, w in zip(header, widths, strict=True)))
    for size, row in figures.items():
        if size.isdigit():
            values = (
                size,
                f"{row['articles_per_s_last_window']:.1f}",
                f"{row['ms_per_article_last_window']:.2f}",
                str(row["stories"]),
                f"{row['peak_rss_mb']:.0f}",
                f"{figures['brute_force_baseline'][size]['ms_per_article']:.2f}",
            )
            print(" ".join(f"{v:>{w}s}" for v, w in zip(values, widths, strict=True)))
    print(f"data: {figures['generator']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (the ../shared data folder)", file=sys.stderr)
        return 0
    figures = run(args.data, args.sizes)
    print(json.dumps(figures, indent=2)) if args.json else print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
