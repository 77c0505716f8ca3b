"""Reprocess a batch, or one dossier of it, after a rule change (extraction, classification, OCR
options): the stored originals go through the stages again and the outcome replaces the old one
(a sector record the old outcome loaded is retracted first if the new one does not load).

Dossiers a reviewer decided, duplicates, and dossiers with a file that was never stored keep their
outcome. Originals are read from the object store (verified by their SHA-256), never from the drop.
"""
from __future__ import annotations

import logging
import time

from prefect import flow
from prefect.context import get_run_context
from pydantic import BaseModel, Field

from drops.sources import stored_dossier
from flows import operators
from pipeline.context import close_shared, shared_context
from flows.ingest import BatchSummary, report, run_dossiers, summarise
from ocr.tesseract import check_engine
from sohoa.config import Settings

log = logging.getLogger("sohoa.flows")


class ReprocessParams(BaseModel):
    batch: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", description="the batch to reprocess")
    dossier: str | None = Field(None, pattern=r"^[0-9a-f]{32}$",
                                description="only this dossier (its id, from `sohoa status` or `sohoa review list`)")
    workers: int = Field(2, ge=1, le=64, description="dossiers processed in parallel")


@flow(name="reprocess", flow_run_name="reprocess-{params.batch}", log_prints=False)
def reprocess(params: ReprocessParams) -> BatchSummary:
    started = time.monotonic()
    check_engine(Settings().ocr_lang)
    ctx = shared_context(params.batch)
    try:
        if not ctx.db.batch_exists(params.batch):
            raise ValueError(f"no batch named {params.batch!r}")
        views = ctx.db.dossier_views(params.batch)
        if params.dossier:
            views = [v for v in views if v.id == params.dossier]
            if not views:
                raise ValueError(f"no dossier {params.dossier} in batch {params.batch}")
        reviewed = ctx.db.reviewed_dossiers(params.batch)
        todo = []
        for v in views:
            d, why = stored_dossier(v, v.id in reviewed)
            if d is None:
                log.info("dossier %s keeps its outcome (%s)", v.id, why)
            else:
                todo.append(d)
        token = str(get_run_context().flow_run.id)  # each reprocess run takes every dossier once
        ctx.db.add_event("reprocess", "started", batch=params.batch,
                         detail={"dossiers": len(todo), "kept": len(views) - len(todo), "run": token})
        progress = operators.BatchProgress(params.batch, len(todo))
        outcomes = run_dossiers(todo, ctx, params.workers, rerun=token,
                                on_outcome=lambda o: (progress.advance(), operators.dossier_done(params.batch, o)))
        summary = summarise(params.batch, outcomes, time.monotonic() - started)
        report(summary, outcomes, ctx)
        progress.finish()
    finally:
        close_shared(params.batch)
    return summary
