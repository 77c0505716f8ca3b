"""The station's tables: uploaded batches, access log, reviewers' corrections, search index

Revision ID: p0007_station
Revises: p0006_api
Create Date: 2026-12-12 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'p0007_station'
down_revision: Union[str, Sequence[str], None] = 'p0006_api'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'uploads',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('batch_id', sa.String(length=200), nullable=False),
        sa.Column('uploaded_by', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.String(length=50), nullable=True),
        sa.Column('files', sa.Integer(), nullable=False),
        sa.Column('bytes', sa.BigInteger(), nullable=False),
        sa.Column('folder', sa.Text(), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('exit_code', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_uploads')),
    )
    op.create_index(op.f('ix_uploads_batch_id'), 'uploads', ['batch_id'], unique=False)
    op.create_index(op.f('ix_uploads_uploaded_by'), 'uploads', ['uploaded_by'], unique=False)
    op.create_table(
        'access_log',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_name', sa.String(length=100), nullable=False),
        sa.Column('action', sa.String(length=30), nullable=False),
        sa.Column('dossier_id', sa.String(length=32), nullable=True),
        sa.Column('address', sa.String(length=64), nullable=True),
        sa.Column('detail', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log')),
    )
    op.create_index(op.f('ix_access_log_at'), 'access_log', ['at'], unique=False)
    op.create_index(op.f('ix_access_log_user_name'), 'access_log', ['user_name'], unique=False)
    op.create_index(op.f('ix_access_log_dossier_id'), 'access_log', ['dossier_id'], unique=False)
    op.create_table(
        'corrections',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('dossier_id', sa.String(length=32), nullable=False),
        sa.Column('batch_id', sa.String(length=200), nullable=False),
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('machine_value', sa.Text(), nullable=True),
        sa.Column('machine_raw', sa.Text(), nullable=True),
        sa.Column('machine_confidence', sa.Float(), nullable=True),
        sa.Column('value', sa.Text(), nullable=True),
        sa.Column('page', sa.Integer(), nullable=True),
        sa.Column('bbox', sa.JSON(), nullable=True),
        sa.Column('reviewer', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_corrections')),
    )
    op.create_index(op.f('ix_corrections_dossier_id'), 'corrections', ['dossier_id'], unique=False)
    op.create_index(op.f('ix_corrections_batch_id'), 'corrections', ['batch_id'], unique=False)
    op.create_table(
        'search_index',
        sa.Column('dossier_id', sa.String(length=32), nullable=False),
        sa.Column('indexed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('names', sa.Text(), nullable=False),
        sa.Column('id_numbers', sa.Text(), nullable=False),
        sa.Column('doc_numbers', sa.Text(), nullable=False),
        sa.Column('doc_code', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'],
                                name=op.f('fk_search_index_dossier_id_dossiers'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('dossier_id', name=op.f('pk_search_index')),
    )
    op.create_index(op.f('ix_search_index_doc_code'), 'search_index', ['doc_code'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_search_index_doc_code'), table_name='search_index')
    op.drop_table('search_index')
    op.drop_index(op.f('ix_corrections_batch_id'), table_name='corrections')
    op.drop_index(op.f('ix_corrections_dossier_id'), table_name='corrections')
    op.drop_table('corrections')
    op.drop_index(op.f('ix_access_log_dossier_id'), table_name='access_log')
    op.drop_index(op.f('ix_access_log_user_name'), table_name='access_log')
    op.drop_index(op.f('ix_access_log_at'), table_name='access_log')
    op.drop_table('access_log')
    op.drop_index(op.f('ix_uploads_uploaded_by'), table_name='uploads')
    op.drop_index(op.f('ix_uploads_batch_id'), table_name='uploads')
    op.drop_table('uploads')
