"""SQLite engines of one process and writers in another: a second engine on the same file (as every
station request makes) must not break SQLite's locks."""
from __future__ import annotations

import stat
import subprocess
import sys

from sqlalchemy import text

from storage.engines import make_engine


def test_a_second_engine_keeps_the_wal_shared_with_other_processes(tmp_path):
    """GIVEN a long-lived engine (the station's) in WAL mode WHEN this process opens another engine on
    the same file and another process writes THEN each side sees the other's rows, and the WAL is
    not deleted under the open connections (closing a descriptor of the file used to drop this
    process's locks: the other process then deleted the WAL and both sides went on apart)."""
    path = tmp_path / "t.sqlite"
    station = make_engine(f"sqlite:///{path}")
    with station.begin() as c:
        c.execute(text("CREATE TABLE t (n INTEGER)"))

    def count() -> int:
        with station.connect() as c:
            return c.execute(text("SELECT count(*) FROM t")).scalar()

    other = f"import sqlite3; c = sqlite3.connect({str(path)!r}); c.execute('INSERT INTO t VALUES (2)'); c.commit()"
    for n in range(1, 4):
        make_engine(f"sqlite:///{path}").dispose()  # a request's own PipelineDB
        with station.begin() as c:
            c.execute(text("INSERT INTO t VALUES (1)"))
        subprocess.run([sys.executable, "-c", other], check=True, timeout=60)
        assert count() == 2 * n
        assert (tmp_path / "t.sqlite-wal").exists()
    seen_elsewhere = subprocess.run([sys.executable, "-c", f"import sqlite3; print(sqlite3.connect({str(path)!r})"
                                     ".execute('SELECT count(*) FROM t').fetchone()[0])"],
                                    check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    assert seen_elsewhere == "6"
    station.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
