"""Pipeline speed, stage by stage, on real news: ECB+ topics 1-25 (535 documents).

One ``Pipeline.ingest`` of the JSONL file into a fresh store, models loaded beforehand, with the time of
each of its stages (``Pipeline.times``): read, clean, features (static embeddings of title and lead, names,
figures, hashed channels, MinHash), store, load, copies, cluster (story assignment), rewrites, write.
Then every story's brief (sentence embeddings with the full model, claims, summary), cold.

Baselines measured in the same run: TF-IDF + agglomerative clustering (scikit-learn) over the same cleaned
texts, embedding every article's title and lead with the transformer (what ingest did before the static
model), and embedding *every sentence* of every article with it (what a naive design would do at ingest).

    python -m bench.pipeline [--data PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus" / "dev.jsonl"


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(data: Path) -> dict[str, Any]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsprism import Pipeline
    from newsprism.clean import clean_document
    from newsprism.cluster.features import lead_text
    from newsprism.ingest import read_inputs
    from newsprism.models import Models
    from newsprism.records import RawDocument

    models = Models()
    models.embedder.encode(["warm up"])
    models.static_embedder.encode(["warm up"])
    list(models.tagger.tag(["Warm up in Paris."]))
    figures: dict[str, Any] = {}

    def rate(stage: str, count: int, seconds: float) -> None:
        figures[stage] = {"articles_per_s": round(count / seconds, 1), "seconds": round(seconds, 2)}

    with (
        tempfile.TemporaryDirectory() as tmp,
        Pipeline.open(Path(tmp) / "bench.db", models=models) as pipeline,
    ):
        report, seconds = _timed(lambda: pipeline.ingest([data]))
        added = report.added
        rate("ingest (end to end)", added, seconds)
        figures["ingest (end to end)"]["stories"] = len(pipeline.stories())
        for stage, wall in pipeline.times.wall.items():
            rate(f"  {stage}", added, wall)
        found = pipeline.stories()
        _, seconds = _timed(lambda: [pipeline.brief(s.id) for s in found])
        rate("brief (all stories, cold)", added, seconds)
        figures["brief (all stories, cold)"]["briefs_per_s"] = round(len(found) / seconds, 2)

    articles = [clean_document(d) for d in read_inputs([data]) if isinstance(d, RawDocument)]
    texts = [f"{a.title}\n{a.text}" for a in articles]

    def baseline_cluster() -> int:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
        model = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.85
        ).fit(vectors.toarray())
        return int(model.n_clusters_)

    stories, seconds = _timed(baseline_cluster)
    rate("baseline: TF-IDF + agglomerative", len(articles), seconds)
    figures["baseline: TF-IDF + agglomerative"]["stories"] = stories
    _, seconds = _timed(lambda: models.embedder.encode([lead_text(a) for a in articles]))
    rate("baseline: MiniLM on title+lead", len(articles), seconds)
    sample = articles[:60]
    _, seconds = _timed(lambda: models.embedder.encode([s for a in sample for s in a.sentences]))
    rate("baseline: MiniLM on every sentence", len(sample), seconds)
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    figures["documents"] = len(articles)
    return figures


def print_table(figures: dict[str, Any]) -> None:
    print(f"\nPipeline stages on ECB+ dev ({figures['documents']} documents), 2-core CPU")
    print(f"{'stage':36s} {'articles/s':>11s} {'seconds':>9s}")
    for stage, values in figures.items():
        if isinstance(values, dict):
            extra = f"  ({values['stories']} stories)" if "stories" in values else ""
            extra += f"  ({values['briefs_per_s']} briefs/s)" if "briefs_per_s" in values else ""
            print(f"{stage:36s} {values['articles_per_s']:>11.1f} {values['seconds']:>9.2f}{extra}")
    print("(indented rows: the stages inside the end-to-end ingest)")
    print(f"peak RSS: {figures['peak_rss_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (the ../shared data folder)", file=sys.stderr)
        return 0
    figures = run(args.data)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
