"""Which OCR words lie in handwriting: filled-in values on a printed form.

Tesseract reads print; a value written by hand may come out as plausible text with a fair
confidence, so it must be recognised from the ink itself. Printed glyphs of one word share one
baseline, one height and one lean; a hand varies all three from letter to letter and its ink is
usually lighter than toner. Each word is scored against the printed words of the same page: ink
lighter than their toner, a lean steeper than italic type, a confidence below theirs and a box
taller than theirs; no one cue alone reaches the mark except very light ink with a lean.
"""
from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess import u8_percentile
from sohoa.documents import Word

HAND_SCORE = 1.5  # a word at or above this score is flagged handwritten


LEANS = tuple(range(-6, 27, 3))  # degrees tried, right lean positive
# the leans below a threshold, in the order that finds upright print's sharpest first
_UPRIGHT_FIRST = sorted(LEANS, key=abs)


def glyph_ink(gray: np.ndarray, bbox: tuple[int, int, int, int]) -> tuple[np.ndarray, float] | None:
    """One word's ink mask and ink level; None when there is no ink to judge."""
    x0, y0, x1, y1 = bbox
    crop = gray[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
    if crop.size == 0 or crop.shape[0] < 8 or crop.shape[1] < 4:
        return None
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    dark = crop[ink > 0]
    if dark.size < 20:
        return None
    return ink, u8_percentile(dark, 20)


def sharpness(ink: np.ndarray, deg: int) -> float:
    """How sharp the columns of ink are once strokes leaning `deg` to the right are straightened."""
    h, w = ink.shape
    if deg:
        t = np.tan(np.radians(deg))
        ink = cv2.warpAffine(ink, np.float32([[1, t, -t * h], [0, 1, 0]]), (w, h))
    cols = ink.sum(axis=0, dtype=np.float64)  # a warp by 0 degrees copies the crop
    return float((cols ** 2).sum())


def lean(ink: np.ndarray) -> float:
    """Degrees the strokes lean right: the shear that makes the columns of ink sharpest (the first
    of equals)."""
    sharp = [sharpness(ink, d) for d in LEANS]
    return float(LEANS[sharp.index(max(sharp))])


def leans_at_least(ink: np.ndarray, deg: int) -> bool:
    """Whether `lean(ink) >= deg`, mostly without shearing at every angle: the leans from `deg` up
    against the others, upright first, until one of those is as sharp (print stops at 0 or 3)."""
    if deg <= LEANS[0]:
        return True
    top = max(sharpness(ink, d) for d in LEANS if d >= deg)
    return not any(sharpness(ink, d) >= top for d in _UPRIGHT_FIRST if d < deg)


def _slant_score(deg: float) -> float:
    return min(1.5, max(0.0, (deg - 12) / 8))  # leans more than italic type


def _score(ink_score: float, deg: float, conf_score: float, height_score: float) -> float:
    return round(ink_score + _slant_score(deg) + conf_score + height_score, 3)


def _height_score(height: int, printed: float) -> float:
    """A hand writes larger than the form's type: a word box over 1.5x print's height (up to 1)."""
    return min(1.0, max(0.0, (height / max(1.0, printed) - 1.5) / 0.5))


def hand_flags(gray: np.ndarray, words: list[Word]) -> list[bool]:
    """Per word, whether it scores HAND_SCORE or more: ink lighter than the page's print (up to 1.5),
    a lean past italic type's (up to 1.5), a confidence below print's (up to 1) and a box taller
    than print's (up to 1). The lean is measured only as far as the word's other cues leave the
    answer open."""
    inks = [glyph_ink(gray, w.bbox) for w in words]
    levels = [f[1] for f in inks if f]
    if not levels:
        return [False] * len(words)
    toner = float(np.percentile(levels, 25))  # most words are print
    confs = sorted(w.conf for w in words)
    printed_conf = confs[len(confs) * 3 // 4] if confs else 0.0
    printed_height = float(np.median([w.bbox[3] - w.bbox[1] for w in words]))
    out = []
    for w, f in zip(words, inks):
        if f is None:
            out.append(False)
            continue
        ink_score = min(1.5, max(0.0, (f[1] - toner - 10) / 30))  # lighter than the page's print
        conf_score = min(1.0, max(0.0, (printed_conf - w.conf) / 60))  # Tesseract reads it worse than print
        height_score = _height_score(w.bbox[3] - w.bbox[1], printed_height)
        enough = [d for d in LEANS if _score(ink_score, d, conf_score, height_score) >= HAND_SCORE]  # the score only rises
        out.append(bool(enough) and leans_at_least(f[0], enough[0]))
    return out


def mark_handwritten(gray: np.ndarray, words: list[Word]) -> list[Word]:
    """The words with `handwritten` set (gray: the upright page, 0 = black)."""
    return [w.model_copy(update={"handwritten": f}) for w, f in zip(words, hand_flags(gray, words))]
