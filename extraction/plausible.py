"""Is printed text plausible Vietnamese? Used to lower the confidence of OCR-damaged values.

Tesseract's word confidence misses many tone-mark errors ('Nguyen', 'Phưòng', 'Trân' for
'Trần'). Two cheap checks catch most of them:
- syllable spelling: initial + rhyme from the closed set of Vietnamese rhymes, at most one
  tone mark, and stop finals (-p -t -c -ch) only with the sắc or nặng tone;
- names: the family name should be one of the family names, each syllable one the language
  knows (Tesseract's own word list); a family name read with other marks was misread.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from extraction.text import fold
from sohoa.family_names import FAMILY
from sohoa.syllables import valid_syllable

MARKS_FACTOR = 0.65  # a family name read with other tone marks than its own: likely misread
RARE_FACTOR = 0.8

_FAMILY_FOLDED = frozenset(fold(w) for w in FAMILY)


def _lexicon() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "vie_syllables.txt"
    return frozenset(w for w in path.read_text(encoding="utf-8").split("\n") if w and not w.startswith("#"))


# Syllables of Tesseract's own Vietnamese word list (scripts/build_syllables.py): broad, and
# drawn from neither the sample generator's names nor any benchmark's.
SYLLABLES = _lexicon()


def _family_by_fold() -> dict[str, str]:
    by: dict[str, list[str]] = {}
    for w in FAMILY:
        by.setdefault(fold(w), []).append(w)
    return {k: v[0].capitalize() for k, v in by.items() if len(v) == 1}


_FAMILY_BY_FOLD = _family_by_fold()


def snap_family(name: str) -> tuple[str, int]:
    """'Trân Thùy Ngọc' → ('Trần Thùy Ngọc', 1): a family name read with other marks than the
    one family name of those letters ('Đỗ'/'Đồ' share letters: left alone)."""
    words = name.split()
    if len(words) < 2:
        return name, 0
    first = unicodedata.normalize("NFC", words[0]).lower()
    if first in FAMILY:
        return name, 0
    snapped = _FAMILY_BY_FOLD.get(fold(first))
    if not snapped:
        return name, 0
    return " ".join([snapped, *words[1:]]), 1


def name_factor(name: str) -> float:
    """1.0 for a name of known, well-spelled syllables; lower as it looks misread."""
    words = name.split()
    if not words:
        return 0.0
    f = 1.0
    first = unicodedata.normalize("NFC", words[0]).lower()
    if first not in FAMILY and fold(first) in _FAMILY_FOLDED:
        f *= MARKS_FACTOR  # 'Nguyên' where the family name is 'Nguyễn'
    for w in words:
        lw = unicodedata.normalize("NFC", w).lower()
        if not valid_syllable(lw):
            f *= 0.6
        elif lw not in SYLLABLES:
            f *= RARE_FACTOR  # well-formed but no word the language model knows: rare, or marks misread
    if all(fold(w) == w.lower() for w in words):
        f *= 0.85  # not one tone or vowel mark in a whole Vietnamese name
    return f


_WORD = re.compile(r"[^\W\d_]+")

# Fixed phrases of addresses and agency names: seen with other marks than these, the
# OCR misread them (and likely the words around them).
_PHRASES = [
    "ủy ban nhân dân", "thành phố", "thị xã", "thị trấn", "khu phố",  # one syllable folds ambiguously
    "quyết định", "về việc", "đăng ký", "khai sinh", "khai tử", "kết hôn", "hộ kinh doanh", "giấy phép",
    "xây dựng", "quyền sử dụng đất", "chứng nhận",
    # the legal forms every business name opens with (Luật Doanh nghiệp 2020)
    "doanh nghiệp tư nhân", "công ty", "trách nhiệm hữu hạn", "cổ phần", "hợp danh",
]


@lru_cache(maxsize=1)
def _phrase_patterns() -> list[tuple[re.Pattern, str]]:
    from extraction.units import province_names

    phrases = _PHRASES + [n.lower() for n in province_names()]
    return [(re.compile(r"(?<!\w)" + re.escape(fold(p)) + r"(?!\w)"), unicodedata.normalize("NFC", p))
            for p in phrases]


def phrase_factor(text: str) -> float:
    text = unicodedata.normalize("NFC", text)
    folded, lower = fold(text), text.lower()
    f = 1.0
    for pattern, marked in _phrase_patterns():
        for m in pattern.finditer(folded):
            printed = lower[m.start() : m.end()].replace("uỷ", "ủy").replace("hoà", "hòa")
            if printed != marked and printed.replace("òa", "oà") != marked:
                f *= 0.8
    return f


def _vowels(word: str) -> int:
    return sum(c in "aeiouy" for c in fold(word.lower()))


def text_factor(text: str) -> float:
    """Lower for each word that is no Vietnamese syllable (abbreviations and names in
    capitals without vowels, like 'UBND', are left alone) and for each fixed phrase
    printed with other marks."""
    f = phrase_factor(text)
    for m in _WORD.finditer(text):
        w = m.group()
        if len(w) <= 1 or (w.isupper() and len(w) <= 5 and _vowels(w) <= 1 and not valid_syllable(w)):
            continue  # an abbreviation ('UBND', 'QLHC'); 'DUYEN' is a word that lost its marks
        if not valid_syllable(w):
            f *= CAPS_INVALID_FACTOR if w.isupper() else 0.9  # 'Yersin' is a street, 'THUOC' a misreading
    return f


# On capitals Tesseract drops tone marks ('THUỐC' → 'THUOC') while its word confidence stays high:
# a word in capitals that is no Vietnamese syllable is far more often that than a foreign word.
CAPS_INVALID_FACTOR = 0.7
