"""The running number (STT) of a dossier's 7197 DocCode, MCQ_LV_STT_PB: one counter per prefix
(agency code and type) in the pipeline database, shared by every batch, so two batches never give
one DocCode to different dossiers; a dossier keeps the number it got, so a re-run or a reprocess
writes the same DocCode.

The counter is taken with an UPDATE before it is read: on PostgreSQL and MariaDB that UPDATE holds
the counter's row lock (as SELECT ... FOR UPDATE would) until the number is recorded; on SQLite it
takes the database's write lock first, so no transaction reads the counter and then loses the race
to write it. The counter never restarts (not with the year either): a DocCode has no year in it.
"""
from __future__ import annotations

import random
import time

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from storage.pipeline_db import PipelineDB
from storage.pipeline_models import DocCounter, DocNumber

_TRIES = 10


def number_of(db: PipelineDB, dossier_id: str, prefix: str) -> int:
    """The dossier's number under `prefix`, taken from the counter the first time it is asked for."""
    for _ in range(_TRIES):
        with db._sessions() as s:
            kept = s.scalar(select(DocNumber.number).where(DocNumber.dossier_id == dossier_id,
                                                           DocNumber.prefix == prefix))
        if kept is not None:
            return kept
        try:
            return _take(db, dossier_id, prefix)
        except IntegrityError:  # another worker made the prefix's counter first: take it again
            continue
        except DBAPIError as exc:
            # InnoDB's gap locks can deadlock workers that create a new prefix's counter at once; the
            # server rolled the victim back whole, so it takes its number again
            if not _deadlock(exc):
                raise
            time.sleep(random.uniform(0.005, 0.05))
    raise RuntimeError(f"no DocCode number for dossier {dossier_id} after {_TRIES} tries")


def _take(db: PipelineDB, dossier_id: str, prefix: str) -> int:
    with db._tx() as s:
        bumped = s.execute(update(DocCounter).where(DocCounter.prefix == prefix)
                           .values(last=DocCounter.last + 1)).rowcount
        if not bumped:
            s.add(DocCounter(prefix=prefix, last=1))
            s.flush()
        number = s.scalar(select(DocCounter.last).where(DocCounter.prefix == prefix))
        s.add(DocNumber(dossier_id=dossier_id, prefix=prefix, number=number))
    return number


def _deadlock(exc: DBAPIError) -> bool:
    """A deadlock or serialisation failure: MariaDB/MySQL errno 1213, PostgreSQL SQLSTATE 40P01/40001."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    args = getattr(orig, "args", ())
    return state in ("40P01", "40001") or bool(args and args[0] == 1213)
