"""Who confirmed a field value in review (typed or accepted it)

Revision ID: p0003
Revises: p0002
Create Date: 2026-12-02 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'p0003'
down_revision: Union[str, Sequence[str], None] = 'p0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('fields') as batch:
        batch.add_column(sa.Column('confirmed_by', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('fields') as batch:
        batch.drop_column('confirmed_by')
