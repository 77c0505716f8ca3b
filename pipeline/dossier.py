"""One dossier through the stages, as a chain of small named steps.

Plain functions over a RunContext; `flows/ingest.py` runs each dossier as a Prefect task (through
`pipeline/work.py`).
Known errors become outcomes in exactly one place (`process_dossier`); nothing here logs personal
data: only dossier ids, states and reason codes.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import traceback
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from classifiers import classify
from classifiers.decide import required_fields
from drops.discover import DossierInput, DropFile
from drops.work_copy import work_copy
from extraction import check_required, read_dossier
from extraction.extract import HANDWRITTEN
from extraction.segment import split_box
from extraction.sheets import tag_sheets, text_pages
from ocr.pdfa import write_pdfa
from ocr.pdfa_check import PDFA_CHECK_FAILED
from ocr.pipeline import Halt, start_file
from ocr.tesseract import version as tesseract_version
from pipeline.context import RunContext
from pipeline.kept_pages import StoredPages
from pipeline.outcome import DossierOutcome
from sohoa.documents import Classification, Page
from sohoa.errors import RERUN_REASONS, QuarantineError, Reason, ReviewError, SohoaError
from storage import doc_numbers, layout
from storage.loading import sector_record
from storage.objects import SourceChanged
from storage.pipeline_db import dossier_id as make_dossier_id
from storage.sector_db import SectorDBUnavailable
from storage.transient import is_transient
from training.models import UnavailableModel

log = logging.getLogger("sohoa.flows")
FINAL = ("loaded", "review", "quarantined", "duplicate", "split", "rejected", "rescan")  # the last two: a reviewer's


@dataclass
class FileResult:
    file: DropFile
    object_key: str | None  # None: never stored (kept in the drop)
    pages: list[Page]
    error: QuarantineError | None = None


class Deadline:
    """A dossier's time budget (SOHOA_DOSSIER_TIMEOUT_SECONDS), checked after each page and before
    each later stage: the pages being read finish first (each Tesseract call has its own timeout), the
    others of the dossier are not started."""

    def __init__(self, seconds: float):
        self.seconds, self.end = seconds, time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise ReviewError(Reason.dossier_timeout, detail=f"over {self.seconds:g} s; pages read so far are kept")


class _TimedPages:
    """StoredPages that checks the deadline once each new page is kept."""

    def __init__(self, pages: StoredPages, deadline: Deadline | None):
        self.pages, self.deadline = pages, deadline

    def get(self, ref):
        return self.pages.get(ref)

    def put(self, page: Page) -> None:
        self.pages.put(page)
        if self.deadline:
            self.deadline.check()


def process_dossier(d: DossierInput, ctx: RunContext, deadline: Deadline | None = None,
                    force: bool = False) -> DossierOutcome:
    """The per-dossier boundary: every dossier leaves here in exactly one final state, except on an
    object-store or database error that may pass (re-raised: the task is retried with back-off and
    the dossier stays `processing` meanwhile). force: process it even if this content is settled
    (reprocessing after a rule change)."""
    did = make_dossier_id(ctx.batch, d.source)
    earlier = ctx.db.get_dossier(did)
    if not force and (settled := settled_outcome(d, ctx)):
        return settled
    if earlier and earlier.state in ("loaded", "split"):  # new content under this name: take back what the old loaded
        try:
            _retract(did, earlier.sha256, ctx) if earlier.state == "loaded" else _retract_parts(did, ctx)
        except SectorDBUnavailable as exc:  # the row keeps the old hash, so the next run tries again
            ctx.db.finish_dossier(did, exc.state, exc.reason.value, exc.detail)
            return DossierOutcome(did, d.source, exc.state, exc.reason.value, exc.detail, files=len(d.files))
    ctx.db.begin_dossier(ctx.batch, d.source, "folder" if d.is_folder else "file", sha256=d.sha256)
    workdir = ctx.workdir / did
    parts: list[DossierOutcome] = []
    try:
        state, reason, detail = _outcome_of(did, ctx, lambda: _run(d, did, ctx, workdir, parts, deadline))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    _finish(did, ctx, state, reason, detail)
    return DossierOutcome(did, d.source, state, reason, detail, files=len(d.files), parts=tuple(parts))


def _outcome_of(did: str, ctx: RunContext, work) -> tuple[str, str | None, str | None]:
    """(state, reason, detail) of running `work` for one dossier: known errors become their outcome,
    unknown ones internal_error; the batch goes on."""
    try:
        return work()
    except SohoaError as exc:
        return exc.state, exc.reason.value, exc.detail
    except Exception as exc:  # the one place unknown errors become an outcome
        if is_transient(exc):  # store/database trouble: the task is retried
            raise
        where = _where(exc)
        # the message may quote document content, so logs get the class and location only
        log.error("dossier %s failed with %s at %s", did, type(exc).__name__, where)
        ctx.db.add_event("error", type(exc).__name__, batch=ctx.batch, dossier_id=did,
                         detail={"traceback": traceback.format_exception(exc)})
        return "review", Reason.internal_error.value, f"{type(exc).__name__} at {where}"


def _finish(did: str, ctx: RunContext, state: str, reason: str | None, detail: str | None) -> None:
    ctx.db.finish_dossier(did, state, reason, detail)
    ctx.db.add_event("dossier", state, batch=ctx.batch, dossier_id=did, detail={"reason": reason})
    log.info("dossier %s: %s%s", did, state, f" ({reason})" if reason else "")


def settled_outcome(d: DossierInput, ctx: RunContext) -> DossierOutcome | None:
    """The outcome already recorded for this content in this batch, if it is final (waiting loads
    were retried at flow start)."""
    did = make_dossier_id(ctx.batch, d.source)
    earlier = ctx.db.get_dossier(did)
    if earlier and earlier.sha256 == d.sha256 and earlier.state in FINAL and earlier.reason not in RERUN_REASONS:
        parts = tuple(DossierOutcome(p.id, p.source, p.state, earlier_reason(ctx, p.id), unchanged=True)
                      for p in ctx.db.parts_of(did)) if earlier.state == "split" else ()
        return DossierOutcome(did, d.source, earlier.state, earlier_reason(ctx, did), files=len(d.files),
                              unchanged=True, parts=parts)
    return None


def _retract(did: str, old_sha256: str | None, ctx: RunContext) -> None:
    view = ctx.db.dossier_view(did)
    sector = view.classification.sector if view.classification else None
    if sector and ctx.sector_db(sector).delete(did):
        ctx.db.add_event("load", "retracted", batch=ctx.batch, dossier_id=did,
                         detail={"sector": sector, "sha256": old_sha256})


def _retract_parts(did: str, ctx: RunContext) -> None:
    """A box file's content changed: take back what its parts loaded and forget them (events stay)."""
    for part in ctx.db.parts_of(did):
        if part.state == "loaded":
            _retract(part.id, part.sha256, ctx)
    dropped = ctx.db.drop_parts(did)
    if dropped:
        ctx.db.add_event("split", "superseded", batch=ctx.batch, dossier_id=did, detail={"parts": dropped})


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


def earlier_reason(ctx: RunContext, did: str) -> str | None:
    return ctx.db.dossier_view(did).reason


def _run(d: DossierInput, did: str, ctx: RunContext, workdir: Path, parts: list[DossierOutcome],
         deadline: Deadline | None):
    check = deadline.check if deadline else (lambda: None)
    if not d.files:
        raise QuarantineError(Reason.empty_file, detail="empty folder")
    taken, refused = [], []
    for n, f in enumerate(d.files):
        try:
            taken.append((f, *_store_original(f, n, did, ctx, workdir)))
        except QuarantineError as exc:  # never stored: kept in the drop, recorded by name
            _quarantine(f, None, did, ctx, exc)
            refused.append(FileResult(f, None, [], exc))
    dup = None if refused else ctx.db.find_duplicate(d.sha256, exclude_dossier=did)
    if dup is not None:  # same content ingested before: keep the original, do no work twice
        for f, key, _ in taken:
            ctx.db.add_document(did, f.rel, f.sha256, f.size, object_key=key, media_type=_media_type(f))
        ctx.db.set_artifact(did, "original", taken[0][1])
        return "duplicate", None, f"duplicate of {dup.batch}:{dup.id}"
    order = {f.rel: n for n, f in enumerate(d.files)}
    results = sorted(refused + _read_all(taken, did, ctx, workdir, deadline), key=lambda r: order[r.file.rel])
    bad = [r for r in results if r.error]
    pages = [p for r in results for p in r.pages]
    _set_original_artifact(results, did, ctx)
    if not pages:
        first = bad[0].error
        names = ", ".join(r.file.rel for r in bad)
        raise QuarantineError(first.reason, detail=names if d.is_folder else first.detail)
    check()
    for n, p in enumerate(pages, start=1):
        p.number = n
    tag_sheets(pages)  # drawings and maps: documents of their own, not mined for form fields
    runs, sheets = split_box(pages)
    if len(runs) > 1:  # separator sheets: one scanned file, several dossiers
        return _split(d, did, ctx, workdir, results, runs, sheets, parts, bad, check)
    return _stages(d, did, ctx, workdir, pages, bad, check)


def _stages(d: DossierInput, did: str, ctx: RunContext, workdir: Path, pages: list[Page],
            bad: list[FileResult], check):
    """Read pages to a final state: PDF/A, fields, documents, procedure, review or load. check: raises
    once the dossier's deadline has passed."""
    _write_outputs(pages, did, ctx, workdir)
    check()
    reading = read_dossier(pages)
    fields = reading.fields
    ctx.db.set_fields(did, fields)
    ctx.db.set_official_documents(did, reading.official_documents)
    ctx.db.set_contents(did, reading.documents, reading.dossier_code)
    ctx.db.add_event("extraction", "ok", batch=ctx.batch, dossier_id=did, detail={"fields": sorted(fields)})
    # the procedure is told by the papers of text; a drawing's notes or a map's legend only blur it
    texts = [p.text for p in (text_pages(pages) or pages)]
    c = _classify(texts, ctx)
    ctx.db.set_classification(did, c)
    ctx.db.add_event("classification", c.key and "ok" or "abstained", batch=ctx.batch, dossier_id=did,
                     detail={"procedure": c.key, "confidence": c.confidence, "model_version": c.model_version})
    _review_if_unsure(d, bad, pages, texts, fields, c, ctx)
    _load(did, ctx, c)
    return "loaded", None, None


def part_source(source: str, n: int) -> str:
    """'box01.pdf/part-02': a '/' after a file's name (or a folder's) is no dropped entry's name."""
    return f"{source.rstrip('/')}/part-{n:02d}"


def _split(d: DossierInput, did: str, ctx: RunContext, workdir: Path, results: list[FileResult],
           runs: list[list[Page]], sheets: list[int], parts: list[DossierOutcome], bad: list[FileResult], check):
    """A box file cut at its separator sheets: each run of pages is a dossier of its own, with its own
    final state; the sheets stay in the stored original and are no part's page. A bad file of a box
    folder may have held pages of any part, so every part names it for review."""
    keys = {r.file.rel: r for r in results if r.object_key}
    listed = []
    for n, run in enumerate(runs, start=1):
        src = part_source(d.source, n)
        span = [run[0].number, run[-1].number]
        sha = hashlib.sha256(f"{d.sha256}:{span[0]}-{span[1]}".encode()).hexdigest()
        pid = ctx.db.begin_dossier(ctx.batch, src, "part", sha256=sha, parent_id=did)
        ctx.db.set_box(pid, {"of": d.source, "pages": span})
        for rel in dict.fromkeys(p.source_file for p in run):  # the files it was cut from, kept once in the store
            r = keys[rel]
            ctx.db.add_document(pid, rel, r.file.sha256, r.file.size, object_key=r.object_key,
                                media_type=_media_type(r.file))
        ctx.db.set_artifact(pid, "original", keys[run[0].source_file].object_key)
        state, reason, detail = _outcome_of(pid, ctx, lambda: _stages(d, pid, ctx, workdir / f"part-{n:02d}",
                                                                     [p.model_copy() for p in run], bad, check))
        _finish(pid, ctx, state, reason, detail)
        parts.append(DossierOutcome(pid, src, state, reason, detail))
        listed.append({"source": src, "pages": span})
    ctx.db.set_box(did, {"parts": listed, "separator_pages": sheets, "pages": sum(len(r) for r in runs) + len(sheets)})
    ctx.db.add_event("split", "ok", batch=ctx.batch, dossier_id=did,
                     detail={"parts": len(runs), "separator_pages": sheets})
    return "split", None, f"{len(runs)} dossiers, separator sheets on pages {', '.join(map(str, sheets))}"


def _meta(f: DropFile, ctx: RunContext) -> dict[str, str]:
    return {"batch": ctx.batch, "original_name": f.rel, "size": str(f.size),
            "received_at": datetime.now(timezone.utc).isoformat()}


def _store_original(f: DropFile, n: int, did: str, ctx: RunContext, workdir: Path) -> tuple[str, Path | None]:
    """Every readable dropped file is stored unchanged under its SHA-256 before anything reads it.
    Returns the key and the private copy that is stored and read (None for a link)."""
    if f.problem:  # found by discovery: not read, not stored
        raise QuarantineError(f.problem, detail=f.detail)
    key = layout.original_key(f.sha256)
    copy = None
    if f.is_link:  # the link text is what was dropped; the target is never read
        obj = ctx.store.put_bytes(key, os.fsencode(f.path.readlink()), _meta(f, ctx))
    elif f.remote:  # taken in already (drops.sources.taken_in): f.path is the private, hashed copy
        copy = f.path
        try:
            obj = ctx.store.put_original(key, copy, f.sha256, _meta(f, ctx), source=f.remote)
        except SourceChanged as exc:
            raise QuarantineError(Reason.changed_during_ingest, detail=type(exc).__name__) from None
    else:
        copy = work_copy(f, workdir / "in", n)
        obj = ctx.store.put_file(key, copy, _meta(f, ctx), expected_sha256=f.sha256)
    ctx.db.record_object(obj.key, obj.sha256, obj.size, "original", batch=ctx.batch, dossier_id=did)
    return key, copy


def _read_all(taken, did: str, ctx: RunContext, workdir: Path, deadline: Deadline | None) -> list[FileResult]:
    """Every stored file's pages: all started on the process's page threads first, so a dossier's
    pages are read at the same time, then collected file by file (the pages are those of a reading
    one by one). A file that is bad is quarantined on its own (original kept, reason recorded)."""
    readings, halt = [], Halt()
    try:
        for n, (f, key, copy) in enumerate(taken):
            if deadline and readings:  # the first file always starts, so a run on a busy machine keeps a page
                deadline.check()
            # a folder of files each of whose pages is its "page 1": one folder each for their images
            readings.append((f, key, _start(f, copy, did, ctx, workdir / "pages" / f"{n:04d}", deadline, halt)))
        return [_file_result(f, key, reading, did, ctx) for f, key, reading in readings]
    except BaseException:  # leave no page running into a workdir about to be removed
        for _, _, reading in readings:
            if not isinstance(reading, QuarantineError):
                reading.abandon()
        raise


def _start(f: DropFile, copy: Path | None, did: str, ctx: RunContext, workdir: Path, deadline: Deadline | None,
           halt: Halt):
    try:
        if f.is_link:
            raise QuarantineError(Reason.unsupported_type, detail="symbolic link")
        kept = StoredPages(ctx.store, did, f.rel, f.sha256, workdir)  # pages a killed attempt already read
        return start_file(copy, ctx.ocr, workdir, first_page=1, checkpoint=_TimedPages(kept, deadline),
                          pool=ctx.pages, halt=halt)
    except QuarantineError as exc:
        return exc


def _file_result(f: DropFile, key: str, reading, did: str, ctx: RunContext) -> FileResult:
    try:
        if isinstance(reading, QuarantineError):
            raise reading
        pages = reading.pages()
    except QuarantineError as exc:
        _quarantine(f, key, did, ctx, exc)
        return FileResult(f, key, [], exc)
    for p in pages:
        p.source_file = f.rel
    ctx.db.add_document(did, f.rel, f.sha256, f.size, object_key=key, media_type=_media_type(f))
    return FileResult(f, key, pages)


def _quarantine(f: DropFile, key: str | None, did: str, ctx: RunContext, exc: QuarantineError) -> None:
    """By reference, never a second copy: the stored original (key), or, for a file that was not
    stored, its name in the batch's source folder."""
    ctx.db.add_document(did, f.rel, f.sha256, f.size, object_key=key, state="quarantined",
                        reason=exc.reason.value)
    if key:
        ctx.db.set_artifact(did, "quarantine", key)
    ctx.db.add_event("quarantine", exc.reason.value, batch=ctx.batch, dossier_id=did, object_key=key,
                     detail={"kept": "store" if key else "drop"})


def _media_type(f: DropFile) -> str:
    return Path(f.rel).suffix.lower().lstrip(".")[:20]


def _set_original_artifact(results: list[FileResult], did: str, ctx: RunContext) -> None:
    # A folder dossier points at its first stored file; every file is listed with its key in documents.
    keys = [r.object_key for r in results if r.object_key]
    if keys:
        ctx.db.set_artifact(did, "original", keys[0])


def _write_outputs(pages: list[Page], did: str, ctx: RunContext, workdir: Path) -> None:
    """Renumber pages across the dossier's files, then store the PDF/A and the OCR JSON."""
    workdir.mkdir(parents=True, exist_ok=True)
    for n, p in enumerate(pages, start=1):
        p.number = n
    agency = ctx.settings.agency_code
    number = doc_numbers.number_of(ctx.db, did, layout.doc_code_prefix(agency, "HS"))  # kept across re-runs
    name = layout.digitised_name(layout.doc_code(agency, "HS", number), date.today(), "HoSo")
    pdf_path = workdir / "dossier.pdf"
    failed = write_pdfa(pages, pdf_path, title=f"{ctx.batch} {did}")
    if failed:  # the PDF/A is still stored; the flag and the event say which checked rules it breaks
        pages[0].flags = pages[0].flags + [PDFA_CHECK_FAILED]
        ctx.db.add_event("ocr", PDFA_CHECK_FAILED, batch=ctx.batch, dossier_id=did, detail={"checks": failed})
    _put_artifact(ctx, did, "pdf", layout.pdf_key(ctx.batch, name, did), pdf_path)
    ocr_json = workdir / "ocr.json"
    ocr_json.write_text(json.dumps([p.model_dump(exclude={"image_path"}) for p in pages], ensure_ascii=False))
    _put_artifact(ctx, did, "ocr_json", layout.ocr_key(ctx.batch, did), ocr_json)
    ctx.db.set_pages(did, pages, engine="tesseract", engine_version=tesseract_version(),
                     master_keys=_store_masters(pages, did, ctx))
    ctx.db.add_event("ocr", "ok", batch=ctx.batch, dossier_id=did,
                     detail={"engine": "tesseract", "version": tesseract_version(), "pages": len(pages),
                             "settings": ctx.ocr.model_dump()})


def _store_masters(pages: list[Page], did: str, ctx: RunContext) -> dict[int, str]:
    """Lossless page masters: the upright page images that are PNG (grey and bilevel pages; colour
    photos stay JPEG in the PDF and their original is kept unchanged anyway)."""
    keys = {}
    for p in pages:
        if p.image_path and p.image_path.endswith(".png"):
            key = layout.master_key(ctx.batch, did, p.number, "png")
            obj = ctx.store.put_file(key, Path(p.image_path), {"batch": ctx.batch, "dossier": did})
            ctx.db.record_object(obj.key, obj.sha256, obj.size, "master", batch=ctx.batch, dossier_id=did)
            keys[p.number] = key
    return keys


def _put_artifact(ctx: RunContext, did: str, kind: str, key: str, path: Path) -> None:
    obj = ctx.store.put_file(key, path, {"batch": ctx.batch, "dossier": did})
    ctx.db.record_object(obj.key, obj.sha256, obj.size, kind, batch=ctx.batch, dossier_id=did)
    ctx.db.set_artifact(did, kind, key)


def _classify(texts: list[str], ctx: RunContext) -> Classification:
    if isinstance(ctx.model, UnavailableModel):
        raise ReviewError(Reason.classifier_unavailable, detail=str(ctx.model.error))
    return classify(texts, ctx.catalog, model=ctx.model)


def _review_if_unsure(d, bad, pages, texts, fields, c: Classification, ctx: RunContext) -> None:
    """Raise ReviewError for the first thing a person must decide, most basic first."""
    if bad:
        raise ReviewError(Reason.bad_file_in_dossier,
                          detail="; ".join(f"{r.file.rel}: {r.error.reason.value}" for r in bad))
    for flag in (Reason.ocr_failed, Reason.ocr_timeout):  # a page without its text is never loaded silently
        unread = [f"{p.number} ({p.source_file})" for p in pages if flag.value in p.flags]
        if unread:
            raise ReviewError(flag, detail="pages " + ", ".join(unread))
    if not any(t.strip() for t in texts):
        raise ReviewError(Reason.no_text)
    if c.key is None:
        raise ReviewError(Reason(c.reason or Reason.procedure_uncertain), detail=f"confidence {c.confidence:.2f}")
    required = required_fields(texts, ctx.catalog, c.key)
    problems = check_required(fields, required, ctx.settings.review_threshold)
    # any value read from handwriting, required or not, is shown to a person with its crop
    problems += [(k, HANDWRITTEN) for k, fv in sorted(fields.items())
                 if k not in required and fv.problem == HANDWRITTEN and fv.confirmed_by is None]
    if problems:
        whys = [why for _, why in problems]
        if "missing" in whys:
            reason = Reason.required_field_missing
        elif any(w.startswith("invalid") for w in whys):
            reason = Reason.field_invalid
        elif HANDWRITTEN in whys:
            reason = Reason.field_handwritten
        else:
            reason = Reason.field_uncertain
        raise ReviewError(reason, detail=", ".join(f"{k}: {why}" for k, why in problems))


def _load(did: str, ctx: RunContext, c: Classification) -> None:
    sector = ctx.catalog.get(c.key).sector
    # Only valid values above the review threshold are loaded as facts; the rest stay in the pipeline
    # database and the export, with their confidence, for a reviewer.
    record = sector_record(ctx.db.dossier_view(did), threshold=ctx.settings.review_threshold)
    ctx.sector_db(sector).load_record(record)  # retries with back-off, then raises SectorDBUnavailable
    ctx.db.add_event("load", "ok", batch=ctx.batch, dossier_id=did, detail={"sector": sector})
