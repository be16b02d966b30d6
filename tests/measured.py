"""Small written-for-the-tests stories for the measured-figure detector: articles built from sentences,
dated on a day of May 2031 (or undated), and the discrepancies their figures give."""

from __future__ import annotations

from datetime import UTC, datetime

from newsprism.brief.measure_conflicts import measure_discrepancies
from newsprism.records import Article, Discrepancy, SentenceRef


def article(key: str, language: str, sentences: list[str], day: int | None = 3) -> Article:
    """An article of outlet ``outlet-<key>`` published at noon on day ``day`` of May 2031 (None: undated)."""
    published = datetime(2031, 5, day, 12, tzinfo=UTC) if day else None
    return Article(
        key, f"outlet-{key}", key, " ".join(sentences), tuple(sentences), key, None, published, language
    )


def story(*articles: Article) -> list[Discrepancy]:
    """The measured-figure discrepancies of a story of these articles, each sentence its own claim."""
    refs = [SentenceRef(a.id, a.outlet, i, s) for a in articles for i, s in enumerate(a.sentences)]
    return measure_discrepancies(refs, articles, list(range(len(refs))))
