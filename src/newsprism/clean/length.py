"""The shortest text newsprism calls an article.

A lock file holding a pid ("17939"), a stray caption, a "Read more" link or a placeholder is no report of
an event, yet each would become a story of its own. An article needs at least :data:`MIN_ARTICLE_WORDS`
words of text after cleaning (the title not counted). The floor is low on purpose: real reports can
be one short sentence (the shortest of ECB+ dev's 535 articles have 7 words; a floor of 10 words would
drop 2 of them and one of 20 words 7), and feed summaries, ingested when an item's page fails, are often a
single sentence. Words are runs of letters or digits; in scripts written without spaces (Chinese,
Japanese, Thai) every two characters count as a word, about the length of a word there.
"""

from __future__ import annotations

import re

from newsprism.records import Article

MIN_ARTICLE_WORDS = 5
_WORD = re.compile(r"\w+")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words of ``text``: runs of letters or digits, with unspaced scripts counted two characters a word."""
    unspaced = len(_UNSPACED.findall(text))
    spaced = len(_WORD.findall(_UNSPACED.sub(" ", text))) if unspaced else len(_WORD.findall(text))
    return spaced + (unspaced + 1) // 2


def too_short(article: Article, minimum: int = MIN_ARTICLE_WORDS) -> str | None:
    """Why ``article`` is too short to be one (the reason shown when it is skipped), else None."""
    words = word_count(article.text)
    if words >= minimum:
        return None
    return f"too short to be an article: {words} words of text after cleaning (at least {minimum} needed)"
