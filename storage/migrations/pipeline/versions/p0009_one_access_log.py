"""One access log: the REST API's reads move from api_access_log into access_log (actions api_*)

Revision ID: p0009_one_access_log
Revises: p0008_documents
Create Date: 2026-12-13 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'p0009_one_access_log'
down_revision: Union[str, Sequence[str], None] = 'p0008_documents'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# what api_access_log called an action -> its name in access_log (CASE keeps the copy one portable
# INSERT ... SELECT: string concatenation is spelt differently on SQLite, PostgreSQL and MariaDB)
RENAMED = {'dossier': 'api_dossier', 'record': 'api_record', 'document': 'api_document', 'download': 'api_download'}

meta = sa.MetaData()
access_log = sa.Table(
    'access_log', meta,
    sa.Column('id', sa.Integer), sa.Column('at', sa.DateTime(timezone=True)), sa.Column('user_name', sa.String(100)),
    sa.Column('action', sa.String(30)), sa.Column('dossier_id', sa.String(32)), sa.Column('address', sa.String(64)),
    sa.Column('detail', sa.JSON))
api_access_log = sa.Table(
    'api_access_log', meta,
    sa.Column('id', sa.Integer), sa.Column('at', sa.DateTime(timezone=True)), sa.Column('user_name', sa.String(100)),
    sa.Column('dossier_id', sa.String(32)), sa.Column('action', sa.String(50)))


def upgrade() -> None:
    old = api_access_log.c
    op.execute(access_log.insert().from_select(
        ['at', 'user_name', 'action', 'dossier_id'],
        sa.select(old.at, old.user_name, sa.case(RENAMED, value=old.action, else_=old.action), old.dossier_id)
        .order_by(old.id)))
    op.drop_table('api_access_log')


def downgrade() -> None:
    op.create_table(
        'api_access_log',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_name', sa.String(length=100), nullable=False),
        sa.Column('dossier_id', sa.String(length=32), nullable=False),
        sa.Column('action', sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_access_log')),
    )
    op.create_index(op.f('ix_api_access_log_at'), 'api_access_log', ['at'], unique=False)
    op.create_index(op.f('ix_api_access_log_dossier_id'), 'api_access_log', ['dossier_id'], unique=False)
    new = access_log.c
    api_rows = new.action.in_(list(RENAMED.values())) & new.dossier_id.is_not(None)
    op.execute(api_access_log.insert().from_select(
        ['at', 'user_name', 'dossier_id', 'action'],
        sa.select(new.at, new.user_name, new.dossier_id,
                  sa.case({v: k for k, v in RENAMED.items()}, value=new.action)).where(api_rows).order_by(new.id)))
    op.execute(access_log.delete().where(new.action.in_(list(RENAMED.values()))))
