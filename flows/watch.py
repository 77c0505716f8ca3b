"""Start a batch for each folder (or file) dropped into a watched folder, or each prefix put in the
S3 inbox, once it has finished arriving (drops.quiet): `sohoa watch`, and the watch and inbox
deployments. A batch that fails is logged and the watch goes on; a source a batch already took is
never started again, also after a restart (the pipeline database knows it)."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from prefect import flow

from drops import folders
from drops.names import batch_name
from drops.quiet import Entry, Intake
from drops.s3 import S3Inbox
from drops.sources import source_path
from flows.ingest import IngestParams, run
from sohoa.config import Settings
from storage import work_items
from storage.pipeline_db import PipelineDB
from storage.pipeline_models import utcnow

log = logging.getLogger("sohoa.intake")


class Starter:
    """Names and starts batches, one at a time, and tells which sources a batch already took."""

    def __init__(self, settings: Settings, workers: int | None = None):
        self.settings, self.workers = settings, workers or settings.ocr_workers
        self.db = PipelineDB(settings.pipeline_db_url)
        self.started: list[str] = []

    def close(self) -> None:
        self.db.close()

    def known(self, entry: Entry) -> bool:
        """A batch took this source: it finished, or it is running (a live lease, or it began less than
        a lease ago). An unfinished batch nobody works on (its run was killed) is started again."""
        refs = self.db.batches_from(entry.source)
        if not refs:
            return False
        ref = refs[-1]
        if ref.finished_at is not None:
            return True
        began = ref.started_at if ref.started_at.tzinfo else ref.started_at.replace(tzinfo=utcnow().tzinfo)
        if utcnow() - began < timedelta(seconds=self.settings.lease_seconds):
            return True
        return any(work_items.waiting(s) for s in work_items.states(self.db, ref.name).values())

    def name_for(self, entry: Entry) -> str:
        """The batch that took this source before, else a name from the entry's (another source may
        hold that name: then one with the source's hash)."""
        refs = self.db.batches_from(entry.source)
        if refs:
            return refs[-1].name
        name = batch_name(entry.name)
        other = self.db.batch_ref(name)
        return batch_name(entry.name, salt=entry.source) if other is not None else name

    def start(self, entry: Entry) -> None:
        """Run the ingest flow for the entry. Raises only when it could not be started at all."""
        name = self.name_for(entry)
        params = IngestParams(source=entry.source, batch=name, workers=self.workers)
        log.info("batch %s: %s, starting", name, "marked ready" if entry.marked else "quiet")
        self.started.append(name)
        try:
            summary = run(params)
        except Exception as exc:  # one batch's failure never stops the watch
            log.error("batch %s failed: %s", name, type(exc).__name__)
            return
        log.info("batch %s finished: %s", name, summary.by_state)


def _ticks(stop: threading.Event | None, seconds: float) -> Iterator[frozenset[str]]:
    while not (stop.wait(seconds) if stop else time.sleep(seconds)):
        yield frozenset()


def watch(folder: str | Path | None = None, *, s3: bool = False, settings: Settings | None = None,
          stop: threading.Event | None = None, run_for: float | None = None, workers: int | None = None) -> list[str]:
    """Watch a drop folder (or, with s3, the SOHOA_S3_INBOX prefix) until `stop` is set, `run_for`
    seconds have passed, or Ctrl+C. Returns the batches started."""
    settings = settings or Settings()
    quiet = settings.watch_quiet_seconds
    tick = min(5.0, max(0.2, quiet / 4))
    starter = Starter(settings, workers)
    try:
        if s3:
            inbox = S3Inbox.from_settings(settings)
            intake = Intake(inbox.entries, starter.start, starter.known, quiet)
            wakes = _ticks(stop, tick)
        else:
            root = source_path(str(folder)) if not isinstance(folder, Path) else folder
            if not root.is_dir():
                raise FileNotFoundError(f"no folder to watch at {root}")
            intake = Intake(lambda: folders.folder_entries(root), starter.start, starter.known, quiet)
            wakes = folders.changes(root, stop, tick)
        intake.run(wakes, until=None if run_for is None else time.monotonic() + run_for)
    finally:
        starter.close()
    return starter.started


@flow(name="watch-folder", log_prints=False)
def watch_folder(folder: str = "/data/drop", run_for_seconds: float | None = None) -> list[str]:
    """Start a batch for each folder or file dropped into `folder` once it has finished arriving
    (quiet for SOHOA_WATCH_QUIET_SECONDS, or a _READY marker in it). Runs until cancelled, or for
    run_for_seconds (a scheduled deployment restarts it)."""
    return watch(folder, run_for=run_for_seconds)


@flow(name="watch-s3-inbox", log_prints=False)
def watch_s3_inbox(run_for_seconds: float | None = 240.0) -> list[str]:
    """The same for the prefixes of the S3 inbox (SOHOA_S3_INBOX); nothing to do when it is not set."""
    settings = Settings()
    if not settings.s3_inbox:
        log.warning("SOHOA_S3_INBOX is not set: no inbox to poll")
        return []
    return watch(s3=True, settings=settings, run_for=run_for_seconds)
