"""Sentence splitting with nupunkt, returning exact slices of the text.

The product quotes sentences and must trace each one back, so a sentence is always ``text[start:end]``
and never spans a line break (paragraphs are lines). nupunkt runs once over the whole text, which is much
faster than once per paragraph, and its spans are then cut at newlines. nupunkt is trained mostly on legal
text and breaks after initialisms before capitalised titles ("the U.S. | Secretary of State"); such a
split is undone unless the next word is one that usually starts a sentence.

nupunkt's time grows with the square of a whitespace-free run holding many sentence ends ("![![![...",
a long dotted token), so a hostile 40 KB line took 15 s; inside runs longer than any word, sentence ends
other than the run's last character are hidden from it (same length, so every offset still holds).
"""

from __future__ import annotations

import re

import nupunkt

from newsprism.clean.words import FUNCTION_WORDS

_INITIALISM_END = re.compile(r"(?:\b[A-Z]\.){2,}$")
_FIRST_WORD = re.compile(r"[\"'(\[]*([A-Za-z]+)")
_LINE_PIECE = re.compile(r"[^\n]+")
_LONG_RUN = re.compile(r"\S{100,}")
_SENTENCE_END = re.compile(r"[.!?\u2026]")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, each an exact substring of it, in order."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, trimmed of whitespace, never across a newline."""
    spans: list[tuple[int, int]] = []
    for start, end in nupunkt.load("default").span_tokenize(_LONG_RUN.sub(_hide_inner_ends, text)):
        for piece in _LINE_PIECE.finditer(text, start, end):
            piece_start, piece_end = piece.span()
            while piece_start < piece_end and text[piece_start].isspace():
                piece_start += 1
            while piece_end > piece_start and text[piece_end - 1].isspace():
                piece_end -= 1
            if piece_start == piece_end:
                continue
            if spans and _continues_after_initialism(text, spans[-1], piece_start):
                spans[-1] = (spans[-1][0], piece_end)
            else:
                spans.append((piece_start, piece_end))
    return spans


def _hide_inner_ends(run: re.Match[str]) -> str:
    return _SENTENCE_END.sub("_", run.group()[:-1]) + run.group()[-1]


def _continues_after_initialism(text: str, previous: tuple[int, int], start: int) -> bool:
    if "\n" in text[previous[1] : start] or not _INITIALISM_END.search(text, previous[0], previous[1]):
        return False
    first = _FIRST_WORD.match(text, start)
    return bool(first) and first.group(1)[0].isupper() and first.group(1).lower() not in FUNCTION_WORDS
