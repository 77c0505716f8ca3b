"""Read-only counts and listings of the pipeline database, shared by the API, the CLI and the pages:
batches with their counts by state, dossiers by filters, a dossier's pages, and the report summary
(dossiers by procedure, sector, month and state). No personal data: states, reasons, procedures."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import extract, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from sohoa.documents import UtcDateTime
from storage.pipeline_models import Batch, Dossier, PageRow


class BatchOverview(BaseModel):
    """A batch as lists show it; also the REST API's schema of one (web.api_models.BatchOut)."""
    model_config = ConfigDict(frozen=True)
    id: str
    source_dir: str | None
    started_at: UtcDateTime
    finished_at: UtcDateTime | None
    runs: int
    total: int
    by_state: dict[str, int]


class DossierListing(BaseModel):
    """A dossier as lists show it (no field values); also the REST API's schema of one
    (web.api_models.DossierItem)."""
    model_config = ConfigDict(frozen=True)
    id: str
    batch: str
    source: str
    state: str
    reason: str | None
    reason_detail: str | None
    procedure: str | None
    procedure_code: str | None
    sector: str | None
    pages: int
    received_at: UtcDateTime
    updated_at: UtcDateTime


@dataclass(frozen=True)
class PageSummary:
    number: int
    source_file: str
    source: str  # ocr | text_layer
    width: int
    height: int
    dpi: int
    mean_conf: float
    rotation: int
    flags: list[str] = field(default_factory=list)


def batches(engine: Engine, name: str | None = None) -> list[BatchOverview]:
    """Every batch (or the one named), oldest first, with its dossiers counted by state: two queries."""
    with Session(engine) as s:
        q = select(Batch).order_by(Batch.started_at, Batch.id)
        counts = select(Dossier.batch_id, Dossier.state, func.count()).group_by(Dossier.batch_id, Dossier.state)
        if name is not None:
            q, counts = q.where(Batch.id == name), counts.where(Dossier.batch_id == name)
        by_batch: dict[str, dict[str, int]] = defaultdict(dict)
        for batch, state, n in s.execute(counts):
            by_batch[batch][state] = n
        return [BatchOverview(id=b.id, source_dir=b.source_dir, started_at=b.started_at, finished_at=b.finished_at,
                              runs=b.runs, total=sum(by_batch[b.id].values()),
                              by_state=dict(sorted(by_batch[b.id].items())))
                for b in s.scalars(q)]


def _filtered(q, *, batch=None, state=None, reason=None, procedure=None, sector=None, id_prefix=None):
    for column, value in ((Dossier.batch_id, batch), (Dossier.state, state), (Dossier.reason, reason),
                          (Dossier.procedure_key, procedure), (Dossier.sector, sector)):
        if value is not None:
            q = q.where(column == value)
    if id_prefix is not None:
        q = q.where(Dossier.id.startswith(id_prefix, autoescape=True))
    return q


def dossiers(engine: Engine, *, limit: int = 100, offset: int = 0, **filters) -> tuple[list[DossierListing], int]:
    """Dossiers matching every filter given (batch, state, reason, procedure, sector, id_prefix), in
    batch and source order, one page of them; and how many match in all."""
    with Session(engine) as s:
        total = s.scalar(_filtered(select(func.count()).select_from(Dossier), **filters))
        q = _filtered(select(Dossier), **filters).order_by(Dossier.batch_id, Dossier.source, Dossier.id)
        rows = s.scalars(q.limit(limit).offset(offset)).all()
        return [DossierListing(id=r.id, batch=r.batch_id, source=r.source, state=r.state, reason=r.reason,
                               reason_detail=r.reason_detail, procedure=r.procedure_key,
                               procedure_code=r.procedure_code, sector=r.sector, pages=r.page_count,
                               received_at=r.received_at, updated_at=r.updated_at)
                for r in rows], total


def pages(engine: Engine, dossier_id: str) -> list[PageSummary]:
    with Session(engine) as s:
        rows = s.scalars(select(PageRow).where(PageRow.dossier_id == dossier_id).order_by(PageRow.number))
        return [PageSummary(r.number, r.source_file, r.source, r.width, r.height, r.dpi, r.mean_conf, r.rotation,
                            list(r.flags or [])) for r in rows]


def summary(engine: Engine, *, batch: str | None = None, catalog=None) -> dict[str, Any]:
    """Dossiers counted by procedure, sector, month received (UTC, YYYY-MM) and state, from one GROUP BY.
    `rows` is the full cross-table (for any other pivot); `by_*` are its totals along one dimension,
    each with its counts by state. With the procedure catalogue, procedures and sectors get their names."""
    received = Dossier.received_at
    if engine.dialect.name == "postgresql":  # timestamptz: take the month in UTC, whatever the session zone
        received = func.timezone("UTC", received)
    year, month = extract("year", received).label("y"), extract("month", received).label("m")
    q = (select(Dossier.procedure_key, Dossier.procedure_code, Dossier.sector, year, month, Dossier.state, func.count())
         .group_by(Dossier.procedure_key, Dossier.procedure_code, Dossier.sector, year, month, Dossier.state))
    if batch is not None:
        q = q.where(Dossier.batch_id == batch)
    with Session(engine) as s:
        rows = [{"procedure": p, "procedure_code": code, "sector": sector, "month": f"{int(y):04d}-{int(m):02d}",
                 "state": state, "count": n} for p, code, sector, y, m, state, n in s.execute(q)]
    rows.sort(key=lambda r: (r["month"], r["procedure"] or "", r["sector"] or "", r["state"]))
    out: dict[str, Any] = {"batch": batch, "total": sum(r["count"] for r in rows), "by_state": {}}
    for r in rows:
        out["by_state"][r["state"]] = out["by_state"].get(r["state"], 0) + r["count"]
    out["by_state"] = dict(sorted(out["by_state"].items()))
    names = _names(catalog)
    for dim in ("procedure", "sector", "month"):
        groups: dict[Any, dict[str, Any]] = {}
        for r in rows:
            g = groups.setdefault(r[dim], {dim: r[dim], "total": 0, "by_state": {}})
            if dim == "procedure":
                g["code"] = r["procedure_code"] or g.get("code")
            g["total"] += r["count"]
            g["by_state"][r["state"]] = g["by_state"].get(r["state"], 0) + r["count"]
        for g in groups.values():
            if dim != "month":
                g["name"] = names[dim].get(g[dim])
            g["by_state"] = dict(sorted(g["by_state"].items()))
        out[f"by_{dim}"] = sorted(groups.values(), key=lambda g: (g[dim] is None, g[dim] or ""))
    out["rows"] = rows
    return out


def _names(catalog) -> dict[str, dict[str, str]]:
    if catalog is None:
        return {"procedure": {}, "sector": {}}
    return {"procedure": {p.key: p.name for p in catalog.procedures},
            "sector": {k: s.name for k, s in catalog.sectors.items()}}
