"""read_dossier: a dossier's documents, fields and official documents from one reading of its pages.

The fields and the documents' 7197 metadata both come from the Decree 30 header; read apart, the
header was parsed twice and its uncertain values read twice from the page image. Here the lines
and candidates are computed once and the page images are shared, so a box is read from the
image once and both answers rest on the same second readings. The pages are first split into
documents (extraction/segment.py): each field is taken from the document that owns it
(extraction/ownership.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sohoa.documents import FieldValue, Page
from extraction import dossier_code, segment
from extraction.extract import fields_from, page_images, read_pages
from extraction.metadata import OFFICIAL_KINDS, documents_from
from extraction.reread import RereadOptions


@dataclass
class DossierReading:
    fields: dict[str, FieldValue]
    official_documents: list[dict]
    # in page order, every page in one: {kind, first_page, last_page, title, confidence, cues, metadata, fields}
    documents: list[dict] = field(default_factory=list)
    dossier_code: dict | None = None  # extraction.dossier_code.find


def read_dossier(pages: list[Page], reread: RereadOptions | None = None) -> DossierReading:
    """What extract_fields(pages) and official_documents(pages) give, from one pass, plus the
    documents inside the dossier and its dossier code."""
    reread = reread or RereadOptions()
    read = read_pages(pages)
    images = page_images(pages)
    spans = segment.split_read(read)
    metas = documents_from(read, reread, images, spans)  # on copies: first, before the fields change theirs
    fields = fields_from(read, reread, images, spans=spans)
    documents = []
    for span, meta in zip(spans, metas):
        owned = sorted(k for k, f in fields.items() if f.page in span.pages)
        documents.append({**span.to_dict(), "metadata": meta, "fields": owned})
    official = [m for s, m in zip(spans, metas) if s.kind in OFFICIAL_KINDS]
    return DossierReading(fields, official, documents, dossier_code.find(pages))
