"""What the operator's pages show: batches with their counts by state, quarantined dossiers and
files, and fixity checks started from the station (each a provenance event in the operator's name).
Plain functions over the pipeline database; no web framework here."""
from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from sohoa.config import Settings
from storage.pipeline_db import EventView, PipelineDB
from storage.pipeline_models import Batch, Document, Dossier, Event

log = logging.getLogger("sohoa.web")
LISTED_KEYS = 50  # bad object keys kept in a fixity run's event; the counts are complete


@dataclass(frozen=True)
class BatchRow:
    id: str
    started_at: datetime
    finished_at: datetime | None
    runs: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def batches(engine: Engine) -> list[BatchRow]:
    """Every batch, newest first, with its dossiers counted by state (two queries)."""
    with Session(engine) as s:
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for batch, state, n in s.execute(select(Dossier.batch_id, Dossier.state, func.count())
                                         .group_by(Dossier.batch_id, Dossier.state)):
            counts[batch][state] = n
        return [BatchRow(b.id, b.started_at, b.finished_at, b.runs, dict(counts.get(b.id, {})))
                for b in s.scalars(select(Batch).order_by(Batch.started_at.desc(), Batch.id))]


@dataclass(frozen=True)
class QuarantineRow:
    batch: str
    dossier_id: str
    source: str
    file: str | None  # None: the whole dossier is quarantined
    reason: str
    detail: str | None
    at: datetime


def quarantined(engine: Engine, limit: int = 1000) -> tuple[list[QuarantineRow], int]:
    """Quarantined dossiers, and bad files of dossiers that went on to review, newest first; the
    newest `limit` of them and how many there are in all."""
    whole = select(Dossier).where(Dossier.state == "quarantined")
    parts = (select(Document, Dossier).join(Dossier, Dossier.id == Document.dossier_id)
             .where(Document.state == "quarantined", Dossier.state != "quarantined"))
    with Session(engine) as s:
        total = (s.scalar(select(func.count()).select_from(whole.subquery()))
                 + s.scalar(select(func.count()).select_from(parts.subquery())))
        rows = [QuarantineRow(d.batch_id, d.id, d.source, None, d.reason or "unspecified", d.reason_detail,
                              d.updated_at)
                for d in s.scalars(whole.order_by(Dossier.updated_at.desc()).limit(limit))]
        rows += [QuarantineRow(d.batch_id, d.id, d.source, f.name, f.reason or "unspecified", None, f.received_at)
                 for f, d in s.execute(parts.order_by(Document.received_at.desc()).limit(limit))]
    rows.sort(key=lambda r: _aware(r.at), reverse=True)
    return rows[:limit], total


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def last_fixity_run(engine: Engine) -> EventView | None:
    with Session(engine) as s:
        e = s.scalars(select(Event).where(Event.step == "fixity", Event.outcome.in_(("run", "run_failed")))
                      .order_by(Event.id.desc()).limit(1)).first()
        return EventView(e.at, e.step, e.outcome, e.agent, e.batch_id, e.dossier_id, e.object_key,
                         e.detail) if e else None


class FixityRunner:
    """At most one fixity check at a time from this station, on a thread of its own: a whole store
    may take long, the page shows the result when it is there."""

    def __init__(self):
        self._lock = threading.Lock()
        self.current: tuple[str, str | None, datetime] | None = None  # who, which batch, since when

    def start(self, settings: Settings, user: str, batch: str | None) -> threading.Thread | None:
        """None when a check is running already."""
        with self._lock:
            if self.current is not None:
                return None
            self.current = (user, batch, datetime.now(timezone.utc))
        try:
            _event(settings, "requested", user, batch, {"scope": batch or "all"})
            thread = threading.Thread(target=self._run, args=(settings, user, batch), name="fixity", daemon=True)
            thread.start()
        except BaseException:
            self.current = None
            raise
        return thread

    def _run(self, settings: Settings, user: str, batch: str | None) -> None:
        from storage.fixity import run_fixity

        try:
            report = run_fixity(settings, batch)
            outcome = "run"
            detail = {"scope": batch or "all", "checked": report.checked, "ok": report.ok,
                      "missing_count": len(report.missing), "altered_count": len(report.altered),
                      "missing": report.missing[:LISTED_KEYS], "altered": report.altered[:LISTED_KEYS]}
        except Exception as exc:  # the store or the database went away: say so on the page
            log.error("fixity run failed: %s", type(exc).__name__)
            outcome, detail = "run_failed", {"scope": batch or "all", "error": type(exc).__name__}
        try:
            _event(settings, outcome, user, batch, detail)
        finally:
            self.current = None


def _event(settings: Settings, outcome: str, user: str, batch: str | None, detail: dict) -> None:
    db = PipelineDB(settings.pipeline_db_url, migrate=False)
    try:
        db.add_event("fixity", outcome, agent=user, batch=batch, detail=detail)
    finally:
        db.close()
