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
    from ocr.tesseract import TesseractError

    folder, truth = sample_batch
    scan = next(folder / t["source"] for t in good_singles(truth, scans_only=True))
    drop = tmp_path / "drop"
    (drop / "d").mkdir(parents=True)
    for name in ("1", "2"):
        shutil.copy(scan, drop / "d" / (name + scan.suffix))
    real, failed = ocr.tesseract.run_tsv, []

    def first_page_fails(image, lang, psm, timeout, dpi=300, whitelist="", choices=False):
        if psm == 3 and not failed:  # the page pass (regions and orientation use other modes)
            failed.append(True)
            raise TesseractError(1, "Error during processing.")
        return real(image, lang, psm, timeout, dpi=dpi, whitelist=whitelist, choices=choices)

    monkeypatch.setattr(ocr.tesseract, "run_tsv", first_page_fails)
    monkeypatch.setenv("SOHOA_PAGE_WORKERS", "1")  # pages in turn: the first page pass is page 1's
    cli("ingest", str(drop), "--batch", "ocrfail")
    got = _export("ocrfail", home)["d/"]
    assert failed
    assert (got["status"], got["reason"], got["pages"]) == ("review", "ocr_failed", 2)
    assert got["reason_detail"] == f"pages 1 (d/1{scan.suffix})"


def test_ingest_without_tesseract_on_path_fails_fast(tmp_path):
    """GIVEN a PATH without tesseract WHEN `sohoa ingest` runs THEN it exits 6 at once with a clear
    message, before storing or recording anything (not every dossier internal_error and exit 0)."""
    drop = _drop_with_one_png(tmp_path)
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env.update(PATH=str(empty_bin), SOHOA_HOME=str(home), COLUMNS="200")
    run = subprocess.run([sys.executable, "-c", "from sohoa.cli import app; app()", "ingest", str(drop),
                          "--batch", "nocr"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 6, run.stdout[-2000:] + run.stderr[-2000:]
    assert "Tesseract" in run.stdout and "not installed or not on PATH" in run.stdout
    assert not home.exists()


def test_ingest_without_the_ocr_language_fails_fast(home, tmp_path, monkeypatch):
    """GIVEN an OCR language whose data is not installed WHEN `sohoa ingest` runs THEN exit 6 naming it."""
    monkeypatch.setenv("SOHOA_OCR_LANG", "vie+zzz")
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("ingest", str(_drop_with_one_png(tmp_path)), "--batch", "nolang", ok=False)
    assert result.exit_code == 6, result.output
    assert "no language data for zzz" in result.output
    assert not home.exists()


def test_the_flow_itself_refuses_to_start_without_the_engine(home, tmp_path, monkeypatch):
    """A deployment run (no CLI in front) fails at its start, not dossier by dossier."""
    from flows.ingest import IngestParams, ingest_batch
    from sohoa.errors import EngineUnavailable

    monkeypatch.setenv("SOHOA_OCR_LANG", "zzz")
    with pytest.raises(EngineUnavailable, match="zzz"):
        ingest_batch(IngestParams(source=str(_drop_with_one_png(tmp_path)), batch="nolang"))
    assert not home.exists()
