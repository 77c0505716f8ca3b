"""Alembic environment for a sector database (one record table per run).

From code: storage.migrations.upgrade(engine, "sector", table=...) passes engine and table. From the
command line:
    alembic -c storage/alembic.ini -n sector -x sector=ho_tich upgrade head
takes the URL from SOHOA_SECTOR_DB_HO_TICH (or SOHOA_HOME), or -x url=...; the table is
<sector>_records unless -x table=... is given.
"""
from alembic import context

from storage.migrations import serialise

cfg = context.config
engine = cfg.attributes.get("engine")
x = context.get_x_argument(as_dictionary=True)
if engine is None:
    from sohoa.config import Settings
    from storage.engines import make_engine

    engine = make_engine(x.get("url") or Settings().sector_db_url(x["sector"]))
if not cfg.attributes.get("table"):
    cfg.attributes["table"] = x.get("table") or f"{x['sector']}_records"
version_table = cfg.attributes.get("version_table") or f"alembic_version_{cfg.attributes['table']}"

# The lock lives on its own connection and is released only after the migration has committed;
# otherwise a second worker could see the new tables without their version row and create them again.
with engine.connect() as lock_conn, serialise(lock_conn, version_table), engine.begin() as connection:
    context.configure(connection=connection, target_metadata=None, version_table=version_table,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
