"""Work items: each dossier is claimed before it is worked on, so any number of runs and workers on
one batch process it once.

A claim is a lease (owner, expiry) on the dossier's row in `work_items`. The owner renews it while it
works and marks it done at the end; a lease that expired (its worker was killed) may be claimed by
anyone. On PostgreSQL and MariaDB the row is read `FOR UPDATE SKIP LOCKED`, so a claimant never waits
behind another; on SQLite the database's single writer makes the conditional UPDATE atomic.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from storage.pipeline_db import PipelineDB
from storage.pipeline_models import WorkItem, utcnow


class Claim(str, Enum):
    claimed = "claimed"  # the caller owns the lease and does the work
    done = "done"  # finished with this content already
    busy = "busy"  # another owner holds a live lease


@dataclass(frozen=True)
class ItemState:
    dossier_id: str
    owner: str | None
    lease_until: datetime | None
    attempts: int
    done: bool


def _claimable(sha256: str | None, now: datetime):
    new_content = and_(WorkItem.done_at.is_not(None), or_(WorkItem.sha256.is_(None), WorkItem.sha256 != sha256))
    free = and_(WorkItem.done_at.is_(None), or_(WorkItem.lease_until.is_(None), WorkItem.lease_until < now))
    return or_(new_content, free)


def claim(db: PipelineDB, batch: str, dossier_id: str, sha256: str | None, owner: str, seconds: float) -> Claim:
    """Take the dossier's lease for `seconds`, unless it is done with this content or held by a live lease."""
    _ensure(db, batch, dossier_id)
    now = utcnow()
    with db._tx() as s:
        if s.bind.dialect.name != "sqlite":
            locked = s.scalars(select(WorkItem.dossier_id).where(WorkItem.dossier_id == dossier_id)
                               .with_for_update(skip_locked=True)).first()
            if locked is None:  # another claimant is between its SELECT and COMMIT right now
                return Claim.busy
        got = s.execute(update(WorkItem)
                        .where(WorkItem.dossier_id == dossier_id, _claimable(sha256, now))
                        .values(owner=owner, lease_until=now + timedelta(seconds=seconds), sha256=sha256,
                                done_at=None, attempts=WorkItem.attempts + 1)).rowcount
        if got:
            return Claim.claimed
        row = s.get(WorkItem, dossier_id)
        return Claim.done if row.done_at is not None and row.sha256 == sha256 else Claim.busy


def _ensure(db: PipelineDB, batch: str, dossier_id: str) -> None:
    with db._sessions() as s:
        if s.get(WorkItem, dossier_id) is not None:
            return
    try:
        with db._tx() as s:
            s.add(WorkItem(dossier_id=dossier_id, batch_id=batch, attempts=0))
    except IntegrityError:  # another claimant inserted it first: fine, the claim decides
        pass


def renew(db: PipelineDB, dossier_id: str, owner: str, seconds: float) -> bool:
    """Extend the lease; False when the caller no longer holds it (it expired and was taken over)."""
    with db._tx() as s:
        return bool(s.execute(update(WorkItem)
                              .where(WorkItem.dossier_id == dossier_id, WorkItem.owner == owner,
                                     WorkItem.done_at.is_(None))
                              .values(lease_until=utcnow() + timedelta(seconds=seconds))).rowcount)


def complete(db: PipelineDB, dossier_id: str, owner: str) -> bool:
    with db._tx() as s:
        return bool(s.execute(update(WorkItem)
                              .where(WorkItem.dossier_id == dossier_id, WorkItem.owner == owner)
                              .values(done_at=utcnow(), lease_until=None)).rowcount)


def release(db: PipelineDB, dossier_id: str, owner: str) -> None:
    """Give the lease back unfinished, so another worker may claim it at once."""
    with db._tx() as s:
        s.execute(update(WorkItem)
                  .where(WorkItem.dossier_id == dossier_id, WorkItem.owner == owner, WorkItem.done_at.is_(None))
                  .values(owner=None, lease_until=None))


def states(db: PipelineDB, batch: str) -> dict[str, ItemState]:
    with db._sessions() as s:
        rows = s.scalars(select(WorkItem).where(WorkItem.batch_id == batch)).all()
        return {r.dossier_id: ItemState(r.dossier_id, r.owner, r.lease_until, r.attempts, r.done_at is not None)
                for r in rows}


def waiting(state: ItemState | None, now: datetime | None = None) -> bool:
    """True while another owner's live lease holds the item (nothing to submit yet)."""
    if state is None or state.done or state.lease_until is None:
        return False
    until = state.lease_until
    now = now or utcnow()
    if until.tzinfo is None:  # SQLite returns naive UTC
        now = now.replace(tzinfo=None)
    return until >= now
