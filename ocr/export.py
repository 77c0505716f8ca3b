"""The per-dossier OCR JSON: pages with their words, boxes and confidences (NFC text)."""
from __future__ import annotations

import json
from pathlib import Path

from sohoa.documents import Page

FORMAT_VERSION = 1


def write_json(pages: list[Page], out_path: Path) -> None:
    """{"format_version", "pages": [Page...]}; image_path is a working file, so it is left out."""
    doc = {"format_version": FORMAT_VERSION, "pages": [p.model_dump(exclude={"image_path"}) for p in pages]}
    Path(out_path).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def read_json(path: Path) -> list[Page]:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Page.model_validate(p) for p in doc["pages"]]
