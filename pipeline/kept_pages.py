"""Pages read by an attempt at a dossier, kept in the object store until the dossier is done, so a
worker that takes over a dossier (its first worker was killed) does not OCR those pages again."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ocr.loader import PageRef
from sohoa.documents import Page
from storage.objects import ObjectStore


def prefix(dossier_id: str) -> str:
    return f"work/{dossier_id}/"


RETRY_FLAGS = ("ocr_failed", "ocr_timeout")  # a page Tesseract gave no answer for is read again


class StoredPages:
    """ocr.pipeline's Checkpoint over the object store, for one file of one dossier: by its name and
    content, since one dossier may hold two copies of the same scan."""

    def __init__(self, store: ObjectStore, dossier_id: str, file_rel: str, file_sha256: str, workdir: Path):
        self.store, self.workdir = store, Path(workdir)
        name = hashlib.sha256(f"{file_rel}\0{file_sha256}".encode("utf-8", "surrogateescape")).hexdigest()
        self.base = f"{prefix(dossier_id)}{name}/"

    def _key(self, number: int, what: str) -> str:
        return f"{self.base}{number:06d}.{what}"

    def get(self, ref: PageRef) -> Page | None:
        key = self._key(ref.number, "json")
        if not self.store.exists(key):
            return None
        page = Page.model_validate_json(self.store.get_bytes(key))
        if page.image_path:  # the image is stored before the page, so it is there
            local = self.workdir / Path(page.image_path).name
            self.store.get_file(self._key(ref.number, "image"), local)
            page.image_path = str(local)
        return page

    def put(self, page: Page) -> None:
        if any(f in RETRY_FLAGS for f in page.flags):
            return
        if page.image_path:
            self.store.put_file(self._key(page.number, "image"), Path(page.image_path))
        self.store.put_bytes(self._key(page.number, "json"), page.model_dump_json().encode())


def forget(store: ObjectStore, dossier_id: str) -> None:
    """Drop the kept pages once the dossier is done: its results are in the PDF, OCR JSON and masters."""
    for key in list(store.list(prefix(dossier_id))):
        store.delete(key)
