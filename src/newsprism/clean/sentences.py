"""Sentence splitting with nupunkt, returning exact slices of the text.

The product quotes sentences and must trace each one back, so a sentence is always ``text[start:end]``
and never spans a line break (paragraphs are lines). nupunkt runs once over the whole text, which is much
faster than once per paragraph, and its spans are then cut at newlines. nupunkt is trained mostly on legal
text and breaks after initialisms before capitalised titles ("the U.S. | Secretary of State"); such a
split is undone unless the next word is one that usually starts a sentence.

nupunkt learnt English: it also breaks after a German or Polish ordinal before a month ("am 17. | Oktober"),
after the titles other languages abbreviate ("el Sr. | García", "Dr. | Müller"), after an abbreviated month
before its day ("on Jan. | 16"), after a German ordinal that an article, preposition or possessive
introduces ("in der 189. | Auflage", "in seinem 100. | Spiel") and before a closing bracket or a comma
("(54./56. | ), Lamine Yamal"): such splits are undone as well. Two sentences glued where a space was lost
("tecnica.Tuttavia") are cut apart.

nupunkt's time grows with the square of a whitespace-free run holding many sentence ends ("![![![...",
a long dotted token), so a hostile 40 KB line took 15 s; inside runs longer than any word, sentence ends
other than the run's last character are hidden from it (same length, so every offset still holds).
"""

from __future__ import annotations

import re

import nupunkt

from newsprism.clean.words import FUNCTION_WORDS, word_set
from newsprism.languages import MONTH_ABBREVIATIONS, MONTHS

_INITIALISM_END = re.compile(r"(?:\b[A-Z]\.){2,}$")
_FIRST_WORD = re.compile(r"[\"'(\[]*([^\W\d_]+)")
_LINE_PIECE = re.compile(r"[^\n]+")
_LONG_RUN = re.compile(r"\S{100,}")
_SENTENCE_END = re.compile(r"[.!?\u2026]")
_ORDINAL_END = re.compile(r"(?<![\d.,])\d{1,2}\.$")
_MONTH_NAMES = sorted({month for names in MONTHS.values() for month in names}, key=len, reverse=True)
_MONTH_START = re.compile(r"(?:" + "|".join(_MONTH_NAMES) + r")\b", re.IGNORECASE)
# Titles and abbreviations that stand before a name or a figure in the languages newsprism reads; a
# sentence ending in one of them rarely ends there.
_ABBREVIATIONS = word_set(
    "sr sra srta dr dra prof mme mlle mgr hr nr art ca bzw vgl inkl ggf dh zb ua sog av avda núm pág",
    "gen col lt sgt st sta sto ss nº dott ing avv sig geb",
)
_LAST_WORD = re.compile(r"(\w+)\.$")
# German words that introduce an ordinal written "189.": "in der 189. Auflage", "zum 5. Mal".
_ORDINAL_INTRODUCERS = word_set(
    "der die das dem den des im am zum zur beim vom ins seit ab bis zu",
    "sein seine seinem seinen seiner seines ihr ihre ihrem ihren ihrer ihres",  # "in seinem 100. Spiel"
)
_INTRODUCED_ORDINAL_END = re.compile(r"(?<![\w.,])(\w+)\s+\d{1,3}\.$")
_NO_SENTENCE_START = re.compile(r"[)\]},;]")
# "tecnica.Tuttavia": two sentences glued where a space was lost (the end is the group's end).
GLUED_SENTENCES = re.compile(r"[a-zà-ÿ]{3}([.!?])[A-ZÀ-Þ](?:[a-zà-ÿ]{2}|['’][a-zà-ÿ])")


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
            if spans and _continues(text, spans[-1], piece_start):
                spans[-1] = (spans[-1][0], piece_end)
            else:
                spans.append((piece_start, piece_end))
    if not GLUED_SENTENCES.search(text):
        return spans  # most texts: one search, not one per sentence
    return [part for span in spans for part in _unglued(text, span)]


def _unglued(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The span cut where two sentences were glued together without a space ("tecnica.Tuttavia")."""
    start, end = span
    parts = []
    for glued in GLUED_SENTENCES.finditer(text, start, end):
        parts.append((start, glued.end(1)))
        start = glued.end(1)
    return [*parts, (start, end)]


def _hide_inner_ends(run: re.Match[str]) -> str:
    return _SENTENCE_END.sub("_", run.group()[:-1]) + run.group()[-1]


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    """Whether the piece at ``start`` goes on the sentence ``previous`` (nupunkt split it wrongly)."""
    if "\n" in text[previous[1] : start]:
        return False
    if _continues_after_initialism(text, previous, start):
        return True
    end = text[previous[0] : previous[1]]
    # These patterns end at the sentence's end ($: at the end, or before a final line break), so they are
    # searched for near it only, not from every character of the sentence on.
    if _ORDINAL_END.search(end, max(0, len(end) - 4)) and _MONTH_START.match(text, start):
        return True
    if _NO_SENTENCE_START.match(text, start):
        return True  # a sentence never opens on a closing bracket or a comma
    ordinal = _INTRODUCED_ORDINAL_END.search(end, max(0, len(end) - 24))
    if ordinal and ordinal.group(1).lower() in _ORDINAL_INTRODUCERS and _opens_noun(text, start):
        return True  # "in der 189. | Auflage"
    last = _last_word(end)
    if last is None or len(end) == len(last.group(0)):
        return False
    word = last.group(1).lower()
    return word in _ABBREVIATIONS or (word in MONTH_ABBREVIATIONS and text[start : start + 1].isdigit())


def _opens_noun(text: str, start: int) -> bool:
    """The piece at ``start`` opens on a capitalised word that rarely opens a sentence (a noun, not "Die")."""
    first = _FIRST_WORD.match(text, start)
    return first is not None and first.group(1)[0].isupper() and first.group(1).lower() not in FUNCTION_WORDS


def _last_word(end: str) -> re.Match[str] | None:
    """``_LAST_WORD.search(end)``: its search from near the end finds the same word unless the word
    starts before where it began."""
    near = max(0, len(end) - 40)
    last = _LAST_WORD.search(end, near)
    return _LAST_WORD.search(end) if last is not None and near and last.start() == near else last


def _continues_after_initialism(text: str, previous: tuple[int, int], start: int) -> bool:
    if "\n" in text[previous[1] : start]:
        return False
    # A run of initialisms ending there has its last two ("S.A.") within its last five characters.
    if not _INITIALISM_END.search(text, max(previous[0], previous[1] - 5), previous[1]):
        return False
    return _opens_noun(text, start)
