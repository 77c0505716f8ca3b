"""Build a migrated Prefect API database with the block types registered (run as a script).

`sohoa.prefect_api` copies it for each local API, so no run pays for the migrations again. It runs in
a process of its own because Prefect's server caches its database configuration per process. Imports
only Prefect, so it runs by path whatever `sys.path` holds.

    python prefect_template.py OUT.db      # PREFECT_* settings come from the environment
"""
from __future__ import annotations

import asyncio
import sqlite3
import sys


async def _prepare() -> None:
    from prefect.server.database import provide_database_interface
    from prefect.server.models.block_registration import run_block_auto_registration

    db = provide_database_interface()
    await db.create_db()  # Alembic migrations up to this Prefect version's head
    async with await db.session() as session:
        await run_block_auto_registration(session=session)
    await (await db.engine()).dispose()


def main(out: str) -> None:
    asyncio.run(_prepare())
    with sqlite3.connect(out) as con:  # one self-contained file: no -wal left beside the copy
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    con.close()


if __name__ == "__main__":
    main(sys.argv[1])
