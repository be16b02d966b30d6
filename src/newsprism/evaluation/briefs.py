"""Briefs measured against labelled events: discrepancies found, key facts in the summary, real uniques.

For each labelled event of an ``events.json`` (the realnews format: ``key_facts`` and ``discrepancies``),
the event's articles present in the JSONL corpus (matched by the records' ``id``) are ingested into a
temporary store of their own through :class:`newsprism.Pipeline`, and one brief is built over all of them,
whatever stories they formed (so that story detection is not what is measured; how many stories they
formed is reported). Then:

- **Discrepancy recall**: a labelled discrepancy is found when one shown discrepancy quotes articles of
  two of its sides, in two different sides of the shown one, *with their values*: the labelled side's
  value (or its ``quotes`` entry for that article) appears in the quoted sentence. "Appears" means a
  substring after folding case and spaces, or, for a value with figures, every figure of the value
  (read in the article's language: "7,4", "neun", "250 mil") is a figure of the sentence. Labels with
  fewer than two sides among the articles present are skipped and counted.
- **Discrepancy precision**: shown discrepancies that find some labelled one, over all shown. An event
  without labelled discrepancies (D14, a control) makes every shown one a false positive.
- **Key-fact coverage**: a key fact is covered when a summary sentence, or one of its citations, comes
  from an article listed for the fact and shares the fact's figures and names: at least half of the
  fact's figures are figures of the sentence, and at least half of its capitalised words (months,
  weekdays and stop words aside) occur in it (their first five letters, in Latin letters, so that
  "Kardinal" and "cardinale" or "Nicușor" and "Nicusor" meet). Only the names the sentence's own article
  writes somewhere are asked for: labels name things in English, and a Spanish article that writes
  "España" throughout can give no sentence with "Spain". Ordinals written in digits are figures ("32nd"
  and "32e"), and a clock time is one figure however it is written ("7:35 a.m.", "7.35 del mattino",
  "7h35"). The fact's first word is capitalised as
  any sentence's is: it counts as a name only if the event's articles never write it in lower case
  ("Donald", not "Main refinancing ..." or "Tremors were felt ..."). The parts of a fact's date (the day of
  "25 December 2024" and its year) are not among the figures asked for: reports date an event by its
  weekday ("on Wednesday") or not at all, and the brief's timeline and discrepancies carry dates; the
  stricter count that asks for them too is reported beside it (``covered_with_dates``). A fact with no
  figures whose present articles write none of its names cannot be matched and is skipped, like a fact
  none of whose articles is present.
- **Summary sentences** per brief.
- **Citation precision**: of the citations the brief shows (a summary sentence's citations of other
  sentences; apart, the sentences of a fact-table row's cells against the row's claim), the share a person
  judged SAME: the cited sentence states the shown sentence's main fact (see ``bench/data/README.md``).
  Judgements are keyed by both sentences' article, index and text hash; citations without a judgement
  are counted apart (``--show-unjudged`` lists them for judging) and left out of the share.
- **Unique share**: of the brief's ``unique`` items (a claim only one outlet states), the share stated by
  no other article by an automatic proxy: no sentence of another article has all the item's figures and
  at least half of its names (capitalised words inside the sentence, as above). Items with neither
  figures nor names cannot be judged this way; they are counted apart and left out of the share.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anyascii import anyascii

from newsprism.brief import SummaryOptions
from newsprism.brief.measures import clock_times
from newsprism.brief.numbers import canonical_values, figures_and_ordinals
from newsprism.evaluation import numbered_lines
from newsprism.languages import CAPITALISED_WORD, MONTHS, WEEKDAYS, dates_in, stop_words
from newsprism.models import Models
from newsprism.records import Brief, Discrepancy, SentenceRef, Story

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_PREFIX = 5
# A year that dates something: after a month ("December 2024", "25 December 2024", "May 8, 2025").
_DATED_YEAR = re.compile(
    rf"\b(?:{'|'.join(MONTHS['en'])})\.?(?:\s\d{{1,2}}(?:st|nd|rd|th)?)?,?\s((?:19|20)\d\d)\b", re.IGNORECASE
)
_CALENDAR = frozenset(word for table in (MONTHS, WEEKDAYS) for names in table.values() for word in names)
JUDGEMENTS = ("SAME", "PARTIAL", "DIFFERENT")

# A sentence as judgements find it: label article id, first 12 hex of its text's SHA-1.
SentenceKey = tuple[str, str]  # article, hash of the sentence's text (its index only helps a reader)
PairKey = tuple[str, SentenceKey, SentenceKey]  # event, shown sentence, cited sentence
CitedPair = tuple[SentenceRef, SentenceRef]  # a sentence shown and one shown as its citation


class EventsError(ValueError):
    """The events file or the corpus is not what the evaluation needs."""


@dataclass
class EventFigures:
    """What one event's brief scores; counts, so that totals add up."""

    event_id: str
    articles: int = 0
    missing_articles: int = 0
    stories: int = 0
    discrepancies: int = 0  # labelled and assessable
    discrepancies_skipped: int = 0
    found: int = 0
    shown: int = 0
    shown_matching: int = 0
    key_facts: int = 0
    key_facts_skipped: int = 0
    covered: int = 0
    covered_with_dates: int = 0  # asking for the facts' dates too (see the module)
    sentences: int = 0
    unique_items: int = 0
    unique_unjudged: int = 0
    unique_alone: int = 0
    citations: int = 0  # shown by summary sentences
    citations_judged: int = 0
    citations_same: int = 0
    citations_partial: int = 0
    fact_citations: int = 0  # shown in fact-table cells
    fact_judged: int = 0
    fact_same: int = 0
    shown_details: list[dict[str, Any]] = field(default_factory=list)
    unjudged: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        figures = {k: v for k, v in vars(self).items() if k not in ("shown_details", "unjudged")}
        details = {"shown_discrepancies": self.shown_details, "unjudged_citations": self.unjudged}
        return figures | _rates(self) | details


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rates(f: EventFigures) -> dict[str, float | None]:
    return {
        "recall": _rate(f.found, f.discrepancies),
        "precision": _rate(f.shown_matching, f.shown),
        "coverage": _rate(f.covered, f.key_facts),
        "coverage_with_dates": _rate(f.covered_with_dates, f.key_facts),
        "unique_share": _rate(f.unique_alone, f.unique_items - f.unique_unjudged),
        "citation_precision": _rate(f.citations_same, f.citations_judged),
        "fact_citation_precision": _rate(f.fact_same, f.fact_judged),
    }


@dataclass
class BriefEvaluation:
    events: list[EventFigures]

    def totals(self) -> EventFigures:
        total = EventFigures("all")
        for event in self.events:
            for name, value in vars(event).items():
                if isinstance(value, int) and not isinstance(value, bool):
                    setattr(total, name, getattr(total, name) + value)
        return total

    def to_dict(self) -> dict[str, Any]:
        total = self.totals()
        briefs = len(self.events) or 1
        summary = total.to_dict() | {"mean_sentences": round(total.sentences / briefs, 2)}
        summary.pop("shown_discrepancies")
        summary.pop("unjudged_citations")
        return {"events": [e.to_dict() for e in self.events], "totals": summary}


def read_records(path: Path) -> dict[str, dict[str, Any]]:
    """The corpus's records by ``id``."""
    records = {}
    for number, line in numbered_lines(path):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EventsError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if isinstance(record, dict) and record.get("id"):
            records[str(record["id"])] = record
    if not records:
        raise EventsError(f"{path}: no record has an 'id' field")
    return records


def read_events(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EventsError(f"{path}: {exc}") from exc
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list):
        raise EventsError(f"{path}: no 'events' list")
    return events


def evaluate_briefs(
    corpus: Path,
    events_path: Path,
    models: Models | None = None,
    progress: Callable[[int], None] | None = None,
    judgements: Mapping[PairKey, str] | None = None,
) -> BriefEvaluation:
    """Brief every labelled event's articles present in ``corpus`` and score the briefs; ``judgements``
    (:func:`read_judgements`) score their citations."""
    records = read_records(corpus)
    models = models or Models()
    scored = []
    for done, event in enumerate(read_events(events_path), 1):
        scored.append(evaluate_event(event, records, models, judgements or {}))
        if progress:
            progress(done)
    return BriefEvaluation(scored)


def evaluate_event(
    event: dict[str, Any],
    records: dict[str, dict[str, Any]],
    models: Models,
    judgements: Mapping[PairKey, str] | None = None,
) -> EventFigures:
    ids = [i for i in event.get("article_ids", []) if i in records]
    figures = EventFigures(str(event["event_id"]), len(ids), len(event.get("article_ids", [])) - len(ids))
    if not ids:
        return figures
    brief, id_of, stories = brief_of([records[i] for i in ids], models)
    figures.stories = stories
    languages = {i: records[i].get("language") for i in ids}
    texts = {i: records[i].get("text") or "" for i in ids}
    score_discrepancies(figures, event.get("discrepancies", []), brief.discrepancies, id_of, languages)
    score_key_facts(figures, event.get("key_facts", []), brief, id_of, languages, texts)
    score_unique(figures, brief, id_of, languages, texts)
    score_citations(figures, brief, id_of, judgements or {})
    return figures


def brief_of(records: Sequence[dict[str, Any]], models: Models) -> tuple[Brief, dict[str, str], int]:
    """One brief over all ``records`` (ingested into a temporary store), the label id of each stored
    article id, and how many stories the records formed."""
    from newsprism.pipeline import Pipeline

    with tempfile.TemporaryDirectory(prefix="newsprism-eval-briefs-") as folder:
        corpus = Path(folder) / "event.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
        with Pipeline.open(Path(folder) / "event.db", models=models) as pipeline:
            pipeline.ingest([corpus])
            entries = list(pipeline.store.iter_entries())
            id_of = {e.article.id: str(records[_line(e.article.origin) - 1]["id"]) for e in entries}
            stories = pipeline.stories()
            largest = max(stories, key=lambda s: len(s.article_ids))
            ids = tuple(e.article.id for e in entries)
            story = Story(
                largest.id,
                largest.headline,
                ids,
                tuple(dict.fromkeys(e.article.outlet for e in entries)),
                None,
                None,
                ids,
            )
            builder = pipeline.brief_builder(SummaryOptions())
            brief = builder.build(story, entries, pipeline.store.provenance(ids))
    return brief, id_of, len(stories)


def latin(text: str) -> str:
    return anyascii(text).lower()


def _line(origin: str) -> int:
    return int(origin.rpartition(":")[2])


# -- discrepancies -----------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("’", "'").casefold().split())


def value_in(value: str, text: str, language: str | None) -> bool:
    """The labelled value is stated in ``text``: as a substring, or (a value with figures) every figure."""
    if _fold(value) in _fold(text):
        return True
    figures = canonical_values(value, language)
    return bool(figures) and figures <= canonical_values(text, language)


def _side_hits(
    label: dict[str, Any], shown: Discrepancy, id_of: dict[str, str], languages: dict[str, str | None]
) -> list[set[int]]:
    """For each labelled side, the shown sides that quote one of its articles with its value."""
    hits = []
    for side in label.get("sides", []):
        wording = side.get("quotes") or {}
        found = set()
        for index, shown_side in enumerate(shown.sides):
            for quote in shown_side.quotes:
                article = id_of.get(quote.article_id)
                if article is not None and article in side.get("article_ids", []):
                    value = wording.get(article, side["value"])
                    if value_in(value, quote.text, languages.get(article)):
                        found.add(index)
        hits.append(found)
    return hits


def matches(
    label: dict[str, Any], shown: Discrepancy, id_of: dict[str, str], languages: dict[str, str | None]
) -> bool:
    """Two labelled sides, each quoted with its value, in two different sides of ``shown``."""
    hits = _side_hits(label, shown, id_of, languages)
    return any(
        any(x != y for x in hits[a] for y in hits[b])
        for a in range(len(hits))
        for b in range(a + 1, len(hits))
    )


def score_discrepancies(
    figures: EventFigures,
    labels: Sequence[dict[str, Any]],
    shown: Sequence[Discrepancy],
    id_of: dict[str, str],
    languages: dict[str, str | None],
) -> None:
    present = set(languages)
    assessable = [
        lab for lab in labels if sum(bool(set(s.get("article_ids", [])) & present) for s in lab["sides"]) >= 2
    ]
    figures.discrepancies = len(assessable)
    figures.discrepancies_skipped = len(labels) - len(assessable)
    figures.found = sum(any(matches(lab, d, id_of, languages) for d in shown) for lab in assessable)
    figures.shown = len(shown)
    for d in shown:
        hit = next((lab["about"] for lab in assessable if matches(lab, d, id_of, languages)), None)
        figures.shown_matching += hit is not None
        figures.shown_details.append(_shown(d, hit, id_of))


def _shown(d: Discrepancy, label: str | None, id_of: dict[str, str]) -> dict[str, Any]:
    return {
        "subject": d.subject,
        "kind": d.kind,
        "nature": getattr(d, "nature", "conflict"),
        "matches": label,
        "sides": [[s.value, sorted({id_of.get(q.article_id, "?") for q in s.quotes})] for s in d.sides],
    }


# -- key facts ----------------------------------------------------------------------------------------------


def name_words(text: str, language: str | None, skip_first: bool = True) -> set[str]:
    """Capitalised words of ``text`` (not the first one, months, weekdays or stop words), in Latin letters."""
    stops = stop_words(language)
    found = set()
    for m in CAPITALISED_WORD.finditer(text):
        word = m.group(0)
        if (skip_first and m.start() == 0) or word.lower() in stops or word.lower() in _CALENDAR:
            continue
        found.add(latin(word)[:_PREFIX])
    return found


def text_words(text: str) -> set[str]:
    """Every word of ``text`` as names are compared: its first five letters, in Latin letters."""
    return {latin(w)[:_PREFIX] for w in _WORD.findall(text)}


def fact_names(fact: str, lower_words: frozenset[str] = frozenset()) -> set[str]:
    """The names of a key fact: its capitalised words, the first only if no article writes it in lower
    case (it is capitalised because it opens the sentence: "Main refinancing rates ...")."""
    first = _WORD.match(fact.lstrip("\"'“‘("))
    skip = first is not None and first.group(0).lower() in lower_words
    return name_words(fact, "en", skip_first=skip)


def lower_case_words(texts: Iterable[str]) -> frozenset[str]:
    """The words ``texts`` write in lower case somewhere."""
    return frozenset(w for text in texts for w in _WORD.findall(text) if w.islower())


def date_figures(fact: str) -> set[str]:
    """The figures of ``fact`` that only date it: the days of its dates ("25 December") and their years
    ("built in 1931" is a figure, not a date)."""
    return {str(int(day.split("-")[1])) for day in dates_in(fact)} | set(_DATED_YEAR.findall(fact))


def stated_figures(text: str, language: str | None) -> set[str]:
    """The figures ``text`` states, each clock time as one ("7:35 a.m." and "7.35 del mattino" are both
    "07:35"), the others as :func:`~newsprism.brief.numbers.figures_and_ordinals` reads them."""
    clocks = clock_times(text)
    for start, end in clocks:
        text = text[:start] + " " * (end - start) + text[end:]
    return figures_and_ordinals(text, language) | {f"{m // 60:02d}:{m % 60:02d}" for m in clocks.values()}


def fact_stated(
    fact: str,
    text: str,
    language: str | None,
    with_dates: bool = False,
    lower_words: frozenset[str] = frozenset(),
    written: set[str] | None = None,
) -> bool:
    """At least half of the fact's figures (without its dates, unless ``with_dates``) and half of its
    names are in ``text`` (see the module); ``lower_words`` are the words the event's articles write in
    lower case: the fact's first word is no name if among them. ``written``: the words (:func:`text_words`)
    of the article ``text`` comes from; a name it never writes ("Spain" in a Spanish article, which says
    "España") is not asked for, since no sentence of it could give it."""
    figures, names = stated_figures(fact, "en"), fact_names(fact, lower_words)
    if written is not None:
        names &= written
    if not with_dates:
        figures -= date_figures(fact)
    if not figures and not names:
        return False
    if figures and 2 * len(figures & stated_figures(text, language)) < len(figures):
        return False
    return not names or 2 * len(names & text_words(text)) >= len(names)


def score_key_facts(
    figures: EventFigures,
    facts: Sequence[dict[str, Any]],
    brief: Brief,
    id_of: dict[str, str],
    languages: dict[str, str | None],
    texts: Mapping[str, str],
) -> None:
    figures.sentences = len(brief.summary)
    lower_words = lower_case_words(texts.values())
    written = {article: text_words(text) for article, text in texts.items()}
    for fact in facts:
        listed = set(fact.get("article_ids", [])) & set(languages)
        text = fact.get("fact", "")
        names = fact_names(text, lower_words)
        # no article present, or none writes a name of a fact without figures: nothing to match
        if not listed or (not stated_figures(text, "en") and not any(names & written[a] for a in listed)):
            figures.key_facts_skipped += 1
            continue
        figures.key_facts += 1
        refs = [
            (r.text, languages.get(article), written[article])
            for s in brief.summary
            for r in (s.source, *s.citations)
            if (article := id_of.get(r.article_id, "")) in listed
        ]
        figures.covered += any(fact_stated(text, t, lang, False, lower_words, w) for t, lang, w in refs)
        figures.covered_with_dates += any(
            fact_stated(text, t, lang, True, lower_words, w) for t, lang, w in refs
        )


# -- unique ------------------------------------------------------------------------------------------


def score_unique(
    figures: EventFigures,
    brief: Brief,
    id_of: dict[str, str],
    languages: dict[str, str | None],
    texts: dict[str, str],
) -> None:
    claims = {c.id: c for c in brief.claims}
    by_article = {
        i: [(canonical_values(t, languages[i]), text_words(t)) for t in _sentences(texts[i])] for i in texts
    }
    for contribution in brief.unique:
        for claim_id in contribution.claim_ids:
            centre = claims[claim_id].sentences[0]
            article = id_of.get(centre.article_id, "")
            numbers = canonical_values(centre.text, languages.get(article))
            names = name_words(centre.text, languages.get(article))
            figures.unique_items += 1
            if not numbers and not names:
                figures.unique_unjudged += 1
                continue
            figures.unique_alone += not any(
                numbers <= n and (not names or 2 * len(names & w) >= len(names))
                for other, sentences in by_article.items()
                if other != article
                for n, w in sentences
            )


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


# -- citations ---------------------------------------------------------------------------------------


def sentence_hash(text: str) -> str:
    """What a judgement keeps of a sentence's text: enough to notice that the sentence changed."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _sentence_key(data: Any) -> SentenceKey:
    """A judgement's sentence as the key it is looked up by: its article and its text's hash, so that a
    judgement survives a change of how the rest of the article is split (its index is for reading)."""
    if not isinstance(data, dict):
        raise ValueError("a sentence must be an object")
    int(data["sentence"])  # present and a number, as the format asks
    return str(data["article"]), str(data["sha1"])


def read_judgements(path: Path) -> dict[PairKey, str]:
    """Judged citation pairs of a JSONL file (``bench/data/README.md`` gives the format), by pair."""
    judged: dict[PairKey, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EventsError(f"{path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key = (str(row["event"]), _sentence_key(row["summary"]), _sentence_key(row["cited"]))
            judgement = row["judgement"]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EventsError(f"{path}:{number}: not a judgement ({exc})") from exc
        if judgement not in JUDGEMENTS:
            raise EventsError(
                f"{path}:{number}: judgement {judgement!r} is not one of {', '.join(JUDGEMENTS)}"
            )
        judged[key] = judgement
    return judged


def shown_citations(brief: Brief) -> tuple[list[CitedPair], list[CitedPair]]:
    """The (shown sentence, cited sentence) pairs a reader sees: a summary sentence and each sentence it
    cites; a fact-table row's claim and each sentence of its stating cells (each pair once)."""
    summary = list(dict.fromkeys((s.source, c) for s in brief.summary for c in s.citations if c != s.source))
    claims = {c.id: c for c in brief.claims}
    facts = list(
        dict.fromkeys(
            (claims[row.claim_id].sentences[0], ref)
            for row in brief.fact_table
            for cell in row.cells
            if cell.state == "states"
            for ref in cell.sentences
            if ref != claims[row.claim_id].sentences[0]
        )
    )
    return summary, facts


def _ref_key(ref: SentenceRef, id_of: Mapping[str, str]) -> SentenceKey:
    """A shown sentence named as judgements name it: the label id of its article."""
    return id_of.get(ref.article_id, ref.article_id), sentence_hash(ref.text)


def _unjudged(event: str, where: str, pair: CitedPair, id_of: Mapping[str, str]) -> dict[str, Any]:
    """The pair with both texts, for a person to judge it."""

    def side(ref: SentenceRef) -> dict[str, Any]:
        article, sha = _ref_key(ref, id_of)
        return {"article": article, "sentence": ref.index, "sha1": sha, "text": ref.text}

    return {"event": event, "where": where, "summary": side(pair[0]), "cited": side(pair[1])}


def score_citations(
    figures: EventFigures, brief: Brief, id_of: Mapping[str, str], judgements: Mapping[PairKey, str]
) -> None:
    """Count the shown citations, the judged ones and the SAME ones; keep the unjudged for judging."""
    summary, facts = shown_citations(brief)
    event = figures.event_id
    for where, pairs in (("summary", summary), ("fact", facts)):
        for pair in pairs:
            judgement = judgements.get((event, _ref_key(pair[0], id_of), _ref_key(pair[1], id_of)))
            if where == "summary":
                figures.citations += 1
                figures.citations_judged += judgement is not None
                figures.citations_same += judgement == "SAME"
                figures.citations_partial += judgement == "PARTIAL"
            else:
                figures.fact_citations += 1
                figures.fact_judged += judgement is not None
                figures.fact_same += judgement == "SAME"
            if judgement is None:
                figures.unjudged.append(_unjudged(event, where, pair, id_of))
