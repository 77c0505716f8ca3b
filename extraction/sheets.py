"""Drawings and maps in a dossier: line-art pages, typed as documents of their own.

The OCR stage flags a page `line_art` when it is mostly drawn lines with little text (ocr/graphics.py).
Such a page is a design drawing (bản vẽ) unless its text names the cadastral map: a trích lục bản đồ
địa chính (an extract) or a sheet of the bản đồ địa chính. These pages are not mined for form fields
or official-document headers: a drawing's title block repeats the owner and the parcel, its
dimension figures look like numbers of every kind, and the application form is where the values are.
"""
from __future__ import annotations

import re

from extraction.text import fold, nfc
from sohoa.documents import SHEET_KINDS, Page

_EXTRACT = re.compile(r"trich\s*l[uư]c\s*b[a-z]n\s*d[o0]")
_MAP = re.compile(r"b[a-z]n\s*d[o0]\s*d[i1l]a\s*ch[i1l]nh")


def is_sheet(page: Page) -> bool:
    return "line_art" in page.flags


def sheet_kind(page: Page) -> str | None:
    """drawing | map_extract | cadastral_map for a line-art page; None for a page of text."""
    if not is_sheet(page):
        return None
    text = fold(nfc(page.text))
    if _EXTRACT.search(text):
        return "map_extract"
    if _MAP.search(text):  # a drawing's title block names the parcel's map sheet ("tờ bản đồ số"), not this
        return "cadastral_map"
    return "drawing"


def tag_sheets(pages: list[Page]) -> None:
    """Add its kind to the flags of each drawing or map page (once)."""
    for page in pages:
        kind = sheet_kind(page)
        if kind and kind not in page.flags:
            page.flags = [f for f in page.flags if f not in SHEET_KINDS] + [kind]


def text_pages(pages: list[Page]) -> list[Page]:
    """The pages fields and official documents are read from: all but drawings and maps."""
    return [p for p in pages if not is_sheet(p)]
