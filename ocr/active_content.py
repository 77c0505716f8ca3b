"""What a PDF could do besides show pages: JavaScript, launch actions, embedded files.

Such a file is still read (its original is kept unchanged); nothing of it reaches the PDF/A, which is
drawn from page images and OCR words only, and the flags say what it held.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pikepdf

log = logging.getLogger(__name__)

JAVASCRIPT = "pdf_javascript"
LAUNCH = "pdf_launch_action"
EMBEDDED_FILE = "pdf_embedded_file"


def active_content(path: Path) -> list[str]:
    """Flags for what the PDF holds, found anywhere in it (catalog, pages, annotations, form fields,
    action chains), whether or not a viewer would reach it."""
    found: set[str] = set()
    try:
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                _scan(obj, found)
    except pikepdf.PdfError as exc:  # pdfium read it; a file pikepdf cannot parse is not refused here
        log.warning("could not inspect a PDF for active content: %s", type(exc).__name__)
    return sorted(found)


CONTAINERS = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)


def _scan(top: pikepdf.Object, found: set[str]) -> None:
    stack = [top]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            _flag(obj, found)
            children = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = obj
        else:
            continue
        # direct children only: every indirect object is visited from pdf.objects, so cycles cannot loop
        stack.extend(v for v in children if isinstance(v, CONTAINERS) and not v.is_indirect)


def _flag(d: pikepdf.Dictionary, found: set[str]) -> None:
    action = d.get("/S")
    if action == pikepdf.Name.JavaScript or "/JS" in d or "/JavaScript" in d:
        found.add(JAVASCRIPT)  # an action, a rendition's script, or the document's named scripts
    if action == pikepdf.Name.Launch:
        found.add(LAUNCH)
    if ("/EmbeddedFiles" in d or "/EF" in d or d.get("/Type") == pikepdf.Name.EmbeddedFile
            or d.get("/Subtype") == pikepdf.Name.FileAttachment):
        found.add(EMBEDDED_FILE)
