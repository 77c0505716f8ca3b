"""Text normalisation for matching Vietnamese that OCR has damaged.

Two views of the same text: `fold` keeps tone marks (lower-case NFC), `strip_tones` drops every
diacritic and maps đ→d, so a cue still matches when the scan lost its accents.
"""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower-case NFC, punctuation to spaces, whitespace collapsed."""
    t = unicodedata.normalize("NFC", text).lower()
    return _SPACE.sub(" ", _PUNCT.sub(" ", t)).strip()


def strip_tones(text: str) -> str:
    """`fold` without diacritics: 'Đăng ký khai sinh' -> 'dang ky khai sinh'."""
    t = unicodedata.normalize("NFD", fold(text)).replace("đ", "d")
    return "".join(c for c in t if not unicodedata.combining(c))


def letter_count(text: str) -> int:
    return sum(1 for c in text if c.isalpha())
