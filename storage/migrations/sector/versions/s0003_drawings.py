"""drawings: the record notes the drawings and maps a dossier holds, and on which pages

Revision ID: s0003_drawings
Revises: s0002_units
Create Date: 2026-12-02

has_drawings: the dossier holds design drawings or cadastral maps (line-art pages);
drawing_pages: [{"kind", "TypeName", "pages"}] of those sheets (sohoa.documents.sheet_pages).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import context, op

revision: str = "s0003_drawings"
down_revision: Union[str, Sequence[str], None] = "s0002_units"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _table() -> str:
    return context.config.attributes["table"]


def upgrade() -> None:
    with op.batch_alter_table(_table()) as batch:
        batch.add_column(sa.Column("has_drawings", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("drawing_pages", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(_table()) as batch:
        batch.drop_column("drawing_pages")
        batch.drop_column("has_drawings")
