"""Barcodes, QR codes and simple drawn shapes stamped onto rendered pages.

Codes are encoded by libraries other than the decoder sohoa reads them with (python-barcode for
Code 128, segno for QR; ocr/barcodes.py decodes with zxing-cpp), and drawn module by module at the
page's resolution so a module is a whole number of pixels, as a printer's raster makes it.
A mark is a dict on a Doc (`Doc.marks`): {"page": index within the document, "kind": "code128" |
"qr" | "frame" | "photo", "box": (x0, y0, x1, y1) in mm from the top-left corner, "text": content};
a frame may instead name the placed lines it surrounds: "lines": (first, last) and "pad" in mm.
"""
from __future__ import annotations

import barcode
import segno
from PIL import Image, ImageDraw

from samples.render import RenderedPage

MM_PER_INCH = 25.4


def _px(mm: float, dpi: int) -> int:
    return round(mm / MM_PER_INCH * dpi)


def code128(text: str, dpi: int, height_mm: float = 12.0, module_mm: float = 0.33) -> Image.Image:
    """A Code 128 symbol with its quiet zones, one module a whole number of pixels."""
    modules = barcode.get("code128", text).build()[0]
    m = max(1, _px(module_mm, dpi))
    img = Image.new("L", ((len(modules) + 20) * m, _px(height_mm, dpi)), 255)
    d = ImageDraw.Draw(img)
    for i, bit in enumerate(modules):
        if bit == "1":
            x = (10 + i) * m
            d.rectangle([x, 0, x + m - 1, img.height - 1], fill=0)
    return img


def qr(text: str, dpi: int, size_mm: float = 22.0, error: str = "m") -> Image.Image:
    """A QR symbol of about size_mm including its 4-module quiet zone."""
    matrix = segno.make(text, error=error, micro=False).matrix
    n = len(matrix) + 8
    m = max(1, round(_px(size_mm, dpi) / n))
    img = Image.new("L", (n * m, n * m), 255)
    d = ImageDraw.Draw(img)
    for y, row in enumerate(matrix):
        for x, bit in enumerate(row):
            if bit:
                d.rectangle([(x + 4) * m, (y + 4) * m, (x + 5) * m - 1, (y + 5) * m - 1], fill=0)
    return img


def stamp(page: RenderedPage, marks: list[dict]) -> None:
    """Draw the marks on the page image (in place: the page was just rendered)."""
    dpi = page.dpi
    d = ImageDraw.Draw(page.image)
    for mk in marks:
        kind = mk["kind"]
        if kind == "frame" and "lines" in mk:
            a, b = mk["lines"]
            boxes = [bb for _, bb in page.lines[a:b + 1]]
            pad = _px(mk.get("pad", 4.0), dpi)
            x0, x1 = _px(mk["box"][0], dpi), _px(mk["box"][2], dpi)
            box = (x0, min(bb[1] for bb in boxes) - pad, x1, max(bb[3] for bb in boxes) + pad)
            d.rounded_rectangle(box, radius=_px(3, dpi), outline=0, width=max(1, _px(0.4, dpi)))
            continue
        x0, y0, x1, y1 = (_px(v, dpi) for v in mk["box"])
        if kind == "frame":
            d.rectangle((x0, y0, x1, y1), outline=0, width=max(1, _px(0.4, dpi)))
        elif kind == "photo":  # a portrait's grey block, as a photocopy renders it
            d.rectangle((x0, y0, x1, y1), fill=150, outline=60, width=max(1, _px(0.3, dpi)))
            d.ellipse((x0 + (x1 - x0) // 4, y0 + (y1 - y0) // 8, x1 - (x1 - x0) // 4, y0 + (y1 - y0) // 2), fill=90)
        else:
            w_mm, h_mm = mk["box"][2] - mk["box"][0], mk["box"][3] - mk["box"][1]
            img = code128(mk["text"], dpi, height_mm=h_mm) if kind == "code128" else qr(mk["text"], dpi, size_mm=w_mm)
            page.image.paste(img, (x0, y0))
