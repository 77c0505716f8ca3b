"""Characters Tesseract prints for digits: one table, and the subset each use may apply.

Every character has a tier; a use takes the characters of every tier up to its own, so a
looser use always repairs at least what a stricter one does:

  PLAIN    the digit's own shape in many serif fonts (O→0, l→1): safe anywhere in running text
  LETTER   capitals and slashed zeros inside a number pattern ('Số: 85Q6/QĐ-UBND')
  NUMERIC  letters that still make a token read as a number when mixed with digits (B→8, S→5)
  WEAK     repaired inside a field known to be numeric, but never make a token numeric
  CHECKED  only where something checks the result (the calendar of a date): accented ones, §, $

A character may stand for more than one digit (an italic 1 read as 'T' may be a 7): the first
is the reading a use takes when it must pick one; a date tries them all and lets the calendar
decide. Lives in ocr/ so the OCR stage's fixups and extraction share it (extraction imports ocr,
never the other way).
"""
from __future__ import annotations

PLAIN, LETTER, NUMERIC, WEAK, CHECKED = range(5)


def _rows(tier: int, digits: str, chars: str) -> dict[str, tuple[int, str]]:
    return {c: (tier, digits) for c in chars}


TABLE: dict[str, tuple[int, str]] = {
    **_rows(PLAIN, "0", "Oo"), **_rows(PLAIN, "1", "Il|"),
    **_rows(LETTER, "0", "QDØø"),
    **_rows(NUMERIC, "1", "i!"), **_rows(NUMERIC, "8", "B"), **_rows(NUMERIC, "58", "Ss"),
    **_rows(NUMERIC, "2", "Zz"), **_rows(NUMERIC, "6", "G"), **_rows(NUMERIC, "9", "g"),
    **_rows(NUMERIC, "71", "T"),
    **_rows(WEAK, "0", "Uơôóò"), **_rows(WEAK, "1", "íìL]["), **_rows(WEAK, "6", "b"),
    **_rows(WEAK, "9", "q"), **_rows(WEAK, "4", "A"),
    **_rows(CHECKED, "0", "ƠÔ"), **_rows(CHECKED, "1", "jÌÍỉĩị"), **_rows(CHECKED, "58", "Š§$"),
}


def chars(tier: int) -> str:
    """The characters a use of this tier treats as digits (for character classes)."""
    return "".join(c for c, (t, _) in TABLE.items() if t <= tier)


def single(tier: int) -> dict[str, str]:
    """Character → the one digit it is read as, for uses that must pick one."""
    return {c: d[0] for c, (t, d) in TABLE.items() if t <= tier}


def options(tier: int) -> dict[str, str]:
    """Character → every digit it may stand for, for uses that check the result."""
    return {c: d for c, (t, d) in TABLE.items() if t <= tier}


# The views the code uses.
RUNNING_TEXT = single(PLAIN)  # ocr/fixups.py: numbers in any line of the page pass
DOC_NUMBER = single(LETTER)  # the number of 'Số: 8506/QĐ-UBND'
NUMERIC_TOKEN = chars(NUMERIC)  # a token of these (and digits) reads as a number
STRICT = single(WEAK)  # ID, tax, phone, parcel digits: one reading, each guess costs confidence
DATE = options(CHECKED)  # day, month, year: the calendar picks among the options
