"""Alembic environment for the pipeline database.

From code: storage.migrations.upgrade(engine, "pipeline") passes the engine. From the command line:
    alembic -c storage/alembic.ini -n pipeline upgrade head
takes the URL from the SOHOA_ settings (environment), or -x url=... .
"""
from alembic import context

from storage.migrations import serialise

from storage.pipeline_models import Base

cfg = context.config
engine = cfg.attributes.get("engine")
if engine is None:
    from sohoa.config import Settings
    from storage.engines import make_engine

    x = context.get_x_argument(as_dictionary=True)
    engine = make_engine(x.get("url") or Settings().pipeline_db_url)
version_table = cfg.attributes.get("version_table") or cfg.get_main_option("version_table")

# The lock lives on its own connection and is released only after the migration has committed;
# otherwise a second worker could see the new tables without their version row and create them again.
with engine.connect() as lock_conn, serialise(lock_conn, version_table), engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, version_table=version_table,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
