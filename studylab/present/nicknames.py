"""Nicknames cleaned before anyone sees them, and compared by what they look like.

:func:`clean` is the name shown: Unicode NFKC, control, format (zero-width, bidi) and
private characters removed, at most ``MAX_MARKS`` combining marks on a letter, spaces
collapsed. :func:`same` is what uniqueness is checked on: the cleaned name case-folded,
without marks, with every character that is confusable with a Latin one (the
``confusable_homoglyphs`` tables, from Unicode's confusables data) replaced by it.
"""

from __future__ import annotations

import functools
import unicodedata

from confusable_homoglyphs import confusables

MAX_MARKS = 2
"""Combining marks kept on one letter; the rest of a 'Zalgo' pile is dropped."""
MAX_CHARS = 24
"""Longest nickname, counted after cleaning."""
_ASCII_SKELETON = str.maketrans({"I": "l", "1": "l", "|": "l", "0": "O"})
"""ASCII look-alikes that Unicode's confusables data folds together (its skeleton maps I, 1 and | to l)."""
_DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn"}
"""Unicode categories removed outright: controls, format (zero-width, bidi), surrogates, private, unassigned."""


def clean(nickname: str) -> str:
    """The nickname as shown (may be "" or longer than ``MAX_CHARS``: the caller refuses those)."""
    text = unicodedata.normalize("NFKC", nickname or "")
    kept: list[str] = []
    marks = 0
    for char in text:
        category = unicodedata.category(char)
        if category in _DROPPED:
            continue
        if category.startswith("M"):
            marks += 1
            if marks > MAX_MARKS or not kept:
                continue
        else:
            marks = 0
        kept.append(char)
    return " ".join("".join(kept).split())


@functools.lru_cache(maxsize=4096)
def _latin(char: str) -> str:
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=False)
    if not found:
        return char
    glyphs = [g["c"] for g in found[0]["homoglyphs"] if g["c"].isascii()]
    return glyphs[0] if glyphs else char


def keys(nickname: str) -> frozenset[str]:
    """What two nicknames must not share in one session: case, marks and look-alike letters ignored.

    Two keys, because case folding and Unicode's look-alike folding disagree on ``I``: folded
    case first, ``ALICE`` is ``alice``; look-alikes first, ``AIice`` (capital i) is ``alice`` too.
    """
    decomposed = unicodedata.normalize("NFKD", clean(nickname))
    bare = "".join(_latin(c) for c in decomposed if not unicodedata.category(c).startswith("M"))
    return frozenset({bare.casefold(), bare.translate(_ASCII_SKELETON).casefold().replace("i", "l")})


def same(one: str, other: str) -> bool:
    """True if the two nicknames would be mistaken for each other."""
    return not keys(one).isdisjoint(keys(other))
