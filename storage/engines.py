"""Engine creation shared by the pipeline and sector databases."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from storage.private import private_dir, private_file


def make_engine(url: str, *, pre_ping: bool = True, **kw) -> Engine:
    """SQLite gets WAL, foreign keys and a busy timeout (Prefect tasks write from threads);
    servers get pre-ping so a restarted database is reconnected instead of failing once.
    Statement parameters are personal data (names, ID numbers): they never go into SQLAlchemy's logs
    or error messages, even when an operator turns logging up to DEBUG."""
    kw.setdefault("hide_parameters", True)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:" and not Path(u.database).exists():
            # only a new file: closing any descriptor of a database file drops every SQLite lock this
            # process holds on it (POSIX locks), which corrupts it under a writer in another process
            private_dir(Path(u.database).parent)
            private_file(Path(u.database))
        engine = create_engine(url, connect_args={"timeout": 30}, **kw)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            _set_wal(cur)
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=pre_ping, **kw)


def _set_wal(cur, tries: int = 100) -> None:
    """WAL mode, once per database file. Two processes switching a new file at the same moment get
    'database is locked' at once, without SQLite's busy wait: try again a little later."""
    import sqlite3
    import time

    for attempt in range(tries):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or attempt == tries - 1:
                raise
            time.sleep(0.05)


def redact(url: str) -> str:
    """URL safe to print or log (password hidden)."""
    return make_url(url).render_as_string(hide_password=True)
