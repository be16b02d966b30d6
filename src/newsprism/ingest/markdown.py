"""Markdown to plain paragraphs, keeping only what a reader sees as text.

Links keep their text, images and reference definitions are dropped, emphasis and code marks go, lists
and quotes become ordinary paragraphs, soft-wrapped lines are joined. A leading heading is the title and
simple ``key: value`` front matter (Jekyll, Hugo) is metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\s*$", re.M)
_FRONT_MATTER_LINE = re.compile(r"""^([A-Za-z][\w\- ]*):\s*(?:"(.*)"|'(.*)'|(.*?))\s*$""")
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>\s?")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->", re.S), ""),
    # Bracket classes exclude ``[`` too: a run of unclosed ``![`` must not make the scan quadratic.
    (re.compile(r"!\[[^\][]*\](?:\([^)]*\)|\[[^\][]*\])"), ""),
    (re.compile(r"\[\^[^\][]+\]"), ""),
    (re.compile(r"\[([^\][]+)\](?:\([^)]*\)|\[[^\][]*\])"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),
    (re.compile(r"(`+)(.+?)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])"), r"\1"),
)


@dataclass(slots=True)
class MarkdownText:
    """A Markdown file as plain text: the leading heading, the paragraphs, the front matter."""

    title: str | None
    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def markdown_to_text(source: str) -> MarkdownText:
    """Strip Markdown syntax to paragraphs separated by blank lines."""
    metadata, body = _split_front_matter(source.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = _blocks(body.split("\n"))
    title = None
    if blocks and blocks[0][0] == "heading":
        title = _inline(blocks.pop(0)[1])
    paragraphs = [_inline(text) for _, text in blocks]
    return MarkdownText(title or None, "\n\n".join(p for p in paragraphs if p), metadata)


def _split_front_matter(source: str) -> tuple[dict[str, str], str]:
    if not source.startswith("---\n"):
        return {}, source
    end = _FRONT_MATTER_END.search(source, 4)
    if end is None:
        return {}, source
    metadata = {}
    for line in source[4 : end.start()].split("\n"):
        match = _FRONT_MATTER_LINE.match(line)
        if match:
            value = next((group for group in match.groups()[1:] if group is not None), "")
            metadata[match.group(1).strip()] = value
    return metadata, source[end.end() :]


def _blocks(lines: list[str]) -> list[tuple[str, str]]:
    """(kind, text) blocks: headings, list items, table rows and paragraphs with soft wraps joined."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for index, raw in enumerate(lines):
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            elif raw.strip():
                blocks.append(("code", raw.strip()))
            continue
        fence_match = _FENCE.match(raw)
        if fence_match:
            flush()
            fence = fence_match.group(1)
            continue
        line = raw
        while _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
        stripped = line.strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not stripped or _REFERENCE_DEFINITION.match(line):
            flush()
        elif _SETEXT_UNDERLINE.match(line) and not paragraph:
            continue  # the underline of a heading already taken, or a rule
        elif _RULE.match(line):
            flush()
        elif heading := _ATX_HEADING.match(line):
            flush()
            blocks.append(("heading", heading.group(2) or ""))
        elif _SETEXT_UNDERLINE.match(following) and not paragraph and not _LIST_ITEM.match(line):
            blocks.append(("heading", stripped))
        elif _LIST_ITEM.match(line):
            flush()
            paragraph.append(_LIST_ITEM.sub("", line, count=1).strip())
        elif stripped.startswith("|") and stripped.endswith("|"):
            flush()
            if not _TABLE_SEPARATOR.match(stripped):
                cells = [cell.strip() for cell in stripped.strip("|").split("|")]
                blocks.append(("table", " | ".join(cell for cell in cells if cell)))
        else:
            paragraph.append(stripped)
    flush()
    return [(kind, text) for kind, text in blocks if text.strip()]


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE_RULES:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())
