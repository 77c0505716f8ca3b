"""The REST API, /api/v1: batches, dossiers, sector records, review decisions and the report summary;
the national guideline's document API is in web.api_documents. Token-authenticated (web.api_auth);
decisions go through review.decisions.resolve, the same code as the pages and `sohoa review resolve`.
Reading a dossier's personal data is written to the access log (who, when, which dossier, never the data)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from classifiers import load_catalog
from review.decisions import Decision, Refused, open_items, resolve
from review.show import DossierDetail, dossier_detail
from storage import overview
from storage.sector_db import SectorDB, SectorDBUnavailable
from storage.sector_models import COLUMN_TYPES
from storage.users import ROLES, Account
from web import api_documents
from web.api_auth import PREFIX, ApiError, Problem, TokenAllow, problem_responses, station_of
from web.api_models import (ApproveIn, BatchDetail, BatchOut, DecisionOut, DossierItem, DossierList, RecordOut,
                            RejectIn, RescanIn, ReviewItemOut, SummaryOut)
from web.i18n import Texts

# who may do what (the same split as the pages: a reviewer decides, a manager reads reports; dossier
# lists hold no field values, a dossier's detail does; documents: web.api_documents)
BATCHES = TokenAllow("archive", "operator", "manager")
DOSSIER_LISTS = TokenAllow("archive", "reviewer", "operator")
REVIEWER = TokenAllow("reviewer")
RECORDS = TokenAllow("reviewer", "archive")
REPORTS = TokenAllow("manager")
ANY_ROLE = TokenAllow(*ROLES)

DossierId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="the dossier's 32-hex id")]
router = APIRouter(prefix=PREFIX, tags=["v1"], responses=problem_responses(401, 403))
ROUTERS = (router, api_documents.router)


def install(app: FastAPI) -> None:
    for r in ROUTERS:
        app.include_router(r)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _unmatched)


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    """A refusal as JSON (a Problem); 401 says which scheme to use."""
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(exc.problem.model_dump(), status_code=exc.status, headers=headers)


async def _unmatched(request: Request, exc: StarletteHTTPException) -> Response:
    """No route for the path or method: a Problem under /api/, FastAPI's own answer elsewhere."""
    if not request.url.path.startswith("/api/"):
        return await http_exception_handler(request, exc)
    code = "method_not_allowed" if exc.status_code == 405 else "not_found"
    return JSONResponse(Problem(code=code, detail=Texts().api(code)).model_dump(), status_code=exc.status_code,
                        headers=exc.headers)


# OpenAPI ------------------------------------------------------------------------------------------
@router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request, user: Account = Depends(ANY_ROLE)):
    """The API's own schema (the pages are not in it); needs a token like the rest."""
    if getattr(request.app.state, "api_schema", None) is None:
        request.app.state.api_schema = get_openapi(
            title="sohoa API", version="1", routes=[route for r in ROUTERS for route in r.routes],
            description="Batches, dossiers, sector records, review decisions, reports and the Công văn 7197 "
                        "document API of the sohoa station. Send `Authorization: Bearer <token>`; tokens are "
                        "made with `sohoa token add --user NAME` and act with that user's role.")
    return JSONResponse(request.app.state.api_schema)


# batches ------------------------------------------------------------------------------------------
@router.get("/batches", response_model=list[BatchOut])
async def list_batches(request: Request, user: Account = Depends(BATCHES)):
    rows = await run_in_threadpool(overview.batches, station_of(request).db.engine)
    return [BatchOut(**r.__dict__) for r in rows]


@router.get("/batches/{name}", response_model=BatchDetail, responses=problem_responses(404))
async def one_batch(request: Request, name: Annotated[str, Path(max_length=200)], user: Account = Depends(BATCHES)):
    db = station_of(request).db
    rows = await run_in_threadpool(overview.batches, db.engine, name)
    if not rows:
        raise ApiError(404, "no_batch", Texts().api("no_batch", name=name))
    return BatchDetail(**rows[0].__dict__, by_reason=await run_in_threadpool(db.reason_counts, name))


# dossiers -----------------------------------------------------------------------------------------
@router.get("/dossiers", response_model=DossierList)
async def list_dossiers(request: Request, user: Account = Depends(DOSSIER_LISTS),
                        batch: str | None = None, state: str | None = None, reason: str | None = None,
                        procedure: str | None = None, sector: str | None = None,
                        id_prefix: Annotated[str | None, Query(pattern=r"^[0-9a-f]{1,32}$")] = None,
                        limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0):
    rows, total = await run_in_threadpool(overview.dossiers, station_of(request).db.engine, limit=limit, offset=offset,
                              batch=batch, state=state, reason=reason, procedure=procedure, sector=sector,
                              id_prefix=id_prefix)
    return DossierList(total=total, limit=limit, offset=offset, items=[DossierItem(**r.__dict__) for r in rows])


@router.get("/dossiers/{dossier_id}", response_model=DossierDetail, responses=problem_responses(404))
async def one_dossier(request: Request, dossier_id: DossierId, user: Account = Depends(REVIEWER)):
    station = station_of(request)
    try:
        detail = await run_in_threadpool(dossier_detail, station.settings, dossier_id)
    except KeyError:
        raise _no_dossier(dossier_id) from None
    await run_in_threadpool(station.tokens.log_access, user.name, dossier_id, "dossier")
    return detail


@router.get("/records/{dossier_id}", response_model=RecordOut, responses=problem_responses(404, 503))
async def record(request: Request, dossier_id: DossierId, user: Account = Depends(RECORDS)):
    station = station_of(request)
    found = await run_in_threadpool(station.db.get_dossier, dossier_id)
    if found is None:
        raise _no_dossier(dossier_id)
    row, sector = await run_in_threadpool(_sector_row, station, dossier_id)
    if row is None:
        raise ApiError(404, "no_record", Texts().api("no_record", id=dossier_id))
    await run_in_threadpool(station.tokens.log_access, user.name, dossier_id, "record")
    return _record_out(row, sector)


def _sector_row(station, dossier_id: str):
    view = station.db.dossier_view(dossier_id)
    c = view.classification
    if view.state != "loaded" or c is None or not c.sector:
        return None, None
    sdb = SectorDB(station.settings.sector_db_url(c.sector), c.sector)
    try:
        return sdb.get(dossier_id), c.sector
    except SectorDBUnavailable:
        raise ApiError(503, "sector_down", Texts().api("sector_down")) from None
    finally:
        sdb.close()


def _record_out(row: dict, sector: str) -> RecordOut:
    fields = {k: (v.isoformat() if isinstance(v, date) else str(v)) for k, v in row.items()
              if k in COLUMN_TYPES and v is not None}
    fields.update({k: str(v) for k, v in (row.get("extra") or {}).items() if v is not None})
    return RecordOut(dossier_id=row["dossier_id"], sector=sector, document_id=row["document_id"],
                     procedure_key=row["procedure_key"], procedure_code=row["procedure_code"], batch=row["batch_id"],
                     source=row["source"], confidence=row["confidence"], loaded_at=row["loaded_at"],
                     component_digitised=row["component_digitised"],
                     result_file_attached=row["result_file_attached"], has_drawings=bool(row.get("has_drawings")),
                     drawings=row.get("drawing_pages") or [], fields=dict(sorted(fields.items())))


# review -------------------------------------------------------------------------------------------
@router.get("/review", response_model=list[ReviewItemOut])
async def review_queue(request: Request, user: Account = Depends(REVIEWER), batch: str | None = None):
    items = await run_in_threadpool(open_items, station_of(request).settings, batch)
    return [ReviewItemOut(dossier_id=i["dossier_id"], batch=i["batch"], source=i["source"], reason=i["reason"],
                          detail=i["detail"], since=i["created_at"]) for i in items]


DECISION_RESPONSES = problem_responses(404, 409, 503)


@router.post("/review/{dossier_id}/approve", response_model=DecisionOut, responses=DECISION_RESPONSES)
async def approve(request: Request, dossier_id: DossierId, body: ApproveIn, user: Account = Depends(REVIEWER)):
    """Load the record: values typed in `fields` or kept with `accept` are the reviewer's; the others
    are loaded only when the machine was certain of them."""
    return await _decide(request, dossier_id, Decision("load", user.name, body.procedure, dict(body.fields),
                                                       list(body.accept), note=body.note))


@router.post("/review/{dossier_id}/reject", response_model=DecisionOut, responses=DECISION_RESPONSES)
async def reject(request: Request, dossier_id: DossierId, body: RejectIn, user: Account = Depends(REVIEWER)):
    return await _decide(request, dossier_id, Decision("reject", user.name, reason=body.reason.strip(),
                                                       note=body.note))


@router.post("/review/{dossier_id}/rescan", response_model=DecisionOut, responses=DECISION_RESPONSES)
async def rescan(request: Request, dossier_id: DossierId, body: RescanIn, user: Account = Depends(REVIEWER)):
    return await _decide(request, dossier_id, Decision("rescan", user.name, reason=body.reason.strip(),
                                                       note=body.note))


async def _decide(request: Request, dossier_id: str, decision: Decision):
    t = Texts()
    try:
        result = await run_in_threadpool(resolve, station_of(request).settings, dossier_id, decision)
    except Refused as exc:
        if exc.code == "no_dossier":
            raise _no_dossier(dossier_id) from None
        if exc.code in ("not_in_review", "resolved_meanwhile"):
            raise ApiError(409, exc.code, t.refused(exc.code, exc.params)) from None
        return _refusal(exc, t)
    except SectorDBUnavailable:
        raise ApiError(503, "sector_down", t.api("sector_down")) from None
    return DecisionOut(dossier_id=dossier_id, state=result.state, loaded=result.loaded, left_out=result.left_out)


def _refusal(exc: Refused, t: Texts) -> JSONResponse:
    """Refused input in the shape of FastAPI's own 422: a message in Vietnamese, the CLI's in ctx."""
    fields = exc.params.get("fields") or ([exc.params["field"]] if "field" in exc.params else [])
    where = "fields" if exc.code not in ("unknown_procedure", "no_procedure") else "procedure"
    locs = [["body", where, f] for f in fields] or [["body", where]]
    msg = t.refused(exc.code, exc.params)
    return JSONResponse({"detail": [{"loc": loc, "msg": msg, "type": exc.code, "ctx": {"en": str(exc)}}
                                    for loc in locs]}, status_code=422)


# reports ------------------------------------------------------------------------------------------
@router.get("/reports/summary", response_model=SummaryOut)
async def report_summary(request: Request, user: Account = Depends(REPORTS), batch: str | None = None):
    return await run_in_threadpool(overview.summary, station_of(request).db.engine, batch=batch, catalog=load_catalog())


def _no_dossier(dossier_id: str) -> ApiError:
    return ApiError(404, "no_dossier", Texts().api("no_dossier", id=dossier_id))


__all__ = ["install", "ROUTERS", "PREFIX"]
