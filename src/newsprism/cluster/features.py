"""What clustering knows about an article: several independent signals, computed once at ingest.

Look-alike events (two earthquakes, two rate cuts) share vocabulary and embeddings; what tells them apart are
the *specifics*: who and where (names), which figures, which year and weekday. Each signal is kept as its own
channel of term counts so the similarity can weigh agreement on each and conflicts between them.

Terms are hashed (``channel:term`` into 2**22 buckets, scikit-learn's FeatureHasher, in C), so a batch of
articles becomes one sparse matrix per channel and everything downstream is matrix arithmetic; collisions
at this size are rare enough not to matter next to the other signals.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher

from newsprism.cluster.names import proper_names, proper_names_and_head
from newsprism.languages import canonical_number, ordinals_in, stems, stop_words, weekdays_and_dates
from newsprism.records import Article

LEAD_SENTENCES = 3  # embedded with the title
LEAD_TERM_SENTENCES = 2  # the "lead" term channel: what happened, before the background
NAME_CHARS = 1000  # names are read from the title and the start of the text, where the event's actors are
CHANNELS = ("terms", "lead", "title", "names", "numbers")
HASH_FEATURES = 2**22
# Bumped whenever what an article's features hold changes: stored features of another version are recomputed.
FEATURES_VERSION = 3

_TOKEN = re.compile(r"[^\W_]+(?:['.][^\W_]+)*")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_SCORE = re.compile(r"(?<![\w.,:-])(\d{1,2})\s?[-:–]\s?(\d{1,2})(?![\w.,:-])")
_HASHER = FeatureHasher(n_features=HASH_FEATURES, input_type="dict", alternate_sign=False, dtype=np.float32)


# What an article's lead names (figures, or names) and what its whole text names, as hashed terms: two
# articles whose leads' specifics are nowhere in each other report different events (cluster.similarity).
Specifics = tuple[frozenset[int], frozenset[int]]
_NO_SPECIFICS: Specifics = (frozenset(), frozenset())


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """One article's clustering signals; ``channels`` hold hashed term buckets and sublinear counts."""

    article_id: str
    vector: np.ndarray  # unit-length static embedding of title and lead
    channels: Mapping[str, tuple[np.ndarray, np.ndarray]]  # channel -> (bucket indices, counts)
    years: frozenset[int]  # mentioned, plus the year of publication
    weekdays: frozenset[str]
    published: datetime | None
    neighbours: tuple[str, ...] = ()  # set once the article is clustered: its most similar articles then
    language: str | None = None
    dates: frozenset[str] = frozenset()  # days of the year named in the text, as MM-DD
    period: frozenset[str] = frozenset()  # ISO weeks around the publication (publication_weeks)
    figures: Specifics = _NO_SPECIFICS
    names: Specifics = _NO_SPECIFICS
    ordinals: Specifics = _NO_SPECIFICS  # "the seventh flight", "zum vierten Mal": 3 ... 10

    def buckets(self) -> np.ndarray:
        """Every distinct bucket the article uses, as counted in the store's document frequencies."""
        parts = [indices for indices, _ in self.channels.values()]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)

    def channels_blob(self) -> bytes:
        """Compact storage: per channel, its length, int32 buckets and float16 counts."""
        chunks = []
        for channel in CHANNELS:
            indices, counts = self.channels.get(channel, (np.zeros(0, np.int32), np.zeros(0, np.float32)))
            chunks += [
                np.int32(len(indices)).tobytes(),
                indices.astype("<i4").tobytes(),
                counts.astype("<f2").tobytes(),
            ]
        return b"".join(chunks)

    def to_json(self) -> dict[str, Any]:
        return {
            "years": sorted(self.years),
            "weekdays": sorted(self.weekdays),
            "dates": sorted(self.dates),
            "period": sorted(self.period),
            "figures": [sorted(part) for part in self.figures],
            "names": [sorted(part) for part in self.names],
            "ordinals": [sorted(part) for part in self.ordinals],
            "neighbours": list(self.neighbours),
            "language": self.language,
        }

    @classmethod
    def from_stored(
        cls,
        article_id: str,
        data: dict[str, Any],
        vector: np.ndarray,
        blob: bytes,
        published: datetime | None,
    ) -> ArticleFeatures:
        channels, offset = {}, 0
        for channel in CHANNELS:
            length = int.from_bytes(blob[offset : offset + 4], "little", signed=True)
            offset += 4
            indices = np.frombuffer(blob, "<i4", length, offset)
            offset += 4 * length
            counts = np.frombuffer(blob, "<f2", length, offset).astype(np.float32)
            offset += 2 * length
            channels[channel] = (indices, counts)
        return cls(
            article_id=article_id,
            vector=vector,
            channels=channels,
            years=frozenset(data["years"]),
            weekdays=frozenset(data["weekdays"]),
            dates=frozenset(data.get("dates", ())),
            period=frozenset(data.get("period", ())),
            figures=_stored_specifics(data.get("figures")),
            names=_stored_specifics(data.get("names")),
            ordinals=_stored_specifics(data.get("ordinals")),
            published=published,
            neighbours=tuple(data.get("neighbours", ())),
            language=data.get("language"),
        )


PERIOD_DAYS = 3  # a report belongs to the weeks within this many days of its publication


def publication_weeks(published: datetime | None) -> frozenset[str]:
    """The ISO weeks within ``PERIOD_DAYS`` of the publication day: two reports whose sets share no week
    were published more than about a week apart. A date that is the first of a month at midnight is most
    likely a month given alone ("2025-04"), so it stands for every week of that month."""
    if published is None:
        return frozenset()
    day = published.date()
    if day.day == 1 and (published.hour, published.minute, published.second) == (0, 0, 0):
        last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        first, last = day - timedelta(days=PERIOD_DAYS), last + timedelta(days=PERIOD_DAYS)
    else:
        first, last = day - timedelta(days=PERIOD_DAYS), day + timedelta(days=PERIOD_DAYS)
    weeks = set()
    while first <= last:
        year, week, _ = first.isocalendar()
        weeks.add(f"{year}-W{week:02d}")
        first += timedelta(days=1)
    return frozenset(weeks)


def _stored_specifics(value: list[list[int]] | None) -> Specifics:
    if not value:
        return _NO_SPECIFICS
    lead, whole = value
    return frozenset(lead), frozenset(whole)


def _hashed(terms: Iterable[str]) -> frozenset[int]:
    return frozenset(zlib.crc32(term.encode()) & 0x7FFFFFFF for term in terms)


def specifics(article: Article) -> tuple[Specifics, Specifics, Specifics]:
    """The figures, the single-word names and the ordinals of the article's lead, and of its whole text."""
    return _Reading(article).specifics()


def feature_model_name(embedder: object) -> str:
    """Names what computed stored features: the embedding model and this module's version of the rest."""
    return f"{getattr(embedder, 'name', type(embedder).__name__)}+features-v{FEATURES_VERSION}"


def lead_text(article: Article) -> str:
    """Title plus the first sentences: what the article is about."""
    lead = " ".join(article.sentences[:LEAD_SENTENCES])
    if article.title and not lead.startswith(article.title):
        return f"{article.title}. {lead}"
    return lead


_SUBLINEAR = [0.0, *(1.0 + math.log(c) for c in range(1, 256))]  # 1 + log(count), the usual counts


def _sublinear(counts: Counter[str]) -> dict[str, float]:
    table, size = _SUBLINEAR, len(_SUBLINEAR)
    return {t: table[c] if c < size else 1.0 + math.log(c) for t, c in counts.items()}


def content_terms(text: str, language: str | None = None) -> dict[str, float]:
    """Content words as stems (in their language: its stop words dropped, its stemmer), sublinear counts."""
    skip = stop_words(language)
    words = [t for t in _TOKEN.findall(text.lower()) if t not in skip and len(t) > 1]
    return _sublinear(Counter(stems(words, language)))


def number_terms(text: str, language: str | None = None) -> dict[str, float]:
    """Figures in one spelling whatever the language writes ("7,4" in German is "7.4"), results ("4-3",
    "4:3") as one term, and ordinals ("the seventh flight", "zum fünften Mal") as ``#7``. Lone digits and
    years say little on their own (every report has a "2" and "2025"; years are a signal of their own),
    so they are left out."""
    return _sublinear(Counter(_number_terms(text, language)))


def _number_terms(text: str, language: str | None) -> list[str]:
    """Every term ``number_terms`` counts, in the order it counts them: ordinals, results, figures."""
    terms = ordinals_in(text)
    scores = _SCORE.findall(text)
    terms += ["-".join(score) for score in scores]
    for figure in _NUMBER.findall(_SCORE.sub(" ", text) if scores else text):
        value = canonical_number(figure, language)
        if len(value) > 1 and not _YEAR.fullmatch(value):
            terms.append(value)
    return terms


def channel_terms(article: Article) -> dict[str, dict[str, float]]:
    """The raw, unhashed term counts of each channel (for inspection and tests)."""
    return _Reading(article).channels()


# A result ("3-2", "3:2") may run across the line break between title and text only where the title ends
# and the text starts with one of these; elsewhere the whole text's figures are the title's and the text's.
_SCORE_EDGE = re.compile(r"[\d\-:–]")


class _Reading:
    """Everything the channels and specifics of one article read, each text read once and shared: the
    whole text ("title\ntext") is the title, a line break and the text, and the names channel reads its
    start (what ``_NAME`` finds there is what it finds in the whole text, up to the cut)."""

    def __init__(self, article: Article) -> None:
        title, text = article.title, article.text
        self.article = article
        self.language = language = article.language
        self.full = f"{title}\n{text}"
        self.lead = " ".join([title, *article.sentences[:LEAD_TERM_SENTENCES]])
        self.lead_numbers = _number_terms(self.lead, language)
        self.text_numbers = _number_terms(text, language)
        if _SCORE_EDGE.fullmatch(title[-1:]) and _SCORE_EDGE.fullmatch(text[:1]):
            self.full_numbers = set(_number_terms(self.full, language))
        else:
            self.full_numbers = {*_number_terms(title, language), *self.text_numbers}
        self.full_names, self.head_names = proper_names_and_head(
            self.full, len(title) + 1 + NAME_CHARS, language
        )

    def channels(self) -> dict[str, dict[str, float]]:
        article, language = self.article, self.language
        return {
            "terms": content_terms(self.full, language),
            "lead": content_terms(self.lead, language),
            "title": content_terms(article.title, language),
            "names": _sublinear(self.head_names),
            "numbers": _sublinear(Counter(self.text_numbers)),
        }

    def specifics(self) -> tuple[Specifics, Specifics, Specifics]:
        lead_ordinals = _ordinal_values(self.lead_numbers)
        lead_figures = _hashed(self.lead_numbers)
        lead_names = _hashed(n for n in proper_names(self.lead, self.language) if "_" not in n)
        return (
            (lead_figures, lead_figures | _hashed(self.full_numbers)),
            (lead_names, lead_names | _hashed(n for n in self.full_names if "_" not in n)),
            (lead_ordinals, lead_ordinals | _ordinal_values(self.full_numbers)),
        )


def _ordinal_values(terms: Iterable[str]) -> frozenset[int]:
    """The ordinals among number terms: ``#7`` is 7."""
    return frozenset(int(term[1:]) for term in terms if term[:1] == "#")


def hash_channel(channel: str, rows: Sequence[Mapping[str, float]]) -> sparse.csr_matrix:
    """A batch's counts of one channel as a sparse matrix over the shared hashed space."""
    return _HASHER.transform(
        [{f"{channel}:{term}": value for term, value in row.items()} for row in rows]
    ).tocsr()


class TextEncoder(Protocol):
    """What embeds articles' leads: unit-length float32 rows, one per text."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class FeatureExtractor:
    """Turns articles into :class:`ArticleFeatures`, in batches (hashing and embedding are much faster so)."""

    def __init__(self, embedder: TextEncoder) -> None:
        self.embedder = embedder

    def extract(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        if not articles:
            return []
        vectors = self.embedder.encode([lead_text(a) for a in articles])
        readings = [_Reading(a) for a in articles]
        terms = [r.channels() for r in readings]
        hashed = {c: hash_channel(c, [t[c] for t in terms]) for c in CHANNELS}
        features = []
        for row, (article, reading, vector) in enumerate(zip(articles, readings, vectors, strict=True)):
            full = reading.full
            figures, names, ordinals = reading.specifics()
            weekdays, dates = weekdays_and_dates(full)
            years = {int(y) for y in _YEAR.findall(full)}
            if article.published:
                years.add(article.published.year)
            channels = {}
            for channel, matrix in hashed.items():
                start, end = matrix.indptr[row], matrix.indptr[row + 1]
                channels[channel] = (
                    matrix.indices[start:end].astype(np.int32),
                    matrix.data[start:end].astype(np.float32),
                )
            features.append(
                ArticleFeatures(
                    article_id=article.id,
                    vector=np.asarray(vector, dtype=np.float32),
                    channels=channels,
                    years=frozenset(years),
                    weekdays=weekdays,
                    dates=dates,
                    period=publication_weeks(article.published),
                    figures=figures,
                    names=names,
                    ordinals=ordinals,
                    published=article.published,
                    language=article.language,
                )
            )
        return features
