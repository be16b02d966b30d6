"""newsprism: many outlets' articles in, stories and cited multi-outlet briefs out.

The Python API is :class:`Pipeline`; the records it passes around live in :mod:`newsprism.records`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["IngestReport", "Pipeline", "__version__"]

if TYPE_CHECKING:
    from newsprism.pipeline import IngestReport, Pipeline


def __getattr__(name: str) -> Any:
    # Imported on first use, so `import newsprism.records` stays cheap for Spark workers and tools.
    if name in {"IngestReport", "Pipeline"}:
        from newsprism import pipeline
        from newsprism.live.urls import register_url_readers

        register_url_readers()  # the Python API ingests http(s):// inputs as `newsprism ingest` does
        return getattr(pipeline, name)
    raise AttributeError(f"module 'newsprism' has no attribute {name!r}")
