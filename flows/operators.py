"""What a batch tells operators while it runs: a progress artifact and Prefect events an automation
can act on (batch started, finished or failed; a dossier quarantined or failed).

Events name the batch (resource `sohoa.batch.<batch>`) and carry dossier ids, states, reason codes and
counts: never a file name or a field value, since either may hold personal data.
"""
from __future__ import annotations

import logging
import re
import time

from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.events import emit_event

from pipeline.outcome import DossierOutcome
from sohoa.errors import RERUN_REASONS

log = logging.getLogger("sohoa.flows")


def artifact_key(batch: str, what: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", f"ingest-{batch}-{what}".lower())


def batch_resource(batch: str) -> dict[str, str]:
    return {"prefect.resource.id": f"sohoa.batch.{batch}", "prefect.resource.name": batch,
            "prefect.resource.role": "batch"}


def _emit(event: str, batch: str, payload: dict, related: list[dict[str, str]] | None = None) -> None:
    try:
        emit_event(event, resource=batch_resource(batch), payload=payload, related=related)
    except Exception as exc:  # telling operators must never stop a batch
        log.warning("event %s not sent: %s", event, type(exc).__name__)


def batch_started(batch: str, dossiers: int, markers: list[str]) -> None:
    _emit("sohoa.batch.started", batch, {"dossiers": dossiers, "ready_marker": bool(markers)})


def batch_finished(batch: str, summary: dict) -> None:
    _emit("sohoa.batch.finished", batch, summary)


def batch_failed(batch: str, error: BaseException) -> None:
    _emit("sohoa.batch.failed", batch, {"error": type(error).__name__})


def dossier_done(batch: str, outcome: DossierOutcome) -> None:
    """A quarantined dossier, or one that went to review because files of it were quarantined, and
    one that failed (timeout, storage) each raise an event."""
    related = [{"prefect.resource.id": f"sohoa.dossier.{outcome.dossier_id}", "prefect.resource.role": "dossier"}]
    payload = {"dossier_id": outcome.dossier_id, "state": outcome.state, "reason": outcome.reason}
    if outcome.state == "quarantined" or outcome.reason == "bad_file_in_dossier":
        _emit("sohoa.dossier.quarantined", batch, payload, related)
    elif outcome.reason in RERUN_REASONS:
        _emit("sohoa.dossier.failed", batch, payload, related)


class BatchProgress:
    """The batch's progress artifact (per cent of dossiers done), updated at most every `every`
    seconds and at the end."""

    def __init__(self, batch: str, total: int, every: float = 2.0):
        self.batch, self.total, self.every = batch, total, every
        self.done, self._sent = 0, 0.0
        self.id = create_progress_artifact(0.0 if total else 100.0, key=artifact_key(batch, "progress"),
                                           description=self._text())

    def _text(self) -> str:
        return f"Batch {self.batch}: {self.done} of {self.total} dossiers done"

    def advance(self) -> None:
        self.done += 1
        if time.monotonic() - self._sent >= self.every or self.done >= self.total:
            self._send()

    def finish(self) -> None:
        self.done = self.total
        self._send()

    def _send(self) -> None:
        self._sent = time.monotonic()
        pct = 100.0 * self.done / self.total if self.total else 100.0
        try:
            update_progress_artifact(self.id, pct, description=self._text())
        except Exception as exc:
            log.warning("progress of batch %s not updated: %s", self.batch, type(exc).__name__)
