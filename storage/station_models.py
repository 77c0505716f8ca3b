"""Tables of the station (migration p0007_station): batches uploaded through it, who looked at which
dossier (the access log), reviewers' corrections as labelled data, and the search index of loaded
dossiers. Kept apart from pipeline_models so the station's tables do not touch the ingest's."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.pipeline_models import Base, utcnow


class Upload(Base):
    """A batch archive staff uploaded: queued -> ingesting -> done | failed; or refused (nothing kept)."""
    __tablename__ = "uploads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(String(200), index=True)  # not a key: a refused upload has no batch
    uploaded_by: Mapped[str] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(50))  # why refused or failed (a code)
    files: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    folder: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    exit_code: Mapped[int | None] = mapped_column(Integer)


class AccessEntry(Base):
    """One access to personal data: who, when, what, which dossier. Never the data itself (nor a
    search's words): `detail` holds kinds and counts only."""
    __tablename__ = "access_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_name: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(30))
    dossier_id: Mapped[str | None] = mapped_column(String(32), index=True)
    address: Mapped[str | None] = mapped_column(String(64))  # the client's IP address
    detail: Mapped[dict | None] = mapped_column(JSON)


class Correction(Base):
    """What a reviewer did to one value the machine read (or missed): labelled data for the extractor
    (field rows) and the classifier (the `procedure` row). outcome: accepted (the machine was right),
    corrected, removed (no such value on the page), added (the machine missed it)."""
    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    dossier_id: Mapped[str] = mapped_column(String(32), index=True)
    batch_id: Mapped[str] = mapped_column(String(200), index=True)
    key: Mapped[str] = mapped_column(String(100))  # a field key, or "procedure"
    outcome: Mapped[str] = mapped_column(String(20))
    machine_value: Mapped[str | None] = mapped_column(Text)
    machine_raw: Mapped[str | None] = mapped_column(Text)  # the OCR text the value came from
    machine_confidence: Mapped[float | None] = mapped_column(Float)
    value: Mapped[str | None] = mapped_column(Text)  # what the reviewer settled on (None: removed)
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[list | None] = mapped_column(JSON)
    reviewer: Mapped[str] = mapped_column(String(100))


class SearchEntry(Base):
    """A loaded dossier as search reads it: folded text (lower case, no tone marks), so one LIKE query
    finds 'Nguyễn' from 'nguyen' on SQLite, PostgreSQL and MariaDB alike. Rebuilt when the dossier
    changes (its updated_at is newer than indexed_at)."""
    __tablename__ = "search_index"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True)
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")  # page text and field values
    names: Mapped[str] = mapped_column(Text, default="")
    id_numbers: Mapped[str] = mapped_column(Text, default="")
    doc_numbers: Mapped[str] = mapped_column(Text, default="")
    doc_code: Mapped[str | None] = mapped_column(String(100), index=True)
