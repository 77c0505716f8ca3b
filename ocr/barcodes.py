"""Barcodes and QR codes on a page: the one wrapper around the decoder (zxing-cpp).

Every page is searched once, at about 150 dpi: the codes sohoa acts on (a separator sheet, a cover
sheet, a receipt's dossier code) are printed large enough for that, and it costs ~20 ms a page
instead of ~200 ms at 300 dpi. A page whose code says it is a separator or cover sheet is then not
OCR'd (ocr/pipeline.py).
"""
from __future__ import annotations

import unicodedata

import zxingcpp
from PIL import Image

from sohoa.documents import Code

SEPARATOR, COVER = "separator_sheet", "cover_sheet"  # page flags
_SEARCH_DPI = 150
# what administrative papers and scanning offices print; the 1-D retail codes only add false reads
_FORMATS = zxingcpp.barcode_formats_from_str("QRCode,MicroQRCode,DataMatrix,Aztec,PDF417,Code128,Code39,Code93,ITF")


def read_codes(image: Image.Image, dpi: int) -> list[Code]:
    """The codes on a page image, in reading order (top to bottom, left to right), boxes in its pixels."""
    factor = max(1, int(dpi // _SEARCH_DPI))
    small = image if image.mode in ("L", "RGB") else image.convert("L")
    if factor > 1:
        small = small.reduce(factor)
    found = []
    for r in zxingcpp.read_barcodes(small, formats=_FORMATS):
        if not r.valid or not r.text:
            continue
        p = r.position
        xs = [pt.x * factor for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        ys = [pt.y * factor for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        found.append(Code(format=r.format.name, text=unicodedata.normalize("NFC", r.text),
                          bbox=(min(xs), min(ys), max(xs), max(ys))))
    return sorted(found, key=lambda c: (c.bbox[1], c.bbox[0]))


def sheet_flag(codes: list[Code], separator_code: str, cover_prefix: str) -> str | None:
    """SEPARATOR or COVER when a code on the page marks it as such a sheet, else None."""
    texts = [c.text.strip() for c in codes]
    if any(t == separator_code for t in texts):
        return SEPARATOR
    if any(t.startswith(cover_prefix) for t in texts):
        return COVER
    return None
