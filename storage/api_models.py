"""Tables of the REST API (migration p0006_api): API tokens, and the 7197 document metadata a person
set through `PUT /api/v1/documents/{DocCode}`. The API's reads of personal data go to the station's
access log (station_models.AccessEntry, since p0009_one_access_log). Kept apart from pipeline_models
so the API's tables do not touch the ingest's."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.pipeline_models import Base, utcnow


class ApiToken(Base):
    """Only the SHA-256 of a token is kept (tokens are 256 random bits: a slow hash adds nothing)."""
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(100))


class DocumentMetadata(Base):
    """7197 metadata a person set for a dossier's digitised file; what they did not set comes from the
    machine's reading (Dossier.official_documents). A value of None is one they cleared."""
    __tablename__ = "document_metadata"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True)
    doc_code: Mapped[str] = mapped_column(String(100), index=True)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # 7197 name -> value
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100))
