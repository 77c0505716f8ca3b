"""REST API: tokens (hashed), the API's access log of personal data, document metadata set by people

Revision ID: p0006_api
Revises: p0005
Create Date: 2026-12-12 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'p0006_api'
down_revision: Union[str, Sequence[str], None] = 'p0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('user_name', sa.String(length=100), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_by', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['user_name'], ['users.name'], name=op.f('fk_api_tokens_user_name_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash')),
    )
    op.create_index(op.f('ix_api_tokens_user_name'), 'api_tokens', ['user_name'], unique=False)
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
    op.create_table(
        'document_metadata',
        sa.Column('dossier_id', sa.String(length=32), nullable=False),
        sa.Column('doc_code', sa.String(length=100), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_document_metadata_dossier_id_dossiers'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('dossier_id', name=op.f('pk_document_metadata')),
    )
    op.create_index(op.f('ix_document_metadata_doc_code'), 'document_metadata', ['doc_code'], unique=False)


def downgrade() -> None:
    # dropping a table drops its indexes (MariaDB refuses to drop one a foreign key needs first)
    op.drop_table('document_metadata')
    op.drop_table('api_access_log')
    op.drop_table('api_tokens')
