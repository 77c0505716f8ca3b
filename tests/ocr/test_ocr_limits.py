"""Pixel limits hold for the images actually made (squared, upscaled, rendered), within 1.5 GB.

Hostile pages are read by tests/ocr/peak_reader.py in a fresh subprocess that reports its peak memory
plus its Tesseract children's, so one test's allocations cannot hide in another's.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from ocr.options import OcrOptions
from ocr.pipeline import read_file
from peak_reader import peak_read
from sohoa.errors import QuarantineError, Reason

PEAK_LIMIT_MB = 1536


def test_uneven_dpi_is_checked_at_its_squared_size_before_decoding(tmp_path):
    """GIVEN a 16-megapixel bilevel PNG (9 KB) tagged 1200 x 24 dpi, which squares to 800 megapixels
    WHEN read THEN page_too_large, and the reader never comes near the memory that would take."""
    path = tmp_path / "fax.png"
    Image.new("1", (4000, 4000), 1).save(path, dpi=(1200, 24))
    assert path.stat().st_size < 20_000
    report = peak_read(path)
    assert report["results"] == {"fax.png": "page_too_large"}
    assert report["worker_mb"] < 300, report


def test_low_resolution_page_is_upscaled_only_within_the_pixel_limit(tmp_path):
    """GIVEN a 49-megapixel page tagged 50 dpi (OCR upscales low resolution up to 4x: 784 MP)
    WHEN read THEN it is read, and the upscaled copy stays within the limit and 1.5 GB."""
    path = tmp_path / "low.png"
    Image.new("1", (7000, 7000), 1).save(path, dpi=(50, 50))
    report = peak_read(path)
    assert report["results"] == {"low.png": [["blank_page"]]}
    assert report["worker_mb"] < PEAK_LIMIT_MB, report


def test_pages_at_the_limit_read_together_stay_within_memory(tmp_path):
    """GIVEN three pages just under 60 MP (two transparent RGBA, one 16-bit grey) read on three
    threads WHEN read THEN all are read and the process peaks under 1.5 GB (they wait for each other)."""
    import numpy as np

    Image.new("RGBA", (7600, 7700), (0, 0, 0, 0)).save(tmp_path / "rgba1.png")
    Image.new("RGBA", (7700, 7600), (0, 0, 0, 0)).save(tmp_path / "rgba2.png")
    Image.fromarray(np.full((7700, 7600), 40000, np.uint16)).save(tmp_path / "grey16.png")
    report = peak_read(*(tmp_path / n for n in ("rgba1.png", "rgba2.png", "grey16.png")))
    assert report["results"] == {n: [["blank_page"]] for n in ("rgba1.png", "rgba2.png", "grey16.png")}
    assert report["worker_mb"] < PEAK_LIMIT_MB, report


def _pdf(path: Path, w_pt: float, h_pt: float) -> Path:
    c = canvas.Canvas(str(path), pagesize=(w_pt, h_pt))
    c.drawString(0, 10, "x")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("w_pt, h_pt", [(3, 200_000), (200_000, 3)])
def test_pdf_page_too_long_to_rasterise_is_page_too_large(tmp_path, w_pt, h_pt):
    """GIVEN a PDF page of 3 x 200,000 pt (few pixels, but 833,000 of them on one side at 300 dpi)
    WHEN read THEN page_too_large, before rendering (the JPEG encoder stops at 65,500 pixels)."""
    path = _pdf(tmp_path / "strip.pdf", w_pt, h_pt)
    with pytest.raises(QuarantineError) as ei:
        read_file(path, OcrOptions(), tmp_path / "w")
    assert ei.value.reason == Reason.page_too_large


def test_image_with_a_side_tesseract_refuses_is_page_too_large(tmp_path):
    """Tesseract refuses images with a side over 32,767 pixels: such a page is page_too_large."""
    path = tmp_path / "strip.png"
    Image.new("1", (40, 40_000), 1).save(path, dpi=(300, 300))
    with pytest.raises(QuarantineError) as ei:
        read_file(path, OcrOptions(), tmp_path / "w")
    assert ei.value.reason == Reason.page_too_large
