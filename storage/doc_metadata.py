"""A dossier's digitised file as the national guideline's document (Công văn 7197): found by its
DocCode, described by the 7197 minimum metadata. The machine's values come from the first official
document read in the dossier; values a person set (PUT /api/v1/documents/{DocCode}) override them and
are a provenance event in that person's name (field names only, never values)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extraction.metadata import REQUIRED
from storage import layout
from storage.api_models import DocumentMetadata
from storage.pipeline_db import PipelineDB
from storage.pipeline_models import Artifact, Dossier, Event, utcnow

# what a person may set; DocCode and PageAmount belong to the file itself
EDITABLE = ("TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "OrganName", "Subject", "Language",
            "Description", "InforSign", "Keyword", "Mode", "ConfidenceLevel", "Format")
FROM_MACHINE = ("TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "OrganName", "Subject", "Language")


@dataclass(frozen=True)
class DigitisedDocument:
    doc_code: str
    dossier_id: str
    batch: str
    state: str
    file_name: str
    pdf_key: str
    metadata: dict[str, Any]  # the 7197 names, DocCode and PageAmount included
    missing: list[str]  # required 7197 elements with no value
    set_by_person: list[str]
    updated_by: str | None
    updated_at: datetime | None


def find(db: PipelineDB, doc_code: str, batch: str | None = None) -> list[str]:
    """Ids of the dossiers whose digitised file carries this DocCode (one, unless two batches numbered
    their files alike before storage.doc_numbers: files written before p0010_doc_numbers)."""
    with Session(db.engine) as s:
        q = (select(Artifact.dossier_id, Artifact.key).join(Dossier, Dossier.id == Artifact.dossier_id)
             .where(Artifact.kind == "pdf", Artifact.key.contains(f"/{doc_code}_", autoescape=True)))
        if batch is not None:
            q = q.where(Dossier.batch_id == batch)
        return sorted(did for did, key in s.execute(q) if layout.doc_code_of(key.rsplit("/", 1)[-1]) == doc_code)


def document(db: PipelineDB, dossier_id: str) -> DigitisedDocument | None:
    """The dossier's digitised file with its metadata; None when it has none (quarantined, duplicate)."""
    with Session(db.engine) as s:
        row = s.get(Dossier, dossier_id)
        pdf_key = s.scalar(select(Artifact.key).where(Artifact.dossier_id == dossier_id, Artifact.kind == "pdf"))
        person = s.get(DocumentMetadata, dossier_id)
    file_name = pdf_key.rsplit("/", 1)[-1] if pdf_key else ""
    code = layout.doc_code_of(file_name)
    if row is None or code is None:
        return None
    machine = (row.official_documents or [{}])[0]
    meta: dict[str, Any] = {"DocCode": code, **{k: machine.get(k) for k in FROM_MACHINE},
                            **{k: None for k in EDITABLE if k not in FROM_MACHINE}, "PageAmount": row.page_count}
    meta["Language"] = meta["Language"] or "vi"
    set_values = dict(person.fields) if person else {}
    meta.update(set_values)
    return DigitisedDocument(code, row.id, row.batch_id, row.state, file_name, pdf_key, meta,
                             [k for k in REQUIRED if not meta.get(k)], sorted(set_values),
                             person.updated_by if person else None, person.updated_at if person else None)


def set_metadata(db: PipelineDB, doc: DigitisedDocument, values: dict[str, Any], *, user: str) -> None:
    """Record what a person set (None clears an element); `values` are checked by the caller."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    set_keys = sorted(k for k, v in values.items() if v is not None)
    cleared = sorted(k for k, v in values.items() if v is None)
    with Session(db.engine) as s, s.begin():  # the values and their event in one transaction
        row = s.get(DocumentMetadata, doc.dossier_id)
        if row is None:
            row = DocumentMetadata(dossier_id=doc.dossier_id, doc_code=doc.doc_code, fields={}, updated_by=user)
            s.add(row)
        row.fields = {**row.fields, **values}  # a new dict: JSON columns do not track changes in place
        row.doc_code, row.updated_by, row.updated_at = doc.doc_code, user, utcnow()
        s.add(Event(batch_id=doc.batch, dossier_id=doc.dossier_id, step="metadata", outcome="updated", agent=user,
                    detail={"doc_code": doc.doc_code, "set": set_keys, "cleared": cleared}))
