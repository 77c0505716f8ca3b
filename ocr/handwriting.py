"""Which OCR words lie in handwriting: filled-in values on a printed form.

Tesseract reads print; a value written by hand may come out as plausible text with a fair
confidence, so it must be recognised from the ink itself. Printed glyphs of one word share one
baseline, one height and one lean; a hand varies all three from letter to letter and its ink is
usually lighter than toner. Each word is scored against the printed words of the same page: ink
lighter than their toner, a lean steeper than italic type, and a confidence below theirs; no one
cue alone reaches the mark except very light ink with a lean.
"""
from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess import u8_percentile
from sohoa.documents import Word

HAND_SCORE = 1.5  # a word at or above this score is flagged handwritten


def glyph_features(gray: np.ndarray, bbox: tuple[int, int, int, int]) -> dict[str, float] | None:
    """Lean (degrees) and ink level of one word's box; None when there is no ink to judge."""
    x0, y0, x1, y1 = bbox
    crop = gray[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
    if crop.size == 0 or crop.shape[0] < 8 or crop.shape[1] < 4:
        return None
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    dark = crop[ink > 0]
    if dark.size < 20:
        return None
    return {"slant": lean(ink), "ink": u8_percentile(dark, 20)}


def lean(ink: np.ndarray) -> float:
    """Degrees the strokes lean right: the shear that makes the columns of ink sharpest."""
    h, w = ink.shape
    best, best_deg = -1.0, 0.0
    for deg in range(-6, 27, 3):
        t = np.tan(np.radians(deg))
        m = np.float32([[1, t, -t * h], [0, 1, 0]])  # straightens strokes leaning `deg` to the right
        cols = cv2.warpAffine(ink, m, (w, h)).sum(axis=0, dtype=np.float64)
        sharp = float((cols ** 2).sum())
        if sharp > best:
            best, best_deg = sharp, float(deg)
    return best_deg


def hand_scores(gray: np.ndarray, words: list[Word]) -> list[float]:
    """A score per word; printed words stay well under HAND_SCORE."""
    feats = [glyph_features(gray, w.bbox) for w in words]
    known = [f for f in feats if f]
    if not known:
        return [0.0] * len(words)
    toner = float(np.percentile([f["ink"] for f in known], 25))  # most words are print
    confs = sorted(w.conf for w in words)
    printed_conf = confs[len(confs) * 3 // 4] if confs else 0.0
    out = []
    for w, f in zip(words, feats):
        if f is None:
            out.append(0.0)
            continue
        score = min(1.5, max(0.0, (f["ink"] - toner - 10) / 30))  # lighter than the page's print
        score += min(1.5, max(0.0, (f["slant"] - 12) / 8))  # leans more than italic type
        score += min(1.0, max(0.0, (printed_conf - w.conf) / 60))  # Tesseract reads it worse than print
        out.append(round(score, 3))
    return out


def mark_handwritten(gray: np.ndarray, words: list[Word]) -> list[Word]:
    """The words with `handwritten` set from their scores (gray: the upright page, 0 = black)."""
    scores = hand_scores(gray, words)
    return [w.model_copy(update={"handwritten": s >= HAND_SCORE}) for w, s in zip(words, scores)]
