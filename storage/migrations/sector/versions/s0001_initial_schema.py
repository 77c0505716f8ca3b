"""initial schema: the sector record table

Revision ID: s0001
Revises:
Create Date: 2026-11-26

The table name comes from the migration config (`table` attribute, or -x table=/sector= on the
command line), so one script serves every sector database.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import context, op

revision: str = "s0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TEXT = ("applicant_name", "applicant_id_number", "applicant_address", "phone", "subject_name",
        "subject_id_number", "subject_gender", "business_name", "business_address", "tax_code",
        "parcel_number", "map_sheet_number", "construction_address", "land_address",
        "document_number", "issuing_agency", "document_type", "subject_line")
LONG = ("applicant_address", "business_address", "construction_address", "land_address", "subject_line",
        "issuing_agency")
DATES = ("applicant_birth_date", "subject_birth_date", "death_date", "signed_date")


def _table() -> str:
    return context.config.attributes["table"]


def upgrade() -> None:
    t = _table()
    op.create_table(
        t,
        sa.Column("dossier_id", sa.String(length=32), nullable=False),
        sa.Column("document_id", sa.String(length=100), nullable=True),
        sa.Column("batch_id", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("procedure_key", sa.String(length=100), nullable=False),
        sa.Column("procedure_code", sa.String(length=50), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("pdf_key", sa.String(length=500), nullable=True),
        sa.Column("original_key", sa.String(length=500), nullable=True),
        sa.Column("pipeline_version", sa.String(length=50), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("component_digitised", sa.Boolean(), nullable=False),
        sa.Column("result_file_attached", sa.Boolean(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=True),
        *[sa.Column(k, sa.Text() if k in LONG else sa.String(length=200), nullable=True) for k in TEXT],
        *[sa.Column(k, sa.Date(), nullable=True) for k in DATES],
        sa.PrimaryKeyConstraint("dossier_id", name=f"pk_{t}"),
    )
    op.create_index(f"ix_{t}_procedure_key", t, ["procedure_key"])


def downgrade() -> None:
    t = _table()
    op.drop_index(f"ix_{t}_procedure_key", table_name=t)
    op.drop_table(t)
