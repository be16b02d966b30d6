"""A title for documents whose format carries none (plain text, JSON without a title field).

The first line is a *standalone headline* when it is a Markdown-style heading, when a blank line follows
it and it is a single sentence, or when it is short and does not end like a sentence; it then leaves the
body. Otherwise it is the lead paragraph: the body keeps it and the title is its first sentence, cut to
about 25 words.
"""

from __future__ import annotations

import re

from newsprism.clean.boilerplate import ends_like_sentence
from newsprism.clean.paragraphs import Line
from newsprism.clean.sentences import sentence_spans

MAX_TITLE_WORDS = 25
_HEADING = re.compile(r"^#{1,6}\s+(.+?)(?:\s+#+)?$")
_STANDALONE_WORDS = 30  # a blank-line-separated single sentence up to this long is a headline
_SHORT_WORDS = 20  # an unpunctuated first line up to this long is a headline


def take_title(lines: list[Line]) -> tuple[str, list[Line]]:
    """The title and the body lines left once a standalone headline is taken out."""
    first, rest = lines[0], lines[1:]
    heading = _HEADING.match(first.text)
    if heading and rest:
        return heading.group(1), rest
    if rest and _is_standalone_headline(first):
        return first.text, rest
    spans = sentence_spans(first.text)
    lead = first.text[spans[0][0] : spans[0][1]] if spans else first.text
    return shorten_title(lead), lines


def shorten_title(sentence: str, max_words: int = MAX_TITLE_WORDS) -> str:
    """Cut a long sentence at a word boundary, marking the cut with an ellipsis."""
    words = sentence.split()
    if len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words]).rstrip(",;:-—") + "…"


def _is_standalone_headline(line: Line) -> bool:
    words = len(line.text.split())
    if line.blank_after and words <= _STANDALONE_WORDS and len(sentence_spans(line.text)) == 1:
        return True
    return words <= _SHORT_WORDS and not ends_like_sentence(line.text)
