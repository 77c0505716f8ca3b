"""read_region: one box of a page image read again, alone, through the one Tesseract seam.

Extraction asks for a second opinion on a value the page pass was unsure of (a day, an ID
number, a document number lost after 'Số:'). The crop goes through `tesseract.run_tsv` like a
page, so the options' language and timeout, the test replay and fault injection apply alike,
and the answer carries Tesseract's own word confidences.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageOps
from pytesseract import TesseractError

from ocr import tesseract
from ocr.options import OcrOptions
from sohoa.documents import Word

log = logging.getLogger(__name__)

Kind = Literal["digits", "date", "phone", "word", "line"]
# character whitelist and page segmentation mode (8 = one word, 7 = one line) per kind
KINDS: dict[str, tuple[str, int]] = {
    "digits": ("0123456789", 8),
    "date": ("0123456789/", 8),  # a numeric date word, '12/12/1981'
    "phone": ("0123456789()+", 8),
    "word": ("", 8),
    "line": ("", 7),
}
# A box lower than this is enlarged to twice it even on a page of good resolution (fine print).
# Enlarging boxes of ordinary print at 300 dpi does not help: it costs digits ('0' read 'Ø').
MIN_HEIGHT = 20
MAX_SCALE = 4.0


@dataclass(frozen=True)
class RegionReading:
    text: str  # words joined by spaces, lines by newlines; '' when nothing was read
    # mean word confidence 0..100; 0 when nothing was read, None when Tesseract read words but
    # gave them no confidence (a whitelist often zeroes it: tesseract-ocr/tesseract#3856)
    conf: float | None
    words: tuple[Word, ...] = ()  # boxes in page pixels
    failed: str | None = None  # 'timeout' or 'error' when Tesseract gave no answer


def read_region(image: Image.Image | str | Path, bbox: tuple[int, int, int, int], *, opts: OcrOptions,
                kind: Kind = "word", psm: int | None = None, context: bool = True,
                scale: float | None = None, dpi: int = 300) -> RegionReading:
    """Read `bbox` (page pixels) of the upright page image of resolution `dpi`.

    The box is padded by a third of its height, with the page around it (`context`) or with
    white paper only. The crop is upscaled (unless `scale` is given) when the page is of low
    resolution, as the page pass does, or the box is very small. `psm` overrides the kind's
    segmentation ('digits' of a gap read as a line).
    """
    whitelist, kind_psm = KINDS[kind]
    page = _open(image)
    crop, origin, pad = _crop(page, bbox, context)
    s = scale if scale is not None else _scale(bbox[3] - bbox[1], dpi, opts)
    if s != 1.0:
        crop = crop.resize((max(1, round(crop.width * s)), max(1, round(crop.height * s))), Image.LANCZOS)
    try:
        tsv = tesseract.run_tsv(crop, opts.lang, psm or kind_psm, opts.timeout, dpi=round(dpi * s),
                                whitelist=whitelist)
    except tesseract.OcrTimeout:
        log.debug("region read timed out (kind %s)", kind)
        return RegionReading("", 0.0, (), "timeout")
    except (TesseractError, RuntimeError) as exc:
        log.debug("region read failed (kind %s): %s", kind, type(exc).__name__)
        return RegionReading("", 0.0, (), "error")
    return _reading(tesseract.parse_tsv(tsv), origin, pad, s)


Request = tuple["Image.Image | np.ndarray", tuple[int, int, int, int], float]  # (page image, box, enlargement)


def read_regions(requests: Sequence[Request], *, opts: OcrOptions, dpi: int = 300, psm: int = 6) -> list[RegionReading]:
    """Read many boxes (page pixels of their page images) in ONE Tesseract call, one reading per box.

    The crops, each padded with white paper and enlarged by its factor, are stacked one under the
    other with a blank band between them, so Tesseract sees separate lines of one block (`psm` 6) and
    its start-up (a fifth of a second with the `vie` model) is paid once rather than per box. A word
    belongs to the crop its centre falls in; boxes come back in page pixels.
    """
    if not requests:
        return []
    crops = []
    for image, bbox, scale in requests:
        page = image if isinstance(image, Image.Image) else Image.fromarray(image)
        page = page if page.mode == "L" else page.convert("L")
        crop, origin, pad = _crop(page, bbox, context=False)
        if scale != 1.0:
            crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))), Image.LANCZOS)
        crops.append((crop, origin, pad, scale))
    gap = max(c[0].height for c in crops) // 2 + 8
    strip = Image.new("L", (max(c[0].width for c in crops), sum(c[0].height + gap for c in crops) + gap), 255)
    tops, y = [], gap
    for crop, *_ in crops:
        strip.paste(crop, (0, y))
        tops.append(y)
        y += crop.height + gap
    try:
        rows = tesseract.parse_tsv(tesseract.run_tsv(strip, opts.lang, psm, opts.timeout, dpi=dpi))
    except tesseract.OcrTimeout:
        log.debug("region strip read timed out (%d boxes)", len(requests))
        return [RegionReading("", 0.0, (), "timeout") for _ in requests]
    except (TesseractError, RuntimeError) as exc:
        log.debug("region strip read failed (%d boxes): %s", len(requests), type(exc).__name__)
        return [RegionReading("", 0.0, (), "error") for _ in requests]
    per_box: list[list[dict]] = [[] for _ in requests]
    for r in rows:
        x0, y0, x1, y1 = r["bbox"]
        cy = (y0 + y1) / 2
        for i, (top, c) in enumerate(zip(tops, crops)):
            if top <= cy < top + c[0].height:
                per_box[i].append({**r, "bbox": (x0, y0 - top, x1, y1 - top)})
                break
    return [_reading(rs, origin, pad, scale) for rs, (_, origin, pad, scale) in zip(per_box, crops)]


def _scale(height: int, dpi: int, opts: OcrOptions) -> float:
    """As the page pass: a low-resolution page is read at the target resolution."""
    if dpi < 0.6 * opts.target_dpi:
        return min(MAX_SCALE, opts.target_dpi / dpi)
    if height < MIN_HEIGHT:
        return min(MAX_SCALE, 2 * MIN_HEIGHT / max(1, height))
    return 1.0


def _open(image: Image.Image | str | Path) -> Image.Image:
    if isinstance(image, Image.Image):
        return image if image.mode in ("L", "RGB") else image.convert("L")
    with Image.open(image) as img:
        return img.convert("L")


def _crop(page: Image.Image, bbox, context: bool) -> tuple[Image.Image, tuple[int, int], int]:
    """The crop, the page position of its top-left pixel, and the white border added round it."""
    x0, y0, x1, y1 = bbox
    pad = max(4, (y1 - y0) // 3)
    grow = pad if context else 0
    box = (max(0, x0 - grow), max(0, y0 - grow), min(page.width, x1 + grow), min(page.height, y1 + grow))
    # white paper round the crop: Tesseract misses glyphs touching the image edge
    crop = ImageOps.expand(page.crop(box), border=pad, fill=255 if page.mode == "L" else (255, 255, 255))
    return crop, (box[0], box[1]), pad


def _reading(rows: list[dict], origin: tuple[int, int], pad: int, s: float) -> RegionReading:
    lines: dict[tuple, list[str]] = {}
    words = []
    for r in rows:
        lines.setdefault((r["block"], r["par"], r["line"]), []).append(r["text"])
        bx0, by0, bx1, by1 = r["bbox"]
        box = tuple(int(round(v / s - pad + o)) for v, o in
                    ((bx0, origin[0]), (by0, origin[1]), (bx1, origin[0]), (by1, origin[1])))
        words.append(Word(text=r["text"], conf=min(100.0, r["conf"]), bbox=box, line=len(lines) - 1))
    text = "\n".join(" ".join(ws) for ws in lines.values())
    scored = [w.conf for w in words if w.conf > 0]
    conf = round(sum(scored) / len(scored), 2) if scored else (None if words else 0.0)
    return RegionReading(text, conf, tuple(words))
