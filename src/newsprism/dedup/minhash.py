"""Near copies: MinHash signatures of word 5-grams and an LSH index (datasketch).

A republished wire story with a new headline, a fixed typo or a trimmed paragraph keeps almost all of its
word 5-grams, so its estimated Jaccard similarity to the original stays high; two independent reports of
one event share few 5-grams, whatever their topic. Shingles are hashed with MurmurHash3 (in C), which is
stable across processes, so stored signatures stay comparable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from sklearn.utils import murmurhash3_32

NUM_PERM = 128
SHINGLE_WORDS = 5
NEAR_COPY_JACCARD = 0.75  # the estimate from 128 permutations wanders by about ±0.035
LSH_MARGIN = 0.2
_WORD = re.compile(r"\w+")
_SEED = 1  # fixed, with the scheme, so signatures from any process or run are comparable
_SCHEME = "affine32"


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def _murmur(data: bytes) -> int:
    return murmurhash3_32(data, seed=_SEED, positive=True)


# Permutations are derived once; every signature reuses them (deriving them is most of MinHash's setup cost).
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=_murmur)


def signature(text: str) -> np.ndarray:
    minhash = MinHash(
        num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=_murmur, permutations=_TEMPLATE.permutations
    )
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype(np.uint32)


def _lean(sig: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=sig, scheme=_SCHEME)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


class NearCopyIndex:
    """Finds stored articles whose text is a near copy of a given one."""

    def __init__(self, threshold: float = NEAR_COPY_JACCARD) -> None:
        self.threshold = threshold
        # Bands tuned for a lower Jaccard than the decision: a pair just above the threshold is then found
        # almost surely, and the estimate itself decides.
        self._lsh = MinHashLSH(threshold=threshold - LSH_MARGIN, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, sig: np.ndarray) -> None:
        if article_id in self._signatures:
            return
        self._signatures[article_id] = sig
        self._lsh.insert(article_id, _lean(sig))

    def add_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        for article_id, sig in items:
            self.add(article_id, sig)

    def matches(self, sig: np.ndarray, exclude: str | None = None) -> list[tuple[str, float]]:
        """Stored articles at or above the threshold, with their estimated Jaccard similarity."""
        found = []
        for article_id in self._lsh.query(_lean(sig)):
            if article_id == exclude:
                continue
            score = estimated_jaccard(sig, self._signatures[article_id])
            if score >= self.threshold:
                found.append((article_id, score))
        return sorted(found, key=lambda x: (-x[1], x[0]))


def lsh_bands(threshold: float = NEAR_COPY_JACCARD) -> tuple[int, int]:
    """(bands, rows per band) of the index :class:`NearCopyIndex` builds for ``threshold``: a distributed
    banding join with these finds the very candidate pairs the index would."""
    lsh = MinHashLSH(threshold=threshold - LSH_MARGIN, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(sig: np.ndarray, bands: int, rows: int) -> list[str]:
    """One key per band: two signatures are LSH candidates when any band's keys are equal."""
    values = np.asarray(sig, dtype="<u4")
    return [values[band * rows : (band + 1) * rows].tobytes().hex() for band in range(bands)]
