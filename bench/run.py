"""`make bench`: every benchmark in one run, each printing its figures beside its baselines."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "bench.ingest",
    "bench.pipeline",
    "bench.scale",
    "bench.paraphrase",
    "bench.brief",
    "bench.extraction",
    "bench.live",
    "bench.web",
    "bench.load",
    "bench.fuzz",
]


def main() -> int:
    status = 0
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        status |= importlib.import_module(name).main([])
    return status


if __name__ == "__main__":
    sys.exit(main())
