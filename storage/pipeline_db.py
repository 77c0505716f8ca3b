"""Pipeline database: what happened to every batch, dossier, file, page and object.

Plain methods; the SQLAlchemy session never leaves this module. The schema is created / migrated with
Alembic on first use. A dossier is keyed by (batch, source), so re-running a batch updates rows in
place instead of adding new ones.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sohoa import __version__
from sohoa.documents import Classification, FieldValue, Page, sheet_pages
from storage import migrations
from storage.engines import make_engine
from storage.labels import add_corrections
from storage.pipeline_models import (Artifact, Batch, Document, Dossier, Event, FieldRow, ObjectRow, PageRow,
                                     ReviewItem, utcnow)

AGENT = f"sohoa {__version__}"
FINAL_STATES = ("loaded", "review", "quarantined", "duplicate", "split")  # split: a box file cut into dossiers
REVIEW_STATES = ("loaded", "rejected", "rescan")  # what a person may decide for a dossier in review
RETRYABLE_REASONS = ("sector_db_unavailable",)


@dataclass(frozen=True)
class DossierRef:
    id: str
    batch: str
    source: str
    state: str
    sha256: str | None
    reason: str | None = None


@dataclass(frozen=True)
class BatchRef:
    name: str
    source_dir: str | None
    started_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class DossierStatus:
    id: str
    source: str
    state: str
    reason: str | None
    reason_detail: str | None
    procedure_key: str | None
    pages: int


@dataclass(frozen=True)
class ObjectRef:
    key: str
    sha256: str
    size: int
    kind: str
    batch: str | None
    dossier_id: str | None


@dataclass(frozen=True)
class EventView:
    at: datetime
    step: str
    outcome: str
    agent: str
    batch: str | None
    dossier_id: str | None
    object_key: str | None
    detail: dict | None


@dataclass
class DossierView:
    """Everything recorded about one dossier (used to build the export and the sector record)."""
    id: str
    batch: str
    source: str
    kind: str
    sha256: str | None
    state: str
    reason: str | None
    reason_detail: str | None
    classification: Classification | None
    fields: dict[str, FieldValue]
    page_texts: list[str]
    artifacts: dict[str, str]
    documents: list[dict[str, Any]] = field(default_factory=list)
    official_documents: list[dict[str, Any]] = field(default_factory=list)
    page_flags: dict[int, list[str]] = field(default_factory=dict)  # pages that have any
    contents: list[dict[str, Any]] = field(default_factory=list)  # the documents inside it
    dossier_code: str | None = None
    code_info: dict[str, Any] | None = None
    box: dict[str, Any] | None = None  # a box file: its parts; a part: the box and its pages


class AlreadyResolved(Exception):
    """The dossier has no open review item (resolved before, or never sent to review)."""


def dossier_id(batch: str, source: str) -> str:
    """Stable id from (batch, source): the same dossier keeps its id across re-runs."""
    return hashlib.sha256(f"{batch}\0{source}".encode()).hexdigest()[:32]


class PipelineDB:
    def __init__(self, url: str, *, migrate: bool = True):
        self.url = url
        self.engine = make_engine(url)
        if migrate:
            migrations.upgrade(self.engine, "pipeline")
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def _tx(self) -> Session:
        return self._sessions.begin()

    # batches -----------------------------------------------------------------------------------------
    def start_batch(self, name: str, source_dir: str | None = None, pipeline_version: str = __version__) -> str:
        """Register a batch, or count one more run of an existing one. Runs of one batch may start at
        the same moment: the count is one UPDATE (no read-modify-write), and of two runs that both found
        no row to update, the loser of the insert race counts its run as an update."""
        try:
            self._start_batch(name, source_dir, pipeline_version)
        except IntegrityError:
            self._start_batch(name, source_dir, pipeline_version)
        return name

    def _start_batch(self, name: str, source_dir: str | None, pipeline_version: str) -> None:
        again = {"runs": Batch.runs + 1, "finished_at": None, "pipeline_version": pipeline_version}
        if source_dir:
            again["source_dir"] = source_dir
        with self._tx() as s:
            if not s.execute(update(Batch).where(Batch.id == name).values(**again)).rowcount:
                s.add(Batch(id=name, source_dir=source_dir, pipeline_version=pipeline_version, runs=1))
            s.add(Event(batch_id=name, step="batch", outcome="started", agent=AGENT,
                        detail={"source_dir": source_dir}))

    def finish_batch(self, name: str) -> None:
        with self._tx() as s:
            s.execute(update(Batch).where(Batch.id == name).values(finished_at=utcnow()))
            s.add(Event(batch_id=name, step="batch", outcome="finished", agent=AGENT))

    def batch_exists(self, name: str) -> bool:
        with self._sessions() as s:
            return s.get(Batch, name) is not None

    def batch_ref(self, name: str) -> BatchRef | None:
        with self._sessions() as s:
            row = s.get(Batch, name)
            return BatchRef(row.id, row.source_dir, row.started_at, row.finished_at) if row else None

    def batches_from(self, source_dir: str) -> list[BatchRef]:
        """Batches ingested from this source (a watched folder's entry, an inbox prefix), oldest first."""
        with self._sessions() as s:
            rows = s.scalars(select(Batch).where(Batch.source_dir == source_dir).order_by(Batch.started_at)).all()
            return [BatchRef(r.id, r.source_dir, r.started_at, r.finished_at) for r in rows]

    def list_batches(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(Batch.id).order_by(Batch.started_at)))

    # dossiers ----------------------------------------------------------------------------------------
    def begin_dossier(self, batch: str, source: str, kind: str, sha256: str | None = None, *,
                      parent_id: str | None = None) -> str:
        """Create the dossier (or reset a re-run one to `processing`) and return its id. A `part` is a
        dossier cut from the box file `parent_id`."""
        if kind not in ("file", "folder", "part"):
            raise ValueError(f"kind must be file, folder or part, not {kind!r}")
        did = dossier_id(batch, source)
        with self._tx() as s:
            row = s.get(Dossier, did)
            if row is None:
                s.add(Dossier(id=did, batch_id=batch, source=source, kind=kind, sha256=sha256, parent_id=parent_id))
            else:
                row.state, row.reason, row.reason_detail, row.duplicate_of = "processing", None, None, None
                row.kind, row.parent_id, row.box = kind, parent_id, None
                if sha256 is not None:
                    row.sha256 = sha256
        return did

    def set_dossier_sha256(self, dossier_id: str, sha256: str) -> None:
        with self._tx() as s:
            s.execute(update(Dossier).where(Dossier.id == dossier_id).values(sha256=sha256))

    def find_duplicate(self, sha256: str, *, exclude_dossier: str | None = None) -> DossierRef | None:
        """The earliest other dossier holding this content (as a whole or as one of its files), if any.
        Dossiers that are themselves duplicates are not returned: the first copy is. A dossier still
        processing counts only when it began before `exclude_dossier`, so two batches ingesting the same
        content at once never both wait on each other: the earlier one processes it."""
        with self._sessions() as s:
            by_file = select(Document.dossier_id).where(Document.sha256 == sha256)
            q = (select(Dossier)
                 .where((Dossier.sha256 == sha256) | Dossier.id.in_(by_file))
                 .where(Dossier.state != "duplicate")
                 .order_by(Dossier.received_at, Dossier.id))
            me = s.get(Dossier, exclude_dossier) if exclude_dossier else None
            if exclude_dossier:
                q = q.where(Dossier.id != exclude_dossier)
            if me is not None:
                began_before = or_(Dossier.received_at < me.received_at,
                                   and_(Dossier.received_at == me.received_at, Dossier.id < me.id))
                q = q.where(or_(Dossier.state != "processing", began_before))
            row = s.scalars(q.limit(1)).first()
            return _ref(row) if row else None

    def get_dossier(self, dossier_id: str) -> DossierRef | None:
        with self._sessions() as s:
            row = s.get(Dossier, dossier_id)
            return _ref(row) if row else None

    def add_document(self, dossier_id: str, name: str, sha256: str, size: int, *, object_key: str | None = None,
                     media_type: str | None = None, state: str = "ok", reason: str | None = None) -> None:
        """Record one dropped file of the dossier (upsert by name)."""
        with self._tx() as s:
            row = s.scalars(select(Document).where(Document.dossier_id == dossier_id,
                                                   Document.name == name)).first()
            if row is None:
                row = Document(dossier_id=dossier_id, name=name)
                s.add(row)
            row.sha256, row.size, row.object_key = sha256, size, object_key
            row.media_type, row.state, row.reason = media_type, state, reason

    def record_object(self, key: str, sha256: str, size: int, kind: str, *, batch: str | None = None,
                      dossier_id: str | None = None) -> None:
        """Remember an object written to the store (what fixity checks later compare against).
        Two dossiers of one batch may hold the same file and record it at the same moment: the loser of
        the insert race sees an IntegrityError and records again as an update."""
        try:
            self._record_object(key, sha256, size, kind, batch, dossier_id)
        except IntegrityError:
            self._record_object(key, sha256, size, kind, batch, dossier_id)

    def _record_object(self, key, sha256, size, kind, batch, dossier_id) -> None:
        with self._tx() as s:
            row = s.get(ObjectRow, key)
            if row is None:
                s.add(ObjectRow(key=key, sha256=sha256, size=size, kind=kind, batch_id=batch, dossier_id=dossier_id))
            else:
                row.sha256, row.size, row.kind = sha256, size, kind
                row.batch_id = row.batch_id or batch  # an original shared by batches keeps its first batch
                row.dossier_id = row.dossier_id or dossier_id
            if kind == "original":
                s.add(Event(batch_id=batch, dossier_id=dossier_id, object_key=key, step="ingestion",
                            outcome="stored" if row is None else "already_stored", agent=AGENT))
            s.add(Event(batch_id=batch, dossier_id=dossier_id, object_key=key, step="checksum", outcome="ok",
                        agent=AGENT, detail={"sha256": sha256, "size": size}))

    def set_artifact(self, dossier_id: str, kind: str, key: str) -> None:
        """Dossier-level object key by kind: original, pdf, ocr_json, quarantine."""
        with self._tx() as s:
            row = s.scalars(select(Artifact).where(Artifact.dossier_id == dossier_id, Artifact.kind == kind)).first()
            if row is None:
                s.add(Artifact(dossier_id=dossier_id, kind=kind, key=key))
            else:
                row.key = key

    def set_pages(self, dossier_id: str, pages: list[Page], *, engine: str | None = None,
                  engine_version: str | None = None, master_keys: dict[int, str] | None = None) -> None:
        """Replace the dossier's pages (text, confidence, flags, OCR engine/version)."""
        master_keys = master_keys or {}
        with self._tx() as s:
            s.execute(delete(PageRow).where(PageRow.dossier_id == dossier_id))
            for p in pages:
                s.add(PageRow(dossier_id=dossier_id, number=p.number, source_file=p.source_file, source=p.source,
                              text=p.text, mean_conf=p.mean_conf, width=p.width, height=p.height, dpi=p.dpi,
                              rotation=p.rotation, skew=p.skew, flags=list(p.flags),
                              engine=engine if p.source == "ocr" else "text_layer",
                              engine_version=engine_version if p.source == "ocr" else None,
                              master_key=master_keys.get(p.number)))
            s.execute(update(Dossier).where(Dossier.id == dossier_id).values(page_count=len(pages)))

    def set_fields(self, dossier_id: str, fields: dict[str, FieldValue]) -> None:
        with self._tx() as s:
            _replace_fields(s, dossier_id, fields)
            # the dossier changed (the search index rebuilds what changed since it last looked)
            s.execute(update(Dossier).where(Dossier.id == dossier_id).values(updated_at=utcnow()))

    def set_official_documents(self, dossier_id: str, docs: list[dict[str, Any]]) -> None:
        """7197 minimum metadata of each official document (TypeName, CodeNumber, IssuedDate...)."""
        with self._tx() as s:
            s.execute(update(Dossier).where(Dossier.id == dossier_id).values(official_documents=docs))

    def set_contents(self, dossier_id: str, documents: list[dict[str, Any]], code: dict[str, Any] | None) -> None:
        """The documents inside the dossier and the dossier code read on it (None: none printed)."""
        with self._tx() as s:
            s.execute(update(Dossier).where(Dossier.id == dossier_id).values(
                contents=documents, code_info=code, dossier_code=(code or {}).get("value")))

    def set_box(self, dossier_id: str, box: dict[str, Any]) -> None:
        """On a box file: {parts: [{source, pages}], separator_pages}; on a part: {of, pages}."""
        with self._tx() as s:
            s.execute(update(Dossier).where(Dossier.id == dossier_id).values(box=box))

    def parts_of(self, dossier_id: str) -> list[DossierRef]:
        """The dossiers a box file was cut into, in source order."""
        with self._sessions() as s:
            rows = s.scalars(select(Dossier).where(Dossier.parent_id == dossier_id).order_by(Dossier.source))
            return [_ref(r) for r in rows]

    def drop_parts(self, dossier_id: str) -> list[str]:
        """Forget the parts of a box file whose content changed (their events stay); returns their ids."""
        with self._tx() as s:
            ids = list(s.scalars(select(Dossier.id).where(Dossier.parent_id == dossier_id)))
            if ids:
                s.execute(delete(Dossier).where(Dossier.id.in_(ids)))
        return ids

    def find_by_code(self, code: str) -> list[DossierRef]:
        """Dossiers whose receipt or cover printed this dossier code (any batch)."""
        with self._sessions() as s:
            rows = s.scalars(select(Dossier).where(Dossier.dossier_code == code).order_by(Dossier.received_at))
            return [_ref(r) for r in rows]

    def set_classification(self, dossier_id: str, c: Classification) -> None:
        with self._tx() as s:
            row = s.get(Dossier, dossier_id)
            if row is not None:
                _set_classification(row, c)

    def finish_dossier(self, dossier_id: str, state: str, reason: str | None = None, detail: str | None = None,
                       *, duplicate_of: str | None = None) -> None:
        """Set the final state. `review` opens a review item (one open item per dossier and reason)."""
        if state not in FINAL_STATES:
            raise ValueError(f"state must be one of {FINAL_STATES}, not {state!r}")
        reason = str(reason) if reason is not None else None
        with self._tx() as s:
            row = s.get(Dossier, dossier_id)
            if row is None:
                raise KeyError(dossier_id)
            row.state, row.reason, row.reason_detail, row.duplicate_of = state, reason, detail, duplicate_of
            open_items = s.scalars(select(ReviewItem).where(ReviewItem.dossier_id == dossier_id,
                                                            ReviewItem.resolved_at.is_(None))).all()
            for item in open_items:
                if state != "review" or item.reason != reason:
                    item.resolved_at, item.resolved_by, item.resolution = utcnow(), AGENT, f"superseded: {state}"
            if state == "review" and not any(i.reason == reason for i in open_items):
                s.add(ReviewItem(dossier_id=dossier_id, reason=reason or "unspecified", detail=detail))

    def resolve_review(self, dossier_id: str, user: str, resolution: str, state: str, *,
                       fields: dict[str, FieldValue] | None = None, classification: Classification | None = None,
                       reason: str | None = None, detail: str | None = None,
                       event_detail: dict[str, Any] | None = None,
                       corrections: list[dict[str, Any]] | None = None) -> None:
        """A person closes the dossier's open review items, in one transaction with what they decided:
        the fields and procedure they set, the new state, a provenance event in their name and the
        labelled data their decision makes (storage.labels).
        Raises AlreadyResolved (and changes nothing) when no item is open, e.g. another reviewer was first."""
        if state not in REVIEW_STATES:
            raise ValueError(f"state must be one of {REVIEW_STATES}, not {state!r}")
        with self._tx() as s:
            row = s.get(Dossier, dossier_id)
            if row is None:
                raise KeyError(dossier_id)
            closed = s.execute(update(ReviewItem)
                               .where(ReviewItem.dossier_id == dossier_id, ReviewItem.resolved_at.is_(None))
                               .values(resolved_at=utcnow(), resolved_by=user, resolution=resolution)).rowcount
            if not closed:
                raise AlreadyResolved(dossier_id)
            if fields is not None:
                _replace_fields(s, dossier_id, fields)
            if classification is not None:
                _set_classification(row, classification)
            row.state, row.reason, row.reason_detail = state, reason, detail
            s.add(Event(batch_id=row.batch_id, dossier_id=dossier_id, step="review", outcome=state, agent=user,
                        detail=event_detail))
            if corrections:
                add_corrections(s, dossier_id, row.batch_id, user, corrections)

    def add_event(self, step: str, outcome: str, *, agent: str = AGENT, batch: str | None = None,
                  dossier_id: str | None = None, object_key: str | None = None,
                  detail: dict[str, Any] | None = None) -> None:
        """Provenance log. Steps: ingestion, checksum, ocr, extraction, classification, load, review, fixity.
        Keep personal data (names, ID numbers) out of `detail`."""
        with self._tx() as s:
            s.add(Event(batch_id=batch, dossier_id=dossier_id, object_key=object_key, step=step, outcome=outcome,
                        agent=agent, detail=detail))

    # queries -----------------------------------------------------------------------------------------
    def batch_status(self, batch: str) -> list[DossierStatus]:
        """Per-dossier state and reason, in source order (for `sohoa status`)."""
        with self._sessions() as s:
            rows = s.scalars(select(Dossier).where(Dossier.batch_id == batch).order_by(Dossier.source)).all()
            return [DossierStatus(r.id, r.source, r.state, r.reason, r.reason_detail, r.procedure_key, r.page_count)
                    for r in rows]

    def state_counts(self, batch: str) -> dict[str, int]:
        with self._sessions() as s:
            rows = s.execute(select(Dossier.state, func.count()).where(Dossier.batch_id == batch)
                             .group_by(Dossier.state)).all()
            return {state: n for state, n in rows}

    def reason_counts(self, batch: str) -> dict[str, int]:
        with self._sessions() as s:
            rows = s.execute(select(Dossier.reason, func.count()).where(Dossier.batch_id == batch,
                                                                        Dossier.reason.is_not(None))
                             .group_by(Dossier.reason)).all()
            return {reason: n for reason, n in rows}

    def dossier_view(self, dossier_id: str) -> DossierView:
        with self._sessions() as s:
            row = s.get(Dossier, dossier_id)
            if row is None:
                raise KeyError(dossier_id)
            return self._view(s, row)

    def dossier_views(self, batch: str) -> list[DossierView]:
        """All dossiers of a batch, in source order; five queries whatever the batch size."""
        with self._sessions() as s:
            rows = s.scalars(select(Dossier).where(Dossier.batch_id == batch).order_by(Dossier.source)).all()
            ids = select(Dossier.id).where(Dossier.batch_id == batch)
            children = {}
            for model, order in ((PageRow, PageRow.number), (FieldRow, FieldRow.key), (Artifact, Artifact.kind),
                                 (Document, Document.name)):
                grouped: dict[str, list] = {}
                for child in s.scalars(select(model).where(model.dossier_id.in_(ids)).order_by(order)):
                    grouped.setdefault(child.dossier_id, []).append(child)
                children[model] = grouped
            return [_build_view(r, *(children[m].get(r.id, []) for m in (PageRow, FieldRow, Artifact, Document)))
                    for r in rows]

    def export_records(self, batch: str, threshold: float | None = None) -> list[dict[str, Any]]:
        """One dict per dossier in the export JSON shape (`sohoa export --batch B`); with the review
        threshold, each field says whether it is in the sector database."""
        return [export_record(v, threshold) for v in self.dossier_views(batch)]

    def retryable(self, batch: str | None = None) -> list[DossierRef]:
        """Dossiers waiting for a database that was down (state review, retryable reason)."""
        with self._sessions() as s:
            q = select(Dossier).where(Dossier.state == "review", Dossier.reason.in_(RETRYABLE_REASONS))
            if batch:
                q = q.where(Dossier.batch_id == batch)
            return [_ref(r) for r in s.scalars(q.order_by(Dossier.batch_id, Dossier.source))]

    def reviewed_dossiers(self, batch: str) -> set[str]:
        """Dossiers of the batch a person decided (a review item resolved by someone, not superseded by
        the pipeline)."""
        with self._sessions() as s:
            q = (select(ReviewItem.dossier_id).join(Dossier, Dossier.id == ReviewItem.dossier_id)
                 .where(Dossier.batch_id == batch, ReviewItem.resolved_at.is_not(None),
                        ReviewItem.resolved_by != AGENT))
            return set(s.scalars(q).all())

    def open_reviews(self, batch: str | None = None) -> list[dict[str, Any]]:
        with self._sessions() as s:
            q = (select(ReviewItem, Dossier).join(Dossier, Dossier.id == ReviewItem.dossier_id)
                 .where(ReviewItem.resolved_at.is_(None)))
            if batch:
                q = q.where(Dossier.batch_id == batch)
            return [{"dossier_id": d.id, "batch": d.batch_id, "source": d.source, "reason": i.reason,
                     "detail": i.detail, "created_at": i.created_at} for i, d in s.execute(q.order_by(ReviewItem.id))]

    def objects(self, batch: str | None = None) -> list[ObjectRef]:
        """Objects recorded for a batch (or all), for fixity checks."""
        with self._sessions() as s:
            q = select(ObjectRow).order_by(ObjectRow.key)
            if batch:
                in_batch = select(Dossier.id).where(Dossier.batch_id == batch)
                q = q.where((ObjectRow.batch_id == batch) | ObjectRow.dossier_id.in_(in_batch)
                            | ObjectRow.key.in_(select(Document.object_key).where(Document.dossier_id.in_(in_batch)))
                            | ObjectRow.key.in_(select(Artifact.key).where(Artifact.dossier_id.in_(in_batch))))
            return [ObjectRef(o.key, o.sha256, o.size, o.kind, o.batch_id, o.dossier_id) for o in s.scalars(q)]

    def mark_checked(self, key: str, result: str, *, batch: str | None = None, detail: dict | None = None) -> None:
        """Store a fixity result on the object and in the provenance log."""
        with self._tx() as s:
            s.execute(update(ObjectRow).where(ObjectRow.key == key).values(last_checked_at=utcnow(), last_check=result))
            s.add(Event(batch_id=batch, object_key=key, step="fixity", outcome=result, agent=AGENT, detail=detail))

    def events(self, *, batch: str | None = None, dossier_id: str | None = None,
               object_key: str | None = None) -> list[EventView]:
        with self._sessions() as s:
            q = select(Event).order_by(Event.id)
            if batch:
                q = q.where(Event.batch_id == batch)
            if dossier_id:
                q = q.where(Event.dossier_id == dossier_id)
            if object_key:
                q = q.where(Event.object_key == object_key)
            return [EventView(e.at, e.step, e.outcome, e.agent, e.batch_id, e.dossier_id, e.object_key, e.detail)
                    for e in s.scalars(q)]

    def counts(self) -> dict[str, int]:
        """Row counts per table (used to prove re-runs add nothing)."""
        out = {}
        with self._sessions() as s:
            for model in (Batch, Dossier, Document, PageRow, FieldRow, Artifact, ObjectRow, ReviewItem):
                out[model.__tablename__] = s.scalar(select(func.count()).select_from(model))
        return out

    @staticmethod
    def _view(s: Session, row: Dossier) -> DossierView:
        def rows(model, order):
            return s.scalars(select(model).where(model.dossier_id == row.id).order_by(order)).all()

        return _build_view(row, rows(PageRow, PageRow.number), rows(FieldRow, FieldRow.key),
                           rows(Artifact, Artifact.kind), rows(Document, Document.name))


def _build_view(row: Dossier, pages, fields, arts, docs) -> DossierView:
    cls = None
    if row.procedure_key or row.class_reason or row.model_version:
        cls = Classification(key=row.procedure_key, code=row.procedure_code, sector=row.sector,
                             confidence=row.class_confidence or 0.0, method=row.class_method or "",
                             model_version=row.model_version, reason=row.class_reason)
    return DossierView(
        id=row.id, batch=row.batch_id, source=row.source, kind=row.kind, sha256=row.sha256, state=row.state,
        reason=row.reason, reason_detail=row.reason_detail, classification=cls,
        fields={f.key: FieldValue(value=f.value, raw=f.raw, confidence=f.confidence, page=f.page,
                                  bbox=tuple(f.bbox) if f.bbox else None, valid=f.valid, problem=f.problem,
                                  confirmed_by=f.confirmed_by)
                for f in fields},
        page_texts=[p.text for p in pages],
        artifacts={a.kind: a.key for a in arts},
        documents=[{"name": d.name, "sha256": d.sha256, "size": d.size, "object_key": d.object_key,
                    "state": d.state, "reason": d.reason} for d in docs],
        official_documents=list(row.official_documents or []),
        page_flags={p.number: list(p.flags) for p in pages if p.flags},
        contents=list(row.contents or []), dossier_code=row.dossier_code, code_info=row.code_info, box=row.box)


def export_record(v: DossierView, threshold: float | None = None) -> dict[str, Any]:
    from extraction.units import names_a_unit, todays_unit  # the units table loads in ~1 s: only here

    c = v.classification

    def loaded(f: FieldValue) -> bool | None:  # the same rule storage.loading applies to the sector record
        return None if threshold is None else v.state == "loaded" and f.certain(threshold)

    return {
        "source": v.source,
        "sha256": v.sha256,
        "status": v.state,
        "reason": v.reason,
        "reason_detail": v.reason_detail,  # e.g. the field or file a reviewer should look at
        "dossier_id": v.id,  # what `sohoa review resolve` takes
        "pages": len(v.page_texts),
        "text": "\f".join(v.page_texts),
        # e.g. ocr_failed, blank_page, pdf_javascript: what a reader of the page should know
        "page_flags": {str(n): f for n, f in sorted(v.page_flags.items())},
        "procedure": ({"key": c.key, "code": c.code, "sector": c.sector, "confidence": c.confidence}
                      if c is not None and c.key else None),
        "fields": {k: {"value": f.value, "confidence": f.confidence, "page": f.page,
                       "bbox": list(f.bbox) if f.bbox else None, "confirmed_by": f.confirmed_by,
                       "problem": f.problem,  # why not certain: a validator's finding, or 'handwritten'
                       "loaded": loaded(f),
                       # a printed place/agency in today's units; None with candidates when split
                       **(todays_unit(k, f.value if f.valid else None).fields() if names_a_unit(k) else {})}
                   for k, f in v.fields.items()},
        "artifacts": {"original": v.artifacts.get("original"), "pdf": v.artifacts.get("pdf")},
        "official_documents": v.official_documents,  # 7197 metadata; `missing` names what review must add
        # in page order, every page in one: {kind, first_page, last_page, title, confidence, metadata, ...}
        "documents": v.contents,
        "dossier_code": v.dossier_code,  # mã hồ sơ from its receipt or cover: the one-stop system's key
        "dossier_code_read": v.code_info,  # source (barcode|text), page, confidence; candidates if they differ
        **_box_keys(v.box),
        "drawings": sheet_pages(v.page_flags),  # design drawings and cadastral maps: kind, TypeName, pages
    }


def _box_keys(box: dict[str, Any] | None) -> dict[str, Any]:
    """A box file lists its parts and separator pages; a part names its box and pages in it."""
    if not box:
        return {}
    if "of" in box:
        return {"part_of": box}
    return {"parts": box.get("parts", []), "separator_pages": box.get("separator_pages", [])}


def _replace_fields(s: Session, dossier_id: str, fields: dict[str, FieldValue]) -> None:
    s.execute(delete(FieldRow).where(FieldRow.dossier_id == dossier_id))
    for key, f in fields.items():
        s.add(FieldRow(dossier_id=dossier_id, key=key, value=f.value, raw=f.raw, confidence=f.confidence,
                       page=f.page, bbox=list(f.bbox) if f.bbox else None, valid=f.valid, problem=f.problem,
                       confirmed_by=f.confirmed_by))


def _set_classification(row: Dossier, c: Classification) -> None:
    row.procedure_key, row.procedure_code, row.sector = c.key, c.code, c.sector
    row.class_confidence, row.class_method, row.model_version, row.class_reason = (
        c.confidence, c.method, c.model_version, c.reason)


def _ref(row: Dossier) -> DossierRef:
    return DossierRef(row.id, row.batch_id, row.source, row.state, row.sha256, row.reason)
