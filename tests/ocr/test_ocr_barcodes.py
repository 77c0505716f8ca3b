"""Barcodes and QR codes on scanned pages (ocr/barcodes.py, zxing-cpp), and separator and cover
sheets: such a page is kept as an image but never OCR'd as content.

The codes are drawn by other libraries than the decoder (python-barcode, segno: samples/codes.py)
and pass through the same scan degradations as the sample pages.
"""
from __future__ import annotations

import pytest
from PIL import Image

from ocr import barcodes, tesseract
from ocr.pipeline import read_file
from samples import degrade
from samples.codes import code128, qr
from samples.writers import write_image_pdf

CODE = "000.00.31.H12-220801-0001"


def _page(dpi: int, *marks) -> Image.Image:
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    for img, (x_mm, y_mm) in marks:
        page.paste(img, (round(x_mm / 25.4 * dpi), round(y_mm / 25.4 * dpi)))
    return page


@pytest.mark.parametrize("dpi", [300, 200])
@pytest.mark.parametrize("specs", [[], ["skew:2.5", "noise:9"], ["photocopy", "skew:-3.5", "noise:7"],
                                   ["blur:1.1", "jpeg:30"], ["bilevel", "skew:1.2"], ["low_contrast:0.4", "blur:0.7"],
                                   ["rotate:90"], ["rotate:180", "noise:6"]])
def test_a_receipts_barcode_and_qr_code_are_read_through_scan_damage(dpi, specs):
    """GIVEN a page with the dossier code as a Code 128 barcode and as a QR code, scanned badly
    WHEN its codes are read THEN both give the code, in reading order (top to bottom as scanned)."""
    page = _page(dpi, (code128(CODE, dpi, 12), (25, 15)), (qr(CODE, dpi, 22), (170, 60)))
    codes = barcodes.read_codes(degrade.apply(page, specs, 7), dpi)
    assert sorted((c.format, c.text) for c in codes) == [("Code128", CODE), ("QRCode", CODE)]
    assert codes[0].bbox[1] < codes[1].bbox[1]
    if not any(s.startswith("rotate") for s in specs):
        assert codes[0].format == "Code128"


def test_a_page_without_codes_gives_none(decision_page):
    assert barcodes.read_codes(decision_page.image, 300) == []


def test_which_sheet_a_code_marks():
    from sohoa.documents import Code

    def flag(*texts):
        return barcodes.sheet_flag([Code(format="Code128", text=t) for t in texts], "PATCHT", "BIAHS")

    assert flag("PATCHT") == barcodes.SEPARATOR
    assert flag(CODE, "PATCHT ") == barcodes.SEPARATOR
    assert flag("BIAHS:" + CODE) == barcodes.COVER
    assert flag(CODE) is None and flag("PATCHTX") is None and flag() is None


def test_separator_and_cover_sheets_are_kept_but_not_read(tmp_path, monkeypatch, opts, decision_page):
    """GIVEN a scanned file: a separator sheet, a decision, a cover sheet (its QR code carries the
    dossier code) WHEN the OCR stage reads it THEN the two sheets are flagged, have no text and no
    words, keep their page image and codes, and Tesseract reads only the decision page."""
    calls = []
    real = tesseract.run_tsv
    monkeypatch.setattr(tesseract, "run_tsv", lambda *a, **k: calls.append(a[0].size) or real(*a, **k))
    sep = _page(300, (code128("PATCHT", 300, 25), (60, 120)))
    cover = _page(300, (qr("BIAHS:" + CODE, 300, 45), (80, 160)))
    path = tmp_path / "box.pdf"
    write_image_pdf([sep, decision_page.image, cover], path, 300)
    pages = read_file(path, opts, tmp_path / "work")
    assert [p.flags for p in pages] == [["separator_sheet"], [], ["cover_sheet"]]
    assert [p.source_page for p in pages] == [1, 2, 3]
    for p in (pages[0], pages[2]):
        assert p.text == "" and p.words == [] and p.image_path
    assert [c.text for c in pages[0].codes] == ["PATCHT"] and [c.text for c in pages[2].codes] == ["BIAHS:" + CODE]
    assert "QUYẾT ĐỊNH" in pages[1].text
    # only the content page, as a whole page read at read_dpi (200 of its 300 dpi)
    assert calls == [(round(decision_page.image.width * 2 / 3), round(decision_page.image.height * 2 / 3))]
    other = opts.model_copy(update={"separator_code": "TACH-HS"})  # another office's sheet value
    assert read_file(path, other, tmp_path / "work2")[0].flags != ["separator_sheet"]
