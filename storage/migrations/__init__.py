"""Run the Alembic migrations of the pipeline and sector databases from code (no alembic.ini needed)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

HERE = Path(__file__).parent
VERSION_TABLES = {"pipeline": "alembic_version_pipeline", "sector": "alembic_version_sector"}


def config(which: str, engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / which))
    cfg.attributes["engine"] = engine
    cfg.attributes["version_table"] = VERSION_TABLES[which]
    return cfg


def upgrade(engine: Engine, which: str, revision: str = "head") -> None:
    command.upgrade(config(which, engine), revision)


def downgrade(engine: Engine, which: str, revision: str = "base") -> None:
    command.downgrade(config(which, engine), revision)


def current(engine: Engine, which: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLES[which]})
        return ctx.get_current_revision()
