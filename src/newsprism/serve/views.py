"""Shaping library records for display: article text split at its sentences, sources as a tree, etags.

Pure functions over records, shared by the pages and the API; nothing here decides what a brief says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsprism.records import Brief, SentenceRef, SourceEntry

# How the brief uses a sentence, strongest first: the article page shades these. Every sentence is in
# some claim, stated by other outlets too or by this one alone, so shading those marked nearly all of them.
USES = ("summary", "disputed")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text: a sentence (with its index and how the brief uses it) or the text between."""

    text: str
    index: int | None = None
    use: str | None = None


@dataclass
class SourceNode:
    source: SourceEntry
    repeats: list[SourceNode] = field(default_factory=list)


def sentence_uses(brief: Brief, article_id: str) -> dict[int, str]:
    """The article's sentences the brief quotes in its summary or in a discrepancy (the summary wins)."""
    found: dict[int, set[str]] = {}

    def mark(refs: Iterable[SentenceRef], use: str) -> None:
        for ref in refs:
            if ref.article_id == article_id:
                found.setdefault(ref.index, set()).add(use)

    for line in brief.summary:
        mark(line.citations, "summary")
    for discrepancy in brief.discrepancies:
        for side in discrepancy.sides:
            mark(side.quotes, "disputed")
    return {index: next(u for u in USES if u in uses) for index, uses in found.items()}


def segments(text: str, sentences: tuple[str, ...], uses: dict[int, str]) -> list[Segment]:
    """The text cut at its sentences (each an exact substring, in order), keeping every character."""
    parts: list[Segment] = []
    cursor = 0
    for index, sentence in enumerate(sentences):
        start = text.find(sentence, cursor)
        if start < 0:  # cannot happen for a cleaned article; show the rest as plain text rather than fail
            break
        if start > cursor:
            parts.append(Segment(text[cursor:start]))
        parts.append(Segment(sentence, index, uses.get(index)))
        cursor = start + len(sentence)
    if cursor < len(text):
        parts.append(Segment(text[cursor:]))
    return parts


def source_tree(sources: tuple[SourceEntry, ...]) -> list[SourceNode]:
    """Independent reports at the top, each with the copies and rewrites of it nested under it."""
    nodes = {s.article_id: SourceNode(s) for s in sources}
    roots = []
    for source in sources:
        parent = nodes.get(source.repeats) if source.repeats else None
        if parent is not None and parent is not nodes[source.article_id]:
            parent.repeats.append(nodes[source.article_id])
        else:
            roots.append(nodes[source.article_id])
    return roots


def etag(*parts: object) -> str:
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:20] + '"'


def etag_matches(header: str | None, tag: str) -> bool:
    if not header:
        return False
    return header.strip() == "*" or tag in {t.strip().removeprefix("W/") for t in header.split(",")}
