"""today's units: the printed places and agencies named in today's units (2025 reform)

Revision ID: s0002_units
Revises: s0001
Create Date: 2026-12-02

One JSON column, {field key: {"mapped": today's name or null, "candidates": [...]}}, next to the
printed value in its typed column: a legacy commune split between new ones has candidates only.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import context, op

revision: str = "s0002_units"
down_revision: Union[str, Sequence[str], None] = "s0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column(context.config.attributes["table"], sa.Column("today_units", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(context.config.attributes["table"]) as batch:
        batch.drop_column("today_units")
