"""Reviewers' decisions as labelled data: one row per value a reviewer confirmed, corrected, removed or
added (and one for the procedure), with what the machine had read and where on the page. They feed the
extractor's calibration and training (`sohoa review corrections` writes them as JSON lines) and the
classifier (the procedure rows; `sohoa classifier train` reads reviewers' procedures too)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from sohoa.documents import Classification, FieldValue
from storage.station_models import Correction

PROCEDURE = "procedure"  # the key of a procedure row


def correction_rows(machine: dict[str, FieldValue], final: dict[str, FieldValue], changes: dict[str, list[str]],
                    machine_class: Classification | None, final_class: Classification | None) -> list[dict[str, Any]]:
    """Rows for the fields a reviewer handled (review.decisions's `changes`: edited, cleared, accepted; not
    the machine values a contradiction invalidated), and for the procedure when they set one. A value
    left as the machine read it is `accepted`: the machine was right."""
    rows = []
    touched = set(changes.get("edited", [])) | set(changes.get("cleared", [])) | set(changes.get("accepted", []))
    for key in sorted(touched):
        old, new = machine.get(key), final.get(key)
        if old is None and new is None:
            continue
        if old is None:
            outcome = "added"
        elif new is None:
            outcome = "removed"
        else:
            outcome = "accepted" if new.value == old.value else "corrected"
        where = old or new
        rows.append({"key": key, "outcome": outcome, "machine_value": old.value if old else None,
                     "machine_raw": old.raw if old else None, "machine_confidence": old.confidence if old else None,
                     "value": new.value if new else None, "page": where.page,
                     "bbox": list(where.bbox) if where.bbox else None})
    if final_class is not None and final_class.key:
        before = machine_class.key if machine_class else None
        rows.append({"key": PROCEDURE, "outcome": "added" if not before else
                     "accepted" if before == final_class.key else "corrected",
                     "machine_value": before, "machine_raw": None,
                     "machine_confidence": machine_class.confidence if machine_class and before else None,
                     "value": final_class.key, "page": None, "bbox": None})
    return rows


def add_corrections(s: Session, dossier_id: str, batch: str, reviewer: str, rows: list[dict[str, Any]]) -> None:
    """Inside the transaction that records the decision (PipelineDB.resolve_review)."""
    for row in rows:
        s.add(Correction(dossier_id=dossier_id, batch_id=batch, reviewer=reviewer, **row))


def read_corrections(engine: Engine, batch: str | None = None) -> list[dict[str, Any]]:
    """Every correction (of one batch), oldest first, as plain dicts ready for JSON."""
    with Session(engine) as s:
        q = select(Correction).order_by(Correction.id)
        if batch:
            q = q.where(Correction.batch_id == batch)
        return [{"dossier_id": c.dossier_id, "batch": c.batch_id, "field": c.key, "outcome": c.outcome,
                 "machine_value": c.machine_value, "machine_raw": c.machine_raw,
                 "machine_confidence": c.machine_confidence, "value": c.value, "page": c.page, "bbox": c.bbox,
                 "reviewer": c.reviewer, "at": c.at.isoformat()} for c in s.scalars(q)]
