"""Paragraph structure of normalised text: one paragraph per line, hard-wrapped blocks joined back.

Article dumps mostly hold one paragraph per line, with or without blank lines between them; mail-style text
is hard-wrapped at a fixed width inside blank-line-separated blocks. A block is taken as hard-wrapped when
its lines, but the last, nearly fill one width of at most 100 characters and mostly stop mid-sentence;
then its lines are joined.
Whether a blank line followed each line is kept: it tells a standalone headline from a lead paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LIST_MARKER = re.compile(r"^(?:[-*+•·▪‣◦]|\d{1,3}[.)])\s")
_MIN_WRAP_WIDTH, _MAX_WRAP_WIDTH = 50, 100
_SENTENCE_END = (".", "!", "?", '"', ":", ")", "。", "！", "？")


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph and whether a blank line followed it in the source."""

    text: str
    blank_after: bool


def split_lines(text: str) -> list[Line]:
    """Paragraph lines of normalised text (see :func:`newsprism.clean.normalize_text`)."""
    lines: list[Line] = []
    for block in text.split("\n\n"):
        rows = [row for row in block.split("\n") if row]
        if not rows:
            continue
        if _is_hard_wrapped(rows):
            rows = [" ".join(rows)]
        lines.extend(Line(row, blank_after=False) for row in rows[:-1])
        lines.append(Line(rows[-1], blank_after=True))
    if lines:
        lines[-1] = Line(lines[-1].text, blank_after=False)
    return lines


def _is_hard_wrapped(rows: list[str]) -> bool:
    if len(rows) < 2 or any(_LIST_MARKER.match(row) for row in rows[1:]):
        return False
    width = max(len(row) for row in rows)
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return False
    if len(rows) == 2:
        # Two lines could be a headline over a dateline: join only a visible mid-sentence break.
        return len(rows[0]) >= _MIN_WRAP_WIDTH and rows[1][:1].islower()
    # Wrapped lines fill the width and mostly stop mid-sentence; one sentence per line does neither.
    open_ends = sum(not row.endswith(_SENTENCE_END) for row in rows[:-1])
    return all(len(row) >= 0.7 * width for row in rows[:-1]) and open_ends * 2 >= len(rows) - 1
