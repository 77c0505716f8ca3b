"""7197 metadata of the official documents in a dossier

Revision ID: p0002
Revises: p0001
Create Date: 2026-11-26 10:45:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'p0002'
down_revision: Union[str, Sequence[str], None] = 'p0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers') as batch:
        batch.add_column(sa.Column('official_documents', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossiers') as batch:
        batch.drop_column('official_documents')
