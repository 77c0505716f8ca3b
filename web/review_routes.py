"""Review pages: the queue (oldest first), one dossier (page image with field boxes, editable fields),
and the decision. Decisions go through review.decisions.resolve, the same code as `sohoa review resolve`."""
from __future__ import annotations

import re

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from classifiers import load_catalog
from classifiers.catalog import Catalog
from classifiers.decide import required_by_procedure
from classifiers.text import strip_tones
from extraction.values import DATE, KIND
from review.decisions import Decision, Refused, open_items, resolve
from storage.pipeline_db import PipelineDB
from storage.sector_db import SectorDBUnavailable
from web import pages as page_images
from web.access import log_access
from web.auth import Allow
from web.i18n import texts_for

REVIEWER = Allow("reviewer")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
FIELD_PREFIX = "f."  # form inputs of fields are named f.<field key>


def add(app: FastAPI, render) -> None:
    @app.get("/review", response_class=HTMLResponse)
    async def queue(request: Request, user=Depends(REVIEWER)):
        items = await run_in_threadpool(open_items, _settings(request), None)
        return render(request, "queue.html", items=items, flash=pop_flash(request))

    @app.get("/review/next")
    async def next_item(request: Request, user=Depends(REVIEWER)):
        items = await run_in_threadpool(open_items, _settings(request), None)
        return RedirectResponse(f"/review/{items[0]['dossier_id']}" if items else "/review", status_code=303)

    @app.get("/review/{dossier_id}", response_class=HTMLResponse)
    async def dossier(request: Request, dossier_id: str, user=Depends(REVIEWER)):
        ctx = await run_in_threadpool(_dossier_context, request, dossier_id)
        await log_access(request, "view_review", dossier_id)
        return render(request, "dossier.html", flash=pop_flash(request), **ctx)

    @app.get("/review/{dossier_id}/page/{number}.png")
    async def page_image(request: Request, dossier_id: str, number: int, user=Depends(REVIEWER)):
        station = request.app.state.station
        png = await run_in_threadpool(page_images.page_png, station.settings, station.users.engine,
                                      dossier_id, number)
        if png is None:
            raise HTTPException(404)
        await log_access(request, "view_page", dossier_id, page=number)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=600"})

    @app.post("/review/{dossier_id}", response_class=HTMLResponse)
    async def decide(request: Request, dossier_id: str, user=Depends(REVIEWER)):
        form = await request.form()
        t = texts_for(request)
        try:
            decision = await run_in_threadpool(_decision, request, dossier_id, form, user.name)
            result = await run_in_threadpool(resolve, _settings(request), dossier_id, decision)
        except Refused as exc:
            ctx = await run_in_threadpool(_dossier_context, request, dossier_id, form)
            return render(request, "dossier.html", status=422, error=t.refused(exc.code, exc.params), **ctx)
        except SectorDBUnavailable:
            ctx = await run_in_threadpool(_dossier_context, request, dossier_id, form)
            return render(request, "dossier.html", status=503, error=t("sector_down"), **ctx)
        done = {"loaded": "done_loaded", "rejected": "done_rejected", "rescan": "done_rescan"}[result.state]
        flash = [t(done, source=await run_in_threadpool(_source, request, dossier_id))]
        if result.left_out:
            flash.append(t("left_out", fields=", ".join(t.field(k) for k in result.left_out)))
        set_flash(request, " ".join(flash))
        return RedirectResponse("/review/next", status_code=303)


def _settings(request: Request):
    return request.app.state.station.settings


def _view(request: Request, dossier_id: str):
    db = PipelineDB(_settings(request).pipeline_db_url, migrate=False)
    try:
        return db.dossier_view(dossier_id)
    except KeyError:
        raise HTTPException(404) from None
    finally:
        db.close()


def _source(request: Request, dossier_id: str) -> str:
    return _view(request, dossier_id).source


def _decision(request: Request, dossier_id: str, form, user: str) -> Decision:
    """The form as a Decision: a field left as the machine read it is accepted (the reviewer saw it
    against the page), a changed one is typed, an emptied one removed."""
    action = str(form.get("action", ""))
    outcome = {"approve": "load", "reject": "reject", "rescan": "rescan"}.get(action, "")
    reason = str(form.get("reject_reason" if outcome == "reject" else "rescan_reason", "")).strip()
    if outcome != "load":
        return Decision(outcome, user, reason=reason)
    machine = _view(request, dossier_id).fields
    typed, accept = {}, []
    for name, value in form.multi_items():
        if not name.startswith(FIELD_PREFIX):
            continue
        key, text = name[len(FIELD_PREFIX):], str(value).strip()
        old = machine.get(key)
        if old is not None and text == shown_value(key, old.value):
            if old.valid:
                accept.append(key)
        elif text or old is not None:
            typed[key] = text
    procedure = procedure_key(load_catalog(), str(form.get("procedure", ""))) or None
    return Decision("load", user, procedure=procedure, fields=typed, accept=accept)


def procedure_label(p) -> str:
    return f"{p.name} ({p.code})" if p.code else p.name


def procedure_key(catalog: Catalog, text: str) -> str:
    """The key of the procedure named by what the reviewer chose or typed: its key, code, name or the
    list's label, tone marks optional. Anything else is passed on as typed (and refused as unknown)."""
    text = text.strip()
    folded = strip_tones(text)
    for p in catalog.procedures:
        if text in (p.key, p.code) or folded in (strip_tones(p.name), strip_tones(procedure_label(p))):
            return p.key
    return text


def shown_value(key: str, value: str) -> str:
    """Dates as Vietnamese write them (day/month/year); the validators read this form back."""
    if KIND.get(key) == DATE and _ISO.fullmatch(value):
        y, m, d = value.split("-")
        return f"{d}/{m}/{y}"
    return value


def _dossier_context(request: Request, dossier_id: str, form=None) -> dict:
    view = _view(request, dossier_id)
    station = request.app.state.station
    catalog = load_catalog()
    typed = str(form.get("procedure", "")) if form else ""
    chosen = procedure_key(catalog, typed) if typed else (view.classification.key if view.classification else None)
    required_by = required_by_procedure(view.page_texts, catalog)
    required = required_by.get(chosen, [])
    keys = sorted(view.fields, key=lambda k: (k not in required, k))
    keys += [k for k in required if k not in view.fields]
    if form:  # fields the reviewer added stay on the page that says what is wrong
        keys += [k[len(FIELD_PREFIX):] for k in form if k.startswith(FIELD_PREFIX) and k[len(FIELD_PREFIX):] in KIND
                 and k[len(FIELD_PREFIX):] not in keys]
    shown = {k: (str(form.get(FIELD_PREFIX + k, "")) if form
                 else shown_value(k, view.fields[k].value) if k in view.fields else "") for k in keys}
    page_list = page_images.pages(station.users.engine, dossier_id)
    labels = {p.key: procedure_label(p) for p in catalog.procedures}
    return {"view": view, "procedures": catalog.procedures, "procedure_labels": labels, "chosen": chosen,
            "procedure_text": labels.get(chosen, typed), "keys": keys, "required": required,
            "required_by": required_by, "all_fields": sorted(KIND), "shown": shown,
            "field_names": {k: texts_for(request).field(k) for k in KIND},
            "pages": [(p, page_images.boxes(p, view.fields)) for p in page_list],
            "in_review": view.state == "review", "threshold": station.settings.review_threshold}


def set_flash(request: Request, text: str) -> None:
    request.state.session["flash"] = text
    request.state.session_dirty = True


def pop_flash(request: Request) -> str | None:
    text = request.state.session.pop("flash", None)
    if text:
        request.state.session_dirty = True
    return text
