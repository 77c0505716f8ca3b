"""read_dossier: a dossier's fields and its official documents from one reading of its pages.

The fields and the documents' 7197 metadata both come from the Decree 30 header; read apart, the
header was parsed twice and its uncertain values read twice from the page image. Here the lines
and candidates are computed once and the page images are shared, so a box is read from the
image once and both answers rest on the same second readings.
"""
from __future__ import annotations

from dataclasses import dataclass

from sohoa.documents import FieldValue, Page
from extraction.extract import fields_from, page_images, read_pages
from extraction.metadata import documents_from
from extraction.reread import RereadOptions


@dataclass
class DossierReading:
    fields: dict[str, FieldValue]
    official_documents: list[dict]


def read_dossier(pages: list[Page], reread: RereadOptions | None = None) -> DossierReading:
    """What extract_fields(pages) and official_documents(pages) give, from one pass."""
    reread = reread or RereadOptions()
    read = read_pages(pages)
    images = page_images(pages)
    documents = documents_from(read, reread, images)  # on copies: first, before the fields change theirs
    return DossierReading(fields_from(read, reread, images), documents)
