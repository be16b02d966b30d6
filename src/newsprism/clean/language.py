"""Which language an article is written in, when its metadata does not say.

Story detection reads words differently by language (stop words, decimal commas, weekday names) and the
brief shows the language of every source, so each article needs one. ``py3langid`` (langid.py's model,
97 languages, numpy only) reads the title and the first ~1,000 characters in well under a millisecond;
the rest of an article rarely changes the answer and would only cost time.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

SAMPLE_CHARS = 1000
MIN_LETTERS = 20  # fewer letters than this give no reliable answer
MIN_CONFIDENCE = 0.5  # the model's normalised probability of its best language

_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _identifier() -> LanguageIdentifier:
    """One model per process, loaded on first use (about 0.1 s); read-only once loaded."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text is too short or too mixed to say."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    return str(code) if confidence >= MIN_CONFIDENCE else None


def normalize_language(code: str | None) -> str | None:
    """A language given in metadata as ``en``, ``EN``, ``en-GB`` or ``en_US``: its lower-case base code."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()
    return base if re.fullmatch(r"[a-z]{2,3}", base) else None
