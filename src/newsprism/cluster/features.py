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
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsprism.cluster.names import proper_names
from newsprism.records import Article

LEAD_SENTENCES = 3  # embedded with the title
LEAD_TERM_SENTENCES = 2  # the "lead" term channel: what happened, before the background
NAME_CHARS = 1000  # names are read from the title and the start of the text, where the event's actors are
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CHANNELS = ("terms", "lead", "title", "names", "numbers")
HASH_FEATURES = 2**22

_TOKEN = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_HASHER = FeatureHasher(n_features=HASH_FEATURES, input_type="dict", alternate_sign=False, dtype=np.float32)


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

    def to_json(self) -> dict:
        return {
            "years": sorted(self.years),
            "weekdays": sorted(self.weekdays),
            "neighbours": list(self.neighbours),
        }

    @classmethod
    def from_stored(
        cls, article_id: str, data: dict, vector: np.ndarray, blob: bytes, published: datetime | None
    ) -> ArticleFeatures:
        channels, offset = {}, 0
        for channel in CHANNELS:
            (length,) = np.frombuffer(blob, "<i4", 1, offset)
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
            published=published,
            neighbours=tuple(data.get("neighbours", ())),
        )


def lead_text(article: Article) -> str:
    """Title plus the first sentences: what the article is about."""
    lead = " ".join(article.sentences[:LEAD_SENTENCES])
    if article.title and not lead.startswith(article.title):
        return f"{article.title}. {lead}"
    return lead


def _sublinear(counts: Counter[str]) -> dict[str, float]:
    return {t: 1.0 + math.log(c) for t, c in counts.items()}


def content_terms(text: str) -> dict[str, float]:
    return _sublinear(
        Counter(t for t in _TOKEN.findall(text.lower()) if t not in ENGLISH_STOP_WORDS and len(t) > 1)
    )


def number_terms(text: str) -> dict[str, float]:
    return _sublinear(Counter(n.replace(",", "") for n in _NUMBER.findall(text)))


def channel_terms(article: Article) -> dict[str, dict[str, float]]:
    """The raw, unhashed term counts of each channel (for inspection and tests)."""
    full = f"{article.title}\n{article.text}"
    return {
        "terms": content_terms(full),
        "lead": content_terms(" ".join([article.title, *article.sentences[:LEAD_TERM_SENTENCES]])),
        "title": content_terms(article.title),
        "names": _sublinear(proper_names(f"{article.title}\n{article.text[:NAME_CHARS]}")),
        "numbers": number_terms(article.text),
    }


def hash_channel(channel: str, rows: Sequence[Mapping[str, float]]) -> sparse.csr_matrix:
    """A batch's counts of one channel as a sparse matrix over the shared hashed space."""
    return _HASHER.transform(
        [{f"{channel}:{term}": value for term, value in row.items()} for row in rows]
    ).tocsr()


class FeatureExtractor:
    """Turns articles into :class:`ArticleFeatures`, in batches (hashing and embedding are much faster so)."""

    def __init__(self, embedder: object) -> None:
        self.embedder = embedder  # anything with encode(texts) -> unit float32 rows

    def extract(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        if not articles:
            return []
        vectors = self.embedder.encode([lead_text(a) for a in articles])
        terms = [channel_terms(a) for a in articles]
        hashed = {c: hash_channel(c, [t[c] for t in terms]) for c in CHANNELS}
        features = []
        for row, (article, vector) in enumerate(zip(articles, vectors, strict=True)):
            full = f"{article.title}\n{article.text}"
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
                    weekdays=frozenset(w.lower() for w in _WEEKDAY.findall(full)),
                    published=article.published,
                )
            )
        return features
