"""Helpers for the intake tests: a watcher on a thread, slow copies, and reading back what Prefect
recorded (flow runs, task runs, artifacts, events) through the Prefect client."""
from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (ArtifactFilter, ArtifactFilterFlowRunId, FlowFilter, FlowFilterName,
                                            FlowRunFilter, FlowRunFilterId)


class Watching:
    """`flows.watch.watch` on a thread until the block ends."""

    def __init__(self, **kwargs):
        self.kwargs, self.stop, self.started, self.error = kwargs, threading.Event(), [], None
        self.thread = threading.Thread(target=self._run, name="watch", daemon=True)

    def _run(self) -> None:
        from flows.watch import watch

        try:
            self.started.extend(watch(stop=self.stop, **self.kwargs))
        except BaseException as exc:  # reported by __exit__
            self.error = exc

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=180)
        assert not self.thread.is_alive(), "the watcher did not stop"
        if self.error and not exc[0]:
            raise self.error


def copy_slowly(files: list[tuple[Path, bytes]], pause: float = 0.7) -> datetime:
    """Write each file in two halves with pauses (a scanner's copy); returns the time the last write
    ended."""
    last = None
    for dest, data in files:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(dest, "wb") as f:
            f.write(data[: len(data) // 2])
            f.flush()
            time.sleep(pause)
            f.write(data[len(data) // 2:])
        last = datetime.now(timezone.utc)
        time.sleep(pause)
    return last


def wait_for(what: str, check, timeout: float = 150.0, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(every)


def finished_batches(settings, source: str) -> list:
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(settings.pipeline_db_url)
    try:
        return [b for b in db.batches_from(source) if b.finished_at is not None]
    finally:
        db.close()


def flow_runs(batch: str, flow_name: str = "ingest-batch") -> list:
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[flow_name])))
    return [r for r in runs if (r.parameters.get("params") or {}).get("batch") == batch]


def task_runs(flow_run_id) -> dict[str, object]:
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return {t.name: t for t in tasks}


def artifacts(flow_run_id) -> dict[str, object]:
    """The latest artifact of each type of the run (table, markdown, progress)."""
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    out = {}
    for a in sorted(found, key=lambda a: a.updated or a.created):
        out[a.type] = a
    return out


def table_rows(artifact) -> dict[str, dict]:
    rows = json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data
    return {r["dossier"]: r for r in rows}


def batch_events(batch: str, want: dict[str, int], timeout: float = 60.0) -> dict[str, list]:
    """Events about the batch, waiting until at least `want[name]` of each name have arrived."""
    from prefect.events.filters import EventFilter, EventOccurredFilter, EventResourceFilter

    since = datetime.now(timezone.utc) - timedelta(hours=1)

    def read():
        with get_client(sync_client=True) as client:
            page = client.read_events(filter=EventFilter(occurred=EventOccurredFilter(since=since),
                                                         resource=EventResourceFilter(id=[f"sohoa.batch.{batch}"])),
                                      limit=50)
        got: dict[str, list] = {}
        for e in page.events:
            got.setdefault(e.event, []).append(e)
        return got if all(len(got.get(k, [])) >= n for k, n in want.items()) else None

    return wait_for(f"events of batch {batch}", read, timeout=timeout, every=1.0)
