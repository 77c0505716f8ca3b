"""The national guideline's minimum document API (Công văn 7197): a dossier's digitised file by its
DocCode: GET its metadata, PUT metadata elements (a provenance event in the caller's name), download
the PDF/A. Reads are written to the access log."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from storage import doc_metadata
from storage.objects import ObjectStoreError, open_store
from storage.users import Account
from web.access import log_access
from web.api_auth import PREFIX, ApiError, TokenAllow, problem_responses, station_of
from web.api_models import DocumentIn, DocumentOut
from web.i18n import Texts

DOCUMENTS = TokenAllow("archive", "reviewer")
DOCUMENT_EDIT = TokenAllow("archive")  # archive staff keep the catalogue
DocCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9.]+_[A-Za-z]+_\d{6}_V\d+$", max_length=100,
                              description="7197 DocCode, e.g. 000.00.00.H30_HS_000001_V1")]
router = APIRouter(prefix=PREFIX + "/documents", tags=["documents (Công văn 7197)"],
                   responses=problem_responses(401, 403, 404, 409))


@router.get("/download/{doc_code}", response_class=Response, responses={
    200: {"content": {"application/pdf": {}}, "description": "the PDF/A"}, **problem_responses(503)})
async def download(request: Request, doc_code: DocCode, user: Account = Depends(DOCUMENTS),
                   batch: str | None = None):
    station = station_of(request)
    doc = await run_in_threadpool(_document, station, doc_code, batch)
    try:
        data = await run_in_threadpool(open_store(station.settings).get_bytes, doc.pdf_key)
    except ObjectStoreError:
        raise ApiError(503, "file_missing", Texts().api("file_missing")) from None
    await log_access(request, "api_download", doc.dossier_id)
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{doc.file_name}"'})


@router.get("/{doc_code}", response_model=DocumentOut)
async def get_document(request: Request, doc_code: DocCode, user: Account = Depends(DOCUMENTS),
                       batch: str | None = None):
    station = station_of(request)
    doc = await run_in_threadpool(_document, station, doc_code, batch)
    await log_access(request, "api_document", doc.dossier_id)
    return _document_out(doc)


@router.put("/{doc_code}", response_model=DocumentOut)
async def put_document(request: Request, doc_code: DocCode, body: DocumentIn, user: Account = Depends(DOCUMENT_EDIT),
                       batch: str | None = None):
    """Set 7197 metadata elements of the file (recorded in provenance in the caller's name)."""
    station = station_of(request)
    doc = await run_in_threadpool(_document, station, doc_code, batch)
    changes = body.changes()
    if changes:
        await run_in_threadpool(doc_metadata.set_metadata, station.db, doc, changes, user=user.name)
        doc = await run_in_threadpool(doc_metadata.document, station.db, doc.dossier_id)
    return _document_out(doc)


def _document(station, doc_code: str, batch: str | None) -> doc_metadata.DigitisedDocument:
    t = Texts()
    found = doc_metadata.find(station.db, doc_code, batch)
    if len(found) > 1:
        raise ApiError(409, "doc_code_ambiguous", t.api("doc_code_ambiguous", code=doc_code, n=len(found)),
                       matches=found)
    doc = doc_metadata.document(station.db, found[0]) if found else None
    if doc is None:
        raise ApiError(404, "no_document", t.api("no_document", code=doc_code))
    return doc


def _document_out(doc: doc_metadata.DigitisedDocument) -> DocumentOut:
    return DocumentOut(**doc.metadata, FileName=doc.file_name, dossier_id=doc.dossier_id, batch=doc.batch,
                       state=doc.state, missing=doc.missing, set_by_person=doc.set_by_person,
                       updated_by=doc.updated_by, updated_at=doc.updated_at)
