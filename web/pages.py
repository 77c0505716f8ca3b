"""A dossier's page images and the boxes of its fields on them, for the review page."""
from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from sohoa.config import Settings
from sohoa.documents import FieldValue
from storage.objects import ObjectStoreError, open_store
from storage.pipeline_models import Artifact, PageRow


DISPLAY_WIDTH = 1400  # pixels of a page drawn from the PDF/A


@dataclass(frozen=True)
class PageInfo:
    number: int
    width: int
    height: int
    master_key: str | None


@dataclass(frozen=True)
class Box:
    key: str
    left: float  # percent of the page, so the boxes follow the image at any size
    top: float
    width: float
    height: float


def pages(engine: Engine, dossier_id: str) -> list[PageInfo]:
    with Session(engine) as s:
        rows = s.scalars(select(PageRow).where(PageRow.dossier_id == dossier_id).order_by(PageRow.number))
        return [PageInfo(r.number, r.width, r.height, r.master_key) for r in rows]


def boxes(page: PageInfo, fields: dict[str, FieldValue]) -> list[Box]:
    out = []
    if not (page.width and page.height):
        return out
    for key, f in sorted(fields.items()):
        if f.page == page.number and f.bbox:
            x0, y0, x1, y1 = f.bbox
            out.append(Box(key, 100 * x0 / page.width, 100 * y0 / page.height,
                           100 * (x1 - x0) / page.width, 100 * (y1 - y0) / page.height))
    return out


def page_png(settings: Settings, engine: Engine, dossier_id: str, number: int) -> bytes | None:
    """The lossless page master; pages without one (colour photos, born-digital PDFs) are drawn from
    the dossier's PDF/A at the size OCR saw them, so the boxes still fit."""
    page = next((p for p in pages(engine, dossier_id) if p.number == number), None)
    if page is None:
        return None
    store = open_store(settings)
    try:
        if page.master_key:
            return store.get_bytes(page.master_key)
        with Session(engine) as s:
            pdf_key = s.scalar(select(Artifact.key).where(Artifact.dossier_id == dossier_id, Artifact.kind == "pdf"))
        if not pdf_key:
            return None
        return _render(store.get_bytes(pdf_key), number)
    except ObjectStoreError:
        return None


def _render(pdf: bytes, number: int) -> bytes | None:
    """Screen size, not scan size: the boxes are in percent, and a 300-dpi render takes seconds."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        if number > len(doc):
            return None
        p = doc[number - 1]
        image = p.render(scale=DISPLAY_WIDTH / p.get_width()).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        return buf.getvalue()
    finally:
        doc.close()
