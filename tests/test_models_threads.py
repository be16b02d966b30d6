"""One Models instance serves several threads at once (the server's ingest, brief builder and requests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
import pytest

TEXTS = [
    "The harbour board approved the dredging contract on Monday after a long debate.",
    "Ferry fares rise by 4% in March, the operator said.",
    "Councillors asked why the repairs would take two more years.",
    "A short one.",
]


def hammer(work: Callable[[int], object], threads: int = 4, rounds: int = 60) -> list[BaseException]:
    """Run ``work`` from several threads at once; the exceptions they raised."""
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def run(seed: int) -> None:
        start.wait()
        for n in range(rounds):
            try:
                work(seed + n)
            except BaseException as exc:  # collected and reported by the test
                failures.append(exc)
                return

    workers = [threading.Thread(target=run, args=(i * rounds,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return failures


def varied_texts(seed: int) -> list[str]:
    """Batches of different sizes and lengths, so the tokenizer's truncation and padding keep changing."""
    return [TEXTS[(seed + i) % len(TEXTS)] * (1 + (seed + i) % 5) for i in range(1 + seed % 7)]


def test_the_static_embedder_encodes_from_many_threads_with_the_same_vectors(models):
    embedder = models.static_embedder
    expected = {seed: embedder.encode(varied_texts(seed)) for seed in range(240)}

    def work(seed: int) -> None:
        assert np.allclose(embedder.encode(varied_texts(seed)), expected[seed], atol=1e-6)

    assert hammer(work) == []


@pytest.mark.slow
def test_the_transformer_and_the_entity_tagger_serve_many_threads(models):
    embedder, tagger = models.embedder, models.tagger
    expected = {seed: embedder.encode(varied_texts(seed)) for seed in range(0, 40)}
    entities = [[e.text for e in found] for found in tagger.tag(TEXTS)]

    def work(seed: int) -> None:
        assert np.allclose(embedder.encode(varied_texts(seed)), expected[seed], atol=1e-5)
        assert [[e.text for e in found] for found in tagger.tag(TEXTS)] == entities

    assert hammer(work, threads=3, rounds=10) == []
