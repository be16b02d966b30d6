"""Fuzzing every reader and the cleaner in CI: a smaller budget than ``python -m bench.fuzz`` (10,000 each).

The strategies and the harness are bench.fuzz's own, so CI fuzzes exactly what the benchmark reports on.
Anything other than a document or a rejection naming the item with a reason fails the test.
"""

from __future__ import annotations

import pytest
from bench.fuzz import CLEANER_STRATEGY, STRATEGIES, atheris_available, clean_one, fuzz_with_atheris, run_one
from hypothesis import HealthCheck, given, settings

CI_EXAMPLES = 150
_settings = settings(max_examples=CI_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("reader", sorted(STRATEGIES))
def test_reader_survives_generated_inputs(reader: str) -> None:
    @_settings
    @given(STRATEGIES[reader])
    def case(data: bytes) -> None:
        run_one(reader, data)

    case()


@_settings
@given(CLEANER_STRATEGY)
def test_cleaner_survives_any_unicode(pair: tuple[str, str | None]) -> None:
    clean_one(*pair)


def test_every_reader_has_a_fuzzing_strategy() -> None:
    """A reader added without a strategy in bench.fuzz would never be fuzzed."""
    from newsprism.ingest.sources import READERS

    assert set(READERS) == set(STRATEGIES)


@pytest.mark.slow
@pytest.mark.skipif(not atheris_available(), reason="atheris is not installed")
@pytest.mark.parametrize("reader", ["feed", "jsonl", "cleaner"])
def test_coverage_guided_run_finds_no_crash(reader: str) -> None:
    figures = fuzz_with_atheris(reader, runs=3000)
    assert figures["crash"] is None
    assert figures["crashes"] == 0
    assert figures["runs"] >= 3000  # libFuzzer may stop a few runs past -runs (3006 seen)
