"""The typed records that flow through the pipeline.

Every stage takes and returns these plain dataclasses and nothing else, so any stage can be run, tested or
replaced on its own: readers yield :class:`RawDocument`, cleaning turns one into an :class:`Article`,
clustering groups articles into :class:`Story` records and the brief stage builds a :class:`Brief`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

BRIEF_SCHEMA_VERSION = "1.5"
# The outlet of an article whose metadata names none and that has no URL starts with this. A file's name is
# not an outlet ("000_efc234f7d9ef9d66", "dev" for every record of dev.jsonl), and one shared "unknown" would
# group unrelated reports as one outlet's in stories and briefs: each such article is its own
# "unknown-<6 hex digits of its text hash>" (see :func:`unknown_outlet`), counted as a report of its own.
UNKNOWN_OUTLET = "unknown"


def unknown_outlet(text_hash: str) -> str:
    """The outlet of an article nothing names the outlet of: ``unknown-`` and the start of its text hash,
    the same on every re-read (so its id is stable) and different from any other article's."""
    return f"{UNKNOWN_OUTLET}-{text_hash[:6]}"


def is_unknown_outlet(outlet: str) -> bool:
    return outlet == UNKNOWN_OUTLET or outlet.startswith(f"{UNKNOWN_OUTLET}-")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as a reader found it, before cleaning.

    ``origin`` names where it came from precisely enough for a user to find it again
    (``path``, ``path:line`` for JSONL, ``path#row`` for CSV, or a URL).
    """

    origin: str
    text: str
    format: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str | None = None
    # True when the reader already split off a title, so cleaning must not take the first line again.
    has_title: bool = False
    # Where the text came from when that matters to a reader of the brief: ``"web-page"`` (fetched and
    # extracted), ``"feed-summary"`` (only the feed's own summary or content: the page was missing or
    # failed); None for files and dumps.
    source_kind: str | None = None


@dataclass(frozen=True, slots=True)
class IngestError:
    """Why one input item could not be read or stored; the batch goes on without it."""

    origin: str
    reason: str


# Where an article's title came from: given with the document (``metadata``: a title field, an HTML
# title, a reader that split one off), the document's first line standing alone as a headline
# (``first_line``), or made from its first sentence, shortened (``sentence``).
TitleSource = Literal["metadata", "first_line", "sentence"]


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article.

    ``id`` is a hash of outlet, title and cleaned text, so re-reading the same input gives the same id;
    ``text_hash`` hashes the normalised text alone, so a verbatim copy in another outlet shares it.
    ``title_source`` says where the title came from (None: stored before that was recorded).
    """

    id: str
    outlet: str
    title: str
    text: str
    sentences: tuple[str, ...]
    text_hash: str
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    origin: str = ""
    source_kind: str | None = None
    title_source: TitleSource | None = None


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """A stored article with what the store knows about it beyond the record itself: its place in ingest
    order (``seq``), when it was stored, and its story (None until it is placed in one)."""

    article: Article
    seq: int
    ingested_at: datetime
    story_id: str | None

    @property
    def seen_at(self) -> datetime:
        """Published time when known, else when we first saw it."""
        return self.article.published or self.ingested_at


@dataclass(frozen=True, slots=True)
class MemberTitle:
    """What choosing a story's headline reads of one member: its title, where the title came from, its
    language and its first sentence (a light row of the store, or taken from an :class:`Article`)."""

    id: str
    title: str
    title_source: TitleSource | None
    language: str | None
    lead: str


ProvenanceKind = Literal["copy", "near_copy", "rewrite"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """An article repeating an earlier one: a verbatim copy, a near copy, or a sentence-by-sentence rewrite.

    ``original_id`` is the earliest article it matches (by published time, else ingest order).
    """

    article_id: str
    kind: ProvenanceKind
    original_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Story:
    """A real-world event, as the articles grouped under one stable id.

    ``independent_ids`` are the members that copy or rewrite no other member: the story's independent reports.
    ``languages`` are the members' languages with how many members are written in each, most first
    (members whose language is unknown are not counted).
    """

    id: str
    headline: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    first_seen: datetime | None
    last_seen: datetime | None
    independent_ids: tuple[str, ...]
    languages: tuple[tuple[str, int], ...] = ()

    @property
    def counts(self) -> StoryCounts:
        return StoryCounts(
            articles=len(self.article_ids),
            independent=len(self.independent_ids),
            copies=len(self.article_ids) - len(self.independent_ids),
            outlets=len(self.outlets),
        )


@dataclass(frozen=True, slots=True)
class StoryCounts:
    """How many articles a story has, how many of them are independent reports and how many copy or
    rewrite another member (the rest), and how many outlets carry it."""

    articles: int
    independent: int
    copies: int
    outlets: int


def independent_ids(story_id: str, members: Iterable[tuple[str, str | None]]) -> tuple[str, ...]:
    """A story's independent reports: its members that copy or rewrite no other member.

    Each member comes with the story of the article it copies or rewrites (None when it repeats none). A
    member repeating an article of another story is still an independent report, for this story.
    """
    return tuple(article_id for article_id, original_story in members if original_story != story_id)


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A sentence of a stored article, quoted exactly."""

    article_id: str
    outlet: str
    index: int
    text: str


@dataclass(frozen=True, slots=True)
class Claim:
    """A piece of information: the sentences, across a story's articles, that state it.

    ``independent_support`` counts reports, not articles: a copy or rewrite of another article of the claim
    adds nothing. ``independent_outlets`` names one outlet per independent report (the original's).
    """

    id: int
    sentences: tuple[SentenceRef, ...]
    outlets: tuple[str, ...]
    independent_support: int
    independent_outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A summary sentence, shown verbatim from ``source``, citing every outlet that carries it."""

    text: str
    source: SentenceRef
    claim_id: int
    citations: tuple[SentenceRef, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.outlet for c in self.citations))


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """An article the brief draws on; ``repeats`` names the earlier article it copies or rewrites, if any;
    ``language`` is the article's (None when unknown)."""

    article_id: str
    outlet: str
    title: str
    url: str | None
    published: datetime | None
    repeats: str | None = None
    relation: ProvenanceKind | None = None
    language: str | None = None


CellState = Literal["states", "contradicts", "silent"]


@dataclass(frozen=True, slots=True)
class FactCell:
    """What one outlet says about a claim, with the sentences that say it (none when silent)."""

    outlet: str
    state: CellState
    sentences: tuple[SentenceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class FactRow:
    """One claim across every outlet of the story, in the order of ``Brief.outlets``."""

    claim_id: int
    cells: tuple[FactCell, ...]


@dataclass(frozen=True, slots=True)
class DiscrepancySide:
    """One version of a disputed figure or name, quoted from every sentence that gives it."""

    value: str  # as the first quote writes it
    quotes: tuple[SentenceRef, ...]
    outlets: tuple[str, ...]
    independent_support: int
    claim_ids: tuple[int, ...]


DiscrepancyNature = Literal["conflict", "update", "bounds"]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Aligned sentences that disagree on a figure, a date or a name; every side is quoted."""

    kind: str  # count, money, percent, points, age, date, year, score, magnitude, speed, minute, depth, name
    subject: str  # what differs, e.g. "number of people", "amount ($)", "PERSON name"
    sides: tuple[DiscrepancySide, ...]
    # "update": a toll that later reports raise (every higher side published after every lower one);
    # "bounds": tolls that differ but may all be true ("at least 3", "at least 22"), their order unknown;
    # "conflict": any other disagreement.
    nature: DiscrepancyNature = "conflict"


# How each nature of discrepancy is labelled for readers (Markdown, web page).
NATURE_LABELS: dict[str, str] = {
    "conflict": "conflict: the reports disagree",
    "update": "update: a later report revised the figure",
    "bounds": "differing lower bounds: each may be true; likely reports of different times",
}


# How many of an outlet's unique items a brief shows; the rest, ranked lower, wait behind "more".
UNIQUES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class OutletContribution:
    """The claims only this outlet reports, every one, most wanted first. A brief shows the first
    ``shown`` and puts the rest behind "more": a reader sees the best three at once, and nothing is lost.
    ``shown`` is never more than there are, so ``shown == len(claim_ids)`` says nothing is behind "more"."""

    outlet: str
    claim_ids: tuple[int, ...]
    shown: int = UNIQUES_SHOWN

    def __post_init__(self) -> None:
        object.__setattr__(self, "shown", max(0, min(self.shown, len(self.claim_ids))))

    @property
    def shown_ids(self) -> tuple[int, ...]:
        return self.claim_ids[: self.shown]

    @property
    def more_ids(self) -> tuple[int, ...]:
        """The items behind "more", in rank order."""
        return self.claim_ids[self.shown :]


DatePrecision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A date the articles mention, with the claim and the sentences that mention it.

    ``when`` is None when the text names a relative day ("on Thursday") and the article has no published
    time to resolve it against; ``as_written`` is always the text's own words.
    """

    when: date | None
    precision: DatePrecision
    as_written: str
    claim_id: int
    quotes: tuple[SentenceRef, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """When each outlet published (earliest first; undated apart) and the dated events in the text."""

    coverage: tuple[SourceEntry, ...] = ()
    undated: tuple[SourceEntry, ...] = ()
    events: tuple[TimelineEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class KeyEntity:
    """A named entity and how many outlets mention it; ``variants`` are the forms merged into ``name``."""

    name: str
    label: str
    variants: tuple[str, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    """What a reader needs to know about one story, every line traceable to source sentences."""

    story_id: str
    headline: str
    summary: tuple[SummarySentence, ...]
    claims: tuple[Claim, ...]
    sources: tuple[SourceEntry, ...]
    outlets: tuple[str, ...] = ()  # the fact table's columns: every outlet, earliest first
    fact_table: tuple[FactRow, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    unique: tuple[OutletContribution, ...] = ()
    timeline: Timeline = Timeline()
    entities: tuple[KeyEntity, ...] = ()
    schema_version: str = BRIEF_SCHEMA_VERSION
    generated_at: datetime | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
