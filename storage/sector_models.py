"""Sector database table: one row per loaded dossier, typed columns for the known field keys
(docs/design.md), a JSON column for any other field. Schema changes go through Alembic
(storage/migrations/sector)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s", "pk": "pk_%(table_name)s"}

DATE_FIELDS = ("applicant_birth_date", "subject_birth_date", "death_date", "signed_date")
TEXT_FIELDS = ("applicant_name", "applicant_id_number", "applicant_address", "phone", "subject_name",
               "subject_id_number", "subject_gender", "business_name", "business_address", "tax_code",
               "parcel_number", "map_sheet_number", "construction_address", "land_address",
               "document_number", "issuing_agency", "document_type", "subject_line")
FIELD_COLUMNS = TEXT_FIELDS + DATE_FIELDS


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SectorRecordRow(Base):
    __tablename__ = "records"
    dossier_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_id: Mapped[str | None] = mapped_column(String(100))  # DocCode of the digitised copy
    batch_id: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(500))
    procedure_key: Mapped[str] = mapped_column(String(100), index=True)
    procedure_code: Mapped[str | None] = mapped_column(String(50))
    confidence: Mapped[float] = mapped_column(Float)
    pdf_key: Mapped[str | None] = mapped_column(String(500))
    original_key: Mapped[str | None] = mapped_column(String(500))
    pipeline_version: Mapped[str] = mapped_column(String(50))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # flags read by the national service-quality index (QĐ 766, indicators 4.1/4.2)
    component_digitised: Mapped[bool] = mapped_column(Boolean, default=False)
    result_file_attached: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[dict | None] = mapped_column(JSON)  # fields without a typed column

    # procedure fields (docs/design.md field keys), all nullable
    applicant_name: Mapped[str | None] = mapped_column(String(200))
    applicant_id_number: Mapped[str | None] = mapped_column(String(200))
    applicant_address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(200))
    subject_name: Mapped[str | None] = mapped_column(String(200))
    subject_id_number: Mapped[str | None] = mapped_column(String(200))
    subject_gender: Mapped[str | None] = mapped_column(String(200))
    business_name: Mapped[str | None] = mapped_column(String(200))
    business_address: Mapped[str | None] = mapped_column(Text)
    tax_code: Mapped[str | None] = mapped_column(String(200))
    parcel_number: Mapped[str | None] = mapped_column(String(200))
    map_sheet_number: Mapped[str | None] = mapped_column(String(200))
    construction_address: Mapped[str | None] = mapped_column(Text)
    land_address: Mapped[str | None] = mapped_column(Text)
    document_number: Mapped[str | None] = mapped_column(String(200))
    issuing_agency: Mapped[str | None] = mapped_column(Text)
    document_type: Mapped[str | None] = mapped_column(String(200))
    subject_line: Mapped[str | None] = mapped_column(Text)
    applicant_birth_date: Mapped[date | None] = mapped_column(Date)
    subject_birth_date: Mapped[date | None] = mapped_column(Date)
    death_date: Mapped[date | None] = mapped_column(Date)
    signed_date: Mapped[date | None] = mapped_column(Date)


COLUMN_TYPES: dict[str, type] = {**{k: str for k in TEXT_FIELDS}, **{k: date for k in DATE_FIELDS}}
