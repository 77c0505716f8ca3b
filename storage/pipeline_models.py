"""Pipeline database tables (SQLAlchemy 2). Schema changes go through Alembic (storage/migrations/pipeline)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, BigInteger, Boolean, DateTime, Float, ForeignKey, Integer, MetaData, String,
                        Text, UniqueConstraint, Index)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Batch(Base):
    __tablename__ = "batches"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # the batch name given by the operator
    source_dir: Mapped[str | None] = mapped_column(Text)
    pipeline_version: Mapped[str | None] = mapped_column(String(50))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    runs: Mapped[int] = mapped_column(Integer, default=1)


class Dossier(Base):
    __tablename__ = "dossiers"
    __table_args__ = (UniqueConstraint("batch_id", "source"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(500))  # path relative to the dropped folder ("d1/" for folders)
    kind: Mapped[str] = mapped_column(String(10))  # file | folder
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(20), default="processing")
    reason: Mapped[str | None] = mapped_column(String(50))
    reason_detail: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(String(32))
    procedure_key: Mapped[str | None] = mapped_column(String(100))
    procedure_code: Mapped[str | None] = mapped_column(String(50))
    sector: Mapped[str | None] = mapped_column(String(50))
    class_confidence: Mapped[float | None] = mapped_column(Float)
    class_method: Mapped[str | None] = mapped_column(String(30))
    model_version: Mapped[str | None] = mapped_column(String(100))
    class_reason: Mapped[str | None] = mapped_column(String(100))
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    # 7197/BKHCN minimum metadata of each official document in the dossier (extraction.official_documents)
    official_documents: Mapped[list | None] = mapped_column(JSON)
    # the documents inside the dossier (extraction.read_dossier): kind, page range, title, confidence, 7197 metadata
    contents: Mapped[list | None] = mapped_column(JSON)
    # mã hồ sơ read from its receipt or cover sheet: the key to the one-stop system's record
    dossier_code: Mapped[str | None] = mapped_column(String(80), index=True)
    code_info: Mapped[dict | None] = mapped_column(JSON)  # where and how sure (extraction.dossier_code.find)
    # a dossier cut from a scanned box file: the box's dossier id; `box` on the box says into what
    parent_id: Mapped[str | None] = mapped_column(String(32), index=True)
    box: Mapped[dict | None] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Document(Base):
    """One dropped file (a dossier has one, or several for a folder)."""
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("dossier_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))  # relative to the dropped folder
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str | None] = mapped_column(String(20))
    object_key: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(20), default="ok")  # ok | quarantined
    reason: Mapped[str | None] = mapped_column(String(50))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PageRow(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("dossier_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    source_file: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(20))  # ocr | text_layer
    text: Mapped[str] = mapped_column(Text, default="")
    mean_conf: Mapped[float] = mapped_column(Float, default=0.0)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    dpi: Mapped[int] = mapped_column(Integer, default=0)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    skew: Mapped[float] = mapped_column(Float, default=0.0)
    flags: Mapped[list] = mapped_column(JSON, default=list)
    engine: Mapped[str | None] = mapped_column(String(50))
    engine_version: Mapped[str | None] = mapped_column(String(50))
    master_key: Mapped[str | None] = mapped_column(String(500))


class FieldRow(Base):
    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("dossier_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float)
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[list | None] = mapped_column(JSON)
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    problem: Mapped[str | None] = mapped_column(Text)
    confirmed_by: Mapped[str | None] = mapped_column(String(100))  # reviewer who typed or accepted it


class Artifact(Base):
    """Dossier-level object keys by kind: original, pdf, ocr_json, quarantine."""
    __tablename__ = "artifacts"
    __table_args__ = (UniqueConstraint("dossier_id", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(500))


class ObjectRow(Base):
    """Every object written, with the hash fixity checks compare against."""
    __tablename__ = "objects"
    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(30))
    batch_id: Mapped[str | None] = mapped_column(String(200), index=True)
    dossier_id: Mapped[str | None] = mapped_column(String(32), index=True)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_check: Mapped[str | None] = mapped_column(String(20))  # ok | missing | altered


class ReviewItem(Base):
    __tablename__ = "review_items"
    __table_args__ = (Index("ix_review_open", "dossier_id", "resolved_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(50))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolution: Mapped[str | None] = mapped_column(Text)


class Event(Base):
    """Provenance: one row per step on a dossier or object (who, when, outcome)."""
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    batch_id: Mapped[str | None] = mapped_column(String(200), index=True)
    dossier_id: Mapped[str | None] = mapped_column(String(32), index=True)
    object_key: Mapped[str | None] = mapped_column(String(500), index=True)
    step: Mapped[str] = mapped_column(String(30))  # ingestion, checksum, ocr, extraction, classification, load, review, fixity
    outcome: Mapped[str] = mapped_column(String(30))  # ok | failed | skipped | altered | missing ...
    agent: Mapped[str] = mapped_column(String(100))  # "sohoa 0.1.0" or a user name
    detail: Mapped[dict | None] = mapped_column(JSON)


class WorkItem(Base):
    """A dossier as a claimed unit of work: one owner at a time holds a lease it renews while it works;
    an expired lease may be taken over. `sha256` is the content the item is for: new content reopens
    a done item."""
    __tablename__ = "work_items"
    dossier_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(200), index=True)
    sha256: Mapped[str | None] = mapped_column(String(64))
    owner: Mapped[str | None] = mapped_column(String(200))  # host:pid:thread:nonce of the claimant
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims so far; > 1 means a takeover
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
