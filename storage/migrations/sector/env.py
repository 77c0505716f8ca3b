"""Alembic environment for the sector database; the engine comes from storage.migrations.config()."""
from alembic import context

from storage.sector_models import Base

cfg = context.config
engine = cfg.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      version_table=cfg.attributes["version_table"],
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
