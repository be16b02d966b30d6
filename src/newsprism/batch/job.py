"""The Spark driver: read → clean/features (executors) → copies (LSH join) → stories (driver, serial) →
rewrites and briefs (executors) → Parquet tables, optionally loaded into a SQLite store.

Arrival order is the local pipeline's: input files in the order ``read_inputs`` lists them, items in
file order; an article's ``seq`` is its item's place among all input items. With it, the driver's
clustering, the choice of originals and the briefs are the ones ``Pipeline.ingest`` gives.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from newsprism.batch import worker
from newsprism.batch.stories import assign_stories
from newsprism.cluster import DEFAULT_THRESHOLD, SimilarityWeights
from newsprism.dedup.minhash import NEAR_COPY_JACCARD, lsh_bands
from newsprism.dedup.provenance import Match, resolve
from newsprism.ingest import ReadOptions, input_sources
from newsprism.ingest.sources import UrlInput
from newsprism.records import IngestError
from newsprism.timing import StageTimes

TABLES = ("articles", "stories", "claims", "briefs", "errors")


@dataclass
class BatchOptions:
    """How the job runs; the clustering knobs default to the local pipeline's."""

    master: str = "local[2]"
    partitions: int | None = None  # of the cleaning/feature stage; default: 4 per core Spark reports
    briefs: bool = True
    brief_min_articles: int = 1
    batch_size: int = 64
    cluster_chunk: int = 5000
    window: int = 50_000
    threshold: float = DEFAULT_THRESHOLD
    weights: SimilarityWeights = field(default_factory=SimilarityWeights)
    read: ReadOptions = field(default_factory=ReadOptions)
    spark_conf: dict[str, str] = field(default_factory=dict)


@dataclass
class BatchReport:
    items: int = 0
    articles: int = 0
    duplicate_ids: int = 0
    stories: int = 0
    copies: int = 0
    rewrites: int = 0
    briefs: int = 0
    errors: int = 0
    out: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def spark_session(options: BatchOptions):  # -> pyspark.sql.SparkSession
    """A session on ``options.master``; local masters get the loopback address and this Python."""
    from pyspark.sql import SparkSession

    if options.master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(options.master)
        .appName("newsprism-batch")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "256")
        .config("spark.ui.showConsoleProgress", "false")
    )
    for key, value in options.spark_conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run_batch(
    inputs: Sequence[str | Path], out: str | Path, options: BatchOptions, spark=None
) -> BatchReport:
    """Run the whole job; writes ``out/<table>`` Parquet folders and returns what it did, with seconds
    per stage (``read+extract``, ``copies``, ``stories`` (driver, serial), ``rewrites``, ``write``,
    ``briefs``)."""
    from pyspark.sql import functions as fn
    from pyspark.sql import types as sql_types

    # Distil (or find) the static model once here, so local executors start from the cache instead of
    # distilling side by side; cluster executors use NEWSPRISM_STATIC_MODEL (docs/spark.md).
    worker.models().static_embedder.encode(["warm up"])
    own_session = spark is None
    spark = spark or spark_session(options)
    times = StageTimes()
    report = BatchReport(out=str(out))
    ingested_at = datetime.now(UTC).replace(microsecond=0)
    out = str(out)
    try:
        with times.stage("read+extract"):
            files, input_errors = _list_files(inputs, options.read)
            raw_schema = _schema(RAW_FIELDS)
            raw = spark.createDataFrame(
                spark.sparkContext.parallelize(files, max(1, len(files))).flatMap(
                    partial(worker.read_file, options=options.read)
                ),
                raw_schema,
            )
            partitions = options.partitions or 4 * spark.sparkContext.defaultParallelism
            if "spark.sql.shuffle.partitions" not in options.spark_conf:
                # Spark's default of 200 is for big clusters; here every shuffle task may start Python.
                spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
            bands, rows = lsh_bands()
            extracted = spark.createDataFrame(
                raw.repartition(partitions).rdd.mapPartitions(
                    partial(worker.extract_rows, bands=bands, band_rows=rows)
                ),
                _schema(EXTRACTED_FIELDS),
            ).persist()
            counts = {r["file_index"]: r["count"] for r in extracted.groupBy("file_index").count().collect()}
            counts = {k: (counts.get(k) or 0) for k in range(len(files))}
            items_before = {}
            total = 0
            for index in range(len(files)):
                items_before[index] = total
                total += counts[index]
            offsets = spark.createDataFrame(list(items_before.items()), "file_index int, offset long")
            # An article's place among all input items; the first of several equal ids is the one stored.
            positioned = extracted.join(fn.broadcast(offsets), "file_index").withColumn(
                "seq", fn.col("offset") + fn.col("item_index")
            )
            errors = positioned.where(fn.col("error").isNotNull()).select(
                "origin", fn.col("error").alias("reason"), "seq"
            )
            firsts = positioned.where(fn.col("error").isNull()).groupBy("id").agg(fn.min("seq").alias("seq"))
            # What ``provenance.earlier`` compares: published time, else when the job saw the article.
            seen = fn.coalesce(
                fn.unix_micros(fn.col("published").cast("timestamp")),
                fn.lit(int(ingested_at.timestamp() * 1_000_000)),
            )
            articles = (
                positioned.join(firsts, ["id", "seq"])
                .drop("offset", "error")
                .withColumn("seen_key", seen)
                .persist()
            )
            report.items = total + len(input_errors)
            report.articles = articles.count()
            report.errors = errors.count() + len(input_errors)
            report.duplicate_ids = total - report.errors + len(input_errors) - report.articles

        with times.stage("copies"):
            copies = _copies(articles, fn, sql_types)

        with times.stage("stories"):  # the serial part: the driver streams features in arrival order
            stream = (
                articles.select("id", "seq", "features", "vector", "channels", "published")
                .withColumnRenamed("seq", "position")
                .orderBy("position")
                .toLocalIterator(prefetchPartitions=True)
            )
            result = assign_stories(
                (r.asDict() for r in stream),
                weights=options.weights,
                threshold=options.threshold,
                window=options.window,
                batch_size=options.batch_size,
                cluster_chunk=options.cluster_chunk,
            )
            report.stories = len(result.headline_id)

        with times.stage("rewrites"):
            copied = {frozenset((m.a, m.b)) for m in copies}
            pairs = [p for p in sorted(result.rewrite_candidates) if frozenset(p) not in copied]
            rewrites = _rewrites(spark, articles, pairs, ingested_at, fn, sql_types) if pairs else []
            matches = copies + rewrites
            involved = sorted({i for m in matches for i in (m.a, m.b)})
            entries = _entries(spark, articles, involved, ingested_at)
            provenance = resolve(matches, entries, {})
            report.copies = sum(1 for p in provenance if p.kind != "rewrite")
            report.rewrites = sum(1 for p in provenance if p.kind == "rewrite")

        with times.stage("write"):
            assigned = spark.createDataFrame(
                [(a, s, list(result.neighbours[a])) for a, s in result.story_of.items()],
                "id string, story_id string, neighbours array<string>",
            )
            origins = spark.createDataFrame(
                [(p.article_id, p.kind, p.original_id, p.score) for p in provenance],
                "id string, kind string, original_id string, score double",
            )
            # Kept, not read back: an --out path may hold characters Hadoop reads as a glob ("local[2]").
            table = (
                articles.drop("bands")
                .join(assigned, "id")
                .join(origins, "id", "left")
                .orderBy("seq")
                .persist()
            )
            table.write.mode("overwrite").parquet(f"{out}/articles")
            headlines = spark.createDataFrame(
                list(result.headline_id.items()), "story_id string, head_id string"
            )
            titles = table.select(fn.col("id").alias("head_id"), fn.col("title").alias("headline"))
            stories = (
                table.groupBy("story_id")
                .agg(
                    fn.count("id").alias("articles"),
                    fn.countDistinct("outlet").alias("outlets"),
                    fn.sum(fn.when(fn.col("original_id").isNull(), 1).otherwise(0)).alias("originals"),
                    fn.min("published").alias("first_published"),
                    fn.max("published").alias("last_published"),
                    fn.min("seq").alias("first_seq"),
                )
                .join(headlines, "story_id")
                .join(titles, "head_id")
                .drop("head_id")
                .orderBy(fn.desc("articles"), "first_seq")
            )
            stories = stories.persist()
            stories.write.mode("overwrite").parquet(f"{out}/stories")
            all_errors = errors.unionByName(
                spark.createDataFrame(
                    [(e.origin, e.reason, -1) for e in input_errors], "origin string, reason string, seq long"
                )
            )
            all_errors.orderBy("seq").write.mode("overwrite").parquet(f"{out}/errors")

        with times.stage("briefs"):
            report.briefs = _briefs(table, stories, out, options, ingested_at) if options.briefs else 0
    finally:
        if own_session:
            spark.stop()
    report.seconds = {k: round(v, 2) for k, v in times.wall.items()}
    return report


def _list_files(
    inputs: Sequence[str | Path], read: ReadOptions
) -> tuple[list[tuple[int, str, str, bool]], list[IngestError]]:
    """Files in reading order (the executors read them); URLs and missing inputs become errors."""
    files, errors = [], []
    for found in input_sources(inputs, read):
        if isinstance(found, IngestError):
            errors.append(found)
        elif isinstance(found, UrlInput):
            reason = (
                "the batch job reads files; fetch web pages with `newsprism fetch`"
                if found.scheme in {"http", "https"}
                else f"{found.scheme}:// inputs are not read yet; use a path mounted on every node"
            )
            errors.append(IngestError(found.url, reason))
        elif found.path is None:
            errors.append(IngestError(found.origin, "the batch job reads files, not standard input"))
        else:
            files.append((len(files), found.origin, str(found.path.resolve()), found.compressed))
    return files, errors


def _copies(articles, fn, sql_types) -> list[Match]:
    """Verbatim copies (same text hash: each points at the group's first) and near copies (a banded LSH
    join with the very bands of ``NearCopyIndex``, then the estimated Jaccard decides)."""
    order = ["seen_key", "seq"]
    from pyspark.sql import Window

    first = Window.partitionBy("text_hash").orderBy(*order)
    exact = (
        articles.select("id", "text_hash", *order)
        .withColumn("first_id", fn.first("id").over(first))
        .where(fn.col("id") != fn.col("first_id"))
        .select("id", "first_id")
        .collect()
    )
    keys = articles.select("id", fn.posexplode("bands").alias("band", "key"))
    candidates = (
        keys.alias("a")
        .join(keys.alias("b"), ["band", "key"])
        .where(fn.col("a.id") < fn.col("b.id"))
        .select(fn.col("a.id").alias("a"), fn.col("b.id").alias("b"))
        .distinct()
    )
    sides = articles.select("id", "text_hash", "signature")
    score = fn.pandas_udf(worker.near_copy_scores, sql_types.DoubleType())
    near = (
        candidates.join(sides.toDF("a", "a_hash", "a_sig"), "a")
        .join(sides.toDF("b", "b_hash", "b_sig"), "b")
        .where(fn.col("a_hash") != fn.col("b_hash"))
        .withColumn("score", score("a_sig", "b_sig"))
        .where(fn.col("score") >= NEAR_COPY_JACCARD)
        .select("a", "b", "score")
        .collect()
    )
    return [Match(r["id"], r["first_id"], "copy", 1.0) for r in exact] + [
        Match(r["a"], r["b"], "near_copy", r["score"]) for r in near
    ]


ARTICLE_COLUMNS = ["id", "seq", "origin", "outlet", "title", "text", "sentences", "text_hash", "url"]
ARTICLE_COLUMNS += ["published", "language", "source_kind"]


def _rewrites(spark, articles, pairs, ingested_at, fn, sql_types) -> list[Match]:
    """Sentence-alignment checks of the candidate pairs, spread over the executors."""
    frame = spark.createDataFrame(pairs, "a string, b string")
    side = articles.select(*ARTICLE_COLUMNS)
    joined = frame.join(side.toDF(*[f"a_{c}" for c in ARTICLE_COLUMNS]), fn.col("a") == fn.col("a_id")).join(
        side.toDF(*[f"b_{c}" for c in ARTICLE_COLUMNS]), fn.col("b") == fn.col("b_id")
    )
    found = joined.drop("a", "b").mapInPandas(
        partial(worker.rewrite_frames, ingested_at=ingested_at),
        "a string, b string, kind string, score double",
    )
    return [Match(r["a"], r["b"], "rewrite", r["score"]) for r in found.collect()]


def _entries(spark, articles, ids: list[str], ingested_at: datetime) -> dict:
    if not ids:
        return {}
    wanted = spark.createDataFrame([(i,) for i in ids], "id string")
    rows = articles.select(*ARTICLE_COLUMNS).join(wanted, "id").collect()
    return {r["id"]: worker.entry_from_row(r.asDict(), ingested_at) for r in rows}


def _briefs(table, stories, out: str, options: BatchOptions, ingested_at: datetime) -> int:
    """One brief per story (of at least ``brief_min_articles``), built where the story's articles are."""
    from pyspark.sql import functions as fn

    stories = stories.where(fn.col("articles") >= options.brief_min_articles)
    members = table.select(*ARTICLE_COLUMNS, "story_id", "kind", "original_id", "score").join(
        stories.select("story_id", "headline"), "story_id"
    )
    schema = (
        "story_id string, brief string, error string, claims array<struct<claim_id:int, text:string,"
        " outlets:array<string>, independent_support:int, article_ids:array<string>>>"
    )
    briefs = members.groupBy("story_id").applyInPandas(
        partial(worker.brief_frame, ingested_at=ingested_at), schema
    )
    written = briefs.persist()
    written.write.mode("overwrite").parquet(f"{out}/briefs")
    written.select("story_id", fn.explode("claims").alias("claim")).select("story_id", "claim.*").write.mode(
        "overwrite"
    ).parquet(f"{out}/claims")
    return written.where(fn.col("brief").isNotNull()).count()


RAW_FIELDS = [
    ("file_index", "int"),
    ("item_index", "int"),
    ("origin", "string"),
    ("error", "string"),
    ("text", "string"),
    ("format", "string"),
    ("title", "string"),
    ("url", "string"),
    ("outlet", "string"),
    ("published", "string"),
    ("language", "string"),
    ("has_title", "boolean"),
    ("source_kind", "string"),
]
EXTRACTED_FIELDS = [
    *RAW_FIELDS[:4],
    *[(n, "string") for n in ("id", "outlet", "title", "text")],
    ("sentences", "array<string>"),
    *[(n, "string") for n in ("text_hash", "url", "published", "language", "source_kind", "features")],
    *[(n, "binary") for n in ("vector", "channels", "signature")],
    ("bands", "array<string>"),
]


def _schema(fields: list[tuple[str, str]]) -> str:
    return ", ".join(f"{name} {kind}" for name, kind in fields)
