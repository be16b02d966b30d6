"""What the executors run: plain functions over Arrow batches and pandas frames, calling the library's stages.

The static model is loaded once per executor, by the Python daemon its workers fork from (``daemon.py``);
other models once per worker, on first use (Spark reuses workers between tasks); none is downloaded.
Every bad file or record becomes an error row naming it; nothing here raises for bad input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa

from newsprism.brief import BriefBuilder, brief_to_dict
from newsprism.clean import EmptyDocumentError, clean_document
from newsprism.clean.length import MIN_ARTICLE_WORDS, too_short
from newsprism.cluster import FeatureExtractor
from newsprism.dedup.minhash import band_keys, estimated_jaccard, signature
from newsprism.dedup.provenance import find_rewrites
from newsprism.ingest import ReadOptions, read_source
from newsprism.ingest.source import Source
from newsprism.models import MemoryVectors, Models
from newsprism.records import Article, IngestError, Provenance, RawDocument, Story, independent_ids
from newsprism.rows import (
    article_row,
    entry_from_row,
    optional_text,
    signature_bytes,
    signature_from_bytes,
    vector_bytes,
)
from newsprism.timeutil import from_iso

_MODELS: Models | None = None


def models() -> Models:
    """This worker's models, built on first use (a module-level cache: one set per executor process)."""
    global _MODELS
    if _MODELS is None:
        _MODELS = Models()
    return _MODELS


# -- read ------------------------------------------------------------------------------------------------

_RAW_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("file_index", pa.int32()),
    ("item_index", pa.int32()),
    ("origin", pa.string()),
    ("error", pa.string()),
    *[(name, pa.string()) for name in ("text", "format", "title", "url", "outlet", "published")],
    ("language", pa.string()),
    ("has_title", pa.bool_()),
    ("source_kind", pa.string()),
]
RAW = pa.schema(_RAW_COLUMNS)
_ROWS_PER_BATCH = 256  # Arrow batches handed back to Spark; feature extraction also works in batches


def parse_files(batches: Iterable[pa.RecordBatch], options: ReadOptions) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body over input files (``file_index``, ``origin``, ``compressed``, ``content``, the
    bytes Spark read through its Hadoop file system): every item of each file, by the library's readers."""
    for batch in batches:
        files = batch.select(["file_index", "origin", "compressed"]).to_pylist()
        contents = batch.column("content")
        for number, file in enumerate(files):
            source = Source(file["origin"], None, file["compressed"], data=contents[number].as_py())
            yield from _record_batches(read_items(file["file_index"], source, options), RAW)


def read_items(file_index: int, source: Source, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """Every item of one input file, as raw rows keyed by (file, item) so arrival order can be rebuilt."""
    for item_index, item in enumerate(read_source(source, options)):
        row: dict[str, Any] = {"file_index": file_index, "item_index": item_index, "origin": item.origin}
        if isinstance(item, IngestError):
            row["error"] = item.reason
        else:
            row.update(
                text=item.text,
                format=item.format,
                title=item.title,
                url=item.url,
                outlet=item.outlet,
                published=_iso(item.published),
                language=item.language,
                has_title=item.has_title,
                source_kind=item.source_kind,
            )
        yield row


def _record_batches(rows: Iterable[dict[str, Any]], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """Rows as Arrow batches of a bounded size (a 1 GB WARC is never one batch)."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _ROWS_PER_BATCH:
            yield pa.RecordBatch.from_pylist(batch, schema=schema)
            batch = []
    if batch:
        yield pa.RecordBatch.from_pylist(batch, schema=schema)


# -- clean, features, signatures -------------------------------------------------------------------------

_EXTRACTED_COLUMNS: list[tuple[str, pa.DataType]] = [
    *_RAW_COLUMNS[:4],
    *[(name, pa.string()) for name in ("id", "outlet", "title", "text")],
    ("sentences", pa.list_(pa.string())),
    *[(name, pa.string()) for name in ("text_hash", "url", "published", "language", "source_kind")],
    ("title_source", pa.string()),
    ("features", pa.string()),
    *[(name, pa.binary()) for name in ("vector", "channels", "signature")],
    ("bands", pa.list_(pa.string())),
]
EXTRACTED = pa.schema(_EXTRACTED_COLUMNS)


def extract_batches(
    batches: Iterable[pa.RecordBatch], bands: int, band_rows: int, min_words: int = MIN_ARTICLE_WORDS
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body over raw rows: clean each, then features and MinHash signatures per batch
    (embedding and hashing are much faster in batches)."""
    for batch in batches:
        yield pa.RecordBatch.from_pylist(
            list(_extract(batch.to_pylist(), bands, band_rows, min_words)), schema=EXTRACTED
        )


def _extract(
    batch: list[dict[str, Any]], bands: int, band_rows: int, min_words: int
) -> Iterator[dict[str, Any]]:
    articles: list[Article] = []
    keys: list[dict[str, Any]] = []
    for raw in batch:
        key = {k: raw[k] for k in ("file_index", "item_index", "origin")}
        if raw.get("error") is not None:
            yield {**key, "error": raw["error"]}
            continue
        try:
            article = clean_document(_raw_document(raw))
        except EmptyDocumentError as exc:
            yield {**key, "error": exc.reason}
            continue
        except Exception as exc:  # one unexpected record must not fail the task (and the job)
            yield {**key, "error": f"cleaning failed: {type(exc).__name__}: {exc}"}
            continue
        if short := too_short(article, min_words):  # as ingest skips it, so both give the same stories
            yield {**key, "error": short}
            continue
        articles.append(article)
        keys.append(key)
    features = FeatureExtractor(models().event_embedder).extract(articles)
    for key, article, feats in zip(keys, articles, features, strict=True):
        sig = signature(article.text)
        yield {
            **article_row(article),  # as the store keeps it (published in UTC); ``seq``: arrival position
            **key,
            "features": json.dumps(feats.to_json(), separators=(",", ":")),
            "vector": vector_bytes(feats.vector),
            "channels": feats.channels_blob(),
            "signature": signature_bytes(sig),
            "bands": band_keys(sig, bands, band_rows),
        }


def near_copy_scores(first: pd.Series, second: pd.Series) -> pd.Series:
    """Estimated Jaccard similarity of signature pairs (``pandas_udf`` body)."""
    return pd.Series(
        [
            estimated_jaccard(signature_from_bytes(a), signature_from_bytes(b))
            for a, b in zip(first, second, strict=True)
        ]
    )


# -- rewrites and briefs ---------------------------------------------------------------------------------


def rewrite_frames(frames: Iterable[pd.DataFrame], ingested_at: datetime) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` body over candidate pairs (columns ``a_*`` and ``b_*``): the rewrites among them."""
    embedder = models().static_embedder
    for frame in frames:
        pairs = []
        for row in cast("list[dict[str, Any]]", frame.to_dict("records")):  # string column names
            sides = [{k[2:]: v for k, v in row.items() if k.startswith(p)} for p in ("a_", "b_")]
            pairs.append((entry_from_row(sides[0], ingested_at), entry_from_row(sides[1], ingested_at)))
        found = find_rewrites(pairs, embedder)
        yield pd.DataFrame(
            [{"a": m.a, "b": m.b, "kind": m.kind, "score": m.score} for m in found],
            columns=["a", "b", "kind", "score"],
        )


def brief_frames(ingested_at: datetime) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """``brief_frame`` with the job's ingest time, as a function whose type hints tell Spark it is a
    grouped-map pandas UDF (a ``functools.partial`` has none, and Spark warns)."""

    def build(frame: pd.DataFrame) -> pd.DataFrame:
        return brief_frame(frame, ingested_at)

    return build


def brief_frame(frame: pd.DataFrame, ingested_at: datetime) -> pd.DataFrame:
    """``applyInPandas`` body for one story's members: its brief (JSON) and claims, or why it failed."""
    records = cast("list[dict[str, Any]]", frame.to_dict("records"))  # string column names
    rows = sorted(records, key=lambda r: int(r["seq"]))
    entries = [entry_from_row(r, ingested_at) for r in rows]
    story_id = rows[0]["story_id"]
    provenance = {
        r["id"]: Provenance(r["id"], r["kind"], r["original_id"], float(r["score"]))
        for r in rows
        if _present(r.get("original_id"))
    }
    story_of = {r["id"]: story_id for r in rows}  # an original that is no member is in another story
    repeats = {a: story_of.get(p.original_id) for a, p in provenance.items()}
    story = Story(
        id=story_id,
        headline=rows[0]["headline"],
        article_ids=tuple(e.article.id for e in entries),
        outlets=tuple(dict.fromkeys(e.article.outlet for e in entries)),
        first_seen=ingested_at,
        last_seen=ingested_at,
        independent_ids=independent_ids(
            story_id, ((e.article.id, repeats.get(e.article.id)) for e in entries)
        ),
    )
    builder = BriefBuilder.from_models(models(), MemoryVectors())
    try:
        brief = builder.build(story, entries, provenance)
    except Exception as exc:  # one story's failure is reported, the other briefs are still built
        return pd.DataFrame(
            [{"story_id": story_id, "brief": None, "claims": None, "error": f"{type(exc).__name__}: {exc}"}]
        )
    claims = [
        {
            "claim_id": c.id,
            "text": c.sentences[0].text,
            "outlets": list(c.outlets),
            "independent_support": c.independent_support,
            "article_ids": list(dict.fromkeys(s.article_id for s in c.sentences)),
        }
        for c in brief.claims
    ]
    data = json.dumps(brief_to_dict(brief), ensure_ascii=False)
    return pd.DataFrame([{"story_id": story_id, "brief": data, "claims": claims, "error": None}])


# -- values ----------------------------------------------------------------------------------------------


def _raw_document(raw: dict[str, Any]) -> RawDocument:
    return RawDocument(
        origin=raw["origin"],
        text=raw["text"],
        format=raw["format"],
        title=optional_text(raw.get("title")),
        url=optional_text(raw.get("url")),
        outlet=optional_text(raw.get("outlet")),
        published=from_iso(raw.get("published")),
        language=optional_text(raw.get("language")),
        has_title=bool(raw.get("has_title")),
        source_kind=optional_text(raw.get("source_kind")),
    )


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def _iso(value: datetime | None) -> str | None:
    """A reader's time as it gave it, offset and all (cleaning reads it; the article keeps UTC)."""
    return value.isoformat() if value else None
