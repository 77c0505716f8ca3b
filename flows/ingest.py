"""The ingest flow: a dropped folder goes to the object store, the stages and the sector databases.

Reads as the stage list; each dossier is one task, processed by `flows.dossier.process_dossier`.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.futures import as_completed
from prefect.utilities.annotations import quote
from pydantic import BaseModel, Field

from flows.context import RunContext, open_context
from flows.discover import DossierInput, discover
from flows.dossier import DossierOutcome, process_dossier
from ocr.tesseract import check_engine
from sohoa.config import Settings


class IngestParams(BaseModel):
    source: str = Field(description="the dropped folder; each file or sub-folder in it is one dossier")
    batch: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", description="batch name, e.g. lt-2019-01")
    workers: int = Field(2, ge=1, le=64, description="dossiers processed in parallel")


class BatchSummary(BaseModel):
    batch: str
    dossiers: int
    files: int
    by_state: dict[str, int]
    by_reason: dict[str, int]
    unchanged: int = Field(0, description="dossiers a re-run found already final with the same content")
    seconds: float


@task(name="process-dossier", cache_policy=NO_CACHE, task_run_name="dossier-{seq}")
def process_dossier_task(dossier: DossierInput, ctx: RunContext, seq: int) -> DossierOutcome:
    outcome = process_dossier(dossier, ctx, seq)
    with _progress_lock:
        PROGRESS[ctx.batch] += 1
    return outcome


# Dossiers finished per batch in this process: only feeds the CLI progress bar.
PROGRESS: Counter = Counter()
_progress_lock = threading.Lock()


def run_dossiers(dossiers: list[DossierInput], ctx: RunContext, workers: int) -> list[DossierOutcome]:
    """At most `workers` dossiers in flight, whichever task runner the run got (a deployment run
    gets the decorator's, the CLI the same): OCR is the scarce step, so it bounds the window."""
    outcomes: list[DossierOutcome] = []
    running = []
    for seq, dossier in enumerate(dossiers, start=1):
        if len(running) >= workers:
            done = next(as_completed(running))
            running.remove(done)
            outcomes.append(done.result())
        # quote(): Prefect must not walk the shared context looking for futures
        running.append(process_dossier_task.submit(dossier, quote(ctx), seq))
    outcomes.extend(f.result() for f in running)
    return outcomes


@flow(name="ingest-batch", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=64))
def ingest_batch(params: IngestParams) -> BatchSummary:
    started = time.monotonic()
    settings = Settings()
    check_engine(settings.ocr_lang)  # raises EngineUnavailable: a run without OCR would fail every dossier
    ctx = open_context(settings, params.batch)
    try:
        dossiers = discover(Path(params.source), max_bytes=ctx.ocr.max_file_bytes)
        ctx.db.start_batch(params.batch, source_dir=params.source)
        retry_waiting_loads(ctx)
        outcomes = run_dossiers(dossiers, ctx, params.workers)
        ctx.db.finish_batch(params.batch)
    finally:
        ctx.close()
    return summarise(params.batch, outcomes, time.monotonic() - started)


def retry_waiting_loads(ctx: RunContext) -> None:
    """Dossiers of this batch that waited for a sector database are loaded from what is stored."""
    from storage.loading import load_waiting

    load_waiting(ctx.db, ctx.sector_db, ctx.batch, threshold=ctx.settings.review_threshold)


def summarise(batch: str, outcomes: list[DossierOutcome], seconds: float) -> BatchSummary:
    return BatchSummary(
        batch=batch, dossiers=len(outcomes), files=sum(o.files for o in outcomes),
        by_state=dict(Counter(o.state for o in outcomes)),
        by_reason=dict(Counter(o.reason for o in outcomes if o.reason)),
        unchanged=sum(o.unchanged for o in outcomes), seconds=round(seconds, 2))


def run(params: IngestParams) -> BatchSummary:
    """Run the flow in this process (Tesseract runs outside the GIL, so threads suffice)."""
    return ingest_batch(params)


def run_with_progress(params: IngestParams, console) -> BatchSummary:
    """Run the flow while a Rich bar follows finished dossiers in the pipeline database."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    total = sum(1 for _ in Path(params.source).iterdir())
    done = threading.Event()
    result: dict = {}

    def work() -> None:
        try:
            result["summary"] = run(params)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc
        finally:
            done.set()

    PROGRESS[params.batch] = 0
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        tid = bar.add_task(f"ingest {params.batch}", total=total)
        threading.Thread(target=work, name="ingest-flow", daemon=True).start()
        while not done.wait(0.5):
            bar.update(tid, completed=PROGRESS[params.batch])
        bar.update(tid, completed=total)
    if "error" in result:
        raise result["error"]
    return result["summary"]
