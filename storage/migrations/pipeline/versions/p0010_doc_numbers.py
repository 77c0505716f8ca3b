"""DocCode running numbers from one counter per agency and type, kept per dossier

Revision ID: p0010_doc_numbers
Revises: p0009_one_access_log
Create Date: 2026-12-13 10:00:00

Dossiers digitised before this migration were numbered per batch. Each keeps its number when no
dossier written earlier holds the same DocCode (so reprocessing rewrites the same code); the later
holders of a shared code get a new number the next time they are processed. Each counter starts
after the highest number already written, so no new code repeats an old one.
"""
import re
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'p0010_doc_numbers'
down_revision: Union[str, Sequence[str], None] = 'p0009_one_access_log'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# pdf/<batch>/<dossier id>/<MCQ>_<LV>_<STT>_V<n>_<YYYYMMDD>_<desc>.pdf, as storage.layout names it
PDF_NAME = re.compile(r"^([A-Za-z0-9.]+_[A-Za-z]+)_(\d{6})_V\d+_\d{8}_[A-Za-z0-9]+\.pdf$")

meta = sa.MetaData()
artifacts = sa.Table('artifacts', meta, sa.Column('dossier_id', sa.String(32)), sa.Column('kind', sa.String(30)),
                     sa.Column('key', sa.String(500)))
dossiers = sa.Table('dossiers', meta, sa.Column('id', sa.String(32)),
                    sa.Column('received_at', sa.DateTime(timezone=True)))


def upgrade() -> None:
    counters = op.create_table(
        'doc_counters',
        sa.Column('prefix', sa.String(length=50), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('prefix', name=op.f('pk_doc_counters')),
    )
    numbers = op.create_table(
        'doc_numbers',
        sa.Column('dossier_id', sa.String(length=32), nullable=False),
        sa.Column('prefix', sa.String(length=50), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('dossier_id', 'prefix', name=op.f('pk_doc_numbers')),
        sa.UniqueConstraint('prefix', 'number', name=op.f('uq_doc_numbers_prefix')),
    )
    kept, last = _numbers_written(op.get_bind())
    if kept:
        op.bulk_insert(numbers, kept)
    if last:
        op.bulk_insert(counters, [{'prefix': p, 'last': n} for p, n in sorted(last.items())])


def _numbers_written(conn) -> tuple[list[dict], dict[str, int]]:
    """(the first holder of each DocCode already written, the highest number per prefix)."""
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    rows = conn.execute(sa.select(artifacts.c.dossier_id, artifacts.c.key)
                        .join(dossiers, dossiers.c.id == artifacts.c.dossier_id)
                        .where(artifacts.c.kind == 'pdf')
                        .order_by(dossiers.c.received_at, artifacts.c.dossier_id))
    kept, taken, last = [], set(), {}
    for did, key in rows:
        m = PDF_NAME.match(key.rsplit('/', 1)[-1])
        if not m:
            continue
        prefix, number = m[1], int(m[2])
        last[prefix] = max(last.get(prefix, 0), number)
        if (prefix, number) not in taken:
            taken.add((prefix, number))
            kept.append({'dossier_id': did, 'prefix': prefix, 'number': number, 'taken_at': now})
    return kept, last


def downgrade() -> None:
    op.drop_table('doc_numbers')
    op.drop_table('doc_counters')
