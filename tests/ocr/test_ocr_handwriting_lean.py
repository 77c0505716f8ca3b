"""The handwriting test's lean, asked only as far as a word's other cues need it (ocr.handwriting)."""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.handwriting import LEANS, glyph_ink, lean, leans_at_least, sharpness

FONT = "/usr/share/fonts/truetype/freefont/FreeSerif.ttf"


def _word(text: str, slant_deg: float) -> np.ndarray:
    """A printed word, sheared to lean `slant_deg` to the right, as a grey crop (0 = black)."""
    img = Image.new("L", (420, 90), 255)
    ImageDraw.Draw(img).text((40, 15), text, font=ImageFont.truetype(FONT, 48), fill=20)
    gray = np.asarray(img)
    t = np.tan(np.radians(slant_deg))
    return cv2.warpAffine(gray, np.float32([[1, -t, t * 90], [0, 1, 0]]), (420, 90), borderValue=255)


def test_leans_at_least_answers_as_the_full_search():
    seen = set()
    for slant in (0, 8, 16, 24):
        ink, _ = glyph_ink(_word("Nguyễn Văn", slant), (0, 0, 420, 90))
        full = lean(ink)
        seen.add(full)
        for deg in LEANS:
            assert leans_at_least(ink, deg) == (full >= deg), (slant, deg)
    assert min(seen) <= 3 and max(seen) >= 18  # upright print and a steep hand were both measured


def test_no_shear_is_the_crop_itself():
    ink, _ = glyph_ink(_word("Hộ tịch", 0), (0, 0, 420, 90))
    h, w = ink.shape
    warped = cv2.warpAffine(ink, np.float32([[1, 0, 0], [0, 1, 0]]), (w, h))
    cols = warped.sum(axis=0, dtype=np.float64)
    assert sharpness(ink, 0) == float((cols ** 2).sum())
