"""Text normalisation for matching Vietnamese that OCR has damaged.

Two views of the same text: `fold` keeps tone marks (lower-case NFC), `strip_tones` drops every
diacritic and maps đ→d, so a cue still matches when the scan lost its accents. Both run on
str.translate / regex (C speed): they are called on every line of every dossier.
"""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")
_NON_LETTER = re.compile(r"[\W\d_]+")


def _tone_table() -> dict[int, str]:
    table = {}
    for cp in range(0xC0, 0x2000):  # Latin-1 supplement .. Latin extended additional (all Vietnamese letters)
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch:
            table[cp] = base
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    for cp in range(0x300, 0x370):  # stray combining marks (text that was not NFC)
        table[cp] = None
    return table


_TONES = _tone_table()


def fold(text: str) -> str:
    """Lower-case NFC, punctuation to spaces, whitespace collapsed."""
    t = unicodedata.normalize("NFC", text).lower()
    return _SPACE.sub(" ", _PUNCT.sub(" ", t)).strip()


def strip_tones(text: str) -> str:
    """`fold` without diacritics: 'Đăng ký khai sinh' -> 'dang ky khai sinh'."""
    return fold(text).translate(_TONES)


def letters(text: str) -> str:
    return _NON_LETTER.sub("", text)


def letter_count(text: str) -> int:
    return len(letters(text))


def upper_share(text: str) -> float:
    """Share of letters that are capitals (0 when there are no letters)."""
    ls = letters(text)
    if not ls:
        return 0.0
    return sum(map(str.__ne__, ls, ls.lower())) / len(ls)
