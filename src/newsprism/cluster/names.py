"""Proper names by their capitals: the who and where of a report, without a tagger.

English news capitalises names ("Tara Reid", "Promises Treatment Center", "Gulf of Aden", "INS Sukanya");
runs of capitalised words, joined through the few lower-case particles names contain, find most of them.
Sentence-initial words and capitalised function words, months and weekdays are dropped. On ECB+ this
separates look-alike events as well as spaCy's recogniser does (BCubed F1 0.940 vs 0.943, with the same
other signals), at a few hundred times the speed; spaCy stays where precision matters (briefs).

Capitals are read in every alphabet (Łódź, Путин), function words in the article's language are
dropped, and a name is kept in Latin letters without accents, so "Путин", "Putin" and "Poutine" meet
half way ("putin", "poutine") and "Nicușor Dan" matches "Nicusor Dan" exactly. Scripts without capitals
(Arabic, Devanagari, Chinese) give no names this way; their reports meet through the other signals.
"""

from __future__ import annotations

import re
from collections import Counter

from newsprism.languages import CALENDAR_WORDS, CASELESS, latin, stop_words

_UPPER = "".join(sorted({chr(c) for c in range(0x3000) if chr(c).isupper() and chr(c).isalpha()}))
_CAPITAL = "[" + re.escape(_UPPER) + "]"
_PARTICLES = r"(?:of|the|de|del|da|van|von|der|al|el|bin|ibn|la|le|y|and|for|di|du|dos|das)"
_WORD = rf"(?:{_CAPITAL}[\w'’.&-]*[\w]|{_CAPITAL})"
_NAME = re.compile(rf"{_WORD}(?:\s+(?:{_PARTICLES}\s+)?{_WORD})*")
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "st", "i"})


def _clean(name: str) -> str:
    name = name.replace("’", "'").rstrip(".")
    name = re.sub(r"'s\b", "", name)
    return name.lower().strip()


def proper_names(text: str, language: str | None = None) -> Counter[str]:
    """Names in ``text``, in Latin letters, lower-cased with spaces as underscores, with how often each
    occurs. None in a language whose script has no capitals (Arabic, Hindi, Chinese: ``CASELESS``)."""
    if language in CASELESS:
        return Counter()
    skip = stop_words(language) | CALENDAR_WORDS | _TITLES
    found: Counter[str] = Counter()
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        while words and words[0].lower() in skip:  # "The", "After", "However" open sentences
            words = words[1:]
        while words and words[-1].lower() in skip:
            words = words[:-1]
        name = _clean(" ".join(words))
        if len(name) > 1 and name not in skip:
            found[latin(name).replace(" ", "_")] += 1
            if len(words) > 1:  # "Hurrikan Helene" and "huracán Helene" share "helene"
                found.update(latin(w) for w in name.split() if len(w) > 2 and w not in skip)
    return found
