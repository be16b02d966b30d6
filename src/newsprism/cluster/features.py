"""What clustering knows about an article: several independent signals, computed once at ingest.

Look-alike events (two earthquakes, two rate cuts) share vocabulary and embeddings; what tells them apart are
the *specifics*: who and where (named entities), which figures, which year and weekday. Each signal is kept
as its own channel of term counts so the similarity can weigh agreement on each and conflicts between them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsprism.models import CachedEmbedder, EntityTagger
from newsprism.records import Article

LEAD_SENTENCES = 3  # embedded with the title
LEAD_TERM_SENTENCES = 2  # the "lead" term channel: what happened, before the background
# NER cost grows with length; the title and lead name the event's actors and places.
NER_CHARS = 1000
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CHANNELS = ("terms", "lead", "title", "names", "numbers")

_TOKEN = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_NAME_NOISE = re.compile(r"^(the|a|an)\s+|'s$|[^\w\s-]")


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """One article's clustering signals; ``channels`` hold sublinear term frequencies per signal."""

    article_id: str
    vector: np.ndarray  # unit-length embedding of title and lead
    channels: dict[str, dict[str, float]]
    years: frozenset[int]  # mentioned, plus the year of publication
    weekdays: frozenset[str]
    published: datetime | None
    neighbours: tuple[str, ...] = ()  # set once the article is clustered: its most similar articles then

    def to_json(self) -> dict:
        return {"channels": self.channels, "years": sorted(self.years), "weekdays": sorted(self.weekdays)}

    @classmethod
    def from_json(
        cls, article_id: str, data: dict, vector: np.ndarray, published: datetime | None
    ) -> ArticleFeatures:
        return cls(
            article_id=article_id,
            vector=vector,
            channels=data["channels"],
            years=frozenset(data["years"]),
            weekdays=frozenset(data["weekdays"]),
            published=published,
            neighbours=tuple(data.get("neighbours", ())),
        )

    def document_terms(self) -> set[str]:
        """Channel-qualified terms, as counted in the store's document frequencies."""
        return {f"{channel}:{term}" for channel, terms in self.channels.items() for term in terms}


def lead_text(article: Article) -> str:
    """Title plus the first sentences: what the article is about, in few enough tokens to embed fast."""
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


def normalise_name(name: str) -> str:
    return _NAME_NOISE.sub("", name.lower().strip()).strip()


class FeatureExtractor:
    """Turns articles into :class:`ArticleFeatures`, in batches (the models are much faster that way)."""

    def __init__(self, embedder: CachedEmbedder, tagger: EntityTagger) -> None:
        self.embedder = embedder
        self.tagger = tagger

    def extract(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        vectors = self.embedder.encode([lead_text(a) for a in articles])
        heads = [f"{a.title}\n{a.text[:NER_CHARS]}" for a in articles]
        features = []
        for article, vector, entities in zip(articles, vectors, self.tagger.tag(heads), strict=True):
            names = Counter(
                n.replace(" ", "_")
                for e in entities
                if e.label in NAME_LABELS and (n := normalise_name(e.text)) and len(n) > 1
            )
            full = f"{article.title}\n{article.text}"
            years = {int(y) for y in _YEAR.findall(full)}
            if article.published:
                years.add(article.published.year)
            features.append(
                ArticleFeatures(
                    article_id=article.id,
                    vector=vector,
                    channels={
                        "terms": content_terms(full),
                        "lead": content_terms(
                            " ".join([article.title, *article.sentences[:LEAD_TERM_SENTENCES]])
                        ),
                        "title": content_terms(article.title),
                        "names": _sublinear(names),
                        "numbers": number_terms(article.text),
                    },
                    years=frozenset(years),
                    weekdays=frozenset(w.lower() for w in _WEEKDAY.findall(full)),
                    published=article.published,
                )
            )
        return features
