"""The ``newsprism`` command line: a thin layer over :class:`newsprism.pipeline.Pipeline`."""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsprism.brief import SummaryOptions, brief_to_dict, brief_to_markdown
from newsprism.ingest import FieldMap, ReadOptions, parse_datetime
from newsprism.live.urls import register_url_readers
from newsprism.models import Models
from newsprism.models.registry import SentenceModel
from newsprism.pipeline import DB_ENV, IngestReport, Pipeline, default_db_path
from newsprism.records import Story
from newsprism.settings import PipelineSettings
from newsprism.store import StoreError
from newsprism.store.lock import WriterBusyError

if TYPE_CHECKING:
    from newsprism.batch.job import BatchReport
    from newsprism.ingest.feeds import FeedLink
    from newsprism.live.http import HttpSettings
    from newsprism.live.watch import PollReport, WatchSettings

app = typer.Typer(
    name="newsprism",
    help=(
        "Turn articles from many outlets into stories, and each story into a brief citing its sources."
        "\n\n[bold]Examples[/]\n\n"
        "  newsprism ingest ~/news/    [dim]files, folders, globs (txt md html json jsonl csv)[/]\n\n"
        "  newsprism stories           [dim]the stories found, most covered first[/]\n\n"
        "  newsprism brief 3fa1        [dim]a story's brief, by id or unique id prefix[/]\n\n"
        "  newsprism serve             [dim]web pages and the JSON API at http://127.0.0.1:8000/[/]"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)
# Piped output is usually read in a wide viewer or a file: do not squeeze it into 80 columns.
out = Console() if Console().is_terminal else Console(width=160)


def _command_group(name: str, help_text: str) -> typer.Typer:
    """The subcommands ``newsprism NAME ...``, added to ``app``; without a subcommand it prints its help."""
    group = typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode="rich")
    app.add_typer(group, name=name)
    return group


class _State:
    db: Path
    sentence_model: SentenceModel = "fast"
    settings = PipelineSettings()  # of every command that ingests: ingest, fetch, watch, recluster, batch

    def models(self) -> Models:
        return Models(sentence_model=self.sentence_model)


state = _State()


def _pipeline() -> Pipeline:
    try:
        return Pipeline.open(state.db, models=state.models(), settings=state.settings)
    except StoreError as exc:
        _fail(str(exc))
        raise  # unreachable; keeps type checkers calm


WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        help="Seconds to wait while another ingest writes the same store (default: refuse at once).",
    ),
]
KEEP_ALIVE_SECONDS = 75
BUSY_EXIT = 75  # EX_TEMPFAIL: another ingest holds the store; trying again later will work


@contextmanager
def _writing() -> Iterator[None]:
    """Turn "another ingest is writing" into a clear message and exit status 75."""
    try:
        yield
    except WriterBusyError as exc:
        _fail(str(exc), BUSY_EXIT)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)  # one line in a log
    raise typer.Exit(code)


def _time(value: datetime | None, compact: bool = False) -> str:
    if value is None:
        return "-"
    return value.strftime("%m-%d %H:%M" if compact else "%Y-%m-%d %H:%M")


@app.callback()
def main_options(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help=f"SQLite file to use (created if missing). Default: ${DB_ENV}, else {default_db_path()}",
            show_default=False,
        ),
    ] = None,
    sentence_model: Annotated[
        str,
        typer.Option(
            "--sentence-model",
            help="What embeds a story's sentences for its brief: 'fast' (the static model, with the "
            "transformer re-checking only sentence pairs that may disagree on a figure), 'full' (the "
            "transformer for every sentence: seconds for a large story the first time, then cached) or "
            "'static' (no transformer; misses reworded discrepancies).",
        ),
    ] = "fast",
) -> None:
    if sentence_model not in get_args(SentenceModel):
        _fail(f"--sentence-model must be 'fast', 'full' or 'static', not {sentence_model!r}")
    state.db = db or default_db_path()
    state.sentence_model = sentence_model  # type: ignore[assignment]
    register_url_readers()  # `newsprism ingest https://...` fetches the page (politely) as `fetch` does


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or glob patterns.")],
    outlet: Annotated[str | None, typer.Option(help="Outlet name for every item, over any metadata.")] = None,
    url: Annotated[str | None, typer.Option(help="URL for every item (use with a single article).")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication time for every item, e.g. 2024-05-16T09:30:00Z.")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Language code for every item, e.g. en.")] = None,
    text_field: Annotated[str | None, typer.Option(help="JSON/CSV field holding the article text.")] = None,
    title_field: Annotated[str | None, typer.Option(help="JSON/CSV field holding the title.")] = None,
    url_field: Annotated[str | None, typer.Option(help="JSON/CSV field holding the URL.")] = None,
    published_field: Annotated[
        str | None, typer.Option(help="JSON/CSV field holding the publication time.")
    ] = None,
    outlet_field: Annotated[str | None, typer.Option(help="JSON/CSV field holding the outlet name.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
    wait: WaitOption = 0.0,
) -> None:
    """Read articles, store the new ones and place each in a story.

    Re-ingesting the same inputs adds nothing. A file or record that cannot be read is reported by name
    with the reason, and the rest of the batch is still stored. JSON, JSONL and CSV fields are matched by
    common names (text|body|content, title|headline, url|link, published|date|pubDate,
    outlet|source|domain, language|lang); the --*-field options name others.
    """
    try:
        when = parse_datetime(published) if published else None
    except ValueError as exc:
        _fail(f"--published: {exc}")
    fields = {
        name: (value,)
        for name, value in {
            "text": text_field,
            "title": title_field,
            "url": url_field,
            "published": published_field,
            "outlet": outlet_field,
        }.items()
        if value
    }
    options = ReadOptions(
        outlet=outlet, url=url, published=when, language=language, fields=replace(FieldMap(), **fields)
    )
    started = time.perf_counter()
    with _writing(), _pipeline() as pipeline, _progress(quiet=as_json) as progress:
        task = progress.add_task("ingesting", total=None)

        def show(report: IngestReport) -> None:
            progress.update(task, completed=report.read, description=f"{report.added} new articles")

        report = pipeline.ingest(inputs, options, show, wait)
    _print_ingest(report, time.perf_counter() - started, as_json)
    if report.errors and not report.read:
        raise typer.Exit(1)


def _print_skipped(items: Iterable[str], *, soft_wrap: bool = False) -> None:
    """Name on stderr each input item passed over, with why."""
    for item in items:
        err.print(f"[yellow]skipped[/] {item}", highlight=False, soft_wrap=soft_wrap)


def _print_ingest(report: IngestReport, elapsed: float, as_json: bool) -> None:
    if as_json:
        print(json.dumps({**report.to_dict(), "seconds": round(elapsed, 3)}, indent=2))
        return
    _print_skipped((f"{error.origin}: {error.reason}" for error in report.errors), soft_wrap=True)
    out.print(
        f"read {report.read} articles: {report.added} new, {report.already_stored} already stored, "
        f"{len(report.errors)} skipped; {len(report.new_stories)} new stories, "
        f"{len(report.updated_stories - report.new_stories)} updated ({elapsed:.1f}s)",
        highlight=False,
    )


def _progress(quiet: bool, unit: str = "read") -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn(f"{{task.completed}} {unit}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )


def _story_json(story: Story, undated: bool) -> dict[str, Any]:
    """``dated_by`` says whether first and last seen are publication times (``published``) or, no article
    of the story being dated, the times they were ingested (``ingested``)."""
    counts = story.counts
    return {
        "id": story.id,
        "headline": story.headline,
        "n_articles": counts.articles,
        "n_independent": counts.independent,
        "n_copies": counts.copies,
        "outlets": list(story.outlets),
        "n_outlets": counts.outlets,
        "languages": [{"language": code, "articles": n} for code, n in story.languages],
        "first_seen": story.first_seen.isoformat() if story.first_seen else None,
        "last_seen": story.last_seen.isoformat() if story.last_seen else None,
        "dated_by": "ingested" if undated else "published",
    }


@app.command()
def stories(
    limit: Annotated[int | None, typer.Option(help="Show at most this many stories.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list instead of a table.")] = False,
) -> None:
    """List stories, most covered first: id, headline, articles, independent reports, outlets, languages
    (with their article counts, e.g. "en 5, de 2"), first and last seen.

    An independent report is an article that copies or rewrites no other article of the story; the rest
    are copies (verbatim or nearly) and rewrites, shown under their originals in `newsprism brief`. An
    article naming no outlet (no metadata, no URL) has an outlet of its own, "unknown-" and 6 hex digits of
    its text hash, never its file's name. First and last seen are publication times; a story none of whose
    articles is dated shows the times they were ingested instead, marked "(ingested)" (in JSON: "dated_by":
    "ingested").
    """
    with _pipeline() as pipeline:
        found = pipeline.stories(limit)
        undated = pipeline.undated_stories([s.id for s in found])
    if as_json:
        shown = [_story_json(s, s.id in undated) for s in found]
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        return
    if not found:
        out.print("no stories yet: `newsprism ingest PATH` adds articles")
        return
    compact = out.width < 110  # leave the headline room on a narrow terminal
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("story", no_wrap=True)
    table.add_column("headline", ratio=1, min_width=20)
    table.add_column("art.", justify="right", no_wrap=True)
    table.add_column("indep.", justify="right", no_wrap=True)
    table.add_column("outl.", justify="right", no_wrap=True)
    table.add_column("languages", max_width=16 if compact else 24)
    table.add_column("first seen", no_wrap=True)
    table.add_column("last seen", no_wrap=True)
    for story in found:
        ingested = " (ingested)" if story.id in undated else ""
        counts = story.counts
        table.add_row(
            story.id,
            story.headline,
            str(counts.articles),
            str(counts.independent),
            str(counts.outlets),
            ", ".join(f"{code} {n}" for code, n in story.languages) or "?",
            _time(story.first_seen, compact) + ingested,
            _time(story.last_seen, compact) + ingested,
        )
    if undated:
        table.caption = "(ingested): no article gives a publication date; the time it was ingested is shown"
    out.print(table)


@app.command()
def brief(
    story_id: Annotated[str | None, typer.Argument(help="Story id, or any unique prefix of it.")] = None,
    top: Annotated[
        int | None, typer.Option(help="Instead of an id, the N-th most covered story (1 = the biggest).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="md (Markdown) or json.")] = "md",
    sentences: Annotated[int, typer.Option(help="Summary length in sentences (at most).")] = 6,
    words: Annotated[int | None, typer.Option(help="Summary length in words (at most).")] = None,
) -> None:
    """Show a story's brief: a summary whose every sentence cites the outlets carrying it, the figures and
    dates outlets disagree on (quoted from every side), a fact table (claim x outlet: states, contradicts,
    silent), what each outlet alone reports, a timeline, key entities and the sources."""
    if format not in {"md", "json"}:
        _fail(f"--format must be md or json, not {format!r}")
    if story_id is not None and top is not None:
        both = f"`newsprism brief {story_id}` or `newsprism brief --top {top}`"
        _fail(f"give a STORY_ID or --top N, not both: {both}")
    if story_id is None and top is None:
        _fail("give a STORY_ID (`newsprism stories` lists them) or --top N (1 = the most covered story)")
    options = SummaryOptions(max_sentences=sentences, max_words=words)
    with _pipeline() as pipeline:
        if top is not None:
            ranked = pipeline.stories(limit=top)
            if top < 1:
                _fail(f"--top counts from 1 (the most covered story), not {top}")
            if len(ranked) < top:
                _fail(f"--top {top}: there are only {len(ranked)} stories (see `newsprism stories`)")
            story_id = ranked[top - 1].id
        assert story_id is not None
        try:
            result = pipeline.brief(story_id, options)
        except StoreError as exc:
            _fail(str(exc))
    if format == "json":
        print(json.dumps(brief_to_dict(result), indent=2, ensure_ascii=False))
    else:
        print(brief_to_markdown(result))


@app.command()
def recluster(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
    wait: WaitOption = 0.0,
) -> None:
    """Re-cluster every stored article from scratch, fixing earlier incremental decisions.

    Ingest never merges or splits existing stories (their ids stay stable); this batch pass may. A story
    keeps its id when it survives (the new story sharing most of its articles inherits it), and every merge
    and split is recorded in the store.
    """
    with _writing(), _pipeline() as pipeline:
        report = pipeline.recluster(wait)
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    out.print(
        f"{report.articles} articles: {report.stories_before} stories before, {report.stories_after} after; "
        f"{report.moved_articles} articles moved, {len(report.merged)} merges, {len(report.split)} splits",
        highlight=False,
    )
    for merge in report.merged:
        out.print(f"  merged {', '.join(merge['from'])} into {merge['into']}", highlight=False)
    for split in report.split:
        out.print(f"  split {split['story']} into {', '.join(split['into'])}", highlight=False)


# -- live news -------------------------------------------------------------------------------------------

RateOption = Annotated[
    float, typer.Option("--rate", help="Requests per second to any one host (0: no limit, for own servers).")
]
HostConcurrencyOption = Annotated[int, typer.Option(help="Requests in flight to any one host.")]
TimeoutOption = Annotated[float, typer.Option(help="Seconds to wait for a server's next bytes.")]
MaxPageOption = Annotated[float, typer.Option(help="Largest page or feed to read, in MB (decompressed).")]
UserAgentOption = Annotated[str | None, typer.Option(help="User-Agent header (default names newsprism).")]


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, globs or URIs (hdfs://, s3a://, file://): JSONL, CSV, Parquet, WARC, ..."
        ),
    ],
    out: Annotated[str, typer.Option(help="Folder or URI (s3a://...) for the Parquet tables; overwritten.")],
    engine: Annotated[str, typer.Option(help="The distributed engine; only spark for now.")] = "spark",
    master: Annotated[
        str, typer.Option(help="Spark master: local[2], spark://host:7077, yarn, k8s://https://host:443.")
    ] = "local[2]",
    partitions: Annotated[
        int | None, typer.Option(help="Partitions of the cleaning and feature stage (default 4 per core).")
    ] = None,
    briefs: Annotated[bool, typer.Option(help="Build a brief per story (the costliest stage).")] = True,
    brief_min_articles: Annotated[int, typer.Option(help="Briefs for stories of N+ articles.")] = 1,
    into_db: Annotated[
        bool, typer.Option("--into-db", help="Also load the result into the --db store (new or empty).")
    ] = False,
    conf: Annotated[
        list[str] | None, typer.Option(help="Extra Spark settings, KEY=VALUE (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Run the whole pipeline as a batch job on Spark: the same stages and results as `ingest`, spread
    over a cluster (see docs/spark.md). Writes articles, stories, claims, briefs and errors as Parquet
    tables under --out; with --into-db, `newsprism serve` browses the result."""
    if engine != "spark":
        _fail(f"--engine must be spark, not {engine!r}")
    try:
        from newsprism.batch.job import BatchOptions, run_batch
        from newsprism.batch.load import LoadError, load_into_store
    except ImportError as exc:
        _fail(f"the batch job needs PySpark: pip install 'newsprism[spark]' ({exc})")
    options = BatchOptions(
        master=master,
        partitions=partitions,
        briefs=briefs,
        brief_min_articles=brief_min_articles,
        settings=state.settings,
        spark_conf=_spark_conf(conf or []),
    )
    started = time.perf_counter()
    report = run_batch(inputs, out, options)
    if into_db:
        from newsprism.cluster.features import feature_model_name

        try:
            load_into_store(out, state.db, feature_model_name(state.models().event_embedder))
        except LoadError as exc:
            _fail(str(exc))
    _print_batch(report, out, time.perf_counter() - started, as_json)


def _spark_conf(items: list[str]) -> dict[str, str]:
    """``--conf KEY=VALUE`` options as Spark settings."""
    spark_conf = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            _fail(f"--conf takes KEY=VALUE, not {item!r}")
        spark_conf[key] = value
    return spark_conf


def _print_batch(report: BatchReport, out: str, elapsed: float, as_json: bool) -> None:
    if as_json:
        print(json.dumps({**report.to_dict(), "elapsed": round(elapsed, 2)}))
        return
    err.print(
        f"{report.articles} articles in {report.stories} stories from {report.items} items"
        f" ({report.copies} copies, {report.rewrites} rewrites, {report.briefs} briefs,"
        f" {report.errors} errors)"
        f" in {elapsed:.1f} s; tables in {out}"
    )
    for stage, seconds in report.seconds.items():
        err.print(f"  {stage:<14} {seconds:8.1f} s")


def _http_settings(
    rate: float, host_concurrency: int, timeout: float, max_mb: float, user_agent: str | None
) -> HttpSettings:
    from newsprism.live.http import MEGABYTE, HttpSettings

    if rate < 0 or host_concurrency < 1 or timeout <= 0 or max_mb <= 0:
        _fail("--rate must be >= 0, --host-concurrency >= 1, --timeout and --max-mb > 0")
    settings = HttpSettings(
        host_rate=rate,
        host_concurrency=host_concurrency,
        connect_timeout=min(10.0, timeout),
        read_timeout=timeout,
        deadline=max(60.0, 3 * timeout),
        max_bytes=int(max_mb * MEGABYTE),
        max_feed_bytes=int(max(max_mb, 10) * MEGABYTE),
    )
    return replace(settings, user_agent=user_agent) if user_agent else settings


def _seconds(value: str) -> float:
    """``90``, ``90s``, ``15m``, ``1h`` as seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = value.strip().lower()
    try:
        number = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    except ValueError:
        number = -1
    if number <= 0:
        _fail(f"--interval: cannot read {value!r} as a duration (e.g. 90s, 15m, 1h)")
    return number


@app.command()
def watch(
    feeds: Annotated[
        list[str] | None,
        typer.Argument(
            help="Feed URLs (RSS, Atom, RDF; http(s):// or file://), feed files on disk (read again on each "
            "poll), OPML files, or files of feed URLs (one per line)."
        ),
    ] = None,
    default_feeds: Annotated[
        bool, typer.Option("--default-feeds", help="Also follow the shipped list of international outlets.")
    ] = False,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then exit (for cron).")] = False,
    interval: Annotated[str, typer.Option(help="Time between two polls of a feed: 90s, 15m, 1h.")] = "10m",
    pages: Annotated[
        bool, typer.Option("--pages/--no-pages", help="Fetch each item's page, or use only the feed's text.")
    ] = True,
    rate: RateOption = 1.0,
    host_concurrency: HostConcurrencyOption = 2,
    timeout: TimeoutOption = 20.0,
    max_mb: MaxPageOption = 5.0,
    user_agent: UserAgentOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print each poll's report as JSON, one a line.")
    ] = False,
) -> None:
    """Follow news feeds: poll them, fetch new items' pages, and keep the stories up to date.

    Feeds named here are added to the store's list and followed from then on; with no FEEDS, the feeds
    already in the store are polled. Fetching is polite: robots.txt is obeyed, each host gets at most
    --rate requests a second and --host-concurrency at a time, unchanged feeds cost a 304 (ETag,
    Last-Modified), 429 and 5xx answers are retried after the wait the server asks for, and a failing
    feed is polled less and less often. An item whose page is missing or fails is ingested from the
    feed's own summary, marked as such. Stop with Ctrl-C at any time (even kill -9): the next run
    resumes without losing or duplicating an item. `newsprism feeds` shows each feed's state.
    """
    from newsprism.live.watch import WatchSettings

    links = _watched_links(feeds or [], default_feeds)
    settings = WatchSettings(
        interval=_seconds(interval),
        fetch_pages=pages,
        http=_http_settings(rate, host_concurrency, timeout, max_mb, user_agent),
    )
    with _pipeline() as pipeline, _watch_progress(quiet=as_json) as progress:
        _watch_feeds(pipeline, settings, links, progress, once, as_json)


def _watched_links(feeds: list[str], default_feeds: bool) -> list[FeedLink]:
    """The feeds named (and the shipped list, if asked for); every argument naming none is reported."""
    from newsprism.live.feedlist import default_feeds as shipped_feeds
    from newsprism.live.feedlist import feed_links

    links, problems = feed_links(feeds)
    if default_feeds:
        links += shipped_feeds()
    _print_skipped((f"{problem.origin}: {problem.reason}" for problem in problems), soft_wrap=True)
    return links


def _watch_feeds(
    pipeline: Pipeline,
    settings: WatchSettings,
    links: list[FeedLink],
    progress: Progress,
    once: bool,
    as_json: bool,
) -> None:
    """Follow ``links`` (with no links, the feeds already followed) and poll: once, or until Ctrl-C."""
    import threading

    from newsprism.live.watch import Watcher, WatchProgress

    feeds_task = progress.add_task("feeds", total=None)
    items_task = progress.add_task("items", total=None)

    def show(shown: WatchProgress) -> None:
        progress.update(feeds_task, completed=shown.feeds_done, total=shown.feeds_total or None)
        progress.update(
            items_task,
            completed=shown.items_done,
            total=shown.items_total or None,
            description=f"items: {shown.added} new articles, {shown.errors} errors",
        )

    watcher = Watcher(pipeline, settings, show)
    watcher.follow(links)
    urls = [link.url for link in links] if links else None
    if not watcher.state.feeds(urls):
        _fail(
            "no feeds to watch: name feed URLs, feed files or an OPML file, or use --default-feeds"
            " (`newsprism ingest PATH` reads articles from files and folders)"
        )

    def report_poll(report: PollReport) -> None:
        progress.update(feeds_task, completed=0, total=None)
        progress.update(items_task, completed=0, total=None)
        _print_poll(report, as_json)

    if once:
        report_poll(watcher.poll(urls))
        return
    stop = threading.Event()
    try:
        watcher.watch(urls, stop, report_poll)
    except KeyboardInterrupt:
        stop.set()
        err.print("stopped; the next `newsprism watch` resumes where this one left off")


def _watch_progress(quiet: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )


def _print_poll(report: PollReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_dict()), flush=True)
        return
    for error in report.feed_errors:
        err.print(f"[yellow]feed[/] {error.origin}: {error.reason}", highlight=False)
    for error in report.item_errors:
        err.print(f"[yellow]item[/] {error.origin}: {error.reason}", highlight=False)
    stamp = datetime.now().strftime("%H:%M:%S")
    resumed = f", {report.resumed_items} resumed" if report.resumed_items else ""
    out.print(
        f"{stamp} polled {report.feeds} feeds ({report.feeds_not_modified} unchanged, "
        f"{len(report.feed_errors)} with errors): {report.new_items} new items{resumed}; "
        f"{report.pages} from pages, {report.summaries} from feed summaries, {report.failed_items} failed; "
        f"{report.added} new articles, {len(report.new_stories)} new stories, "
        f"{len(report.updated_stories - report.new_stories)} updated ({report.seconds:.1f}s)",
        highlight=False,
    )


@app.command()
def fetch(
    urls: Annotated[list[str], typer.Argument(help="Article pages, or feeds (giving their items' pages).")],
    outlet: Annotated[str | None, typer.Option(help="Outlet name for every item, over any metadata.")] = None,
    rate: RateOption = 1.0,
    host_concurrency: HostConcurrencyOption = 2,
    timeout: TimeoutOption = 20.0,
    max_mb: MaxPageOption = 5.0,
    user_agent: UserAgentOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
    wait: WaitOption = 0.0,
) -> None:
    """Fetch pages (or feeds) once, extract their main text, store the new articles and place each in a story.

    Fetching is as polite as `newsprism watch` (robots.txt, per-host rate limits, retries). A page that
    cannot be fetched or read is reported with the URL and why; the others are still stored.
    `newsprism ingest https://...` does the same for a single URL.
    """
    from newsprism.live.fetch import fetch_documents
    from newsprism.live.fetcher import Fetcher

    settings = _http_settings(rate, host_concurrency, timeout, max_mb, user_agent)
    options = ReadOptions(outlet=outlet)
    started = time.perf_counter()
    with (
        _writing(),
        _pipeline() as pipeline,
        _progress(quiet=as_json) as progress,
        Fetcher(settings) as fetcher,
    ):
        task = progress.add_task("fetching", total=None)

        def show(report: IngestReport) -> None:
            progress.update(task, completed=report.read, description=f"{report.added} new articles")

        report = pipeline.ingest_documents(fetch_documents(urls, fetcher, options), show, wait)
    _print_ingest(report, time.perf_counter() - started, as_json)
    if report.errors and not report.read:
        raise typer.Exit(1)


@app.command("feeds")
def feeds_command(
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="Stop following this feed URL (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list instead of a table.")] = False,
) -> None:
    """List the feeds followed: items seen, last success, last error, next poll.

    Items seen counts every item a feed has listed; "summary" those ingested from the feed's own text
    (their page was missing or failed), "failed" those that could not be ingested at all.
    """
    from newsprism.live.state import FeedState

    with _pipeline() as pipeline:
        state = FeedState.of(pipeline)
        for url in remove or []:
            if not state.remove_feed(url):
                _fail(f"not a followed feed: {url} (see `newsprism feeds`)")
            err.print(f"no longer following {url}", highlight=False)
        records = state.feeds()
    if as_json:
        print(json.dumps([r.to_dict() for r in records], indent=2, ensure_ascii=False))
        return
    if not records:
        out.print("no feeds yet: `newsprism watch URL` follows one, `--default-feeds` the shipped list")
        return
    compact = out.width < 140
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("feed", ratio=1, min_width=24, overflow="fold")
    for column in ("items", "summary", "failed"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("last success", no_wrap=True)
    table.add_column("last error", ratio=1, min_width=16)
    table.add_column("next poll", no_wrap=True)
    for record in records:
        name = f"{record.title}\n[dim]{record.url}[/]" if record.title else record.url
        error = "-"
        if record.last_error:
            error = f"{_time(record.last_error_at, compact)} {record.last_error}"
            if record.failures:
                error += f" [red]({record.failures} failed polls in a row)[/]"
        table.add_row(
            name,
            str(record.items_seen),
            str(record.items_from_summary),
            str(record.items_failed),
            _time(record.last_success_at, compact),
            error,
            _time(record.next_poll_at, compact),
        )
    out.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_upload_mb: Annotated[
        float, typer.Option(help="Largest request body accepted (uploads included), in MB.")
    ] = 20.0,
    warm: Annotated[
        int,
        typer.Option(help="Build the briefs of this many most covered stories in the background at start."),
    ] = 10,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            help="Let POST /api/v1/fetch fetch loopback, private and link-local addresses (local use only:"
            " anyone reaching the API could make the server fetch from the network behind it)."
        ),
    ] = False,
) -> None:
    """Serve web pages (stories, briefs, articles, outlets) and the JSON API over the store.

    Pages at http://HOST:PORT/, the API under /api/v1 (documented at /api/v1/docs, OpenAPI schema at
    /api/v1/openapi.json). Articles can be posted to /api/v1/articles while the pages are being read.
    """
    if not 0 < port < 65536:
        _fail(f"--port must be between 1 and 65535, not {port}")
    if max_upload_mb <= 0:
        _fail("--max-upload-mb must be positive")
    import uvicorn

    from newsprism.serve import ServeSettings, create_app

    settings = ServeSettings(
        db=state.db,
        max_body_bytes=int(max_upload_mb * 1024 * 1024),
        warm_briefs=warm,
        allow_private_urls=allow_private_urls,
    )
    try:
        web_app = create_app(settings, state.models())
    except StoreError as exc:
        _fail(str(exc))
    err.print(
        f"serving {state.db} at http://{host}:{port}/ (API docs: /api/v1/docs); Ctrl-C stops", highlight=False
    )
    # The interpreter holds some 180,000 objects from the libraries imported by now, and a serving process
    # allocates fast enough to run a full collection every second or two, each walking all of them: 150 to
    # 400 ms during which no request is answered. Freezing them leaves those collections the objects made
    # since (the caches), a few milliseconds.
    gc.collect()
    gc.freeze()
    # uvicorn closes a keep-alive connection idle for 5 s by default; on a busy machine its event loop can
    # run that timer before reading a request already waiting on the connection, and the client sees the
    # connection closed without an answer. Clients and proxies keep idle connections longer than 5 s.
    uvicorn.run(web_app, host=host, port=port, log_level="info", timeout_keep_alive=KEEP_ALIVE_SECONDS)


models_app = _command_group(
    "models", "The models newsprism runs: packaged on PyPI, loaded from installed files, never downloaded."
)


@models_app.command("prepare")
def models_prepare(
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as one JSON object.")] = False,
) -> None:
    """Build and load every model ingest needs, so that no ingest stops to do it: `make install` runs this.

    [bold]static[/]: the ingest's static embedding model, distilled once from the packaged MiniLM: about a
    minute on two cores, a few on a busy machine (a progress bar shows the time left on a terminal); kept
    in the user cache folder ($NEWSPRISM_STATIC_MODEL names another model instead).

    [bold]event[/]: the multilingual model of story detection (in its wheel; loads in a second).

    [bold]spacy[/]: the entity model of briefs (in its wheel; loads in a second or two).

    A second run finds the distilled model and only loads the three: a few seconds, nothing rebuilt.

    Example: .venv/bin/newsprism models prepare
    """
    from newsprism.models.prepare import prepare_models

    def announce(number: int, total: int, what: str) -> None:
        if not as_json:
            err.print(f"[{number}/{total}] {what}", highlight=False, markup=False)

    started = time.perf_counter()
    try:
        done = prepare_models(state.models(), announce, show_progress=err.is_terminal and not as_json)
    except (OSError, ImportError) as exc:
        _fail(f"a model could not be prepared: {exc} (reinstall with `make install`)")
    if as_json:
        print(json.dumps({"models": [d.to_dict() for d in done]}, indent=2))
        return
    summary = ", ".join(f"{d.name} {d.action} ({d.seconds:.1f}s)" for d in done)
    out.print(f"models ready: {summary}; {time.perf_counter() - started:.1f}s in all", highlight=False)


eval_app = _command_group("eval", "Measure quality on public data sets, beside baselines run the same way.")


@eval_app.command("stories")
def eval_stories(
    corpus: Annotated[Path, typer.Argument(help="JSONL corpus, one article per line, with a gold label.")],
    label_field: Annotated[
        str, typer.Option(help="Field holding each article's gold story/event label.")
    ] = "event",
    recluster: Annotated[bool, typer.Option(help="Also run the batch re-clustering before scoring.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
) -> None:
    """Score story detection: BCubed and pairwise F1 against gold labels, beside a TF-IDF baseline.

    The corpus is ingested into a temporary store exactly as `newsprism ingest` would; the baseline is
    TF-IDF + average-linkage agglomerative clustering at the threshold tuned once on ECB+ dev, with the
    same baseline tuned on the scored labels shown as an upper bound. Figures follow for the English
    articles, the other articles and the events reported in several languages.

    Example: newsprism eval stories .data/realnews/dev.jsonl --label-field event_id
    """
    from newsprism.evaluation.stories import LabelError, evaluate_stories

    if not corpus.is_file():
        _fail(f"{corpus}: no such file")
    try:
        with _progress(quiet=as_json) as progress:
            task = progress.add_task("ingesting", total=None)
            result = evaluate_stories(
                corpus,
                label_field,
                recluster=recluster,
                progress=lambda n: progress.update(task, completed=n),
            )
    except LabelError as exc:
        _fail(str(exc))
    figures = result.to_dict()
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    out.print(_story_scores_table(corpus, figures))
    out.print(f"newsprism ingest: {figures['articles_per_s']} articles/s", highlight=False)
    _print_skipped(f"{error.origin}: {error.reason}" for error in result.errors)


def _story_scores_table(corpus: Path, figures: dict[str, Any]) -> Table:
    """The whole set, then each language group, newsprism beside the baselines."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"{corpus.name}: {figures['articles']} articles, {figures['gold_stories']} gold stories",
    )
    for column in ("articles", "system", "BCubed P", "BCubed R", "BCubed F1", "pairwise F1", "stories"):
        table.add_column(column, justify="left" if column in ("articles", "system") else "right")

    def add(group: str, label: str, row: dict[str, Any]) -> None:
        keys = ("bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1")
        table.add_row(group, label, *(f"{row[k]:.3f}" for k in keys), str(row["stories"]))

    fixed = f"TF-IDF + agglomerative (threshold {figures['baseline']['threshold']} from ECB+ dev)"
    add("all", "newsprism", figures["newsprism"])
    add("", fixed, figures["baseline"])
    tuned = f"TF-IDF tuned on these labels ({figures['baseline_tuned']['threshold']}): upper bound"
    add("", tuned, figures["baseline_tuned"])
    for name, group in figures["groups"].items():
        table.add_section()
        add(f"{name} ({group['articles']})", "newsprism", group["newsprism"])
        add("", "TF-IDF (ECB+ threshold)", group["baseline"])
    return table


@eval_app.command("summaries")
def eval_summaries(
    path: Annotated[
        Path, typer.Argument(help="NeuS JSONL: id, articles [{title, text}], summary {title, text}.")
    ],
    limit: Annotated[int | None, typer.Option(help="Evaluate only the first N stories (quick runs).")] = None,
    sentences: Annotated[
        int, typer.Option(help="Summary length in sentences, the same for every system.")
    ] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """ROUGE-1/2/L F1 of newsprism's summaries against editors' summaries, beside lead-3, LexRank,
    TextRank and LSA at the same length, and the share of summary sentences whose citations check out.

    Example: newsprism eval summaries ../shared/data/neus/val.jsonl --limit 50
    """
    try:
        from newsprism.evaluation.summaries import EvaluationDataError, evaluate_summaries, read_neus
    except ImportError as exc:  # rouge-score or sumy missing
        _fail(f"{exc.name} is not installed: pip install 'newsprism[eval]'")
    if not path.is_file():
        _fail(f"{path}: no such file")
    if sentences < 1:
        _fail("--sentences must be at least 1")

    total = sum(1 for line in path.open(encoding="utf-8") if line.strip())
    total = min(total, limit) if limit is not None else total
    with _progress(quiet=as_json, unit="stories") as progress:
        task = progress.add_task("summarising", total=total)
        try:
            scores = evaluate_summaries(
                read_neus(path, limit),
                state.models(),
                sentences,
                lambda done: progress.update(task, completed=done),
            )
        except EvaluationDataError as exc:
            _fail(str(exc))
    if as_json:
        print(json.dumps(scores.to_dict(), indent=2))
        return
    table = Table(box=box.SIMPLE_HEAD, title=f"{path.name}: {scores.stories} stories, {sentences} sentences")
    for column in ("system", "ROUGE-1", "ROUGE-2", "ROUGE-L"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for name, values in scores.rouge.items():
        table.add_row(name, *(f"{100 * values[t]:.2f}" for t in ("rouge1", "rouge2", "rougeL")))
    out.print(table)
    out.print(f"attribution rate (newsprism): {100 * scores.attribution_rate:.1f}%", highlight=False)
    _print_skipped(scores.skipped)


@eval_app.command("pairs")
def eval_pairs(
    path: Annotated[
        Path,
        typer.Argument(
            help="SemEval-2022 Task 8 JSONL: pair_id, lang1, lang2, title1, text1, title2, text2, overall."
        ),
    ],
    limit: Annotated[int | None, typer.Option(help="Evaluate only the first N pairs (quick runs).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """How well newsprism's same-story score agrees with people: Pearson and Spearman correlation of the
    score with the annotators' overall judgement of article pairs (1 = same story ... 4 = unrelated,
    sign turned so that higher is better), per language pair and overall, beside a TF-IDF cosine and an
    English static embedding cosine.

    Example: newsprism eval pairs ../shared/data/semeval22/train.jsonl --limit 200
    """
    from newsprism.evaluation.pairs import PairsDataError, evaluate_pairs, read_pairs

    if not path.is_file():
        _fail(f"{path}: no such file")
    if limit is not None and limit < 1:
        _fail("--limit must be at least 1")
    with path.open(encoding="utf-8-sig") as lines:
        total = sum(1 for line in lines if line.strip())
    total = min(total, limit) if limit is not None else total
    with _progress(quiet=as_json, unit="pairs") as progress:
        task = progress.add_task("scoring", total=total)
        try:
            result = evaluate_pairs(
                read_pairs(path, limit), state.models(), lambda done: progress.update(task, completed=done)
            )
        except PairsDataError as exc:
            _fail(str(exc))
    if as_json:
        print(json.dumps(result.to_dict(), indent=2))
        return
    out.print(_pair_scores_table(path, result.to_dict()))
    _print_skipped(result.skipped)


def _pair_scores_table(path: Path, figures: dict[str, Any]) -> Table:
    """One row per language pair and one for all pairs; each system's Pearson and Spearman."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"{path.name}: {figures['pairs']} pairs, correlation with -overall (1 = same story)",
    )
    table.add_column("language")
    table.add_column("pairs", justify="right")
    systems = {"newsprism": "newsprism", "tfidf": "TF-IDF", "static": "static (en)"}
    for label in systems.values():
        table.add_column(f"{label}\nPearson", justify="right")
        table.add_column(f"{label}\nSpearman", justify="right")

    def shown(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    for name, group in figures["groups"].items():
        if name == "all":
            table.add_section()
        cells = [shown(group[s][k]) for s in systems for k in ("pearson", "spearman")]
        table.add_row(name, str(group["pairs"]), *cells)
    table.caption = (
        "TF-IDF: sublinear TF-IDF cosine of title and text; static (en): English static model cosine"
    )
    if figures["skipped"]:
        table.caption += f"\n{figures['skipped']} pairs skipped: an article cleans to nothing"
    return table


JUDGEMENTS_FILE = Path("bench/data/citation_judgements.jsonl")


@eval_app.command("briefs")
def eval_briefs(
    corpus: Annotated[
        Path, typer.Argument(help="JSONL corpus with an 'id' per article (realnews dev.jsonl).")
    ],
    events: Annotated[
        Path, typer.Option(help="events.json: events with article_ids, key_facts and discrepancies.")
    ],
    judgements: Annotated[
        Path | None,
        typer.Option(
            help="Judged citation pairs (JSONL, see bench/data/README.md); default: "
            f"{JUDGEMENTS_FILE} when present."
        ),
    ] = None,
    show_unjudged: Annotated[
        bool, typer.Option("--show-unjudged", help="List the shown citations no judgement covers.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as one JSON object.")] = False,
) -> None:
    """Score briefs against labelled events: discrepancy recall and precision, key-fact coverage of the
    summary, summary length, citation precision and the share of 'unique' items no other article states.

    Each event's articles present in the corpus get a temporary store and one brief over all of them
    (story detection is not measured here); labels whose articles are missing are skipped and counted.
    Citation precision is the SAME share of the shown citations a person judged; a changed aligner cites
    new pairs: --show-unjudged lists them with lines to judge and add to the judgements file.

    Example: newsprism eval briefs .data/realnews/dev.jsonl --events ../shared/data/realnews/events.json
    """
    from newsprism.evaluation.briefs import EventsError, evaluate_briefs, read_events, read_judgements

    judgements = judgements or _default_judgements()
    for path in (corpus, events, *([judgements] if judgements else [])):
        if not path.is_file():
            _fail(f"{path}: no such file")
    try:
        judged = read_judgements(judgements) if judgements else {}
        total = len(read_events(events))
        with _progress(quiet=as_json, unit="events") as progress:
            task = progress.add_task("briefing", total=total)
            result = evaluate_briefs(
                corpus, events, state.models(), lambda done: progress.update(task, completed=done), judged
            )
    except EventsError as exc:
        _fail(str(exc))
    figures = result.to_dict()
    figures["judgements"] = str(judgements) if judgements else None
    if as_json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    out.print(_brief_scores_table(corpus, figures))
    _print_citation_precision(figures["totals"], judgements)
    if show_unjudged:
        _print_unjudged(figures)


def _default_judgements() -> Path | None:
    """The judgements file of the working folder, else of the source checkout newsprism runs from."""
    for root in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (root / JUDGEMENTS_FILE).is_file():
            return root / JUDGEMENTS_FILE
    return None


def _print_citation_precision(totals: dict[str, Any], judgements: Path | None) -> None:
    if judgements is None:
        out.print("citation precision: no judgements file (--judgements)")
        return
    for label, same, judged, shown in (
        ("summary citations", "citations_same", "citations_judged", "citations"),
        ("fact-table cells", "fact_same", "fact_judged", "fact_citations"),
    ):
        share = f" ({100 * totals[same] / totals[judged]:.1f}%)" if totals[judged] else ""
        out.print(
            f"{label}: {totals[same]}/{totals[judged]} judged SAME{share},"
            f" {totals[shown] - totals[judged]} of {totals[shown]} unjudged",
            highlight=False,
        )
    out.print(f"judgements: {judgements}", highlight=False)


def _print_unjudged(figures: dict[str, Any]) -> None:
    """Each unjudged citation: both sentences, then the judgement line to complete and add."""
    for event in figures["events"]:
        for pair in event["unjudged_citations"]:
            line = {"event": pair["event"]} | {
                side: {k: v for k, v in pair[side].items() if k != "text"} for side in ("summary", "cited")
            }
            out.print(f"\n[{pair['event']} {pair['where']}]", highlight=False, markup=False)
            out.print(f"  shown: {pair['summary']['text']}", highlight=False, markup=False)
            out.print(f"  cited: {pair['cited']['text']}", highlight=False, markup=False)
            out.print(
                "  " + json.dumps(line | {"judgement": "SAME|PARTIAL|DIFFERENT"}),
                highlight=False,
                markup=False,
            )


def _brief_scores_table(corpus: Path, figures: dict[str, Any]) -> Table:
    """One row per event, then the totals."""
    table = Table(box=box.SIMPLE_HEAD, title=f"{corpus.name}: briefs of labelled events")
    columns = ("event", "articles (missing)", "stories", "discrepancies found", "shown matching",
               "key facts covered", "sentences", "citations SAME", "unique alone")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "event" else "right")

    def ratio(part: int, whole: int, skipped: int = 0) -> str:
        shown = f"{part}/{whole}" + (f" ({100 * part / whole:.0f}%)" if whole else "")
        return shown + (f" +{skipped} skipped" if skipped else "")

    def add(row: dict[str, Any], sentences: str) -> None:
        table.add_row(
            row["event_id"],
            f"{row['articles']} ({row['missing_articles']})",
            str(row["stories"]),
            ratio(row["found"], row["discrepancies"], row["discrepancies_skipped"]),
            ratio(row["shown_matching"], row["shown"]),
            ratio(row["covered"], row["key_facts"], row["key_facts_skipped"]),
            sentences,
            ratio(row["citations_same"], row["citations_judged"])
            + (f" +{unjudged} unjudged" if (unjudged := row["citations"] - row["citations_judged"]) else ""),
            ratio(row["unique_alone"], row["unique_items"] - row["unique_unjudged"]),
        )

    for row in figures["events"]:
        add(row, str(row["sentences"]))
    table.add_section()
    totals = figures["totals"]
    add(totals, f"{totals['mean_sentences']} mean")
    table.caption = (
        "found: a shown discrepancy quotes two labelled sides with their values (recall); shown matching:"
        " precision; citations SAME: summary citations judged to state the sentence's fact, over those"
        " judged; unique alone: 'unique' items with figures or names that no other article states"
        f" ({totals['unique_unjudged']} items without either not judged); key facts covered without"
        f" asking for their dates (asking for them too: {totals['covered_with_dates']}/{totals['key_facts']})"
    )
    return table


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
