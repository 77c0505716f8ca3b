"""Small, safe repairs of Tesseract's digit/letter confusions in numbers.

Serif "1" is often read as "I" or "l" and "0" as "O". Two rules, both from how Vietnamese administrative
text is written: (1) a token that mixes digits with I/l/|/O is a number; (2) after "ngày", "tháng",
"năm", "Điều", "Khoản", "số" a token made only of I/l/| is a number (articles and dates use Arabic
numerals; chapters use Roman ones, "Chương II", and are left alone).
"""
from __future__ import annotations

import re

import numpy as np

from ocr.lookalikes import RUNNING_TEXT

LOOKALIKE = str.maketrans(RUNNING_TEXT)
_DIGITISH = r"[\d" + re.escape("".join(RUNNING_TEXT)) + "]+"
# a number, or a section number of them ('I.2' -> '1.2'), with at least one real digit
MIXED = re.compile(rf"^(?=.*\d){_DIGITISH}(?:\.{_DIGITISH})*$")
ONES = "".join(c for c, d in RUNNING_TEXT.items() if d == "1")
ONLY_ONES = re.compile("^[" + re.escape(ONES) + "]{1,4}$")
NUMBER_CUES = {"ngày", "tháng", "năm", "điều", "khoản", "số", "số:"}
EDGE = re.compile(r"^([(\[\"'“]*)(.*?)([.,;:)\]\"'”]*)$")


def fix_number(token: str, previous: str | None) -> str:
    head, core, tail = EDGE.match(token).groups()
    if not core:
        return token
    if MIXED.match(core) or (previous is not None and previous.lower() in NUMBER_CUES and ONLY_ONES.match(core)):
        return head + core.translate(LOOKALIKE) + tail
    return token


# Tesseract's vie model prints the Icelandic eth (Ð U+00D0, ð) for the Vietnamese đ (U+0110, U+0111)
# in bold or noisy capitals; the eth is no Vietnamese letter, so the swap is always right.
ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


# 'm²' after a number ('152,4 m²'): vie has no superscript two and prints a capital with an accent
# over it; 'm' followed by one of these is no Vietnamese word.
SQUARE_METRE = re.compile(r"^m[ỶÝŸỸ]([.,;:)]*)$")


def fix_words(words: list[dict]) -> list[dict]:
    """Words in Tesseract's order (lines kept together); returns the same dicts with repaired text."""
    prev = None
    prev_line = None
    for w in words:
        w["text"] = w["text"].translate(ETH)
        key = (w.get("block"), w.get("par"), w.get("line"))
        if key != prev_line:
            prev, prev_line = None, key
        w["text"] = fix_number(w["text"], prev)
        if prev is not None and prev[-1:].isdigit():
            w["text"] = SQUARE_METRE.sub(r"m²\1", w["text"])
        prev = w["text"]
    return words


# what Tesseract makes of a raised two it has no letter for: nothing, '?', '°' or a closing quote
METRE = re.compile(r"^m[?°”\"'’]?([.,;:)]*)$")


def raised_mark(gray: np.ndarray, bbox: tuple[int, int, int, int]) -> bool:
    """True when the box holds a small raised mark after its letter: ink in the box's top third lies
    only in its right part ('m²' boxed whole by Tesseract, read as 'm'). A plain 'm' fills its
    box's top with its arches."""
    x0, y0, x1, y1 = bbox
    box = gray[max(0, y0):y1, max(0, x0):x1]
    if box.size == 0 or box.shape[0] < 6 or box.shape[1] < 6:
        return False
    ink = box < 128
    top = ink[: box.shape[0] // 3]
    cols = np.flatnonzero(top.any(axis=0))
    body = np.flatnonzero(ink[int(0.6 * box.shape[0]):].any(axis=0))  # the mark's foot reaches mid-height
    # the mark starts right of where the letter's body ends, less a stroke's width of kerning
    return bool(cols.size and body.size and cols[0] >= body[-1] - 0.2 * box.shape[1]
                and cols[0] > 0.45 * box.shape[1])


def square_metres(words: list[dict], gray: np.ndarray) -> list[dict]:
    """'152,4 m' -> '152,4 m²' when the image shows the raised two Tesseract's vie model has no
    letter for (it drops it, or reads 'mỶ', see fix_words). Boxes are in `gray`'s pixels."""
    prev = None
    for w in words:
        if prev is not None and prev[-1:].isdigit() and METRE.match(w["text"]) and raised_mark(gray, w["bbox"]):
            w["text"] = METRE.sub(r"m²\1", w["text"])
        prev = w["text"]
    return words
