"""Run the Alembic migrations of the pipeline and sector databases from code (no alembic.ini needed).

A sector database may hold several record tables (catalog `sector_table`); each has its own version
table, alembic_version_<table>, so they migrate independently.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

HERE = Path(__file__).parent
PIPELINE_VERSION_TABLE = "alembic_version_pipeline"


def version_table(which: str, table: str | None = None) -> str:
    if which == "pipeline":
        return PIPELINE_VERSION_TABLE
    if not table:
        raise ValueError("sector migrations need the record table name")
    return f"alembic_version_{table}"


def config(which: str, engine: Engine, table: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / which))
    cfg.attributes["engine"] = engine
    cfg.attributes["version_table"] = version_table(which, table)
    cfg.attributes["table"] = table
    return cfg


def upgrade(engine: Engine, which: str, revision: str = "head", *, table: str | None = None) -> None:
    command.upgrade(config(which, engine, table), revision)


def downgrade(engine: Engine, which: str, revision: str = "base", *, table: str | None = None) -> None:
    command.downgrade(config(which, engine, table), revision)


def current(engine: Engine, which: str, *, table: str | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": version_table(which, table)})
        return ctx.get_current_revision()
