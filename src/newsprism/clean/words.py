"""Closed-class English words: what a sentence may start with, and what a headline capitalises oddly."""

from __future__ import annotations


def word_set(*lines: str) -> frozenset[str]:
    """A set of words written as space-separated lines, so long word lists stay readable."""
    return frozenset(" ".join(lines).split())


FUNCTION_WORDS = word_set(
    "a about above after again against all also although am amid among an and another any are as at",
    "be because been before being below between both but by can could despite did do does down during",
    "each either even every few for from further had has have having he her here hers him his how however",
    "i if in into is it its itself just last least less many may me meanwhile might more most much must my",
    "neither never next no nor not now of off on once one only onto or other our ours out over own per",
    "perhaps same several she should since so some such than that the their theirs them then there these",
    "they this those though through thus till to too toward towards under unless until up upon us very via",
    "was we were what whatever when where whether which while who whom whose why will with within without",
    "would yet you your",
)
