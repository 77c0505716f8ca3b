"""The station's records in the pipeline database: uploaded batches and the access log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from storage.pipeline_models import Batch, Dossier, utcnow
from storage.station_models import AccessEntry, Upload

OPEN_UPLOADS = ("queued", "ingesting")
# the pages' actions, then the REST API's (api_*: what a token read, kept apart so the log tells them apart)
ACTIONS = ("view_dossier", "view_review", "view_page", "view_pdf", "download_pdf", "search",
           "api_dossier", "api_record", "api_document", "api_download")


@dataclass(frozen=True)
class UploadView:
    id: int
    batch: str
    uploaded_by: str
    created_at: datetime
    state: str
    reason: str | None
    files: int
    bytes: int
    folder: str | None
    finished_at: datetime | None
    counts: dict[str, int]  # dossiers of the batch by state, as the ingest goes


@dataclass(frozen=True)
class AccessView:
    id: int
    at: datetime
    user: str
    action: str
    dossier_id: str | None
    source: str | None
    address: str | None
    detail: dict | None


class StationDB:
    def __init__(self, engine: Engine):
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # uploads -----------------------------------------------------------------------------------------
    def batch_taken(self, batch: str) -> bool:
        """A batch of that name was ingested or is on its way."""
        with self._sessions() as s:
            return (s.get(Batch, batch) is not None or
                    s.scalar(select(Upload.id).where(Upload.batch_id == batch, Upload.state != "refused")) is not None)

    def add_upload(self, batch: str, user: str, state: str, *, reason: str | None = None, files: int = 0,
                   size: int = 0, folder: str | None = None) -> int:
        with self._sessions.begin() as s:
            row = Upload(batch_id=batch, uploaded_by=user, state=state, reason=reason, files=files, bytes=size,
                         folder=folder, finished_at=utcnow() if state == "refused" else None)
            s.add(row)
            s.flush()
            return row.id

    def set_upload_state(self, upload_id: int, state: str, *, reason: str | None = None,
                         exit_code: int | None = None) -> None:
        values: dict[str, Any] = {"state": state, "reason": reason}
        if state == "ingesting":
            values["started_at"] = utcnow()
        elif state in ("done", "failed"):
            values.update(finished_at=utcnow(), exit_code=exit_code)
        with self._sessions.begin() as s:
            s.execute(update(Upload).where(Upload.id == upload_id).values(**values))

    def uploads(self, user: str | None = None, *, states: tuple[str, ...] | None = None,
                limit: int = 200) -> list[UploadView]:
        """Newest first; one user's, or everyone's."""
        with self._sessions() as s:
            q = select(Upload).order_by(Upload.id.desc()).limit(limit)
            if user:
                q = q.where(Upload.uploaded_by == user)
            if states:
                q = q.where(Upload.state.in_(states))
            return _views(s, s.scalars(q).all())

    def upload(self, upload_id: int) -> UploadView | None:
        with self._sessions() as s:
            row = s.get(Upload, upload_id)
            return _views(s, [row])[0] if row else None

    # access log --------------------------------------------------------------------------------------
    def log_access(self, user: str, action: str, dossier_id: str | None = None, *, address: str | None = None,
                   detail: dict[str, Any] | None = None) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown access action {action!r}")
        with self._sessions.begin() as s:
            s.add(AccessEntry(user_name=user, action=action, dossier_id=dossier_id, address=address, detail=detail))

    def access_log(self, *, user: str | None = None, dossier_id: str | None = None, action: str | None = None,
                   before: int | None = None, limit: int = 100) -> list[AccessView]:
        """Newest first; `before` pages back (entries with a smaller id)."""
        with self._sessions() as s:
            q = (select(AccessEntry, Dossier.source).outerjoin(Dossier, Dossier.id == AccessEntry.dossier_id)
                 .order_by(AccessEntry.id.desc()).limit(limit))
            if user:
                q = q.where(AccessEntry.user_name == user)
            if dossier_id:
                q = q.where(AccessEntry.dossier_id.startswith(dossier_id, autoescape=True))
            if action:
                q = q.where(AccessEntry.action == action)
            if before:
                q = q.where(AccessEntry.id < before)
            return [AccessView(e.id, e.at, e.user_name, e.action, e.dossier_id, source, e.address, e.detail)
                    for e, source in s.execute(q)]


def _views(s, rows: list[Upload]) -> list[UploadView]:
    """With each batch's dossiers counted by state (one query)."""
    counts: dict[str, dict[str, int]] = {}
    batches = [r.batch_id for r in rows if r.state != "refused"]
    if batches:
        for batch, state, n in s.execute(select(Dossier.batch_id, Dossier.state, func.count())
                                         .where(Dossier.batch_id.in_(batches))
                                         .group_by(Dossier.batch_id, Dossier.state)):
            counts.setdefault(batch, {})[state] = n
    return [UploadView(r.id, r.batch_id, r.uploaded_by, r.created_at, r.state, r.reason, r.files, r.bytes,
                       r.folder, r.finished_at, counts.get(r.batch_id, {}) if r.state != "refused" else {})
            for r in rows]
