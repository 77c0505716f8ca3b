"""Archive staff upload batches (drag-and-drop of files, folders or a zip) and follow their ingest.
Archive staff see their own uploads; operators see everyone's."""
from __future__ import annotations

from datetime import datetime

from fastapi import Depends, FastAPI, HTTPException, Request
from starlette.datastructures import UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from storage.pipeline_db import PipelineDB
from web.auth import Allow
from web.i18n import texts_for
from web.unpack import UploadRefused
from web.uploads import default_batch_name, limit_words, receive

UPLOADERS = Allow("archive", "operator")
FORM_OVERHEAD = 1 << 20  # multipart boundaries and headers on top of the files themselves


async def size_allowed(request: Request) -> None:
    """Before the body is read: a declared size over the limit is refused at once (413), and a body
    of unknown size (chunked) is not taken at all (411)."""
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise HTTPException(411, detail="length_required")
    if int(length) > request.app.state.station.settings.upload_max_mb * 2**20 + FORM_OVERHEAD:
        raise HTTPException(413, detail="too_large")


def add(app: FastAPI, render) -> None:
    def page(request: Request, user, status: int = 200, **ctx):
        station = request.app.state.station
        uploads = station.records.uploads(None if user.role == "operator" else user.name)
        return render(request, "uploads.html", status=status, uploads=uploads, limits=limit_words(station.settings),
                      busy=any(u.state in ("queued", "ingesting") for u in uploads), size=human_size, **ctx)

    @app.get("/uploads", response_class=HTMLResponse)
    async def uploads(request: Request, user=Depends(UPLOADERS), received: int | None = None):
        """`received`: the upload just sent (the page says it was taken)."""
        done = [u for u in request.app.state.station.records.uploads(user.name, limit=20) if u.id == received]
        flash = texts_for(request)("upload_received", batch=done[0].batch, files=done[0].files) if done else None
        return await run_in_threadpool(page, request, user, flash=flash)

    @app.post("/uploads", dependencies=[Depends(size_allowed)], response_class=HTMLResponse)
    async def upload(request: Request, user=Depends(UPLOADERS)):
        form = await request.form()
        station, t = request.app.state.station, texts_for(request)
        s = station.settings
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        batch = str(form.get("batch", "")).strip() or default_batch_name(user.name, datetime.now())
        sent = [(f.filename, f.file, f.size or 0) for f in files]
        try:
            upload_id = await run_in_threadpool(receive, s, station.records, user.name, batch, sent)
        except UploadRefused as exc:
            error = t.upload(exc.code, exc.name, **limit_words(s))
            return await run_in_threadpool(page, request, user, 422, error=error, batch=batch)
        station.runner.submit(upload_id)
        return RedirectResponse(f"/uploads?received={upload_id}", status_code=303)

    @app.get("/uploads/{upload_id}", response_class=HTMLResponse)
    async def upload_detail(request: Request, upload_id: int, user=Depends(UPLOADERS)):
        station = request.app.state.station
        upload = _own_upload(request, upload_id, user)
        dossiers = await run_in_threadpool(_status, station.settings.pipeline_db_url, upload.batch)
        return render(request, "upload.html", upload=upload, dossiers=dossiers,
                      busy=upload.state in ("queued", "ingesting"))


    @app.post("/uploads/{upload_id}/retry")
    async def retry(request: Request, upload_id: int, user=Depends(UPLOADERS)):
        """A failed ingest (the OCR engine or a database was missing) runs again once that is fixed."""
        upload = _own_upload(request, upload_id, user)
        station = request.app.state.station
        if upload.state == "failed":
            station.records.set_upload_state(upload_id, "queued")
            station.runner.submit(upload_id)
        return RedirectResponse("/uploads", status_code=303)


def _own_upload(request: Request, upload_id: int, user):
    """Archive staff reach their own uploads only; operators reach all."""
    upload = request.app.state.station.records.upload(upload_id)
    if upload is None or (user.role != "operator" and upload.uploaded_by != user.name):
        raise HTTPException(404)
    return upload


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _status(url: str, batch: str):
    db = PipelineDB(url, migrate=False)
    try:
        return db.batch_status(batch)
    finally:
        db.close()
