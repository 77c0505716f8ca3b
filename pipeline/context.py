"""What every dossier of a run shares: settings, stores, catalog, classifier model, OCR options.

Built once per flow run from Settings; stages receive only the plain parts (options, catalog).
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ocr import tesseract
from ocr.options import OcrOptions
from sohoa.config import Settings
from sohoa.errors import StorageUnavailable
from storage.objects import ObjectStore, open_store
from storage.pipeline_db import PipelineDB
from storage.private import private_dir
from storage.sector_db import SectorDB

if TYPE_CHECKING:
    from classifiers.catalog import Catalog

log = logging.getLogger("sohoa.flows")
# Dossier ids, states and reason codes (never field values) at INFO reach the run log in the UI.
logging.getLogger("sohoa").setLevel(logging.INFO)
# These libraries log page content (text operators, font data) at DEBUG: personal data. They stay at
# WARNING even when an operator turns the root logger up.
for _name in ("pdfminer", "pdfplumber", "PIL", "fontTools", "reportlab", "pikepdf"):
    logging.getLogger(_name).setLevel(logging.WARNING)


@dataclass
class RunContext:
    settings: Settings
    batch: str
    store: ObjectStore
    db: PipelineDB
    ocr: OcrOptions
    workdir: Path = Path(".")
    pages: ThreadPoolExecutor | None = None  # the process's page threads (settings.page_workers)
    _sectors: dict[str, SectorDB] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loaded: dict = field(default_factory=dict)

    # The catalog and the classifier are read on first use: a flow's process whose dossiers run on
    # Dask workers never classifies, and would otherwise import scikit-learn for nothing.
    def _once(self, key: str, load):
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = load()
            return self._loaded[key]

    @property
    def catalog(self) -> Catalog:
        from classifiers.catalog import load_catalog

        return self._once("catalog", load_catalog)

    @property
    def model(self):
        """classifiers.model.Model; None when none was ever trained; training.models.UnavailableModel."""
        from training.models import load_current_model

        return self._once("model", lambda: load_current_model(self.store))

    def sector_db(self, sector: str) -> SectorDB:
        with self._lock:
            if sector not in self._sectors:
                self._sectors[sector] = SectorDB(self.settings.sector_db_url(sector), sector)
            return self._sectors[sector]

    def close(self) -> None:
        for db in self._sectors.values():
            db.close()
        self.db.close()


def ocr_options(settings: Settings) -> OcrOptions:
    return OcrOptions(lang=settings.ocr_lang, timeout=settings.ocr_timeout, max_pages=settings.max_pages,
                      max_megapixels=settings.max_megapixels, max_file_bytes=int(settings.max_file_mb * 2**20),
                      read_dpi=settings.read_dpi,
                      read_codes=settings.read_codes, separator_code=settings.separator_code,
                      cover_code_prefix=settings.cover_code_prefix)


def open_context(settings: Settings, batch: str) -> RunContext:
    """Open the stores; a store that cannot be opened means the batch cannot run at all."""
    private_dir(settings.home)
    try:
        store = open_store(settings)
        db = PipelineDB(settings.pipeline_db_url)
    except Exception as exc:  # any driver error here is fatal for the batch, by design
        raise StorageUnavailable(f"{type(exc).__name__}: {exc}") from exc
    workdir = private_dir(settings.home / "work" / batch)
    tesseract.IN_PROCESS = not settings.tesseract_process  # process-wide, as the engine it keeps loaded
    return RunContext(settings=settings, batch=batch, store=store, db=db,
                      ocr=ocr_options(settings), workdir=workdir,
                      pages=page_readers(settings.page_workers))


_PAGE_READERS: dict[int, ThreadPoolExecutor] = {}
_PAGE_READERS_LOCK = threading.Lock()  # not _SHARED_LOCK: shared_context holds that while opening


def page_readers(n: int) -> ThreadPoolExecutor:
    """The process's page threads, shared by every dossier and batch it works on. Threads, not
    processes: pages read at the same time share ocr/'s pixel budget."""
    with _PAGE_READERS_LOCK:
        if n not in _PAGE_READERS:
            _PAGE_READERS[n] = ThreadPoolExecutor(max_workers=n, thread_name_prefix="page")
        return _PAGE_READERS[n]


# One context per batch per process, built from this process's Settings: a Dask worker builds its own
# from the environment and the shared stores, so nothing unpicklable travels with a task.
_SHARED: dict[tuple[str, Settings], RunContext] = {}
_SHARED_LOCK = threading.Lock()
_KEEP = 4  # batches a long-lived worker keeps open


def shared_context(batch: str) -> RunContext:
    settings = Settings()
    with _SHARED_LOCK:
        ctx = _SHARED.get((batch, settings))
        if ctx is None:
            ctx = _SHARED[(batch, settings)] = open_context(settings, batch)
            while len(_SHARED) > _KEEP:  # oldest first (dicts keep insertion order)
                _SHARED.pop(next(iter(_SHARED))).close()
        return ctx


def close_shared(batch: str) -> None:
    with _SHARED_LOCK:
        ctx = _SHARED.pop((batch, Settings()), None)
    if ctx is not None:
        ctx.close()
