"""Assemble a story's brief from its articles: claims, summary, fact table, discrepancies, timeline, entities.

The expensive steps are bounded: by default every sentence is embedded by the fast static model and the
full transformer sees only the sentences of pairs that may disagree on a figure (its vectors cached by
text), and spaCy reads only each distinct article's title and lead, the claims outlets share, and the
few sentences that might disagree, in one batch.
``BriefBuilder.times`` keeps the seconds each stage took in the last build, for benchmarks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsprism.brief.claims import (
    StorySentences,
    align_claims,
    article_numbers,
    original_of,
    sentence_texts,
    story_scores,
    to_claims,
)
from newsprism.brief.discrepancies import (
    ALIGNED_THRESHOLD,
    CANDIDATE_THRESHOLD,
    disagreement_matrix,
    figure_conflicts,
    group_discrepancies,
    name_candidates,
    name_conflict,
    same_subject,
    verify_conflicts,
)
from newsprism.brief.entities import key_entities, ner_texts
from newsprism.brief.facts import fact_table, unique_contributions
from newsprism.brief.measure_conflicts import measure_discrepancies, merge_discrepancies
from newsprism.brief.quantities import extract_quantities
from newsprism.brief.summary import SummaryOptions, select_summary
from newsprism.brief.timeline import build_timeline
from newsprism.dedup.paraphrase import SUPPORT_THRESHOLD, paraphrase_matrix, word_stems
from newsprism.models import EntityTagger, Models, SentenceEmbedder, VectorStore, sentence_embedders
from newsprism.records import ArticleEntry, Brief, Provenance, SourceEntry, Story, SummarySentence
from newsprism.timing import StageTimes


@dataclass
class BriefBuilder:
    """Builds briefs; ``embedder`` embeds every sentence, ``verifier`` (if any) re-checks with a stronger
    model the few sentence pairs that may disagree on a figure (see ``Models.sentence_model``)."""

    embedder: SentenceEmbedder
    tagger: EntityTagger
    summary: SummaryOptions = SummaryOptions()
    support_threshold: float = SUPPORT_THRESHOLD
    verifier: SentenceEmbedder | None = None
    times: StageTimes = field(default_factory=StageTimes)

    @classmethod
    def from_models(
        cls, models: Models, vectors: VectorStore, summary: SummaryOptions | None = None
    ) -> BriefBuilder:
        """The builder ``models.sentence_model`` asks for; the full model's vectors are cached in
        ``vectors``."""
        embedder, verifier = sentence_embedders(models, vectors)
        return cls(embedder, models.tagger, summary or SummaryOptions(), verifier=verifier)

    @property
    def model_names(self) -> tuple[str, ...]:
        """What a brief depends on besides its articles: part of a cached brief's fingerprint."""
        return (self.embedder.name, *([self.verifier.name] if self.verifier else []))

    def build(
        self,
        story: Story,
        entries: Sequence[ArticleEntry],
        provenance: Mapping[str, Provenance] | None = None,
    ) -> Brief:
        """The brief of ``story``. ``provenance`` says which articles copy or rewrite which (absent: an
        original); support is counted in independent reports, and copies are listed under their originals.
        None: every article is independent."""
        self.times.reset()
        members = {e.article.id for e in entries}
        repeats = {a: p for a, p in (provenance or {}).items() if a in members and p.original_id in members}
        originals = {a: p.original_id for a, p in repeats.items()}
        ordered = sorted(entries, key=lambda e: (e.seen_at, e.seq))
        articles = [e.article for e in ordered]
        with self.times.stage("embed"):
            sentences = StorySentences.build(articles, self.embedder.encode(sentence_texts(articles)))
        texts = [r.text for r in sentences.refs]
        threshold = self.support_threshold
        with self.times.stage("align"):
            scores = story_scores(sentences)
            quantities = [extract_quantities(t) for t in texts]
            disagree = disagreement_matrix(quantities, scores, threshold)
            groups = align_claims(sentences, threshold, scores, disagree)
            claims = to_claims(sentences, groups, originals)
            claim_of = [0] * len(texts)
            for group_id, group in enumerate(groups):
                for i in group.members:
                    claim_of[i] = group_id
            names = name_candidates(texts, scores, threshold)
            numbers = article_numbers(sentences)
            apart_from_figures = paraphrase_matrix(texts, sentences.vectors, word_stems)
            apart_from_figures[numbers[:, None] == numbers[None, :]] = -1.0  # no article contradicts itself
        with self.times.stage("figure conflicts"):
            if self.verifier is None:
                conflicts = figure_conflicts(texts, quantities, apart_from_figures >= ALIGNED_THRESHOLD)
            else:
                candidates = figure_conflicts(texts, quantities, apart_from_figures >= CANDIDATE_THRESHOLD)
                conflicts = verify_conflicts(
                    candidates, texts, sentences.vectors, apart_from_figures, self.verifier
                )
        with self.times.stage("entities (spaCy)"):
            leads = ner_texts(articles, claims)
            tagged_sentences = sorted(
                {i for c in conflicts for i in (c.first, c.second)} | {i for p in names for i in p}
            )
            tagged = list(self.tagger.tag([*leads, *(texts[i] for i in tagged_sentences)]))
            entities_of = dict(zip(tagged_sentences, tagged[len(leads) :], strict=True))
        with self.times.stage("discrepancies"):
            conflicts = [
                c
                for c in conflicts
                if same_subject(
                    texts[c.first],
                    c.figures[0],
                    entities_of[c.first],
                    texts[c.second],
                    c.figures[1],
                    entities_of[c.second],
                )
            ]
            name_conflicts = [
                (i, j, *pair) for i, j in names if (pair := name_conflict(entities_of[i], entities_of[j]))
            ]
            discrepancies = group_discrepancies(
                sentences.refs,
                claims,
                claim_of,
                quantities,
                conflicts,
                name_conflicts,
                originals,
                apart_from_figures,
            )
        with self.times.stage("measured figures"):
            measured = measure_discrepancies(sentences.refs, articles, claim_of, originals)
            discrepancies = merge_discrepancies(discrepancies, measured)
        with self.times.stage("discrepancies"):
            outlets = tuple(dict.fromkeys(a.outlet for a in articles))
            facts = fact_table(claims, outlets, discrepancies)
            unique = unique_contributions(claims, outlets)
        with self.times.stage("summary"):
            reports = [original_of(r.article_id, originals) for r in sentences.refs]
            summary = []
            for pick in select_summary(sentences, groups, self.summary, scores, reports):
                claim = claims[pick.group]
                source = sentences.refs[pick.sentence]
                summary.append(SummarySentence(source.text, source, claim.id, claim.sentences))
        sources = tuple(
            SourceEntry(
                e.article.id,
                e.article.outlet,
                e.article.title,
                e.article.url,
                e.article.published,
                repeats[e.article.id].original_id if e.article.id in repeats else None,
                repeats[e.article.id].kind if e.article.id in repeats else None,
                e.article.language,
            )
            for e in ordered
        )
        with self.times.stage("timeline"):
            timeline = build_timeline(sources, claims, {a.id: a.published for a in articles})
        with self.times.stage("key entities"):
            entities = key_entities(articles, tagged[: len(leads)])
        return Brief(
            story_id=story.id,
            headline=story.headline,
            summary=tuple(summary),
            claims=tuple(claims),
            sources=sources,
            outlets=outlets,
            fact_table=tuple(facts),
            discrepancies=tuple(discrepancies),
            unique=tuple(unique),
            timeline=timeline,
            entities=tuple(entities),
            generated_at=datetime.now(UTC),
        )
