"""One dossier as a reviewer needs to see it: state and reason, procedure, each field with its value,
confidence, page and why it is not certain, and the pages. Shared by `sohoa review show` and
`GET /api/v1/dossiers/{id}`, so both say the same thing."""
from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from pydantic import BaseModel

from classifiers import load_catalog
from classifiers.decide import required_fields
from sohoa.config import Settings
from sohoa.documents import FieldValue, UtcDateTime
from storage import layout, overview
from storage.pipeline_db import PipelineDB

FieldStatus = Literal["confirmed", "certain", "uncertain", "invalid", "missing"]


class FieldDetail(BaseModel):
    key: str
    value: str | None  # None: a required field the machine did not read
    confidence: float | None
    page: int | None
    bbox: list[int] | None
    required: bool
    status: FieldStatus  # confirmed (by a person) and certain values are loaded; the others are not
    reason: str | None  # why it is not certain: the validator's problem, the confidence, or absent
    confirmed_by: str | None


class ProcedureDetail(BaseModel):
    key: str | None
    code: str | None
    name: str | None
    sector: str | None
    confidence: float
    method: str
    reason: str | None  # why the classifier abstained


class ReviewDetail(BaseModel):
    reason: str
    detail: str | None
    since: UtcDateTime


class PageDetail(BaseModel):
    number: int
    source_file: str
    source: str
    width: int
    height: int
    dpi: int
    mean_conf: float
    rotation: int
    flags: list[str]


class DossierDetail(BaseModel):
    id: str
    batch: str
    source: str
    kind: str
    state: str
    reason: str | None
    reason_detail: str | None
    procedure: ProcedureDetail | None
    review: ReviewDetail | None  # the open review item, if any
    threshold: float
    doc_code: str | None
    fields: list[FieldDetail]
    pages: list[PageDetail]


def dossier_detail(settings: Settings, dossier_id: str) -> DossierDetail:
    """Raises KeyError for an unknown id."""
    db = PipelineDB(settings.pipeline_db_url, migrate=False)
    try:
        view = db.dossier_view(dossier_id)
        item = next((i for i in db.open_reviews(view.batch) if i["dossier_id"] == dossier_id), None)
        pages = overview.pages(db.engine, dossier_id)
    finally:
        db.close()
    catalog = load_catalog()
    c = view.classification
    required = required_fields(view.page_texts, catalog, c.key) if c and c.key in catalog.keys else []
    threshold = settings.review_threshold
    keys = sorted(view.fields, key=lambda k: (k not in required, k)) + [k for k in required if k not in view.fields]
    procedure = None
    if c is not None:
        name = catalog.get(c.key).name if c.key in catalog.keys else None
        procedure = ProcedureDetail(key=c.key, code=c.code, name=name, sector=c.sector, confidence=c.confidence,
                                    method=c.method, reason=c.reason)
    pdf = view.artifacts.get("pdf")
    return DossierDetail(
        id=view.id, batch=view.batch, source=view.source, kind=view.kind, state=view.state, reason=view.reason,
        reason_detail=view.reason_detail, procedure=procedure,
        review=ReviewDetail(reason=item["reason"], detail=item["detail"], since=item["created_at"]) if item else None,
        threshold=threshold, doc_code=layout.doc_code_of(pdf.rsplit("/", 1)[-1]) if pdf else None,
        fields=[_field(k, view.fields.get(k), k in required, threshold) for k in keys],
        pages=[PageDetail(**asdict(p)) for p in pages])


def _field(key: str, f: FieldValue | None, required: bool, threshold: float) -> FieldDetail:
    if f is None:
        return FieldDetail(key=key, value=None, confidence=None, page=None, bbox=None, required=required,
                           status="missing", reason="not read", confirmed_by=None)
    if not f.valid:
        status, reason = "invalid", f.problem or "failed validation"
    elif f.confirmed_by is not None:
        status, reason = "confirmed", None
    elif f.confidence >= threshold:
        status, reason = "certain", None
    elif f.problem == "handwritten":
        status, reason = "uncertain", f"handwritten: confidence {f.confidence:.2f} < {threshold:.2f}"
    else:
        status, reason = "uncertain", f"confidence {f.confidence:.2f} < {threshold:.2f}"
    return FieldDetail(key=key, value=f.value, confidence=f.confidence, page=f.page,
                       bbox=list(f.bbox) if f.bbox else None, required=required, status=status, reason=reason,
                       confirmed_by=f.confirmed_by)
