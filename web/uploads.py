"""Batches uploaded by archive staff: unpacked into a drop folder of their own (web.unpack), recorded,
then ingested in the background by `sohoa ingest` in a child process, the same command an operator
runs. A child process keeps OCR's memory and any crash out of the web server; the work items of the
pipeline database make a second run of one batch safe, so uploads still open when the station starts
again (it was stopped mid-ingest) are simply run again."""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sohoa.config import BATCH_NAME_PATTERN, Settings
from storage.pipeline_db import PipelineDB
from storage.private import private_dir
from storage.station_db import OPEN_UPLOADS, StationDB
from web.unpack import Limits, UploadRefused, is_zip, place_files, unpack_zip

log = logging.getLogger("sohoa.web")
COMMAND = [sys.executable, "-c", "from sohoa.cli import main; main()"]
CODE_ROOT = Path(__file__).resolve().parents[1]  # where `sohoa` is importable from, as in this server
EXIT_REASONS = {3: "input_unreadable", 4: "storage_unavailable", 6: "engine_unavailable"}


def limits(settings: Settings) -> Limits:
    return Limits(max_bytes=int(settings.upload_max_mb * 2**20), max_entries=settings.upload_max_entries,
                  max_ratio=settings.upload_max_ratio)


def limit_words(settings: Settings) -> dict:
    """The limits as the pages say them."""
    return {"max_mb": f"{settings.upload_max_mb:g}", "max_entries": settings.upload_max_entries}


def default_batch_name(user: str, now: datetime) -> str:
    return f"{user}-{now:%Y%m%d-%H%M%S}"


def check_batch_name(name: str) -> None:
    """The rule `sohoa ingest --batch` applies (flows.ingest.IngestParams)."""
    if not re.fullmatch(BATCH_NAME_PATTERN, name):
        raise UploadRefused("bad_batch_name", name[:100])


def receive(settings: Settings, records: StationDB, user: str, batch: str,
            files: list[tuple[str, BinaryIO, int]]) -> int:
    """Unpack one upload into its batch folder and queue it; returns the upload's id. Raises
    UploadRefused (recorded too, with nothing kept). Either way a provenance event names the user."""
    try:
        check_batch_name(batch)
        if records.batch_taken(batch):
            raise UploadRefused("batch_taken", batch)
        dest = settings.uploads_root / batch
        zipped = len(files) == 1 and is_zip(files[0][1])
        if zipped:
            done = unpack_zip(files[0][1], files[0][2], dest, limits(settings))
        else:
            done = place_files(files, dest, limits(settings))
    except UploadRefused as refused:
        records.add_upload(batch[:200], user, "refused", reason=refused.code, files=len(files),
                           size=sum(size for _, _, size in files))
        _event(settings, user, batch, "refused", {"reason": refused.code})
        raise
    upload_id = records.add_upload(batch, user, "queued", files=done.files, size=done.bytes, folder=str(dest))
    _event(settings, user, batch, "received", {"files": done.files, "bytes": done.bytes, "zip": zipped})
    return upload_id


def _event(settings: Settings, user: str, batch: str, outcome: str, detail: dict) -> None:
    db = PipelineDB(settings.pipeline_db_url, migrate=False)
    try:
        db.add_event("upload", outcome, agent=user, batch=batch if outcome != "refused" else None,
                     detail={"batch": batch[:200], **detail})
    finally:
        db.close()


def child_env() -> dict[str, str]:
    """The server's environment (the same SOHOA_* settings). Without a Prefect server the child starts a
    temporary one, which on a busy machine takes longer than Prefect's default 20 s wait."""
    env = dict(os.environ)
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    return env


class IngestRunner:
    """Runs queued uploads' ingests in child processes, `parallel` at a time."""

    def __init__(self, settings: Settings, records: StationDB, parallel: int = 1):
        self.settings, self.records = settings, records
        self._slots = threading.BoundedSemaphore(parallel)
        self._lock = threading.Lock()
        self._children: dict[int, subprocess.Popen] = {}
        self._threads: dict[int, threading.Thread] = {}
        self._stopping = False

    def submit(self, upload_id: int) -> None:
        with self._lock:
            if upload_id in self._threads or self._stopping:
                return
            thread = threading.Thread(target=self._run, args=(upload_id,), name=f"ingest-upload-{upload_id}",
                                      daemon=True)
            self._threads[upload_id] = thread
        thread.start()

    def resume(self) -> None:
        """Uploads a stopped station left queued or ingesting are run (again)."""
        for upload in reversed(self.records.uploads(states=OPEN_UPLOADS, limit=10_000)):
            self.submit(upload.id)

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the children (their dossiers' leases run out; the next start runs them again)."""
        with self._lock:
            self._stopping = True
            children = list(self._children.values())
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout)
            except subprocess.TimeoutExpired:
                child.kill()

    def wait(self, timeout: float | None = None) -> None:
        for thread in list(self._threads.values()):
            thread.join(timeout)

    def _run(self, upload_id: int) -> None:
        try:
            with self._slots:
                upload = self.records.upload(upload_id)
                if upload is None or self._stopping:
                    return
                self.records.set_upload_state(upload_id, "ingesting")
                code = self._ingest(upload_id, upload.batch, upload.folder or "")
                if code is None:  # stopped with the station: stays open, runs again at the next start
                    return
                self.records.set_upload_state(upload_id, "done" if code == 0 else "failed",
                                              reason=None if code == 0 else EXIT_REASONS.get(code, "ingest_failed"),
                                              exit_code=code)
        except Exception:  # the thread must not die silently: the upload is marked failed
            log.exception("upload %s: ingest could not run", upload_id)
            self.records.set_upload_state(upload_id, "failed", reason="ingest_failed")
        finally:
            with self._lock:
                self._threads.pop(upload_id, None)

    def _ingest(self, upload_id: int, batch: str, folder: str) -> int | None:
        logs = self.settings.uploads_root / "logs"
        private_dir(logs)
        with open(os.open(logs / f"{batch}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab") as out:
            with self._lock:
                if self._stopping:
                    return None
                child = subprocess.Popen([*COMMAND, "ingest", folder, "--batch", batch], cwd=CODE_ROOT,
                                         env=child_env(), stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT)
                self._children[upload_id] = child
            code = child.wait()
        with self._lock:
            self._children.pop(upload_id, None)
            return None if self._stopping else code
