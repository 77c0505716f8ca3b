"""Second reading of numeric values from the page image, word by word, digits only.

Tesseract's page pass reads a date like 'ngày 11 tháng 08' in italics as 'ngày TÌ tháng 0S', or
gives a correct '1364/QĐ-UBND' a confidence of 23. Re-reading each numeric word alone (page
segmentation 'single word', digits whitelisted) is a second opinion: when it agrees the value
gains confidence, when it disagrees the value goes to review.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from sohoa.documents import Page, Word

NUMERIC = "0123456789"


class RereadOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    enabled: bool = Field(True, description="re-read uncertain numeric values from the page image")
    below: float = Field(0.97, ge=0, le=1, description="only values less confident than this are re-read")
    reliability: float = Field(0.7, ge=0, le=0.95, description="weight of an agreeing second reading")
    lang: str = "vie"
    timeout: float = Field(10.0, gt=0)


@dataclass
class PageImage:
    """The upright page image, opened once per page."""

    page: Page
    image: object | None = None

    def load(self):
        if self.image is None and self.page.image_path and Path(self.page.image_path).exists():
            from PIL import Image

            img = Image.open(self.page.image_path)
            img.load()
            self.image = img.convert("L")
        return self.image


def read_line(img, words: list[Word], lang: str, timeout: float) -> str | None:
    """The words' common box read as one line of text (context helps a short day or month)."""
    box = (min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
           max(w.bbox[2] for w in words), max(w.bbox[3] for w in words))
    return read_word(img, Word(text="", conf=0, bbox=box), "", lang, timeout, psm=7)


def read_word(img, word: Word, whitelist: str, lang: str, timeout: float, psm: int = 8) -> str | None:
    """The text of one word box read alone; None when Tesseract gives nothing or fails."""
    import pytesseract
    from PIL import ImageOps

    x0, y0, x1, y1 = word.bbox
    h = max(1, y1 - y0)
    pad = max(4, h // 3)
    crop = img.crop((max(0, x0 - pad), max(0, y0 - pad), min(img.width, x1 + pad), min(img.height, y1 + pad)))
    crop = ImageOps.expand(crop, border=pad, fill=255)
    config = f"--psm {psm}"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    try:
        text = pytesseract.image_to_string(crop, lang=lang, config=config, timeout=timeout)
    except (RuntimeError, pytesseract.TesseractError):
        return None
    text = (" ".join(text.split()) if psm == 7 else re.sub(r"\s+", "", text)).strip("_.,'`\"‘’“”:;")
    return text or None


def numeric_words(raw_words: list[Word], key_kind: str) -> list[tuple[int, str]]:
    """(index, whitelist) of the words of a value that carry its digits.

    Short words (a day '4', a month '11') read alone come back wrong too often to be a second
    opinion, so only words of four characters or more are re-read; a date printed in words
    ('ngày 05 tháng 3 năm 2020') is therefore not re-read at all.
    """
    out = []
    for i, w in enumerate(raw_words):
        t = w.text.strip(".,;:")
        if len(t) < 4:
            continue
        if key_kind == "date":
            if "/" in t:
                out.append((i, NUMERIC + "/"))
        elif any(c.isdigit() for c in t):
            out.append((i, NUMERIC))
    return out
