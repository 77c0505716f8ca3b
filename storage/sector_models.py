"""Sector database table: one row per loaded dossier, typed columns for the known field keys
(docs/design.md), a JSON column for any other field. The table is named by the catalog's
`sector_table` (default `<sector>_records`). Schema changes go through Alembic (storage/migrations/sector).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Index, MetaData, String, Table, Text, false

DATE_FIELDS = ("applicant_birth_date", "subject_birth_date", "death_date", "signed_date")
TEXT_FIELDS = ("applicant_name", "applicant_id_number", "applicant_address", "phone", "subject_name",
               "subject_id_number", "subject_gender", "business_name", "business_address", "tax_code",
               "parcel_number", "map_sheet_number", "construction_address", "land_address",
               "document_number", "issuing_agency", "document_type", "subject_line")
LONG_TEXT_FIELDS = ("applicant_address", "business_address", "construction_address", "land_address",
                    "subject_line", "issuing_agency")
COLUMN_TYPES: dict[str, type] = {**{k: str for k in TEXT_FIELDS}, **{k: date for k in DATE_FIELDS}}
TEXT_LENGTH = 200


def default_table_name(sector: str) -> str:
    return f"{sector}_records"


def records_table(name: str, metadata: MetaData | None = None) -> Table:
    """The record table of one sector (or of one catalog `sector_table`)."""
    cols = [
        Column("dossier_id", String(32), primary_key=True),
        Column("document_id", String(100)),  # DocCode of the digitised copy
        Column("batch_id", String(200)),
        Column("source", String(500)),
        Column("procedure_key", String(100), nullable=False),
        Column("procedure_code", String(50)),
        Column("confidence", Float, nullable=False),
        Column("pdf_key", String(500)),
        Column("original_key", String(500)),
        Column("pipeline_version", String(50), nullable=False),
        Column("loaded_at", DateTime(timezone=True), nullable=False),
        # flags read by the national service-quality index (QĐ 766, indicators 4.1/4.2)
        Column("component_digitised", Boolean, nullable=False),
        Column("result_file_attached", Boolean, nullable=False),
        # design drawings and cadastral maps in the dossier: [{"kind", "TypeName", "pages"}] (s0003_drawings)
        Column("has_drawings", Boolean, nullable=False, server_default=false()),
        Column("drawing_pages", JSON),
        Column("extra", JSON),  # fields without a typed column, or whose value does not fit it
        # places and agencies in today's units: {key: {"mapped": name | None, "candidates": [...]}}
        Column("today_units", JSON),
    ]
    cols += [Column(k, Text if k in LONG_TEXT_FIELDS else String(TEXT_LENGTH)) for k in TEXT_FIELDS]
    cols += [Column(k, Date) for k in DATE_FIELDS]
    return Table(name, metadata or MetaData(), *cols, Index(f"ix_{name}_procedure_key", "procedure_key"))
