"""Sector databases: one per sector (SOHOA_SECTOR_DB_<SECTOR>), one row per loaded dossier.

Loading is an upsert keyed by dossier id, one transaction per dossier, so re-running a batch updates
rows and never duplicates them. A database that is down is retried with back-off; if it stays down the
caller gets SectorDBUnavailable (a ReviewError with reason sector_db_unavailable) and the dossier waits
in that retryable state.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlalchemy import delete as sa_delete
from sqlalchemy import func, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from sohoa import __version__
from sohoa.documents import FieldValue
from sohoa.errors import Reason, ReviewError
from storage import migrations
from storage.engines import make_engine, redact
from storage.sector_models import (COLUMN_TYPES, LONG_TEXT_FIELDS, TEXT_LENGTH, default_table_name,
                                   records_table)

log = logging.getLogger(__name__)

DEFAULT_BACKOFF = (0.5, 2.0, 8.0)


class SectorDBUnavailable(ReviewError):
    def __init__(self, sector: str, detail: str):
        super().__init__(Reason.sector_db_unavailable, f"sector database {sector} unavailable", detail=detail)


@dataclass
class LoadReport:
    loaded: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # dossier id -> error class (no values: personal data)


class SectorRecord(BaseModel):
    dossier_id: str
    procedure_key: str
    procedure_code: str | None = None
    document_id: str | None = None
    batch: str | None = None
    source: str | None = None
    fields: dict[str, str | FieldValue] = PydField(default_factory=dict)
    confidence: float = 0.0
    pdf_key: str | None = None
    original_key: str | None = None
    pipeline_version: str = __version__
    component_digitised: bool = True
    result_file_attached: bool = False
    today_units: dict[str, dict] = PydField(default_factory=dict)  # extraction.units.todays_units
    drawings: list[dict] = PydField(default_factory=list)  # sohoa.documents.sheet_pages: kind, TypeName, pages


def record_row(rec: SectorRecord, loaded_at: datetime | None = None) -> dict[str, Any]:
    """Column values for one record: typed columns for known keys, the rest in `extra`."""
    row: dict[str, Any] = {c: None for c in COLUMN_TYPES}
    extra: dict[str, str] = {}
    for key, value in rec.fields.items():
        value = value.value if isinstance(value, FieldValue) else value
        kind = COLUMN_TYPES.get(key)
        if kind is date:
            try:
                row[key] = date.fromisoformat(value)
                continue
            except (TypeError, ValueError):
                pass
        elif kind is str and (len(value) <= TEXT_LENGTH or key in LONG_TEXT_FIELDS):
            row[key] = value
            continue
        extra[key] = value
    row.update(dossier_id=rec.dossier_id, document_id=rec.document_id, batch_id=rec.batch, source=rec.source,
               procedure_key=rec.procedure_key, procedure_code=rec.procedure_code, confidence=rec.confidence,
               pdf_key=rec.pdf_key, original_key=rec.original_key, pipeline_version=rec.pipeline_version,
               loaded_at=loaded_at or datetime.now(timezone.utc), component_digitised=rec.component_digitised,
               result_file_attached=rec.result_file_attached, has_drawings=bool(rec.drawings),
               drawing_pages=rec.drawings or None, extra=extra or None, today_units=rec.today_units or None)
    return row


_RETRYABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError)


class SectorDB:
    """Connects lazily: the schema is created (database too, on PostgreSQL/MariaDB) on first use."""

    def __init__(self, url: str, sector: str, *, table: str | None = None,
                 backoff: Sequence[float] = DEFAULT_BACKOFF, cooldown: float = 30.0):
        self.url, self.sector, self.backoff, self.cooldown = url, sector, tuple(backoff), cooldown
        self.table_name = table or default_table_name(sector)
        self.table = records_table(self.table_name)
        self._stmt = None
        self._schema_lock = threading.Lock()
        self._down_until = 0.0
        # no pre-ping: a failed load disposes the pool and is retried, which covers restarts
        self.engine = make_engine(url, pre_ping=False)
        self._ready = False

    def close(self) -> None:
        self.engine.dispose()

    def ensure_schema(self) -> None:
        if self._ready:
            return
        with self._schema_lock:
            if not self._ready:
                ensure_database(self.url)
                migrations.upgrade(self.engine, "sector", table=self.table_name)
                self._ready = True

    def load_record(self, record: SectorRecord) -> None:
        """Upsert one dossier's record in its own transaction, retrying while the database is down."""
        self._with_retry(lambda: self._upsert([record_row(record)]))

    def load_many(self, records: Iterable[SectorRecord], chunk: int = 1000) -> LoadReport:
        """Bulk upsert (re-loads, benchmarks): one transaction per chunk of records. Each record is one
        upsert statement, so it lands whole or not at all; a chunk refused for a data error is retried
        record by record so one bad record fails alone."""
        report, buf = LoadReport(), []
        for rec in records:
            buf.append(record_row(rec))
            if len(buf) >= chunk:
                self._load_chunk(buf, report)
                buf = []
        if buf:
            self._load_chunk(buf, report)
        return report

    def _load_chunk(self, rows: list[dict[str, Any]], report: LoadReport) -> None:
        try:
            self._with_retry(lambda: self._upsert(rows))
            report.loaded += len(rows)
        except sa_exc.DBAPIError:  # a data error; an outage comes out of _with_retry as SectorDBUnavailable
            for row in rows:
                try:
                    self._with_retry(lambda: self._upsert([row]))
                    report.loaded += 1
                except sa_exc.DBAPIError as one:
                    report.failed[row["dossier_id"]] = type(one.orig).__name__

    def delete(self, dossier_id: str) -> bool:
        """Remove a dossier's record (its content changed); True when there was one."""
        removed: list[int] = []

        def run() -> None:
            self.ensure_schema()
            with self.engine.begin() as conn:
                removed.append(conn.execute(sa_delete(self.table).where(self.table.c.dossier_id == dossier_id))
                               .rowcount)

        self._with_retry(run)
        return bool(removed and removed[-1])

    def get(self, dossier_id: str) -> dict[str, Any] | None:
        self.ensure_schema()
        with self.engine.connect() as conn:
            row = conn.execute(select(self.table).where(self.table.c.dossier_id == dossier_id)).mappings().first()
            return dict(row) if row else None

    def count(self, batch: str | None = None) -> int:
        self.ensure_schema()
        q = select(func.count()).select_from(self.table)
        if batch:
            q = q.where(self.table.c.batch_id == batch)
        with self.engine.connect() as conn:
            return conn.execute(q).scalar_one()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except _RETRYABLE:
            return False

    def _upsert(self, rows: list[dict[str, Any]]) -> None:
        self.ensure_schema()
        stmt = self._statement()
        with self.engine.begin() as conn:
            conn.execute(stmt, rows)

    def _statement(self):
        if self._stmt is None:  # built once: constructing the upsert costs more than running it
            self._stmt = upsert_statement(self.table, self.engine.dialect.name)
        return self._stmt

    def _with_retry(self, action) -> None:
        """Run action; on a connection-level failure wait the back-off steps and try again. After a
        full failure the database counts as down for `cooldown` seconds: later dossiers get one try
        each instead of the whole back-off, so a batch keeps moving while its records wait."""
        down = self._down_until > time.monotonic()
        delays = (0.0,) if down else (0.0,) + self.backoff
        last: Exception | None = None
        for attempt, delay in enumerate(delays, 1):
            if delay:
                time.sleep(delay)
            try:
                action()
                self._down_until = 0.0
                return
            except _RETRYABLE as e:
                last = e
                self.engine.dispose()  # drop pooled connections to the dead server
                log.warning("sector db %s (%s) attempt %d/%d failed: %s", self.sector, redact(self.url),
                            attempt, len(delays), type(getattr(e, "orig", None) or e).__name__)
        self._down_until = time.monotonic() + self.cooldown
        raise SectorDBUnavailable(self.sector, f"{type(last).__name__} after {len(delays)} attempts"
                                  + (" (database marked down)" if down else ""))


def upsert_statement(table, dialect: str):
    cols = [c.name for c in table.columns if c.name != "dossier_id"]
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
        ins = insert(table)
        return ins.on_conflict_do_update(index_elements=["dossier_id"], set_={c: ins.excluded[c] for c in cols})
    if dialect in ("mysql", "mariadb"):
        from sqlalchemy.dialects.mysql import insert
        ins = insert(table)
        return ins.on_duplicate_key_update({c: ins.inserted[c] for c in cols})
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
        ins = insert(table)
        return ins.on_conflict_do_update(index_elements=["dossier_id"], set_={c: ins.excluded[c] for c in cols})
    raise ValueError(f"unsupported sector database dialect {dialect}")


def ensure_database(url: str) -> None:
    """CREATE DATABASE on PostgreSQL / MariaDB when the named database does not exist yet."""
    u = make_url(url)
    backend = u.get_backend_name()
    if backend not in ("postgresql", "mysql", "mariadb") or not u.database:
        return
    probe = make_engine(url)
    try:
        with probe.connect():
            return
    except sa_exc.OperationalError as e:
        if "does not exist" not in str(e) and "Unknown database" not in str(e):
            raise
    finally:
        probe.dispose()
    name = u.database
    if backend == "postgresql":
        admin = make_engine(u.set(database="postgres").render_as_string(hide_password=False),
                            isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{_ident(name)}"'))
        finally:
            admin.dispose()
    else:
        admin = make_engine(u.set(database="").render_as_string(hide_password=False))
        try:
            with admin.begin() as conn:
                conn.execute(text(f"CREATE DATABASE IF NOT EXISTS `{_ident(name)}` "
                                  "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
        finally:
            admin.dispose()


def _ident(name: str) -> str:
    if not all(ch.isalnum() or ch in "_-" for ch in name):
        raise ValueError(f"unsafe database name {name!r}")
    return name
