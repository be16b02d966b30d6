"""Where the time goes: wall and CPU seconds per named stage, for progress reports and benchmarks."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class StageTimes:
    """Accumulates seconds per stage; stages may repeat (every batch adds to its stage)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] += time.perf_counter() - wall
            self.cpu[name] += time.process_time() - cpu

    def timed(self, name: str, items: Iterable[T]) -> Iterator[T]:
        """Yield from ``items``, counting the time spent producing each one (a lazy reader's work)."""
        iterator = iter(items)
        while True:
            with self.stage(name):
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item

    def reset(self) -> None:
        self.wall.clear()
        self.cpu.clear()

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {
            name: {"wall": round(self.wall[name], 4), "cpu": round(self.cpu[name], 4)} for name in self.wall
        }
