"""A small generated multi-document dossier (receipt with barcode and QR code, form, ID copy,
decision or certificate) as one scanned PDF, read by the real OCR stage (Tesseract, barcodes) and split into its
documents. Tesseract's answers are replayed from tests/extraction/cache_segments/ (keyed by the
image pixels, the arguments and the Tesseract version): a change to the OCR stage misses the
cache and runs Tesseract again.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

import ocr_replay
from extraction import read_dossier
from ocr.options import OcrOptions
from ocr.pipeline import read_file
from samples.dossiers import draw_plan, render_docs
from samples.writers import write_image_pdf
from segment_helpers import multi

CACHE = Path(__file__).parent / "cache_segments"


@pytest.fixture(autouse=True)
def tesseract_replay(monkeypatch):
    ocr_replay.install(monkeypatch, CACHE)


def test_a_scanned_multi_document_dossier_is_split_and_its_code_read(tmp_path):
    """GIVEN receipt, form, ID copy and result paper scanned into one PDF (noise, skew) WHEN the OCR
    stage reads it and the dossier is read THEN the four papers are found with their kinds, the
    dossier code comes from the receipt's barcode, the applicant from the form and the number
    from the result paper."""
    docs, code = multi(2, "death_registration", id_copy=1.0, other=0.0, result=1.0, receipt=1.0, cover=0.0,
                       page_numbers=0.0)
    rnd = random.Random("real-ocr")
    plan = draw_plan(rnd, "death_registration")
    plan.profile, plan.born_digital, plan.dpi, plan.font = "scan", False, 200, "freeserif"
    pages, layouts = render_docs(plan, docs, rnd, page_seed=17)
    path = tmp_path / "dossier.pdf"
    write_image_pdf([p.image for p in pages], path, 200)
    truth, first = [], 1
    for d, pls in zip(docs, layouts):
        truth.append((d.kind, first, first + len(pls) - 1))
        first += len(pls)

    reading = read_dossier(read_file(path, OcrOptions(timeout=120), tmp_path / "work"))

    assert [(d["kind"], d["first_page"], d["last_page"]) for d in reading.documents] == truth
    assert reading.dossier_code["value"] == code and reading.dossier_code["source"] == "barcode"
    at = {k: range(a, b + 1) for k, a, b in truth}
    assert reading.fields["applicant_name"].page in at["form"]
    result = "decision" if "decision" in at else "certificate"
    assert reading.fields["document_number"].page in at[result]
    assert reading.fields["document_number"].value == next(d for d in docs if d.kind == result).fields[
        "document_number"]
    receipt = next(d for d in reading.documents if d["kind"] == "receipt")
    assert receipt["metadata"]["TypeName"].lower().startswith("giấy tiếp nhận hồ sơ")
