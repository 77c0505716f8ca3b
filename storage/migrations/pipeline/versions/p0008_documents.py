"""Documents inside a dossier, its dossier code, and box files split at separator sheets

Revision ID: p0008_documents
Revises: p0007_station
Create Date: 2026-12-12 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'p0008_documents'
down_revision: Union[str, Sequence[str], None] = 'p0007_station'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers') as batch:
        batch.add_column(sa.Column('contents', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('dossier_code', sa.String(length=80), nullable=True))
        batch.add_column(sa.Column('code_info', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('parent_id', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('box', sa.JSON(), nullable=True))
    op.create_index(op.f('ix_dossiers_dossier_code'), 'dossiers', ['dossier_code'], unique=False)
    op.create_index(op.f('ix_dossiers_parent_id'), 'dossiers', ['parent_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_dossiers_parent_id'), table_name='dossiers')
    op.drop_index(op.f('ix_dossiers_dossier_code'), table_name='dossiers')
    with op.batch_alter_table('dossiers') as batch:
        for col in ('box', 'parent_id', 'code_info', 'dossier_code', 'contents'):
            batch.drop_column(col)
