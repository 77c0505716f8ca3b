"""Build a sector record from what the pipeline database holds about a dossier, so a dossier that
waited for a database (sector_db_unavailable) can be loaded later without re-running OCR."""
from __future__ import annotations

from collections.abc import Callable

from extraction.units import todays_units
from sohoa import __version__
from sohoa.documents import sheet_pages
from storage import layout
from storage.pipeline_db import DossierView, PipelineDB
from storage.sector_db import LoadReport, SectorDB, SectorDBUnavailable, SectorRecord


RESULT_FIELDS = ("document_number", "document_type")


def certain_fields(view: DossierView, threshold: float) -> dict[str, str]:
    """Only valid values a reviewer confirmed or read at/above the review threshold are loaded as facts."""
    return {k: f.value for k, f in view.fields.items() if f.certain(threshold)}


def sector_record(view: DossierView, *, threshold: float | None = None, document_id: str | None = None,
                  pipeline_version: str = __version__, result_file_attached: bool | None = None) -> SectorRecord:
    """The sector row of a dossier. With `threshold`, uncertain or invalid fields are left out.
    QĐ 766 flags: component_digitised = a PDF/A of the dossier exists; result_file_attached, unless
    given, = the dossier holds a numbered result document (a decision: document number and type).
    `drawings`: the design drawings and cadastral maps it holds, by kind, with their pages."""
    c = view.classification
    pdf = view.artifacts.get("pdf")
    if document_id is None and pdf:
        document_id = layout.doc_code_of(pdf.rsplit("/", 1)[-1])
    if result_file_attached is None:
        result_file_attached = view.artifacts.get("pdf") is not None and all(
            k in view.fields and view.fields[k].valid for k in RESULT_FIELDS)
    if c is None or not c.key:
        raise ValueError(f"dossier {view.id} has no procedure; nothing to load")
    fields = certain_fields(view, threshold) if threshold is not None else {k: f.value for k, f in view.fields.items()}
    return SectorRecord(
        dossier_id=view.id, procedure_key=c.key, procedure_code=c.code, document_id=document_id,
        batch=view.batch, source=view.source, fields=fields, today_units=todays_units(fields),
        confidence=c.confidence, pdf_key=view.artifacts.get("pdf"), original_key=view.artifacts.get("original"),
        pipeline_version=pipeline_version, component_digitised=view.artifacts.get("pdf") is not None,
        result_file_attached=result_file_attached, drawings=sheet_pages(view.page_flags))


def load_waiting(db: PipelineDB, sector_db_for: Callable[[str], SectorDB], batch: str | None = None, *,
                 threshold: float | None = None) -> tuple[list[str], list[str]]:
    """Load the dossiers that waited for a database (review / sector_db_unavailable) from what the
    pipeline DB holds — no OCR again. Pass the review threshold so only certain fields become facts
    (None loads every field). Returns (loaded ids, ids still waiting)."""
    loaded, waiting = [], []
    for ref in db.retryable(batch):
        view = db.dossier_view(ref.id)
        try:
            sector_db_for(view.classification.sector).load_record(sector_record(view, threshold=threshold))
        except SectorDBUnavailable as e:
            waiting.append(ref.id)
            db.add_event("load", "unavailable", batch=ref.batch, dossier_id=ref.id, detail={"error": e.detail})
            continue
        db.finish_dossier(ref.id, "loaded")
        db.add_event("load", "ok", batch=ref.batch, dossier_id=ref.id,
                     detail={"sector": view.classification.sector, "retried": True})
        loaded.append(ref.id)
    return loaded, waiting


def reload_batch(db: PipelineDB, sector_db_for: Callable[[str], SectorDB], batch: str, *,
                 threshold: float | None = None, chunk: int = 1000) -> dict[str, LoadReport]:
    """Bulk re-load every `loaded` dossier of a batch into its sector database (e.g. after restoring
    a sector database). Upserts: running it twice changes nothing."""
    by_sector: dict[str, list[SectorRecord]] = {}
    for view in db.dossier_views(batch):
        if view.state == "loaded" and view.classification and view.classification.key:
            by_sector.setdefault(view.classification.sector, []).append(sector_record(view, threshold=threshold))
    return {sector: sector_db_for(sector).load_many(recs, chunk=chunk) for sector, recs in by_sector.items()}
