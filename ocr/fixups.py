"""Small, safe repairs of Tesseract's digit/letter confusions, some checked against the word's ink.

Serif "1" is often read as "I" or "l" and "0" as "O". Two rules, both from how Vietnamese administrative
text is written: (1) a token that mixes digits with I/l/|/O is a number; (2) after "ngày", "tháng",
"năm", "Điều", "Khoản", "số" a token made only of I/l/| is a number (articles and dates use Arabic
numerals; chapters use Roman ones, "Chương II", and are left alone). From the image: a Roman numeral
of I's takes as many I's as it has strokes, one đ read twice ('BĐÐ') is one when the box holds fewer
glyphs, and an 'm' with a raised mark after a number is 'm²'.
"""
from __future__ import annotations

import re

import cv2
import numpy as np

from ocr.lookalikes import RUNNING_TEXT

LOOKALIKE = str.maketrans(RUNNING_TEXT)
_DIGITISH = r"[\d" + re.escape("".join(RUNNING_TEXT)) + "]+"
# a number, or a section number of them ('I.2' -> '1.2'), with at least one real digit
MIXED = re.compile(rf"^(?=.*\d){_DIGITISH}(?:\.{_DIGITISH})*$")
ONES = "".join(c for c, d in RUNNING_TEXT.items() if d == "1")
ONLY_ONES = re.compile("^[" + re.escape(ONES) + "]{1,4}$")
SMALL_LS = re.compile(r"^[l|]{1,3}$")
NUMBER_CUES = {"ngày", "tháng", "năm", "điều", "khoản", "số", "số:"}
EDGE = re.compile(r"^([(\[\"'“]*)(.*?)([.,;:)\]\"'”]*)$")


def fix_number(token: str, previous: str | None) -> str:
    head, core, tail = EDGE.match(token).groups()
    if not core:
        return token
    # a small L alone is no Vietnamese word but a serif 1 ('l' in a table's row number column)
    if (MIXED.match(core) or SMALL_LS.match(core)
            or (previous is not None and previous.lower() in NUMBER_CUES and ONLY_ONES.match(core))):
        return head + core.translate(LOOKALIKE) + tail
    # a document number's parts ('I245/TTr-TNMT', '3O/2024/NĐ-CP'): each part that mixes digits in
    # is a number; the letter parts (the kind, the agency) stay as read
    parts = CODE_PARTS.split(core)
    if len(parts) > 1:
        return head + "".join(p.translate(LOOKALIKE) if MIXED.match(p) else p for p in parts) + tail
    return token


CODE_PARTS = re.compile(r"([/-])")


# headings numbered in Roman ('Phụ lục III-1', 'Chương II'): a serif I whose serifs touch its
# neighbour's is read as T or H ('TIT-1', 'HII-1'); neither is a Roman numeral, so after these words it is an I
ROMAN_CUES = {"lục", "chương", "mục", "phần"}
ROMAN_T = re.compile(r"^([IVXTH]*[TH][IVXTH]*)((?:[-.][\dIl]+)*)$")


def fix_roman(token: str, previous: str | None) -> str:
    if previous is None or previous.lower() not in ROMAN_CUES:
        return token
    head, core, tail = EDGE.match(token).groups()
    m = ROMAN_T.match(core)
    if not m:
        return token
    return head + m.group(1).replace("T", "I").replace("H", "I") + m.group(2) + tail


# A numeral of I's after these words ('Cấp III', 'Phụ lục III-1') is read one I short more often than
# any other word of a heading (bold serifs at 200 dpi: 'II' at confidence 96, or 'IH' where two
# serifs touch); the strokes across the middle of its letters tell how many there are.
STEM_CUES = ROMAN_CUES | {"cấp", "hạng"}
ONES_NUMERAL = re.compile(r"^(?=[IHT]*I)([IHT]{1,3})((?:[-.]\d+)*)$")


def stems(gray: np.ndarray, bbox: tuple[int, int, int, int]) -> int:
    """How many upright strokes the numeral at the start of the box has: the ink runs along the rows
    of its middle band, where serifs and the hyphen after it ('III-1') do not reach; 0 when unsure."""
    ink, parts = marks(gray, bbox)
    if not parts:
        return 0
    tall = max(s[3] for s in parts)
    first = next(i for i, s in enumerate(parts) if s[3] >= 0.6 * tall)  # a speck left of it is no letter
    end = 0
    for s in parts[first:]:  # the numeral's letters: tall ink up to the first short mark ('-', '.')
        if s[3] < 0.6 * tall:
            break
        end = max(end, s[0] + s[2])
    top = min(s[1] for s in parts if s[3] >= 0.6 * tall)
    band = ink[top + int(0.3 * tall): top + int(0.7 * tall) + 1, :end]
    if band.shape[0] < 2 or band.shape[1] < 2:
        return 0
    runs = [int(((row[1:] == 1) & (row[:-1] == 0)).sum() + row[0]) for row in band]
    return int(np.median(runs))


def roman_numerals(words: list[dict], gray: np.ndarray) -> list[dict]:
    """'Cấp II' -> 'Cấp III' when the image shows three strokes (see STEM_CUES). Boxes in `gray`'s pixels."""
    prev, prev_line = None, None
    for w in words:
        key = (w.get("block"), w.get("par"), w.get("line"))
        head, core, tail = EDGE.match(w["text"]).groups()
        m = ONES_NUMERAL.match(core)
        if m and key == prev_line and prev and prev.lower() in STEM_CUES:
            n = stems(gray, w["bbox"])
            if 1 <= n <= 3 and "I" * n != m.group(1):
                w["text"] = head + "I" * n + m.group(2) + tail
                w.pop("choices", None)
        prev, prev_line = w["text"], key
    return words


# Tesseract's vie model prints the Icelandic eth (Ð U+00D0, ð) for the Vietnamese đ (U+0110, U+0111)
# in bold or noisy capitals; the eth is no Vietnamese letter, so the swap is always right.
ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


# ... and at 100-200 dpi it may print both for one đ in capitals ('BĐÐ 99232', '04/ĐÐK'): the mixed
# pair is one letter when the box holds fewer glyphs than the word has letters (touching ones count
# as one: '04' in italics), and two when it holds as many
MIXED_ETH = re.compile("\u0110\u00d0|\u00d0\u0110")


def doubled_eth(words: list[dict], gray: np.ndarray) -> list[dict]:
    """'BĐÐ' -> 'BĐ' where the image shows two letters (run before fix_words, which turns the eth
    into đ). Only words of capitals and digits, whose every letter is its own tall mark."""
    for w in words:
        text = w["text"]
        if not MIXED_ETH.search(text) or any(c.islower() for c in text):
            continue
        letters = sum(c.isalnum() or c == "/" for c in text)
        if 0 < glyphs(gray, w["bbox"]) < letters:
            w["text"] = MIXED_ETH.sub("\u0110", text, count=1)
            w.pop("choices", None)
    return words


def glyphs(gray: np.ndarray, bbox: tuple[int, int, int, int]) -> int:
    """The marks in the box at least half as tall as its tallest (letters and digits, not dots,
    hyphens or tone marks); 0 for an empty box."""
    _, parts = marks(gray, bbox)
    heights = [p[3] for p in parts]
    return sum(h >= 0.5 * max(heights) for h in heights) if heights else 0


def marks(gray: np.ndarray, bbox: tuple[int, int, int, int]) -> tuple[np.ndarray, list]:
    """The box's ink (1 = ink, Otsu's cut) and its connected marks of 4 pixels or more, left to right,
    each as OpenCV's (x, y, width, height, area); no marks for a box too small to tell."""
    x0, y0, x1, y1 = bbox
    box = gray[max(0, y0):y1, max(0, x0):x1]
    if box.size == 0 or min(box.shape) < 6:
        return np.zeros((0, 0), np.uint8), []
    _, ink = cv2.threshold(box, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, st, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    return ink, sorted((st[i] for i in range(1, n) if st[i][4] >= 4), key=lambda s: s[0])


# 'm²' after a number ('152,4 m²'): vie has no superscript two and prints a capital with an accent
# over it; 'm' followed by one of these is no Vietnamese word.
SQUARE_METRE = re.compile(r"^m[ỶÝŸỸ]([.,;:)]*)$")


def repair(words: list[dict], gray: np.ndarray) -> list[dict]:
    """Every repair of this module, in order; boxes in `gray`'s pixels."""
    return roman_numerals(square_metres(fix_words(doubled_eth(words, gray)), gray), gray)


def fix_words(words: list[dict]) -> list[dict]:
    """Words in Tesseract's order (lines kept together); returns the same dicts with repaired text."""
    prev = None
    prev_line = None
    for w in words:
        w["text"] = w["text"].translate(ETH)
        key = (w.get("block"), w.get("par"), w.get("line"))
        if key != prev_line:
            prev, prev_line = None, key
        w["text"] = fix_roman(fix_number(w["text"], prev), prev)
        if prev is not None and prev[-1:].isdigit():
            w["text"] = SQUARE_METRE.sub(r"m²\1", w["text"])
        prev = w["text"]
    return words


# what Tesseract makes of a raised two it has no letter for: nothing, '2', '?', '°', a closing quote,
# or another digit or capital ('m7', 'mZ', 'mF': no Vietnamese word is 'm' and one of these)
# or a capital with a mark on top ('mÊ', 'mỶ')
CAPITALS = "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper())
RAISED = rf"(?:[0-9A-Z?°”\"'’ˆ^{CAPITALS}])"
METRE = re.compile(rf"^m{RAISED}{{0,2}}([.,;:)]*)$")  # 'm2?': the two and a speck of it
# the number and the unit read as one word ('395m2')
JOINED = re.compile(rf"^(\d+(?:[.,]\d+)*)m{RAISED}{{0,2}}([.,;:)]*)$")


def left_word(words: list[dict], i: int) -> str | None:
    """The text of the word just left of words[i] on its line, found by the boxes: Tesseract may put
    a value's unit in a block of its own ('395' | 'm2' across a wide gap), so list order cannot tell."""
    x0, y0, x1, y1 = words[i]["bbox"]
    h = y1 - y0
    best, gap = None, 2 * h
    for j, v in enumerate(words):
        a0, b0, a1, b1 = v["bbox"]
        if j == i or a1 > x0 + 0.2 * h or min(y1, b1) - max(y0, b0) < 0.5 * min(h, b1 - b0):
            continue
        if x0 - a1 < gap:
            best, gap = v["text"], x0 - a1
    return best


def after_number(words: list[dict], i: int) -> bool:
    return (left_word(words, i) or "")[-1:].isdigit()


def area_unit(words: list[dict], i: int) -> bool:
    """words[i] is 'm' with a raised mark after a number ('677,8 m°') or joined to it ('996mˆ'):
    Tesseract has no letter for the raised two and may give such a word a confidence near 0."""
    text = words[i]["text"]
    return bool(JOINED.match(text) or (METRE.match(text) and after_number(words, i)))


def raised_mark(gray: np.ndarray, bbox: tuple[int, int, int, int]) -> bool:
    """True when the box ends in a small raised mark: ink right of everything that stands on the
    baseline, lifted off it ('m²' boxed whole by Tesseract, read as 'm' or 'm2'). A plain 'm' or
    'm2' on the baseline has no such mark."""
    x0, y0, x1, y1 = bbox
    box = gray[max(0, y0):y1, max(0, x0):x1]
    if box.size == 0 or box.shape[0] < 6 or box.shape[1] < 6:
        return False
    h = box.shape[0]
    ink = box < 128
    # what stands on the baseline and reaches up from it: letters, not a leader's dots or a comma
    # ('m²....' boxed as one word)
    feet = np.flatnonzero(ink[int(0.8 * h):].any(axis=0) & ink[int(0.4 * h):int(0.7 * h)].any(axis=0))
    if not feet.size:
        return False
    right = ink[:, feet[-1] + 1:]
    mark = right[:int(0.7 * h)]
    rows = np.flatnonzero(mark.any(axis=1))
    # the mark: some ink in the upper part of the line, starting above the letters' tops (what reaches
    # down to the baseline right of the letters is a letter too, and so among the feet)
    return bool(rows.size and mark.sum() >= 0.01 * box.size and rows[0] < 0.3 * h)


def square_metres(words: list[dict], gray: np.ndarray) -> list[dict]:
    """'152,4 m' -> '152,4 m²' when the image shows the raised two Tesseract's vie model has no
    letter for (it drops it, reads it '2' or 'mỶ', see fix_words); '395m2' -> '395', 'm²' likewise.
    Boxes are in `gray`'s pixels."""
    out = []
    for i, w in enumerate(words):
        if METRE.match(w["text"]) and after_number(words, i) and raised_mark(gray, w["bbox"]):
            w["text"] = METRE.sub(r"m²\1", w["text"])
        elif (j := JOINED.match(w["text"])) and raised_mark(gray, w["bbox"]):
            x0, y0, x1, y1 = w["bbox"]
            cut = x0 + (x1 - x0) * len(j.group(1)) // len(w["text"])
            w.pop("choices", None)  # letter choices belong to the whole word's letters
            out.append({**w, "text": j.group(1), "bbox": (x0, y0, cut, y1)})
            w = {**w, "text": "m²" + j.group(2), "bbox": (cut, y0, x1, y1)}
        out.append(w)
    return out
