"""A PDF with JavaScript, a launch action or an embedded file is read and flagged; the original is not
changed and the PDF/A carries none of it."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pdf_hostile import KINDS, add_active_content
from reportlab.pdfgen import canvas

from ocr.active_content import active_content
from ocr.options import OcrOptions
from ocr.pdfa import write_pdfa
from ocr.pipeline import read_file


def _plain_pdf(path: Path, pages: int = 2) -> Path:
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for _ in range(pages):
        c.showPage()  # blank pages: read without Tesseract
    c.save()
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_active_content_is_flagged_and_not_passed_on(tmp_path, kind):
    """GIVEN a PDF holding `kind` WHEN read and written as PDF/A THEN its first page carries the flag,
    the file is unchanged, and the PDF/A holds no script, launch action or embedded file."""
    path = add_active_content(_plain_pdf(tmp_path / "plain.pdf"), tmp_path / "hostile.pdf", kind)
    before = _sha(path)
    pages = read_file(path, OcrOptions(), tmp_path / "w")
    assert KINDS[kind] in pages[0].flags
    assert not any(f.startswith("pdf_") for f in pages[1].flags)
    assert _sha(path) == before
    assert write_pdfa(pages, tmp_path / "out.pdf") == []
    assert active_content(tmp_path / "out.pdf") == []


def test_a_plain_pdf_has_no_active_content_flag(tmp_path):
    pages = read_file(_plain_pdf(tmp_path / "plain.pdf"), OcrOptions(), tmp_path / "w")
    assert not any(f.startswith("pdf_") for p in pages for f in p.flags)
