"""The Spark driver: read → clean/features (executors) → stories (driver, serial) with copies (LSH join,
executors) beside it → rewrites and briefs (executors) → Parquet tables, optionally loaded into a SQLite
store.

Arrival order is the local pipeline's: input files in the order ``read_inputs`` lists them, items in
file order; an article's ``seq`` is its item's place among all input items. With it, the driver's
clustering, the choice of originals and the briefs are the ones ``Pipeline.ingest`` gives.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pyarrow as pa

from newsprism.batch import worker
from newsprism.batch.stories import HEADLINE_SCHEMA, StoryResult, assign_stories, headline_frame
from newsprism.dedup.minhash import NEAR_COPY_JACCARD, lsh_bands
from newsprism.dedup.provenance import Match, resolve
from newsprism.ingest import WEB_SCHEMES, ReadOptions, input_sources
from newsprism.ingest.detect import format_from_name
from newsprism.ingest.options import MIB
from newsprism.ingest.source import Source, describe_size
from newsprism.ingest.sources import url_scheme
from newsprism.records import ArticleEntry, IngestError, Provenance
from newsprism.rows import ARTICLE_COLUMNS as STORED_COLUMNS
from newsprism.rows import entry_from_row
from newsprism.settings import PipelineSettings
from newsprism.timing import StageTimes

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

TABLES = ("articles", "stories", "claims", "briefs", "errors")
STAGES = ("read+extract", "copies", "stories", "rewrites", "write", "briefs")  # copies run beside stories


@dataclass
class BatchOptions:
    """How the job runs; ``settings`` are the local pipeline's (batches, chunks, window, threshold...)."""

    master: str = "local[2]"
    partitions: int | None = None  # of the cleaning/feature stage; default: 4 per core Spark reports
    briefs: bool = True
    brief_min_articles: int = 1
    settings: PipelineSettings = field(default_factory=PipelineSettings)
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


def spark_session(options: BatchOptions) -> SparkSession:
    """A session on ``options.master``; local masters get the loopback address and this Python."""
    from pyspark.sql import SparkSession

    if options.master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(options.master)
        .appName("newsprism-batch")
        .config("spark.ui.showConsoleProgress", "false")
        # Executors' Python workers fork from a daemon that has imported newsprism and loaded the model.
        .config("spark.python.daemon.module", "newsprism.batch.daemon")
    )
    for key, value in options.spark_conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run_batch(
    inputs: Sequence[str | Path], out: str | Path, options: BatchOptions, spark: SparkSession | None = None
) -> BatchReport:
    """Run the whole job; writes ``out/<table>`` Parquet folders and returns what it did, with seconds
    per stage (``read+extract``, ``copies`` (executors, while the driver runs ``stories``), ``stories``
    (driver, serial), ``rewrites``, ``write``, ``briefs``)."""
    from pyspark.sql import SparkSession

    # Distil (or find) the static model once here, so local executors start from the cache instead of
    # distilling side by side; cluster executors use NEWSPRISM_STATIC_MODEL (docs/spark.md).
    worker.models().static_embedder.encode(["warm up"])
    worker.models().event_embedder.encode(["warm up"])
    # Stop only a session this job starts: not one passed in, nor the caller's active one.
    own_session = spark is None and SparkSession.getActiveSession() is None
    job = _Job(spark or spark_session(options), options, str(out), datetime.now(UTC).replace(microsecond=0))
    try:
        job.run(inputs)
    finally:
        if own_session:
            job.spark.stop()
    job.report.seconds = {k: round(job.times.wall[k], 2) for k in STAGES if k in job.times.wall}
    return job.report


@dataclass
class _Job:
    """One run of the job: its session, options and output folder, and what each stage found."""

    spark: SparkSession
    options: BatchOptions
    out: str
    ingested_at: datetime
    times: StageTimes = field(default_factory=StageTimes)
    report: BatchReport = field(default_factory=BatchReport)

    def __post_init__(self) -> None:
        self.report.out = self.out

    def run(self, inputs: Sequence[str | Path]) -> None:
        articles, errors, input_errors = self.extract(inputs)
        result, copies = self.stories(articles)
        provenance = self.provenance(articles, result, copies)
        table, stories = self.write(articles, result, provenance, errors, input_errors)
        with self.times.stage("briefs"):
            briefs = self.options.briefs
            self.report.briefs = (
                _briefs(table, stories, self.out, self.options, self.ingested_at) if briefs else 0
            )

    # -- read+extract ----------------------------------------------------------------------------------

    def extract(self, inputs: Sequence[str | Path]) -> tuple[DataFrame, DataFrame, list[IngestError]]:
        """Read, clean and extract every input item on the executors; one row per distinct article id
        (the first in arrival order), one error row per item that gives none."""
        from pyspark.sql import functions as fn

        with self.times.stage("read+extract"):
            partitions = _configure(self.spark, self.options)
            raw, files, input_errors = _read(self.spark, inputs, self.options.read)
            positioned, items, item_errors = self._positioned(self._extracted(raw, partitions), files)
            errors = positioned.where(fn.col("error").isNotNull()).select(
                "origin", fn.col("error").alias("reason"), "seq"
            )
            articles = self._first_of_each_id(positioned)
            self.report.items = items + len(input_errors)
            self.report.articles = articles.count()
            self.report.errors = item_errors + len(input_errors)
            self.report.duplicate_ids = items - item_errors - self.report.articles
        return articles, errors, input_errors

    def _extracted(self, raw: DataFrame, partitions: int) -> DataFrame:  # of worker.EXTRACTED rows
        from pyspark.sql.pandas.types import from_arrow_schema

        bands, rows = lsh_bands()
        extract = partial(
            worker.extract_batches, bands=bands, band_rows=rows, min_words=self.options.settings.min_words
        )
        return (
            raw.repartition(partitions, "file_index", "item_index")
            .mapInArrow(extract, from_arrow_schema(worker.EXTRACTED))
            .persist()
        )

    def _positioned(self, extracted: DataFrame, files: int) -> tuple[DataFrame, int, int]:
        """Each row with ``seq``, its item's place among all input items (arrival order), and how many
        items and item errors there are."""
        from pyspark.sql import functions as fn

        per_file = extracted.groupBy("file_index").agg(
            fn.count("*").alias("items"), fn.count("error").alias("errors")
        )
        counts = {r["file_index"]: (r["items"], r["errors"]) for r in per_file.collect()}
        items_before = {}
        total = item_errors = 0
        for index in range(files):
            items_before[index] = total
            items, bad = counts.get(index, (0, 0))
            total += items
            item_errors += bad
        offsets = _frame(self.spark, items_before.items(), file_index=pa.int32(), offset=pa.int64())
        positioned = extracted.join(fn.broadcast(offsets), "file_index").withColumn(
            "seq", fn.col("offset") + fn.col("item_index")
        )
        return positioned, total, item_errors

    def _first_of_each_id(self, positioned: DataFrame) -> DataFrame:  # of articles
        """The articles stored: of several equal ids, the first; with ``seen_key``, what
        ``provenance.earlier`` compares (published time, else when the job saw the article)."""
        from pyspark.sql import functions as fn

        firsts = positioned.where(fn.col("error").isNull()).groupBy("id").agg(fn.min("seq").alias("seq"))
        seen = fn.coalesce(
            fn.unix_micros(fn.col("published").cast("timestamp")),
            fn.lit(int(self.ingested_at.timestamp() * 1_000_000)),
        )
        return (
            positioned.join(firsts, ["id", "seq"])
            .drop("offset", "error")
            .withColumn("seen_key", seen)
            .persist()
        )

    # -- stories and copies ----------------------------------------------------------------------------

    def stories(self, articles: DataFrame) -> tuple[StoryResult, list[Match]]:
        """Stories on the driver (serial, in arrival order) while the executors look for copies."""
        from pyspark.sql import functions as fn
        from pyspark.sql import types as sql_types

        def find_copies() -> list[Match]:
            with self.times.stage("copies"):
                return _copies(articles, fn, sql_types)

        # Copies need no stories: the executors look for them while the driver clusters.
        with ThreadPoolExecutor(max_workers=1) as beside, self.times.stage("stories"):
            copies_found = beside.submit(find_copies)
            # The serial part: the driver streams features in arrival order.
            stream = (
                articles.select("id", "seq", "features", "vector", "channels", "published")
                .withColumnRenamed("seq", "position")
                .orderBy("position")
                .toLocalIterator(prefetchPartitions=True)
            )
            result = assign_stories((r.asDict() for r in stream), self.options.settings)
            self.report.stories = len(result.headline_id)
        return result, copies_found.result()

    def provenance(self, articles: DataFrame, result: StoryResult, copies: list[Match]) -> list[Provenance]:
        """The rewrites among the candidates clustering named, and with the copies, who repeats whom."""
        from pyspark.sql import functions as fn
        from pyspark.sql import types as sql_types

        with self.times.stage("rewrites"):
            copied = {frozenset((m.a, m.b)) for m in copies}
            pairs = [p for p in sorted(result.rewrite_candidates) if frozenset(p) not in copied]
            rewrites = (
                _rewrites(self.spark, articles, pairs, self.ingested_at, fn, sql_types) if pairs else []
            )
            matches = copies + rewrites
            involved = sorted({i for m in matches for i in (m.a, m.b)})
            entries = _entries(self.spark, articles, involved, self.ingested_at)
            provenance = resolve(matches, entries, {})
            self.report.copies = sum(1 for p in provenance if p.kind != "rewrite")
            self.report.rewrites = sum(1 for p in provenance if p.kind == "rewrite")
        return provenance

    # -- write -----------------------------------------------------------------------------------------

    def write(
        self,
        articles: DataFrame,
        result: StoryResult,
        provenance: list[Provenance],
        errors: DataFrame,
        input_errors: list[IngestError],
    ) -> tuple[DataFrame, DataFrame]:
        """The articles, stories and errors tables; returns the articles and stories (kept, not read back:
        an --out path may hold characters Hadoop reads as a glob, "local[2]")."""
        with self.times.stage("write"):
            table = self._article_table(articles, result, provenance)
            table.write.mode("overwrite").parquet(f"{self.out}/articles")
            stories = self._story_table(table, result)
            stories.write.mode("overwrite").parquet(f"{self.out}/stories")
            all_errors = errors.unionByName(
                _frame(
                    self.spark,
                    ((e.origin, e.reason, -1) for e in input_errors),
                    origin=pa.string(),
                    reason=pa.string(),
                    seq=pa.int64(),
                )
            )
            all_errors.orderBy("seq").write.mode("overwrite").parquet(f"{self.out}/errors")
        return table, stories

    def _article_table(
        self, articles: DataFrame, result: StoryResult, provenance: list[Provenance]
    ) -> DataFrame:
        """Every article with its story, neighbours and what it repeats, in arrival order."""
        assigned = _frame(
            self.spark,
            ((a, s, list(result.neighbours[a])) for a, s in result.story_of.items()),
            id=pa.string(),
            story_id=pa.string(),
            neighbours=pa.list_(pa.string()),
        )
        origins = _frame(
            self.spark,
            ((p.article_id, p.kind, p.original_id, p.score) for p in provenance),
            id=pa.string(),
            kind=pa.string(),
            original_id=pa.string(),
            score=pa.float64(),
        )
        return (
            articles.drop("bands").join(assigned, "id").join(origins, "id", "left").orderBy("seq").persist()
        )

    def _story_table(self, table: DataFrame, result: StoryResult) -> DataFrame:
        """Every story with its counts, dates and headline, most articles first."""
        from pyspark.sql import functions as fn

        headlines = _headlines(self.spark, table, result.headline_id, fn)
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
            .orderBy(fn.desc("articles"), "first_seq")
        )
        return stories.persist()


def _configure(spark: SparkSession, options: BatchOptions) -> int:
    """Settings the job relies on, applied to any session (one passed in too) unless ``spark_conf`` sets
    them; returns the number of partitions of the feature stage."""
    partitions = options.partitions or 4 * spark.sparkContext.defaultParallelism
    settings = {
        # Spark's default of 200 is for big clusters; here every shuffle task may start Python.
        "spark.sql.shuffle.partitions": str(partitions),
        # Arrow batches to and from Python: 256 rows make a good feature-extraction batch, and the byte
        # bound keeps a batch of input files' bytes from holding more than one big file at a time.
        "spark.sql.execution.arrow.maxRecordsPerBatch": "256",
        "spark.sql.execution.arrow.maxBytesPerBatch": str(64 * MIB),
    }
    for key, value in settings.items():
        if key not in options.spark_conf:
            spark.conf.set(key, value)
    return partitions


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file the job reads: its place in reading order, how errors name it, and its path as Spark's
    Hadoop file systems name it (``file:/data/a.jsonl``, ``hdfs://namenode:8020/crawl/b.warc.gz``)."""

    index: int
    origin: str
    path: str
    compressed: bool


def _list_files(
    spark: SparkSession, inputs: Sequence[str | Path], read: ReadOptions
) -> tuple[list[InputFile], list[IngestError]]:
    """Files in reading order: local paths as ``read_inputs`` lists them, URIs (``hdfs://``, ``s3a://``,
    ``file://``...) through Spark's Hadoop file systems; web URLs and missing inputs become errors."""
    found: list[tuple[str, str, int]] = []  # origin, Hadoop path, size
    errors: list[IngestError] = []
    for given in inputs:
        scheme = url_scheme(given)
        if scheme in WEB_SCHEMES:
            errors.append(
                IngestError(str(given), "the batch job reads files; fetch web pages with `newsprism fetch`")
            )
        elif scheme is not None:
            listed = _list_uri(spark, str(given), read)
            if isinstance(listed, IngestError):
                errors.append(listed)
            else:
                found.extend((path, path, size) for path, size in listed)
        elif str(given) == "-":
            errors.append(IngestError("<stdin>", "the batch job reads files, not standard input"))
        else:
            for source in input_sources([given], read):
                if isinstance(source, IngestError):
                    errors.append(source)
                    continue
                assert isinstance(source, Source), "a path names no URL"
                if source.path is not None and not os.access(source.path, os.R_OK):
                    # An error row, as read_inputs gives; Spark failing to open it would fail the job.
                    errors.append(IngestError(source.origin, "permission denied"))
                elif source.path is not None:
                    found.append((source.origin, f"file:{source.path.resolve()}", source.path.stat().st_size))
    max_length = spark.conf.get("spark.sql.sources.binaryFile.maxLength")
    assert max_length is not None, "a Spark setting with a default"
    limit = int(max_length)
    files: list[InputFile] = []
    seen: set[str] = set()
    for origin, path, size in found:
        if path in seen:  # a file named twice is read once, as read_inputs does
            continue
        seen.add(path)
        if size > limit:
            reason = (
                f"too large: {describe_size(size)}, over Spark's binaryFile limit of {describe_size(limit)}"
            )
            errors.append(IngestError(origin, f"{reason} (spark.sql.sources.binaryFile.maxLength); split it"))
        else:
            files.append(InputFile(len(files), origin, path, format_from_name(path)[1]))
    return files, errors


def _list_uri(spark: SparkSession, uri: str, read: ReadOptions) -> list[tuple[str, int]] | IngestError:
    """The files a URI names (a file, a folder read recursively, a glob), sorted by path as local folders
    are; names starting with ``.`` are skipped unless ``read.include_hidden``, as ``read_inputs`` does."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    reader = spark.read.format("binaryFile").option("recursiveFileLookup", "true")
    reader = reader.option(_IGNORED_NAMES, "" if read.include_hidden else r"^\.")
    try:
        rows = reader.load(uri).select("path", "length").collect()  # the bytes are not read here
    except PySparkException as error:
        if error.getCondition() == "PATH_NOT_FOUND":
            return IngestError(uri, "no files match this pattern" if _GLOB.search(uri) else "file not found")
        return IngestError(uri, _unreadable(uri, str(error)))
    except Py4JJavaError as error:
        return IngestError(uri, _unreadable(uri, str(error.java_exception)))
    if not rows:
        return IngestError(uri, "empty folder (no files to read)")
    return sorted(((r["path"], r["length"]) for r in rows), key=lambda row: row[0].split("/"))


def _unreadable(uri: str, message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if "ClassNotFoundException" in first or "No FileSystem for scheme" in first:
        scheme = uri.split(":", 1)[0]
        return f"no Hadoop file system for {scheme}:// on Spark's classpath (see docs/spark.md): {first}"
    return f"cannot list it: {first}"


# Hadoop and Spark read a path as a glob; a listed file's name is matched literally.
_GLOB = re.compile(r"[*?\[\]{}\\]")
# Spark 4.3+: which names its file listing skips (by default those starting with _ or .).
_IGNORED_NAMES = "ignoredPathSegmentRegex"


def _read_bytes(spark: SparkSession, files: list[InputFile]) -> DataFrame:  # of path, content
    """The listed files' bytes, read by the executors through Spark's Hadoop file systems."""
    reader = spark.read.format("binaryFile").option(_IGNORED_NAMES, "")  # listed already: read them all
    return reader.load([_GLOB.sub(lambda m: "\\" + m.group(0), f.path) for f in files])


def _unresolved(files: list[InputFile], content: DataFrame) -> list[IngestError]:
    """Listed files Spark would not read (before 4.3 it skips names starting with ``_`` or ``.`` even
    when named): errors, instead of articles silently missing."""
    resolved = set()
    for uri in content.inputFiles():
        parts = urlsplit(uri)
        resolved.add(f"{parts.scheme}:{'//' + parts.netloc if parts.netloc else ''}{unquote(parts.path)}")
    reason = "Spark's file listing skips this name (rename it; Spark 4.3+ reads it)"
    return [IngestError(f.origin, reason) for f in files if f.path not in resolved]


def _read(
    spark: SparkSession, inputs: Sequence[str | Path], read: ReadOptions
) -> tuple[DataFrame, int, list[IngestError]]:
    """Every item of every input file (``worker.RAW`` rows), parsed on the executors by the library's
    readers from the bytes Spark read; with the number of files and the inputs' own errors."""
    from pyspark.sql import functions as fn
    from pyspark.sql.pandas.types import from_arrow_schema

    files, errors = _list_files(spark, inputs, read)
    if not files:
        return spark.createDataFrame(worker.RAW.empty_table()), 0, errors
    content = _read_bytes(spark, files)
    errors += _unresolved(files, content)
    table = _frame(
        spark,
        ((f.path, f.index, f.origin, f.compressed) for f in files),
        path=pa.string(),
        file_index=pa.int32(),
        origin=pa.string(),
        compressed=pa.bool_(),
    )
    raw = (
        content.select("path", "content")
        .join(fn.broadcast(table), "path")
        .select("file_index", "origin", "compressed", "content")
        .mapInArrow(partial(worker.parse_files, options=read), from_arrow_schema(worker.RAW))
    )
    return raw, len(files), errors


def _frame(spark: SparkSession, rows: Iterable[tuple[Any, ...]], **columns: pa.DataType) -> DataFrame:
    """A table from the driver as a DataFrame, handed to Spark as Arrow: from a Python list, Spark would
    convert the rows in a job of its own, in a second pool of Python workers that import newsprism again."""
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    return spark.createDataFrame(pa.Table.from_pylist(records, schema=pa.schema(list(columns.items()))))


def _headlines(
    spark: SparkSession, table: DataFrame, representatives: dict[str, str], fn: ModuleType
) -> DataFrame:  # of story_id, headline
    """Each story's headline, chosen from all its members as ``Pipeline`` chooses it, on the executors."""
    heads = _frame(spark, representatives.items(), story_id=pa.string(), head_id=pa.string())
    members = table.select(
        "story_id",
        "id",
        "title",
        "title_source",
        "language",
        fn.try_element_at("sentences", fn.lit(1)).alias("lead"),
    )
    return members.join(heads, "story_id").groupBy("story_id").applyInPandas(headline_frame, HEADLINE_SCHEMA)


def _copies(articles: DataFrame, fn: ModuleType, sql_types: ModuleType) -> list[Match]:
    """Verbatim copies (same text hash: each points at the group's first) and near copies (a banded LSH
    join with the very bands of ``NearCopyIndex``, then the estimated Jaccard decides)."""
    order = ["seen_key", "seq"]
    from pyspark.sql import Window

    first = Window.partitionBy("text_hash").orderBy(*order)
    exact = (
        articles.select("id", "text_hash", *order)
        .withColumn("first_id", fn.first("id").over(first))
        .where(fn.col("id") != fn.col("first_id"))
        .select(fn.col("id").alias("a"), fn.col("first_id").alias("b"), fn.lit("copy").alias("kind"))
        .withColumn("score", fn.lit(1.0))
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
        .select("a", "b", fn.lit("near_copy").alias("kind"), "score")
    )
    return [Match(r["a"], r["b"], r["kind"], r["score"]) for r in exact.unionByName(near).collect()]


ARTICLE_COLUMNS = [*STORED_COLUMNS, "seq"]  # an article's columns, and its arrival position


def _rewrites(
    spark: SparkSession,
    articles: DataFrame,
    pairs: list[tuple[str, str]],
    ingested_at: datetime,
    fn: ModuleType,
    sql_types: ModuleType,
) -> list[Match]:
    """Sentence-alignment checks of the candidate pairs, spread over the executors."""
    frame = _frame(spark, pairs, a=pa.string(), b=pa.string())
    side = articles.select(*ARTICLE_COLUMNS)
    joined = frame.join(side.toDF(*[f"a_{c}" for c in ARTICLE_COLUMNS]), fn.col("a") == fn.col("a_id")).join(
        side.toDF(*[f"b_{c}" for c in ARTICLE_COLUMNS]), fn.col("b") == fn.col("b_id")
    )
    found = joined.drop("a", "b").mapInPandas(
        partial(worker.rewrite_frames, ingested_at=ingested_at),
        "a string, b string, kind string, score double",
    )
    return [Match(r["a"], r["b"], "rewrite", r["score"]) for r in found.collect()]


def _entries(
    spark: SparkSession, articles: DataFrame, ids: list[str], ingested_at: datetime
) -> dict[str, ArticleEntry]:
    if not ids:
        return {}
    wanted = _frame(spark, ((i,) for i in ids), id=pa.string())
    rows = articles.select(*ARTICLE_COLUMNS).join(wanted, "id").collect()
    return {r["id"]: entry_from_row(r.asDict(), ingested_at) for r in rows}


def _briefs(
    table: DataFrame, stories: DataFrame, out: str, options: BatchOptions, ingested_at: datetime
) -> int:
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
    briefs = members.groupBy("story_id").applyInPandas(worker.brief_frames(ingested_at), schema)
    written = briefs.persist()
    written.write.mode("overwrite").parquet(f"{out}/briefs")
    written.select("story_id", fn.explode("claims").alias("claim")).select("story_id", "claim.*").write.mode(
        "overwrite"
    ).parquet(f"{out}/claims")
    return written.where(fn.col("brief").isNotNull()).count()
