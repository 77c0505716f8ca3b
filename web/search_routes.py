"""Search across loaded dossiers, the dossier page (fields and its PDF/A, viewable and downloadable) and
the access log. Every look at personal data is logged (web.access): who, when, what, which dossier.

The search is a POST: its words (names, ID numbers) stay out of URLs, browser history and the web
server's request log."""
from __future__ import annotations

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from classifiers import load_catalog
from storage import layout
from storage.objects import ObjectStoreError, open_store
from storage.pipeline_db import PipelineDB
from storage.search_index import KINDS, BadQuery, search
from storage.station_db import ACTIONS
from web.access import log_access
from web.auth import Allow
from web.i18n import texts_for
from web.review_routes import shown_value

SEARCHERS = Allow("archive", "reviewer", "manager")
AUDITORS = Allow("admin", "manager")
RESULTS = 100
LOG_PAGE = 100


def add(app: FastAPI, render) -> None:
    @app.get("/search", response_class=HTMLResponse)
    async def search_form(request: Request, user=Depends(SEARCHERS)):
        return render(request, "search.html", kinds=KINDS, by="text", query="", hits=None)

    @app.post("/search", response_class=HTMLResponse)
    async def search_run(request: Request, user=Depends(SEARCHERS)):
        form = await request.form()
        by = str(form.get("by", "text"))
        by = by if by in KINDS else "text"
        query = str(form.get("q", ""))[:200]
        if not query.strip():
            return render(request, "search.html", kinds=KINDS, by=by, query="", hits=None)
        engine = request.app.state.station.users.engine
        try:
            hits, more = await run_in_threadpool(search, engine, by, query, RESULTS)
        except BadQuery as exc:
            return render(request, "search.html", status=422, kinds=KINDS, by=by, query=query, hits=None,
                          error=texts_for(request)(exc.code))
        await log_access(request, "search", None, by=by, results=len(hits))
        return render(request, "search.html", kinds=KINDS, by=by, query=query, hits=hits, more=more,
                      procedures={p.key: p.name for p in load_catalog().procedures})

    @app.get("/dossiers/{dossier_id}", response_class=HTMLResponse)
    async def record(request: Request, dossier_id: str, user=Depends(SEARCHERS)):
        view = await run_in_threadpool(_view, request, dossier_id)
        await log_access(request, "view_dossier", dossier_id)
        catalog = load_catalog()
        procedure = catalog.get(view.classification.key) if view.classification and \
            view.classification.key in catalog.keys else None
        pdf = view.artifacts.get("pdf")
        return render(request, "record.html", view=view, procedure=procedure, shown=shown_value,
                      doc_code=layout.doc_code_of(pdf.rsplit("/", 1)[-1]) if pdf else None, has_pdf=bool(pdf))

    @app.get("/dossiers/{dossier_id}/pdf")
    async def pdf_inline(request: Request, dossier_id: str, user=Depends(SEARCHERS)):
        return await _pdf(request, dossier_id, download=False)

    @app.get("/dossiers/{dossier_id}/pdf/download")
    async def pdf_download(request: Request, dossier_id: str, user=Depends(SEARCHERS)):
        return await _pdf(request, dossier_id, download=True)

    @app.get("/access-log", response_class=HTMLResponse)
    async def access_log(request: Request, user=Depends(AUDITORS), who: str = "", dossier: str = "",
                         action: str = "", before: int | None = None):
        records = request.app.state.station.records
        entries = await run_in_threadpool(lambda: records.access_log(
            user=who.strip() or None, dossier_id=dossier.strip().lower() or None,
            action=action if action in ACTIONS else None, before=before, limit=LOG_PAGE))
        return render(request, "access_log.html", entries=entries, actions=ACTIONS, who=who, dossier=dossier,
                      action=action, older=entries[-1].id if len(entries) == LOG_PAGE else None)


async def _pdf(request: Request, dossier_id: str, download: bool) -> Response:
    """The PDF/A as stored (hash checked on read). Shown inline in the dossier page's frame, so this
    response alone may be framed, by this site only."""
    view = await run_in_threadpool(_view, request, dossier_id)
    key = view.artifacts.get("pdf")
    if not key:
        raise HTTPException(404)
    try:
        data = await run_in_threadpool(open_store(request.app.state.station.settings).get_bytes, key)
    except ObjectStoreError:
        raise HTTPException(404) from None
    await log_access(request, "download_pdf" if download else "view_pdf", dossier_id)
    name = layout.safe_segment(key.rsplit("/", 1)[-1], 200)  # the 7197 file name, ASCII already
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": f'{"attachment" if download else "inline"}; filename="{name}"',
        "X-Frame-Options": "SAMEORIGIN", "Content-Security-Policy": "frame-ancestors 'self'"})


def _view(request: Request, dossier_id: str):
    db = PipelineDB(request.app.state.station.settings.pipeline_db_url, migrate=False)
    try:
        return db.dossier_view(dossier_id)
    except KeyError:
        raise HTTPException(404) from None
    finally:
        db.close()
