"""Data passed between stages: OCR output in, fields and procedure out.

Plain pydantic models so they serialise to the OCR JSON and the export unchanged.
Coordinates are pixels of the upright page image, origin top-left.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field


class Word(BaseModel):
    text: str
    conf: float = Field(ge=0, le=100, description="engine confidence 0..100; 100 for a text layer")
    bbox: tuple[int, int, int, int]  # x0, y0, x1, y1
    block: int = 0
    line: int = 0  # line index within the page, reading order
    handwritten: bool = False  # lies in handwriting (ocr.handwriting): its reading is never certain


class Code(BaseModel):
    """A barcode or QR code read on a page (ocr/barcodes.py)."""

    format: str  # "QRCode", "Code128", "DataMatrix", ... as the decoder names it
    text: str  # the decoded content, NFC
    bbox: tuple[int, int, int, int] | None = None  # in the scanned page's pixels, before it was turned upright


class Page(BaseModel):
    number: int = Field(ge=1, description="1-based page number within the dossier")
    source_file: str = ""  # relative path of the file the page came from
    width: int
    height: int
    dpi: int
    source: Literal["ocr", "text_layer"]
    text: str  # NFC, lines joined by \n in reading order
    words: list[Word] = []
    mean_conf: float = 0.0
    rotation: int = 0  # degrees applied to make the page upright (0/90/180/270)
    skew: float = 0.0  # degrees of deskew applied
    flags: list[str] = []  # blank_page, blurry, low_contrast, small_text, ocr_timeout...
    image_path: str | None = None  # upright page image for the PDF (working file)
    source_page: int = 0  # 1-based page (or frame) of source_file; 0 = not recorded
    codes: list[Code] = []  # barcodes and QR codes printed on the page


class FieldValue(BaseModel):
    value: str
    raw: str = ""  # as printed
    confidence: float = Field(ge=0, le=1)
    page: int | None = None
    bbox: tuple[int, int, int, int] | None = None
    valid: bool = True
    problem: str | None = None  # why validation failed; 'handwritten' (still valid): read from handwriting
    mapped: str | None = None  # agencies/places: the unit as named today (2025 reform); None = not mapped
    mapped_candidates: list[str] = []  # today's units a split legacy unit went to; never guessed (mapped None)
    confirmed_by: str | None = None  # the reviewer who typed or accepted the value; None = machine only

    def certain(self, threshold: float) -> bool:
        """A fact for the sector database: valid, and confirmed by a person or read at/above the threshold."""
        return self.valid and (self.confirmed_by is not None or self.confidence >= threshold)


class Classification(BaseModel):
    key: str | None  # procedure key from the catalog; None = abstained
    code: str | None = None
    sector: str | None = None
    confidence: float = 0.0
    method: str = ""  # rules | model | combined
    model_version: str | None = None
    reason: str | None = None  # why it abstained


# A moment as the API and `--json` print it: always with its zone (SQLite gives stored UTC back naive).
UtcDateTime = Annotated[datetime, AfterValidator(lambda d: d if d.tzinfo else d.replace(tzinfo=timezone.utc))]


# Large-format sheets a dossier may hold: page flag -> document kind (7197 TypeName). extraction.sheets
# flags line-art pages with one of these; extraction.doc_kinds reads their printed titles.
SHEET_KINDS = {"drawing": "Bản vẽ", "map_extract": "Trích lục bản đồ địa chính", "cadastral_map": "Bản đồ địa chính"}


def sheet_pages(page_flags: dict[int, list[str]]) -> list[dict]:
    """The drawings and maps of a dossier from its page flags: [{"kind", "TypeName", "pages"}], one
    entry per kind; [] when there are none."""
    found: dict[str, list[int]] = {}
    for number in sorted(page_flags):
        for kind in SHEET_KINDS:
            if kind in page_flags[number]:
                found.setdefault(kind, []).append(number)
    return [{"kind": k, "TypeName": SHEET_KINDS[k], "pages": found[k]} for k in SHEET_KINDS if k in found]
