"""The ingest flow: a dropped folder goes to the object store, the stages and the sector databases.

Reads as the stage list; each dossier is one task: a claimed work item (`pipeline.work.work_on`), run
on threads here or on a Dask cluster.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.context import TaskRunContext, get_run_context
from prefect.states import Completed, Failed, State
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.futures import as_completed
from pydantic import BaseModel, Field

from drops.discover import DossierInput
from drops.quiet import READY
from drops.sources import count_entries, find_dossiers
from flows import operators
from flows.operators import artifact_key
from ocr.tesseract import check_engine
from pipeline.context import RunContext, close_shared, shared_context
from pipeline.outcome import DossierOutcome
from sohoa.config import BATCH_NAME_PATTERN, Settings
from sohoa.errors import RERUN_REASONS
from storage import work_items
from storage.pipeline_db import dossier_id
from storage.transient import backoff, is_transient, retrying

log = logging.getLogger("sohoa.flows")


class IngestParams(BaseModel):
    source: str = Field(description="the dropped folder (each file or sub-folder in it is one dossier), a "
                        "dropped file, or s3://bucket/prefix/ of an inbox batch; paths as sohoa shows names "
                        "(undecodable bytes as \\xNN)")
    batch: str = Field(pattern=BATCH_NAME_PATTERN, description="batch name, e.g. lt-2019-01")
    workers: int = Field(2, ge=1, le=64, description="dossiers processed in parallel")


class BatchSummary(BaseModel):
    batch: str
    dossiers: int
    files: int
    by_state: dict[str, int]
    by_reason: dict[str, int]
    unchanged: int = Field(0, description="dossiers a re-run found already final with the same content")
    seconds: float


def _transient_only(task, task_run, state) -> bool:
    """Retry a dossier task only for an object-store or database error that may pass; a returned
    outcome (quarantine, review, timeout) is never retried."""
    return isinstance(state.data, BaseException) and is_transient(state.data)


@task(name="process-dossier", cache_policy=NO_CACHE, task_run_name="{dossier.source}",
      retries=3, retry_delay_seconds=backoff(5.0, 3), retry_jitter_factor=0.2, retry_condition_fn=_transient_only)
def process_dossier_task(dossier: DossierInput, batch: str, rerun: str | None = None) -> State:
    # plain values only: the task may run on a Dask worker, which opens its own stores. The pipeline
    # is imported here, not at the top: a flow that sends its dossiers to Dask never runs it (~2.5 s).
    from pipeline.work import give_up, work_on

    try:
        return outcome_state(work_on(dossier, batch, rerun))
    except Exception as exc:
        ctx = TaskRunContext.get()
        if not is_transient(exc) or ctx is None or ctx.task_run.run_count <= ctx.task.retries:
            raise  # Prefect retries a transient error after its back-off; anything else fails the task
        return outcome_state(give_up(dossier, batch, exc, ctx.task_run.run_count))


def outcome_state(outcome: DossierOutcome | None) -> State:
    """The task's final state tells the outcome: loaded is plain Completed; review, quarantined and the
    other final states are Completed under their own name, so they are not plain green in the UI.
    None (another owner holds the dossier) is "Deferred". A dossier that timed out or whose stores
    stayed down is Failed, its outcome (review with that reason) attached. A task that raises is Failed."""
    if outcome is None:
        return Completed(name="Deferred", data=None)
    if outcome.reason in RERUN_REASONS:
        return Failed(data=outcome, message=f"{outcome.reason}: {outcome.detail or ''}".rstrip(": "))
    if outcome.state == "loaded":
        return Completed(data=outcome)
    return Completed(name=outcome.state.capitalize(), data=outcome, message=outcome.reason)


def dossier_task(settings: Settings):
    """The dossier task with the retry policy of these settings (SOHOA_TASK_RETRIES, SOHOA_RETRY_BACKOFF_SECONDS)."""
    return process_dossier_task.with_options(
        retries=settings.task_retries,
        retry_delay_seconds=backoff(settings.retry_backoff_seconds, settings.task_retries) or 0)


# Dossiers finished per batch in this process: only feeds the CLI progress bar.
PROGRESS: Counter = Counter()
MAX_LOST = 5  # a dossier whose task is lost (its worker died) this often fails the run


def run_dossiers(dossiers: list[DossierInput], ctx: RunContext, workers: int,
                 on_outcome: Callable[[DossierOutcome], None] = lambda o: None,
                 rerun: str | None = None) -> list[DossierOutcome]:
    """Every dossier to one outcome. A dossier another run or worker holds is set aside and submitted
    again once its lease is done or has expired, so a killed worker's dossiers are taken over."""
    outcomes: dict[int, DossierOutcome] = {}
    lost: Counter = Counter()
    pending = list(enumerate(dossiers, start=1))
    poll = min(5.0, ctx.settings.lease_seconds / 4)
    task = dossier_task(ctx.settings)
    while pending:
        held = _with_retry(ctx, "reading work items", lambda: work_items.states(ctx.db, ctx.batch))
        ready = [(s, d) for s, d in pending if not work_items.waiting(held.get(dossier_id(ctx.batch, d.source)))]
        if not ready:
            time.sleep(poll)
            continue
        later = _window(task, ready, ctx.batch, workers, outcomes, lost, on_outcome, rerun)
        pending = [p for p in pending if p not in ready] + later
    return [outcomes[s] for s in sorted(outcomes)]


def _window(task, todo, batch: str, workers: int, outcomes: dict, lost: Counter, on_outcome, rerun) -> list:
    """At most `workers` dossiers in flight, whichever task runner the run got: OCR is the scarce step,
    so it bounds the window. Returns the dossiers that came back unclaimed."""
    later, running = [], {}

    def settle(future) -> None:
        seq, d = running.pop(future)
        try:  # a Failed task that carries its outcome (timeout, storage) is settled, not lost
            out = future.result(raise_on_failure=False)
        except Exception as exc:
            out = exc
        if isinstance(out, BaseException):  # work_on turns dossier errors into outcomes: a lost worker
            lost[seq] += 1
            if lost[seq] >= MAX_LOST:
                raise out
            log.warning("dossier task %s lost (%s); it is claimed again", seq, type(out).__name__)
            out = None
        if out is None:
            later.append((seq, d))
        else:
            outcomes[seq] = out
            PROGRESS[batch] += 1
            on_outcome(out)

    for seq, d in todo:
        if len(running) >= workers:
            settle(next(as_completed(list(running))))
        running[task.submit(d, batch, rerun)] = (seq, d)
    for future in as_completed(list(running)):
        settle(future)
    return later


def _with_retry(ctx: RunContext, what: str, action):
    return retrying(action, retries=ctx.settings.task_retries, first_wait=ctx.settings.retry_backoff_seconds,
                    what=what)


def _task_runner():
    """A deployment run gets the decorator's runner: the Dask cluster named in the environment, if any."""
    address = os.environ.get("SOHOA_DASK_ADDRESS")
    if address:
        from flows.dask_runner import DossierTaskRunner

        return DossierTaskRunner(address=address)
    return ThreadPoolTaskRunner(max_workers=64)


def run_tags(params: IngestParams) -> list[str]:
    return [f"batch:{params.batch}", f"source:{Path(params.source).name}"]


def _tag_flow_run(params: IngestParams) -> None:
    """A CLI run and a deployment run both carry the batch and source tags (a deployment's flow run
    is created before its parameters are known to us, so they are added here)."""
    run = get_run_context().flow_run
    with get_client(sync_client=True) as client:
        client.update_flow_run(run.id, tags=sorted(set(run.tags) | set(run_tags(params))))


@flow(name="ingest-batch", flow_run_name="ingest-{params.batch}", log_prints=False, task_runner=_task_runner())
def ingest_batch(params: IngestParams) -> BatchSummary:
    started = time.monotonic()
    _tag_flow_run(params)
    check_engine(Settings().ocr_lang)  # raises EngineUnavailable: a run without OCR would fail every dossier
    ctx = shared_context(params.batch)  # the same one local task threads use
    b = params.batch
    try:
        found = _with_retry(ctx, "listing the batch",
                            lambda: find_dossiers(params.source, ctx.settings, max_bytes=ctx.ocr.max_file_bytes))
        _with_retry(ctx, "starting the batch", lambda: ctx.db.start_batch(b, source_dir=params.source))
        for marker in found.markers:  # accounted for: recorded, never a dossier, never quarantined
            ctx.db.add_event("intake", "ready_marker", batch=b, detail={"name": marker})
        operators.batch_started(b, len(found.dossiers), found.markers)
        progress = operators.BatchProgress(b, len(found.dossiers))
        retry_waiting_loads(ctx)

        def done(outcome: DossierOutcome) -> None:
            progress.advance()
            operators.dossier_done(b, outcome)

        outcomes = run_dossiers(found.dossiers, ctx, params.workers, on_outcome=done)
        _with_retry(ctx, "finishing the batch", lambda: ctx.db.finish_batch(b))
        summary = summarise(b, outcomes, time.monotonic() - started)
        report(summary, outcomes, ctx, found.markers)
        progress.finish()
        operators.batch_finished(b, summary.model_dump(exclude={"batch"}))
    except BaseException as exc:
        operators.batch_failed(b, exc)
        raise
    finally:
        close_shared(b)
    return summary


def report(summary: BatchSummary, outcomes: list[DossierOutcome], ctx: RunContext,
           markers: list[str] = ()) -> None:
    """The batch's table and summary artifacts. No personal data: the dossier's source path, state,
    reason code, procedure key and classifier confidence only (never field values or details)."""
    rows, pages = [], 0
    for o in (x for top in outcomes for x in top.flat()):
        view = ctx.db.dossier_view(o.dossier_id)
        c = view.classification
        pages += len(view.page_texts)
        rows.append({"dossier": o.source, "state": o.state, "reason": o.reason or "",
                     "procedure": (c.key or "") if c else "",
                     "confidence": round(c.confidence, 2) if c else None})
    create_table_artifact(rows, key=artifact_key(summary.batch, "dossiers"),
                          description=f"Dossiers of batch {summary.batch}")
    create_markdown_artifact(summary_markdown(summary, pages, markers), key=artifact_key(summary.batch, "summary"),
                             description=f"Summary of batch {summary.batch}")


def summary_markdown(summary: BatchSummary, pages: int, markers: list[str] = ()) -> str:
    minutes = summary.seconds / 60
    ppm = pages / minutes if minutes > 0 else 0.0
    review = summary.by_state.get("review", 0)
    lines = [f"# Batch {summary.batch}", "",
             f"{summary.dossiers} dossiers, {summary.files} files, {pages} pages in {summary.seconds:.1f} s "
             f"({ppm:.1f} pages per minute); {summary.unchanged} unchanged since an earlier run.", "",
             f"**Review load:** {review} dossier(s) wait for a reviewer.", "",
             "| state | dossiers |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(summary.by_state.items())]
    lines += ["", "| reason | dossiers |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(summary.by_reason.items())] or ["| (none) | 0 |"]
    if markers:
        lines += ["", f"The batch was marked complete by `{READY}` (a marker, not a dossier)."]
    return "\n".join(lines) + "\n"


def retry_waiting_loads(ctx: RunContext) -> None:
    """Dossiers of this batch that waited for a sector database are loaded from what is stored."""
    from storage.loading import load_waiting

    load_waiting(ctx.db, ctx.sector_db, ctx.batch, threshold=ctx.settings.review_threshold)


def summarise(batch: str, outcomes: list[DossierOutcome], seconds: float) -> BatchSummary:
    """Counts over every final state: a box file counts once as `split`, each dossier cut from it once."""
    flat = [x for o in outcomes for x in o.flat()]
    return BatchSummary(
        batch=batch, dossiers=len(flat), files=sum(o.files for o in outcomes),
        by_state=dict(Counter(o.state for o in flat)),
        by_reason=dict(Counter(o.reason for o in flat if o.reason)),
        unchanged=sum(o.unchanged for o in flat), seconds=round(seconds, 2))


def run(params: IngestParams, dask: str | None = None) -> BatchSummary:
    """Run the flow in this process; the dossier tasks on threads here (Tesseract runs outside the GIL)
    or, with a scheduler address, on that Dask cluster's workers."""
    address = dask or Settings().dask_address
    if not address:
        return ingest_batch(params)
    from flows.dask_runner import DossierTaskRunner

    return ingest_batch.with_options(task_runner=DossierTaskRunner(address=address))(params)


def run_with_progress(params: IngestParams, console, dask: str | None = None) -> BatchSummary:
    """Run the flow while a Rich bar follows finished dossiers in the pipeline database."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    total = count_entries(params.source)
    done = threading.Event()
    result: dict = {}

    def work() -> None:
        try:
            result["summary"] = run(params, dask)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc
        finally:
            done.set()

    PROGRESS[params.batch] = 0
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True,
                  refresh_per_second=2) as bar:  # it moves every 0.5 s: redrawing at 10 Hz only costs CPU
        tid = bar.add_task(f"ingest {params.batch}", total=total)
        threading.Thread(target=work, name="ingest-flow", daemon=True).start()
        while not done.wait(0.5):
            bar.update(tid, completed=PROGRESS[params.batch])
        bar.update(tid, completed=total)
    if "error" in result:
        raise result["error"]
    return result["summary"]
