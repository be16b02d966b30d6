"""Assemble a story's brief from its stored articles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsprism.brief.claims import StorySentences, align_claims, sentence_texts, to_claims
from newsprism.brief.summary import SummaryOptions, select_summary
from newsprism.dedup.paraphrase import SUPPORT_THRESHOLD
from newsprism.models import CachedEmbedder
from newsprism.records import Brief, SourceEntry, Story, SummarySentence
from newsprism.store import ArticleEntry


@dataclass
class BriefBuilder:
    embedder: CachedEmbedder
    summary: SummaryOptions = SummaryOptions()
    support_threshold: float = SUPPORT_THRESHOLD

    def build(self, story: Story, entries: Sequence[ArticleEntry]) -> Brief:
        ordered = sorted(entries, key=lambda e: (e.seen_at, e.seq))
        articles = [e.article for e in ordered]
        sentences = StorySentences.build(articles, self.embedder.encode(sentence_texts(articles)))
        groups = align_claims(sentences, self.support_threshold)
        claims = to_claims(sentences, groups)
        summary = []
        for pick in select_summary(sentences, groups, self.summary):
            claim = claims[pick.group]
            source = sentences.refs[pick.sentence]
            summary.append(SummarySentence(source.text, source, claim.id, claim.sentences))
        return Brief(
            story_id=story.id,
            headline=story.headline,
            summary=tuple(summary),
            claims=tuple(claims),
            sources=tuple(
                SourceEntry(
                    e.article.id, e.article.outlet, e.article.title, e.article.url, e.article.published
                )
                for e in ordered
            ),
            generated_at=datetime.now(UTC),
        )
