"""One dossier as a work item: claim it, keep its lease alive while it runs, mark it done.

Runs wherever the task runs (a thread of the flow's process, or a Dask worker on another machine):
it gets everything from this process's Settings and the shared stores, and only plain values
(the dossier, the batch name) travel with it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import uuid

from drops.discover import DossierInput
from drops.sources import taken_in
from pipeline.context import shared_context
from pipeline.dossier import Deadline, earlier_reason, process_dossier, settled_outcome
from pipeline.outcome import DossierOutcome
from pipeline.kept_pages import forget
from sohoa.errors import RERUN_REASONS, Reason
from storage import work_items
from storage.pipeline_db import PipelineDB, dossier_id
from storage.work_items import Claim

log = logging.getLogger("sohoa.flows")


def owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"


class Heartbeat:
    """Renews the lease every third of its length until the work is over."""

    def __init__(self, db: PipelineDB, did: str, owner: str, seconds: float):
        self.db, self.did, self.owner, self.seconds = db, did, owner, seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{did[:8]}", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.seconds / 3):
            try:
                if not work_items.renew(self.db, self.did, self.owner, self.seconds):
                    log.warning("lease on dossier %s was taken over", self.did)
                    return
            except Exception as exc:  # a database blip: the next beat tries again, within the lease
                log.warning("lease renewal for dossier %s failed: %s", self.did, type(exc).__name__)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def work_on(d: DossierInput, batch: str, rerun: str | None = None) -> DossierOutcome | None:
    """Process the dossier if this call wins its claim. None: another owner holds a live lease (the
    flow submits the dossier again once that lease is done or has expired). `rerun`: a token naming
    one reprocessing run; the dossier is processed again once for it, whatever it holds."""
    ctx = shared_context(batch)
    did = dossier_id(batch, d.source)
    owner = owner_id()
    content = hashlib.sha256(f"{d.sha256}:{rerun}".encode()).hexdigest() if rerun else d.sha256
    got = work_items.claim(ctx.db, batch, did, content, owner, ctx.settings.lease_seconds)
    if got is Claim.busy:
        return None
    if got is Claim.done:
        ref = ctx.db.get_dossier(did)
        return settled_outcome(d, ctx) or DossierOutcome(did, d.source, ref.state if ref else "processing",
                                                         earlier_reason(ctx, did) if ref else None,
                                                         files=len(d.files), unchanged=True)
    deadline = Deadline(ctx.settings.dossier_timeout_seconds)
    try:
        with Heartbeat(ctx.db, did, owner, ctx.settings.lease_seconds):
            with taken_in(d, ctx.store, ctx.settings, ctx.workdir / f"{did}.in") as local:
                outcome = process_dossier(local, ctx, deadline=deadline, force=rerun is not None)
        if outcome.reason in RERUN_REASONS:  # kept pages stay for the re-run that takes it again
            work_items.release(ctx.db, did, owner)
            return outcome
        forget(ctx.store, did)  # before `done`: a takeover in between finds the dossier settled anyway
    except BaseException:
        work_items.release(ctx.db, did, owner)
        raise
    if not work_items.complete(ctx.db, did, owner):
        log.warning("dossier %s finished after its lease was taken over", did)
    return outcome


def give_up(d: DossierInput, batch: str, exc: BaseException, attempts: int) -> DossierOutcome:
    """The outcome of a dossier whose store or database errors outlasted its retries: review /
    storage_unavailable, recorded if the database takes it (else it stays `processing`); either way a
    re-run of the batch takes the dossier again."""
    did = dossier_id(batch, d.source)
    reason, detail = Reason.storage_unavailable.value, f"{type(exc).__name__} after {attempts} attempts"
    try:
        ctx = shared_context(batch)
        if ctx.db.get_dossier(did) is None:
            ctx.db.begin_dossier(batch, d.source, "folder" if d.is_folder else "file")
        ctx.db.finish_dossier(did, "review", reason, detail)
        ctx.db.add_event("dossier", "review", batch=batch, dossier_id=did, detail={"reason": reason})
    except Exception as again:  # the database itself is what fails: nothing to record it in
        log.error("dossier %s: %s not recorded (%s)", did, reason, type(again).__name__)
    log.info("dossier %s: review (%s)", did, reason)
    return DossierOutcome(did, d.source, "review", reason, detail, files=len(d.files))
