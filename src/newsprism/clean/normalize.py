"""Character-level normalisation, so that copies of one text typed or scraped differently compare equal.

Curly quotes become straight, hyphen look-alikes become ``-``, exotic spaces become plain spaces and
invisible characters (zero-width space, soft hyphen, BOM) disappear; lone surrogates become U+FFFD.
Line structure is kept: single newlines stay, runs of blank lines become one blank line (a paragraph
break).
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′´ʼ", "'"),
        **dict.fromkeys("“”„‟″〝〞＂", '"'),
        **dict.fromkeys("‐‑‒−﹣－", "-"),
        "―": "—",
        **dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009", " "),
        **dict.fromkeys("\u200a\u202f\u205f\u3000\t\v\f", " "),
        **dict.fromkeys("\u200b\u2060\ufeff\u00ad\u180e", None),
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n\n",
        "\x85": "\n",
        **dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]),
        # Lone surrogates (JSON's "\ud800") cannot be encoded, so nothing could hash or store the text.
        **dict.fromkeys(range(0xD800, 0xE000), "\ufffd"),
    }
)
_SPACES = re.compile(r" {2,}")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, straight quotes, plain spaces, no invisible characters; newlines and paragraph breaks kept."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).translate(_TRANSLATION)
    # The substring tests skip regex passes that would change nothing, which is the common case.
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def normalize_inline(text: str) -> str:
    """Normalise a one-line value such as a title: all whitespace, newlines included, becomes one space."""
    return " ".join(normalize_text(text).split())
