"""Work items: a lease per dossier so runs and workers never process one twice

Revision ID: p0004
Revises: p0003
Create Date: 2026-12-10 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'p0004'
down_revision: Union[str, Sequence[str], None] = 'p0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'work_items',
        sa.Column('dossier_id', sa.String(length=32), nullable=False),
        sa.Column('batch_id', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('owner', sa.String(length=200), nullable=True),
        sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('dossier_id', name=op.f('pk_work_items')),
    )
    op.create_index(op.f('ix_work_items_batch_id'), 'work_items', ['batch_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_work_items_batch_id'), table_name='work_items')
    op.drop_table('work_items')
