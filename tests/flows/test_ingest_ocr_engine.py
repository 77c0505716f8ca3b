"""The OCR engine failing: one page (the dossier goes to review) or all of it (the batch never starts)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flow_helpers import cli, good_singles, read_jsonl
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _export(batch: str, home: Path) -> dict[str, dict]:
    out = home / f"{batch}.jsonl"
    cli("export", "--batch", batch, "-o", str(out))
    return {r["source"]: r for r in read_jsonl(out)}


def _drop_with_one_png(tmp_path: Path) -> Path:
    drop = tmp_path / "drop"
    drop.mkdir()
    Image.new("L", (400, 300), 255).save(drop / "a.png")
    return drop


def test_a_page_whose_ocr_fails_sends_its_dossier_to_review(sample_batch, home, tmp_path, monkeypatch):
    """GIVEN a two-page folder dossier whose first page Tesseract fails on (TesseractError) and whose
    second page reads well WHEN ingested THEN the dossier is not loaded on its second page: it goes
    to review as ocr_failed, naming the page."""
    import ocr.tesseract
    from pytesseract import TesseractError

    folder, truth = sample_batch
    scan = next(folder / t["source"] for t in good_singles(truth, scans_only=True))
    drop = tmp_path / "drop"
    (drop / "d").mkdir(parents=True)
    for name in ("1", "2"):
        shutil.copy(scan, drop / "d" / (name + scan.suffix))
    real, failed = ocr.tesseract.run_tsv, []

    def first_page_fails(image, lang, psm, timeout, dpi=300, whitelist=""):
        if psm == 3 and not failed:  # the page pass (regions and orientation use other modes)
            failed.append(True)
            raise TesseractError(1, "Error during processing.")
        return real(image, lang, psm, timeout, dpi=dpi, whitelist=whitelist)

    monkeypatch.setattr(ocr.tesseract, "run_tsv", first_page_fails)
    cli("ingest", str(drop), "--batch", "ocrfail")
    got = _export("ocrfail", home)["d/"]
    assert failed
    assert (got["status"], got["reason"], got["pages"]) == ("review", "ocr_failed", 2)
    assert got["reason_detail"] == f"pages 1 (d/1{scan.suffix})"
