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

import numpy as np

from newsprism.brief.claims import (
    ClaimGroup,
    StoryFacts,
    StorySentences,
    align_claims,
    article_numbers,
    backers,
    original_of,
    sentence_texts,
    stated_elsewhere,
    story_scores,
    to_claims,
)
from newsprism.brief.date_conflicts import date_discrepancies
from newsprism.brief.discrepancies import (
    ALIGNED_THRESHOLD,
    CANDIDATE_THRESHOLD,
    Conflict,
    disagreement_matrix,
    figure_conflicts,
    group_discrepancies,
    name_candidates,
    name_conflict,
    polled_sentences,
    same_subject,
    verify_conflicts,
)
from newsprism.brief.entities import key_entities, ner_texts
from newsprism.brief.facts import fact_table, unique_contributions
from newsprism.brief.measure_conflicts import measure_discrepancies, merge_discrepancies
from newsprism.brief.quantities import Quantity, extract_quantities
from newsprism.brief.summary import SummaryOptions, select_summary
from newsprism.brief.timeline import build_timeline
from newsprism.dedup.paraphrase import SUPPORT_THRESHOLD, paraphrase_matrix, word_stems
from newsprism.models import Entity, EntityTagger, Models, SentenceEmbedder, VectorStore, sentence_embedders
from newsprism.records import (
    Article,
    ArticleEntry,
    Brief,
    Claim,
    Discrepancy,
    Provenance,
    SourceEntry,
    Story,
    SummarySentence,
)
from newsprism.timing import StageTimes


@dataclass(frozen=True, slots=True)
class _Aligned:
    """A story's sentences aligned into claims, and what the later steps of a build read of them."""

    articles: list[Article]
    originals: dict[str, str]  # article id -> the article it copies or rewrites, both in the story
    sentences: StorySentences
    texts: list[str]
    scores: np.ndarray
    quantities: list[list[Quantity]]
    groups: list[ClaimGroup]
    facts: StoryFacts  # the sentences' facts as the aligner read them, for citations checked again
    claims: list[Claim]
    claim_of: list[int]  # each sentence's claim
    names: list[tuple[int, int]]  # aligned sentence pairs that may spell a name two ways
    apart_from_figures: np.ndarray  # paraphrase scores with figures left out; -1 within an article


@dataclass(frozen=True, slots=True)
class _Tagged:
    """What spaCy found, from one batch: in the leads (for key entities) and in the sentences that may
    disagree (for discrepancies), by sentence index."""

    leads: list[list[Entity]]
    sentences: dict[int, list[Entity]]


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
        ordered = sorted(entries, key=lambda e: (e.seen_at, e.seq))
        repeats = _repeats_within(entries, provenance)
        aligned = self._align([e.article for e in ordered], {a: p.original_id for a, p in repeats.items()})
        conflicts = self._figure_conflicts(aligned)
        tagged = self._tag_entities(aligned, conflicts)
        discrepancies = self._discrepancies(aligned, conflicts, tagged)
        with self.times.stage("discrepancies"):
            outlets = tuple(dict.fromkeys(a.outlet for a in aligned.articles))
            facts = fact_table(aligned.claims, outlets, discrepancies)
            unique = unique_contributions(aligned.claims, outlets, self._echoed(aligned))
        summary = self._summary(aligned)
        sources = _sources(ordered, repeats)
        with self.times.stage("timeline"):
            timeline = build_timeline(sources, aligned.claims, {a.id: a.published for a in aligned.articles})
        with self.times.stage("key entities"):
            entities = key_entities(aligned.articles, tagged.leads)
        return Brief(
            story_id=story.id,
            headline=story.headline,
            summary=tuple(summary),
            claims=tuple(aligned.claims),
            sources=sources,
            outlets=outlets,
            fact_table=tuple(facts),
            discrepancies=tuple(discrepancies),
            unique=tuple(unique),
            timeline=timeline,
            entities=tuple(entities),
            generated_at=datetime.now(UTC),
        )

    def _align(self, articles: list[Article], originals: dict[str, str]) -> _Aligned:
        """Embed every sentence and align the story's sentences into claims (sentences whose figures
        disagree are kept apart); also what later steps compare sentences by, computed once here."""
        with self.times.stage("embed"):
            sentences = StorySentences.build(articles, self.embedder.encode(sentence_texts(articles)))
        texts = [r.text for r in sentences.refs]
        threshold = self.support_threshold
        with self.times.stage("align"):
            scores = story_scores(sentences)
            quantities = [extract_quantities(t) for t in texts]
            disagree = disagreement_matrix(quantities, scores, threshold)
            facts = StoryFacts(sentences)
            groups = align_claims(sentences, threshold, scores, disagree, facts)
            claims = to_claims(sentences, groups, originals)
            claim_of = [0] * len(texts)
            for group_id, group in enumerate(groups):
                for i in group.members:
                    claim_of[i] = group_id
            names = name_candidates(texts, scores, threshold)
            numbers = article_numbers(sentences)
            apart_from_figures = paraphrase_matrix(texts, sentences.vectors, word_stems)
            apart_from_figures[numbers[:, None] == numbers[None, :]] = -1.0  # no article contradicts itself
        return _Aligned(
            articles=articles,
            originals=originals,
            sentences=sentences,
            texts=texts,
            scores=scores,
            quantities=quantities,
            groups=groups,
            facts=facts,
            claims=claims,
            claim_of=claim_of,
            names=names,
            apart_from_figures=apart_from_figures,
        )

    @staticmethod
    def _echoed(aligned: _Aligned) -> set[int]:
        """The claims of one outlet that another outlet states in other words or another language."""
        single = {
            g: group.centre for g, group in enumerate(aligned.groups) if len(aligned.claims[g].outlets) == 1
        }
        echoed = stated_elsewhere(aligned.facts, list(single.values()))
        return {g for g, centre in single.items() if centre in echoed}

    def _figure_conflicts(self, aligned: _Aligned) -> list[Conflict]:
        """Sentence pairs aligned apart from their figures whose figures cannot both be true; with a
        verifier, a looser set of candidates that the stronger model re-scores."""
        texts, quantities, apart = aligned.texts, aligned.quantities, aligned.apart_from_figures
        with self.times.stage("figure conflicts"):
            language = {a.id: a.language for a in aligned.articles}
            polled = polled_sentences(aligned.sentences.refs, language)
            if self.verifier is None:
                return figure_conflicts(texts, quantities, apart >= ALIGNED_THRESHOLD, polled)
            candidates = figure_conflicts(texts, quantities, apart >= CANDIDATE_THRESHOLD, polled)
            return verify_conflicts(candidates, texts, aligned.sentences.vectors, apart, self.verifier)

    def _tag_entities(self, aligned: _Aligned, conflicts: Sequence[Conflict]) -> _Tagged:
        """spaCy reads, in one batch, each distinct article's title and lead, the claims outlets share, and
        only those sentences that may disagree on a figure or a name: it is the slowest model."""
        with self.times.stage("entities (spaCy)"):
            leads = ner_texts(aligned.articles, aligned.claims)
            wanted = sorted(
                {i for c in conflicts for i in (c.first, c.second)} | {i for p in aligned.names for i in p}
            )
            tagged = list(self.tagger.tag([*leads, *(aligned.texts[i] for i in wanted)]))
        return _Tagged(tagged[: len(leads)], dict(zip(wanted, tagged[len(leads) :], strict=True)))

    def _discrepancies(
        self, aligned: _Aligned, conflicts: Sequence[Conflict], tagged: _Tagged
    ) -> list[Discrepancy]:
        """The story's discrepancies: figure conflicts whose figures are said of the same subject and
        names spelt two ways, grouped by what they dispute, then merged with the disagreements of figures
        read by their measure in any sentence."""
        texts, entities_of = aligned.texts, tagged.sentences
        with self.times.stage("discrepancies"):
            same = [
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
                (i, j, *pair)
                for i, j in aligned.names
                if (pair := name_conflict(entities_of[i], entities_of[j]))
            ]
            discrepancies = group_discrepancies(
                aligned.sentences.refs,
                aligned.claims,
                aligned.claim_of,
                aligned.quantities,
                same,
                name_conflicts,
                aligned.originals,
                aligned.apart_from_figures,
            )
        with self.times.stage("measured figures"):
            measured = measure_discrepancies(
                aligned.sentences.refs, aligned.articles, aligned.claim_of, aligned.originals
            )
            measured += date_discrepancies(
                aligned.sentences.refs, aligned.articles, aligned.claim_of, aligned.originals
            )
            return merge_discrepancies(discrepancies, measured)

    def _summary(self, aligned: _Aligned) -> list[SummarySentence]:
        """The summary's sentences, each citing every sentence of its claim; support is counted in
        independent reports (a copy counts as its original)."""
        with self.times.stage("summary"):
            sentences, claims = aligned.sentences, aligned.claims
            reports = [original_of(r.article_id, aligned.originals) for r in sentences.refs]
            summary = []
            for pick in select_summary(sentences, aligned.groups, self.summary, aligned.scores, reports):
                claim = claims[pick.group]
                source = sentences.refs[pick.sentence]
                cited = claim.sentences
                if pick.sentence != aligned.groups[pick.group].centre:  # a member shows it: cite its backers
                    backing = backers(aligned.facts, pick.sentence, aligned.groups[pick.group].members)
                    cited = tuple(sentences.refs[i] for i in backing)
                summary.append(SummarySentence(source.text, source, claim.id, cited))
            return summary


def _repeats_within(
    entries: Sequence[ArticleEntry], provenance: Mapping[str, Provenance] | None
) -> dict[str, Provenance]:
    """The provenance records of the story's articles whose original is in the story too: a copy of an
    article outside the story is an independent report here."""
    members = {e.article.id for e in entries}
    return {a: p for a, p in (provenance or {}).items() if a in members and p.original_id in members}


def _sources(ordered: Sequence[ArticleEntry], repeats: Mapping[str, Provenance]) -> tuple[SourceEntry, ...]:
    """The brief's sources in reading order, each copy or rewrite naming its original and how."""
    return tuple(
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
