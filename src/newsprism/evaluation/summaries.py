"""Summary quality on NeuS: ROUGE against the editors' neutral summaries, beside baselines run the same way.

Every system gets the same articles, split into the same sentences by newsprism's cleaner, and returns the
same number of sentences (``SUMMARY_SENTENCES``), so only the choice of sentences differs:

- newsprism: the real brief (clean -> claims -> cited summary) built for each story;
- lead-3: the first sentences of the first article, the classic news baseline;
- LexRank, TextRank and LSA from sumy, over all the story's sentences.

The attribution rate re-checks newsprism's output independently of the summariser: a summary sentence
counts as attributed when it is its source sentence and every sentence it cites occurs verbatim in the
cited article's input text (after the character normalisation cleaning applies: straight quotes, plain
spaces).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsprism.brief import BriefBuilder, SummaryOptions
from newsprism.clean import EmptyDocumentError, clean_document, normalize_text
from newsprism.evaluation import numbered_lines
from newsprism.models import Models
from newsprism.records import Article, Brief, RawDocument, Story
from newsprism.store import ArticleEntry, Store

SUMMARY_SENTENCES = 3  # the one length every system gets; NeuS reference summaries average 3 sentences
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
BASELINES = ("lead3", "lexrank", "textrank", "lsa")
_WORD = re.compile(r"\w+(?:['-]\w+)*")


class EvaluationDataError(ValueError):
    """A line of the evaluation file is not a NeuS story; names the file, the line and what is wrong."""


@dataclass(frozen=True, slots=True)
class NeusStory:
    id: str
    articles: tuple[RawDocument, ...]
    reference: str


@dataclass
class SummaryScores:
    """Mean ROUGE F1 per system, the attribution rate of newsprism's summaries, and how many stories."""

    rouge: dict[str, dict[str, float]] = field(default_factory=dict)
    attribution_rate: float = 0.0
    stories: int = 0
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            name: {t: round(v, 4) for t, v in values.items()} for name, values in self.rouge.items()
        }
        result["newsprism"]["attribution_rate"] = round(self.attribution_rate, 4)
        result["stories"] = self.stories
        return result


def read_neus(path: Path, limit: int | None = None) -> Iterator[NeusStory]:
    """Stories of a NeuS JSONL file (``id``, ``articles`` [{title, text}], ``summary`` {title, text})."""
    for number, line in numbered_lines(path, encoding="utf-8", limit=limit):
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
            articles = tuple(
                RawDocument(
                    origin=f"{where}#{k}",
                    text=a["text"],
                    format="text",
                    title=a.get("title") or None,
                    outlet=f"source {k + 1}",
                    has_title=True,
                )
                for k, a in enumerate(row["articles"])
            )
            story = NeusStory(str(row["id"]), articles, row["summary"]["text"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvaluationDataError(f"{where}: not a NeuS story ({type(exc).__name__}: {exc})") from exc
        yield story


def _clean(story: NeusStory) -> list[tuple[RawDocument, Article]]:
    cleaned = []
    for raw in story.articles:
        try:
            cleaned.append((raw, clean_document(raw)))
        except EmptyDocumentError:
            continue
    return cleaned


def build_brief(builder: BriefBuilder, story_id: str, articles: Sequence[Article]) -> Brief:
    """The brief of one story held in memory: what ``Pipeline.brief`` does for a stored one."""
    now = datetime.now(UTC)
    entries = [ArticleEntry(a, seq, now, story_id) for seq, a in enumerate(articles)]
    story = Story(
        story_id,
        articles[0].title,
        tuple(a.id for a in articles),
        tuple(dict.fromkeys(a.outlet for a in articles)),
        None,
        None,
        tuple(a.id for a in articles),
    )
    return builder.build(story, entries)


def is_attributed(brief: Brief, inputs: dict[str, str]) -> list[bool]:
    """Per summary sentence: shown as its source, and every citation verbatim in the cited input text."""
    checks = []
    for line in brief.summary:
        ok = line.text == line.source.text and line.source in line.citations
        for citation in line.citations:
            text = inputs.get(citation.article_id)
            ok = ok and text is not None and citation.text in text
        checks.append(ok)
    return checks


class _Tokenizer:
    """What sumy needs from a tokenizer, with our own word splitting (sumy's needs NLTK data)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph]

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def baseline_summaries(articles: Sequence[Article], count: int) -> dict[str, list[str]]:
    """lead-3 and the sumy summarisers over the same sentences, each returning ``count`` sentences."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Tokenizer()
    document = ObjectDocumentModel(
        [Paragraph([Sentence(s, tokenizer) for s in a.sentences]) for a in articles if a.sentences]
    )
    stemmer = Stemmer("english")
    results = {"lead3": list(articles[0].sentences[:count])}
    for name, summarizer_class in (
        ("lexrank", LexRankSummarizer),
        ("textrank", TextRankSummarizer),
        ("lsa", LsaSummarizer),
    ):
        summarizer = summarizer_class(stemmer)
        summarizer.stop_words = get_stop_words("english")
        results[name] = [str(s) for s in summarizer(document, count)]
    return results


def evaluate_summaries(
    stories: Iterable[NeusStory],
    models: Models,
    count: int = SUMMARY_SENTENCES,
    progress: Callable[[int], None] | None = None,
) -> SummaryScores:
    """Summarise every story with newsprism and the baselines; mean ROUGE F1 and the attribution rate."""
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    systems = ("newsprism", *BASELINES)
    totals = {name: dict.fromkeys(ROUGE_TYPES, 0.0) for name in systems}
    scores = SummaryScores()
    attributed = shown = 0
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "vectors.db")
        builder = BriefBuilder.from_models(models, store, SummaryOptions(max_sentences=count))
        try:
            for done, story in enumerate(stories, 1):
                cleaned = _clean(story)
                if not cleaned:
                    scores.skipped.append(f"{story.id}: no article text after cleaning")
                    continue
                articles = [a for _, a in cleaned]
                brief = build_brief(builder, story.id, articles)
                checks = is_attributed(brief, {a.id: normalize_text(raw.text) for raw, a in cleaned})
                attributed += sum(checks)
                shown += len(checks)
                outputs = {"newsprism": [s.text for s in brief.summary]}
                outputs |= baseline_summaries(articles, count)
                for name in systems:
                    result = scorer.score(story.reference, " ".join(outputs[name]))
                    for rouge_type in ROUGE_TYPES:
                        totals[name][rouge_type] += result[rouge_type].fmeasure
                scores.stories += 1
                if progress:
                    progress(done)
        finally:
            store.close()
    n = max(1, scores.stories)
    scores.rouge = {name: {t: v / n for t, v in values.items()} for name, values in totals.items()}
    scores.attribution_rate = attributed / shown if shown else 0.0
    return scores
