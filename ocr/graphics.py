"""Line art: pages that are mostly drawn lines with little text (design drawings, cadastral maps).

Measured on a copy at about 150 dpi. Ink is split into connected components: glyph-sized ones are
text; long or thin ones drawn with lines (walls, parcel boundaries, dimension and grid lines, frames)
are graphics, while pictures that fill their box (a copied ID card) are neither. A page is line art
when graphics hold most of its ink and its straight strokes (Hough segments of 8 mm or more on the
skeleton, at half that resolution) are many and dense. Generated forms, official forms and decisions
keep under 10 % of their ink in graphics (a page holding little more than a signature up to 27 %);
generated drawings and maps 80-90 %, with 180-1,400 strokes at 2-6 mm per cm² of paper.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess import components

WORK_DPI = 150
INK = 160  # grey level below which a pixel of the normalised page is ink
LINE_MM_PER_CM2 = 1.5  # straight strokes per page area that make a page line art
GRAPHIC_SHARE = 0.5  # share of the ink in graphics that makes it line art
MIN_SEGMENTS = 40  # and many strokes: a frame or two around pictures is not a drawing


@dataclass(frozen=True)
class Graphics:
    line_mm_per_cm2: float  # length of straight strokes per page area
    graphic_share: float  # share of the ink in components larger than glyphs
    segments: int  # straight strokes of 8 mm or more
    line_art: bool


def _components(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Ink components of a reduced copy: (labels, stats, is_graphic per label, pixels per mm)."""
    f = min(1.0, WORK_DPI / max(1, dpi))
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    ink = (small < INK).astype(np.uint8)
    _, labels, stats, _ = components(ink)
    mm = dpi * f / 25.4
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    long_side, short_side = np.maximum(w, h), np.minimum(w, h)
    # larger than any glyph (titles stay under 20 mm), or a thin stroke (rules, dimension lines)
    graphic = (long_side > 20 * mm) | ((long_side > 6 * mm) & (long_side > 8 * short_side))
    # ...but drawn with lines: a photo (a copied ID card) or a solid block fills much of its box
    filled = stats[:, cv2.CC_STAT_AREA] > 0.3 * w * h
    graphic &= ~(filled & (short_side > 3 * mm))
    graphic[0] = False  # the background
    return labels, stats, graphic, mm


def measure(gray: np.ndarray, dpi: int) -> tuple[Graphics, np.ndarray | None]:
    """How much of a page is drawing, and (for line art) the mask of its text at full size."""
    labels, stats, graphic, mm = _components(gray, dpi)
    area = stats[:, cv2.CC_STAT_AREA]
    g_ink, t_ink = float(area[graphic].sum()), float(area[1:][~graphic[1:]].sum())
    share = g_ink / max(1.0, g_ink + t_ink)
    density = 0.0
    count = 0
    if share >= GRAPHIC_SHARE:  # Hough only where it can change the answer; at half size, on the skeleton
        lines = (graphic[labels]).astype(np.uint8) * 255
        half = (cv2.resize(lines, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA) > 0).astype(np.uint8) * 255
        hmm = mm / 2
        segs = cv2.HoughLinesP(_skeleton(half), 1, np.pi / 180, threshold=20, minLineLength=int(8 * hmm),
                               maxLineGap=max(1, int(0.5 * hmm)))
        if segs is not None:
            s = segs.reshape(-1, 4).astype(np.float64)
            length_mm = float(np.hypot(s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]).sum()) / hmm
            density, count = length_mm / (half.size / (10 * hmm) ** 2), len(s)
    art = share >= GRAPHIC_SHARE and density >= LINE_MM_PER_CM2 and count >= MIN_SEGMENTS
    g = Graphics(round(density, 2), round(share, 3), count, art)
    if not art:
        return g, None
    # what is kept is the glyphs: hairlines (hatching) too faint to be ink at this size go with the lines
    glyphs = ~graphic
    glyphs[0] = False
    keep = cv2.dilate(glyphs[labels].astype(np.uint8), np.ones((3, 3), np.uint8))  # and their blurred rims
    return g, cv2.resize(keep, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST) > 0


def _skeleton(mask: np.ndarray, rounds: int = 5) -> np.ndarray:
    """Morphological skeleton: a thick or blurred stroke counts as one line, not several side by side."""
    cross = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
    skel = np.zeros_like(mask)
    img = mask.copy()
    for _ in range(rounds):
        eroded = cv2.erode(img, cross)
        skel |= cv2.subtract(img, cv2.dilate(eroded, cross))
        img = eroded
        if not img.any():
            break
    return skel | img  # what is left after the last round: the cores of the thickest strokes


def strip(gray: np.ndarray, text: np.ndarray) -> np.ndarray:
    """The page with everything but its text (the `measure` mask) whitened: Tesseract reads text
    among lines as garbage, or not at all."""
    out = np.full_like(gray, 255)
    np.copyto(out, gray, where=text)
    return out
