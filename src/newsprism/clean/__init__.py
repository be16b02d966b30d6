"""Clean: turn a :class:`~newsprism.records.RawDocument` into an :class:`~newsprism.records.Article`.

Normalises characters, drops boilerplate lines and junk glued to the end (rules and signals in
:mod:`newsprism.clean.boilerplate`), finds a title when the format has none and splits sentences that are
exact substrings of the text.
"""

from newsprism.clean.boilerplate import boilerplate_kind, is_trailing_junk
from newsprism.clean.document import (
    EmptyDocumentError,
    article_id,
    clean_document,
    outlet_from_origin,
    text_fingerprint,
)
from newsprism.clean.normalize import normalize_text
from newsprism.clean.sentences import split_sentences

__all__ = [
    "EmptyDocumentError",
    "article_id",
    "boilerplate_kind",
    "clean_document",
    "is_trailing_junk",
    "normalize_text",
    "outlet_from_origin",
    "split_sentences",
    "text_fingerprint",
]
