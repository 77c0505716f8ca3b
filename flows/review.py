"""What a reviewer does from the command line: list open items, set the procedure, accept, load."""
from __future__ import annotations

from classifiers import load_catalog
from flows.training import REVIEWER
from sohoa.config import Settings
from sohoa.documents import Classification, FieldValue
from storage.loading import sector_record
from storage.pipeline_db import PipelineDB
from storage.sector_db import SectorDB


def open_items(settings: Settings, batch: str | None) -> list[dict]:
    db = PipelineDB(settings.pipeline_db_url)
    try:
        return db.open_reviews(batch)
    finally:
        db.close()


def resolve(settings: Settings, dossier_id: str, user: str, procedure: str | None, load: bool,
            fields: dict[str, str] | None = None, note: str = "") -> str:
    """Close a dossier's review. With a procedure, record it as the reviewer's label (training data);
    corrected fields become certain values; with load, put the record into its sector database.
    Returns the new state."""
    catalog = load_catalog()
    db = PipelineDB(settings.pipeline_db_url)
    try:
        view = db.dossier_view(dossier_id)
        if fields:
            merged = dict(view.fields)
            for key, value in fields.items():
                old = merged.get(key)
                merged[key] = FieldValue(value=value, raw=old.raw if old else "", confidence=1.0,
                                         page=old.page if old else None, bbox=old.bbox if old else None)
            db.set_fields(dossier_id, merged)
        if procedure:
            p = catalog.get(procedure)
            db.set_classification(dossier_id, Classification(key=p.key, code=p.code, sector=p.sector,
                                                             confidence=1.0, method=REVIEWER))
            view = db.dossier_view(dossier_id)
        new_state = "review"
        if load:
            if not (view.classification and view.classification.key):
                raise ValueError("set --procedure first: the dossier has no procedure to load under")
            sector = view.classification.sector
            sdb = SectorDB(settings.sector_db_url(sector), sector)
            try:
                sdb.load_record(sector_record(view))
            finally:
                sdb.close()
            new_state = "loaded"
        db.resolve_review(dossier_id, user, note or f"procedure={procedure or '-'}; load={load}",
                          new_state=new_state if load else None)
        return new_state
    finally:
        db.close()
