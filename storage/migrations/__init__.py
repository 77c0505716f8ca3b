"""Run the Alembic migrations of the pipeline and sector databases from code (no alembic.ini needed).

A sector database may hold several record tables (catalog `sector_table`); each has its own version
table, alembic_version_<table>, so they migrate independently.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

HERE = Path(__file__).parent
# Alembic keeps the running migration in module globals (alembic.context, alembic.op), so two threads
# of one process (Prefect task threads) must not migrate at the same time, even different databases.
_ALEMBIC = threading.Lock()
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
    with _ALEMBIC:
        command.upgrade(config(which, engine, table), revision)


def downgrade(engine: Engine, which: str, revision: str = "base", *, table: str | None = None) -> None:
    with _ALEMBIC:
        command.downgrade(config(which, engine, table), revision)


def current(engine: Engine, which: str, *, table: str | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": version_table(which, table)})
        return ctx.get_current_revision()


@contextmanager
def serialise(connection, name: str):
    """Hold a server lock while migrating, so two workers starting at once do not both create tables:
    the second waits, then finds the schema current."""
    from sqlalchemy import text

    dialect = connection.dialect.name
    if dialect == "postgresql":  # released at commit
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": name})
        yield
    elif dialect in ("mysql", "mariadb"):  # session lock: release it before the connection is pooled
        connection.execute(text("SELECT GET_LOCK(:n, 120)"), {"n": name[:64]})
        try:
            yield
        finally:
            connection.execute(text("SELECT RELEASE_LOCK(:n)"), {"n": name[:64]})
    elif dialect == "sqlite" and connection.engine.url.database not in (None, "", ":memory:"):
        # pysqlite runs DDL outside a transaction, so alembic's check-then-create is not atomic
        import fcntl

        from storage.private import private_file

        with open(private_file(connection.engine.url.database + ".migrate-lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    else:
        yield
