"""HTML main-text extraction quality and speed on the Zyte article-extraction benchmark.

Scores newsprism's extraction (trafilatura with our settings, then our cleaning) against the gold
``articleBody`` of 181 real pages, beside trafilatura with its defaults and jusText measured in the same
run (plus readability-lxml when it is installed: ``pip install readability-lxml``; it is a bench-only
extra and not a dependency of newsprism). The score is the benchmark's own: precision and recall of
token 4-gram shingles per page, averaged over pages, F1 of the averages (published F1 for trafilatura
2.0.0: 0.958). Bag-of-tokens F1 is printed too.

    python -m bench.extraction [--data PATH] [--json] [--sweep]

``--sweep`` also scores newsprism under other trafilatura settings, which is how the defaults in
``newsprism.ingest.html`` were chosen.

It also times plain-text cleaning (``read_inputs`` + ``clean_document``) on the ECB+ JSONL documents,
beside nupunkt sentence splitting alone on the same texts, the floor any cleaning that splits sentences
cannot go below.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import nupunkt
import trafilatura

from newsprism.clean import EmptyDocumentError, clean_document
from newsprism.ingest import ReadOptions, extract_html, read_inputs
from newsprism.ingest.html import EXTRACTION_SETTINGS
from newsprism.records import IngestError, RawDocument

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_DATA = SHARED_DATA / "zyte-extraction"
CLEANING_DATA = SHARED_DATA / "ecbplus" / "dev.jsonl"
_CLEANING_ROUNDS = 3
_TOKEN = re.compile(r"\w+")
_SHINGLE = 4

Extractor = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    precision: float
    recall: float
    f1: float
    token_f1: float
    pages_per_second: float


def newsprism_body(html: str, settings: Mapping[str, bool] = EXTRACTION_SETTINGS) -> str:
    """What newsprism keeps of a page: trafilatura's main text after our cleaning."""
    raw = extract_html(html, "page.html", ReadOptions(), settings=settings)
    if isinstance(raw, IngestError):
        return ""
    try:
        return clean_document(raw).text
    except EmptyDocumentError:
        return ""


def trafilatura_defaults(html: str) -> str:
    return trafilatura.extract(html) or ""


def justext_body(html: str) -> str:
    import justext

    # The parameters the benchmark's own jusText runner uses.
    paragraphs = justext.justext(html, justext.get_stoplist("English"), 50, 200, 0.1, 0.2, 0.2, 200, True)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def readability_body(html: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


def load_pages(data: Path) -> tuple[dict[str, str], dict[str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for path in sorted((data / "html").glob("*.html.gz")):
        pages[path.name.split(".")[0]] = gzip.decompress(path.read_bytes()).decode("utf-8")
    gold = {key: value.get("articleBody") or "" for key, value in truth.items() if key in pages}
    return pages, gold


def score(name: str, extractor: Extractor, pages: dict[str, str], gold: dict[str, str]) -> Score:
    started = time.perf_counter()
    predicted = {key: extractor(html) for key, html in pages.items()}
    elapsed = time.perf_counter() - started
    precisions, recalls, token_f1s = [], [], []
    for key, truth in gold.items():
        tp, fp, fn = _overlap(_shingles(truth), _shingles(predicted[key]))
        if tp + fp > 0:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
        tp, fp, fn = _overlap(Counter(_TOKEN.findall(truth)), Counter(_TOKEN.findall(predicted[key])))
        token_f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    precision, recall = statistics.mean(precisions), statistics.mean(recalls)
    f1 = 2 * precision * recall / (precision + recall)
    return Score(name, precision, recall, f1, statistics.mean(token_f1s), len(pages) / elapsed)


def cleaning_speed(path: Path) -> tuple[int, float, float]:
    """(documents, read+clean docs/s, nupunkt-only docs/s) over a JSONL file, best of a few rounds."""
    texts = [item.text for item in read_inputs([path]) if isinstance(item, RawDocument)]
    tokenizer = nupunkt.load("default")
    clean_rates, split_rates = [], []
    for _ in range(_CLEANING_ROUNDS):
        started = time.perf_counter()
        cleaned = [clean_document(item) for item in read_inputs([path]) if isinstance(item, RawDocument)]
        clean_rates.append(len(cleaned) / (time.perf_counter() - started))
        started = time.perf_counter()
        for text in texts:
            tokenizer.tokenize(text)
        split_rates.append(len(texts) / (time.perf_counter() - started))
    return len(texts), max(clean_rates), max(split_rates)


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(
        tuple(tokens[i : i + _SHINGLE]) for i in range(max(1, len(tokens) - _SHINGLE + 1)) if tokens
    )


def _overlap(truth: Counter, predicted: Counter) -> tuple[int, int, int]:
    return (
        sum((truth & predicted).values()),
        sum((predicted - truth).values()),
        sum((truth - predicted).values()),
    )


def _sweep() -> list[tuple[str, Extractor]]:
    variants = {
        "trafilatura defaults": {},
        "no comments": {"include_comments": False},
        "no comments, favor_recall": {"include_comments": False, "favor_recall": True},
        "no comments, favor_precision, no tables": {
            "include_comments": False,
            "favor_precision": True,
            "include_tables": False,
        },
    }
    return [
        (f"newsprism [{label}]", partial(newsprism_body, settings=value)) for label, value in variants.items()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the zyte-extraction folder")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--sweep", action="store_true", help="also score other trafilatura settings")
    parser.add_argument(
        "--cleaning-data", type=Path, default=CLEANING_DATA, help="JSONL file to time cleaning on"
    )
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"no benchmark data at {args.data} (expected ground-truth.json and html/)", file=sys.stderr)
        return 0 if args.data == DEFAULT_DATA else 2  # ../shared absent: skipped, as the tests do
    pages, gold = load_pages(args.data)
    extractors: list[tuple[str, Extractor]] = [
        ("newsprism", newsprism_body),
        ("trafilatura (defaults)", trafilatura_defaults),
        ("justext", justext_body),
    ]
    try:
        import readability  # noqa: F401

        extractors.append(("readability-lxml", readability_body))
    except ImportError:
        print("(readability-lxml not installed: skipping that baseline)", file=sys.stderr)
    if args.sweep:
        extractors.extend(_sweep())
    scores = [score(name, extractor, pages, gold) for name, extractor in extractors]
    cleaning = cleaning_speed(args.cleaning_data) if args.cleaning_data.is_file() else None
    if args.json:
        report: dict[str, object] = {"extraction": [asdict(s) for s in scores]}
        if cleaning:
            report["cleaning"] = dict(
                zip(("documents", "clean_docs_per_s", "nupunkt_docs_per_s"), cleaning, strict=True)
            )
        print(json.dumps(report, indent=2))
        return 0
    print(f"Zyte article extraction, {len(pages)} pages: token 4-gram shingle P/R/F1 (published metric)")
    print(f"{'extractor':<52} {'precision':>9} {'recall':>7} {'F1':>6} {'token F1':>8} {'pages/s':>8}")
    for s in scores:
        print(
            f"{s.name:<52} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.token_f1:>8.3f} "
            f"{s.pages_per_second:>8.1f}"
        )
    if cleaning:
        documents, clean_rate, split_rate = cleaning
        source = args.cleaning_data
        print(f"\nPlain-text cleaning of {documents} documents ({source}), best of {_CLEANING_ROUNDS}:")
        print(f"  read_inputs + clean_document    {clean_rate:8.0f} docs/s")
        print(f"  nupunkt sentence splitting only {split_rate:8.0f} docs/s")
    else:
        print(f"(no {args.cleaning_data}: cleaning speed not measured)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
