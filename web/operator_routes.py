"""Operator pages: batches with counts by state, one batch's dossiers, the quarantine with what to do
next, and fixity checks (started here, recorded in the operator's name)."""
from __future__ import annotations

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from classifiers import load_catalog
from storage.pipeline_db import PipelineDB
from web import operations
from web.auth import Allow
from web.i18n import Texts
from web.review_routes import _pop_flash, _set_flash

OPERATOR = Allow("operator")
STATE_ORDER = ("loaded", "review", "quarantined", "duplicate", "rejected", "rescan", "processing")
WAIT_FOR_RESULT = 5.0  # seconds a small check may take and still show its result at once


def add(app: FastAPI, render) -> None:
    app.state.fixity = operations.FixityRunner()

    @app.get("/operator/batches", response_class=HTMLResponse)
    async def batch_list(request: Request, user=Depends(OPERATOR)):
        rows = await run_in_threadpool(operations.batches, _engine(request))
        return render(request, "operator_batches.html", batches=rows, states=STATE_ORDER)

    @app.get("/operator/batches/{batch}", response_class=HTMLResponse)
    async def batch_page(request: Request, batch: str, user=Depends(OPERATOR)):
        dossiers = await run_in_threadpool(_batch_status, request, batch)
        names = {p.key: p.name for p in load_catalog().procedures}
        return render(request, "operator_batch.html", batch=batch, dossiers=dossiers, procedures=names)

    @app.get("/operator/quarantine", response_class=HTMLResponse)
    async def quarantine(request: Request, user=Depends(OPERATOR)):
        rows, total = await run_in_threadpool(operations.quarantined, _engine(request))
        return render(request, "operator_quarantine.html", rows=rows, total=total)

    @app.get("/operator/fixity", response_class=HTMLResponse)
    async def fixity_page(request: Request, user=Depends(OPERATOR)):
        return render(request, "operator_fixity.html", flash=_pop_flash(request), **await _fixity_ctx(request))

    @app.post("/operator/fixity", response_class=HTMLResponse)
    async def fixity_run(request: Request, user=Depends(OPERATOR)):
        form = await request.form()
        batch = str(form.get("batch", "")).strip() or None
        t = Texts()
        if batch and not await run_in_threadpool(_batch_exists, request, batch):
            return render(request, "operator_fixity.html", status=422, error=t("op_unknown_batch"),
                          **await _fixity_ctx(request))
        station = request.app.state.station
        thread = await run_in_threadpool(request.app.state.fixity.start, station.settings, user.name, batch)
        if thread is None:
            return render(request, "operator_fixity.html", status=409, error=t("op_fixity_busy"),
                          **await _fixity_ctx(request))
        await run_in_threadpool(thread.join, WAIT_FOR_RESULT)
        if thread.is_alive():
            _set_flash(request, t("op_fixity_started"))
        return RedirectResponse("/operator/fixity", status_code=303)


def _engine(request: Request):
    return request.app.state.station.users.engine


def _db(request: Request) -> PipelineDB:
    return PipelineDB(request.app.state.station.settings.pipeline_db_url, migrate=False)


def _batch_exists(request: Request, batch: str) -> bool:
    db = _db(request)
    try:
        return db.batch_exists(batch)
    finally:
        db.close()


def _batch_status(request: Request, batch: str):
    db = _db(request)
    try:
        if not db.batch_exists(batch):
            raise HTTPException(404)
        return db.batch_status(batch)
    finally:
        db.close()


async def _fixity_ctx(request: Request) -> dict:
    last = await run_in_threadpool(operations.last_fixity_run, _engine(request))
    ids = [b.id for b in await run_in_threadpool(operations.batches, _engine(request))]
    return {"running": request.app.state.fixity.current, "last": last, "batch_ids": ids}
