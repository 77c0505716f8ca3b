"""Decree 30 documents of kinds other than QUYẾT ĐỊNH, rendered in FreeSerif and read by real
Tesseract through ocr.pipeline.read_file: the 7197 TypeName must be right, never a wrong kind
with confidence ≥ 0.80.

Tesseract's answers are replayed from tests/extraction/cache_kinds/, keyed by the image pixels,
the arguments and the Tesseract version (the same scheme as tests/ocr): a preprocessing change
changes the pixels, so the cache misses and Tesseract runs again.
"""
import random
from pathlib import Path

import pytest

from extraction import document_metadata
import ocr_replay
from ocr.options import OcrOptions
from ocr.pipeline import read_file
from samples.decision import build_official
from samples.render import render

CACHE = Path(__file__).parent / "cache_kinds"
KINDS = ["Nghị quyết", "Thông tư", "Công điện", "Kế hoạch", "Công văn"]


@pytest.fixture(autouse=True)
def tesseract_replay(monkeypatch):
    ocr_replay.install(monkeypatch, CACHE)


@pytest.mark.parametrize("kind", KINDS)
def test_a_scanned_document_of_another_kind_gets_its_type_name(kind, tmp_path):
    doc = build_official(kind, random.Random(11))
    [page] = render(doc.items, "freeserif", 300)
    path = tmp_path / "scan.png"
    page.image.save(path, dpi=(300, 300))
    pages = read_file(path, OcrOptions(timeout=120), tmp_path / "work")
    meta = document_metadata(pages)
    assert meta["TypeName"] == kind, (meta["TypeName"], pages[0].text[:300])
    assert meta["TypeNameConfidence"] >= 0.8
    assert meta["CodeNotation"].endswith(doc.fields["document_number"].split("/")[-1])
    if kind == "Công văn":
        assert meta["Subject"].startswith("V/v")


def test_a_scanned_document_of_an_unknown_kind_gets_no_kind_with_confidence(tmp_path):
    doc = build_official("Quyết định", random.Random(12), title="BẢN CAM KẾT")
    [page] = render(doc.items, "freeserif", 300)
    path = tmp_path / "scan.png"
    page.image.save(path, dpi=(300, 300))
    meta = document_metadata(read_file(path, OcrOptions(timeout=120), tmp_path / "work"))
    assert meta["TypeName"] is None or meta["TypeNameConfidence"] < 0.8
    assert meta["CodeNotation"] == "CK-UBND"  # the rest of the header is still read
