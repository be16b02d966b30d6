"""A title for documents whose format carries none (plain text, JSON without a title field).

The first line is a *standalone headline* when it is a Markdown-style heading, when a blank line follows
it and it is a single sentence, or when it is short and does not end like a sentence; it then leaves the
body. Otherwise it is the lead paragraph: the body keeps it and the title is its first sentence, cut to
about 25 words.

A sentence is cut at a space between words, never inside a figure: not after the "7." of a "7. 4" the
splitter left behind, nor between the groups of "1 000" written with spaces; an ellipsis marks a cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsprism.clean.boilerplate import ends_like_sentence, lead_dateline_end
from newsprism.clean.paragraphs import Line
from newsprism.clean.sentences import sentence_spans
from newsprism.records import TitleSource

MAX_TITLE_WORDS = 25
ELLIPSIS = "…"
_HEADING = re.compile(r"^#{1,6}\s+(.+?)(?:\s+#+)?$")
_STANDALONE_WORDS = 30  # a blank-line-separated single sentence up to this long is a headline
_SHORT_WORDS = 20  # an unpunctuated first line up to this long is a headline
_ENDS_IN_FIGURE = re.compile(r"\d[.,]?$")  # "7", "7." or "7," before the next word
_FIGURE_GOES_ON = re.compile(r"\d")  # ... and the next word starts with a digit: one figure
_TRAILING = ",;:-‐–—(/"  # left dangling by a cut


def take_title(lines: list[Line]) -> tuple[str, list[Line], TitleSource]:
    """The title, the body lines left once a standalone headline is taken out, and where the title came
    from: ``first_line`` (a headline standing alone) or ``sentence`` (the lead's first sentence, after its
    dateline)."""
    first, rest = lines[0], lines[1:]
    heading = _HEADING.match(first.text)
    if heading and rest:
        return heading.group(1), rest, "first_line"
    if rest and _is_standalone_headline(first):
        return first.text, rest, "first_line"
    lead = first_sentence(first.text)
    return shorten_title(lead[lead_dateline_end(lead) :]), lines, "sentence"


def first_sentence(text: str, spans: Sequence[tuple[int, int]] | None = None) -> str:
    """The first sentence of ``text``, taken whole when the splitter broke it inside a figure ("7.|4");
    ``spans`` are ``sentence_spans(text)`` when the caller has them already."""
    spans = sentence_spans(text) if spans is None else spans
    if not spans:
        return text
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if next_start != end or not _ENDS_IN_FIGURE.search(text, start, end):
            break
        if not _FIGURE_GOES_ON.match(text, next_start):
            break
        end = next_end
    return text[start:end]


def shorten_title(sentence: str, max_words: int = MAX_TITLE_WORDS) -> str:
    """The sentence with its whitespace collapsed, cut after at most ``max_words`` words when longer.

    The cut falls between two words, and never inside a figure ("7. 4", "1 000"): it moves back to the
    last space that is not inside one. An ellipsis marks the cut, and only a cut.
    """
    words = sentence.split()
    if len(words) <= max_words:
        return " ".join(words)
    cut = max_words
    while cut > 1 and _inside_figure(words[cut - 1], words[cut]):
        cut -= 1
    kept = " ".join(words[:cut]).rstrip(_TRAILING).rstrip()
    return (kept or words[0]) + ELLIPSIS


def _inside_figure(before: str, after: str) -> bool:
    """A space between ``before`` and ``after`` that belongs to one figure: "7." + "4", "1" + "000"."""
    if not _ENDS_IN_FIGURE.search(before) or not _FIGURE_GOES_ON.match(after):
        return False
    return before[-1] in ".," or re.match(r"\d{3}(?!\d)", after) is not None


def _is_standalone_headline(line: Line) -> bool:
    words = len(line.text.split())
    if line.blank_after and words <= _STANDALONE_WORDS and len(sentence_spans(line.text)) == 1:
        return True
    return words <= _SHORT_WORDS and not ends_like_sentence(line.text)
