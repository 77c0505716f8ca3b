"""Build a sector record from what the pipeline database holds about a dossier, so a dossier that
waited for a database (sector_db_unavailable) can be loaded later without re-running OCR."""
from __future__ import annotations

from sohoa import __version__
from storage.pipeline_db import DossierView
from storage.sector_db import SectorRecord


RESULT_FIELDS = ("document_number", "document_type")


def sector_record(view: DossierView, *, document_id: str | None = None,
                  pipeline_version: str = __version__, result_file_attached: bool | None = None) -> SectorRecord:
    """QĐ 766 flags: component_digitised = a PDF/A of the dossier exists; result_file_attached, unless
    given, = the dossier holds a numbered result document (a decision: document number and type)."""
    c = view.classification
    if result_file_attached is None:
        result_file_attached = view.artifacts.get("pdf") is not None and all(
            k in view.fields and view.fields[k].valid for k in RESULT_FIELDS)
    if c is None or not c.key:
        raise ValueError(f"dossier {view.id} has no procedure; nothing to load")
    return SectorRecord(
        dossier_id=view.id, procedure_key=c.key, procedure_code=c.code, document_id=document_id,
        batch=view.batch, source=view.source, fields={k: f.value for k, f in view.fields.items()},
        confidence=c.confidence, pdf_key=view.artifacts.get("pdf"), original_key=view.artifacts.get("original"),
        pipeline_version=pipeline_version, component_digitised=view.artifacts.get("pdf") is not None,
        result_file_attached=result_file_attached)
