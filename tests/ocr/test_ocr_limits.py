"""Pixel limits hold for the images actually made (squared, upscaled, rendered), within 1.5 GB.

Hostile pages are read in a fresh subprocess that reports its peak memory (its own and its
Tesseract children's), so one test's allocations cannot hide in another's.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from ocr.options import OcrOptions
from ocr.pipeline import read_file
from sohoa.errors import QuarantineError, Reason

ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 1536

# Reads every path given, each on its own thread (as the flow reads dossiers), and prints per
# path the reason or the page flags, then the peak resident memory in MB of it and its children.
# The 4 GB address-space cap only keeps a regression from taking the machine down with it.
READER = """
import json, resource, sys, threading
resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))
from pathlib import Path
from ocr.options import OcrOptions
from ocr.pipeline import read_file
from sohoa.errors import QuarantineError
out = {}
def read(p):
    try:
        out[p] = [page.flags for page in read_file(Path(p), OcrOptions(), Path(p + '.work'))]
    except QuarantineError as e:
        out[p] = e.reason.value
    except MemoryError:
        out[p] = 'MemoryError'
threads = [threading.Thread(target=read, args=(p,)) for p in sys.argv[1:]]
[t.start() for t in threads]
[t.join() for t in threads]
# VmHWM, not RUSAGE_SELF: Linux carries the parent's (pytest's) peak into ru_maxrss across exec
hwm_kb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
peak_kb = max(hwm_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # Tesseract runs
print(json.dumps({"results": out, "peak_mb": peak_kb // 1024}))
"""


def _read_in_subprocess(*paths: Path) -> tuple[dict, int]:
    run = subprocess.run([sys.executable, "-c", READER, *map(str, paths)], capture_output=True, text=True,
                         timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    return {Path(k).name: v for k, v in report["results"].items()}, report["peak_mb"]


def test_uneven_dpi_is_checked_at_its_squared_size_before_decoding(tmp_path):
    """GIVEN a 16-megapixel bilevel PNG (9 KB) tagged 1200 x 24 dpi, which squares to 800 megapixels
    WHEN read THEN page_too_large, and the reader never comes near the memory that would take."""
    path = tmp_path / "fax.png"
    Image.new("1", (4000, 4000), 1).save(path, dpi=(1200, 24))
    assert path.stat().st_size < 20_000
    results, peak = _read_in_subprocess(path)
    assert results == {"fax.png": "page_too_large"}
    assert peak < 300, f"{peak} MB"


def test_low_resolution_page_is_upscaled_only_within_the_pixel_limit(tmp_path):
    """GIVEN a 49-megapixel page tagged 50 dpi (OCR upscales low resolution up to 4x: 784 MP)
    WHEN read THEN it is read, and the upscaled copy stays within the limit and 1.5 GB."""
    path = tmp_path / "low.png"
    Image.new("1", (7000, 7000), 1).save(path, dpi=(50, 50))
    results, peak = _read_in_subprocess(path)
    assert results == {"low.png": [["blank_page"]]}
    assert peak < PEAK_LIMIT_MB, f"{peak} MB"


def test_pages_at_the_limit_read_together_stay_within_memory(tmp_path):
    """GIVEN three pages just under 60 MP (two transparent RGBA, one 16-bit grey) read on three
    threads WHEN read THEN all are read and the process peaks under 1.5 GB (they wait for each other)."""
    import numpy as np

    Image.new("RGBA", (7600, 7700), (0, 0, 0, 0)).save(tmp_path / "rgba1.png")
    Image.new("RGBA", (7700, 7600), (0, 0, 0, 0)).save(tmp_path / "rgba2.png")
    Image.fromarray(np.full((7700, 7600), 40000, np.uint16)).save(tmp_path / "grey16.png")
    results, peak = _read_in_subprocess(*(tmp_path / n for n in ("rgba1.png", "rgba2.png", "grey16.png")))
    assert results == {n: [["blank_page"]] for n in ("rgba1.png", "rgba2.png", "grey16.png")}
    assert peak < PEAK_LIMIT_MB, f"{peak} MB"


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
