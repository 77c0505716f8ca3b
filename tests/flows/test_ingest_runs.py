"""Ingest runs that change state: bad files between good ones, re-runs, duplicates, injected faults."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flow_helpers import cli, good_singles, read_jsonl

from classifiers import load_catalog
from sohoa.config import Settings
from storage.pipeline_db import PipelineDB
from storage.sector_db import SectorDB


def _good_files(sample_batch, n: int, scans_only: bool = False) -> list[Path]:
    folder, truth = sample_batch
    singles = good_singles(truth, scans_only)
    assert len(singles) >= n, "the sample batch lacks good single-file dossiers"
    return [folder / t["source"] for t in singles[:n]]


@pytest.fixture
def mixed_batch(sample_batch, tmp_path) -> Path:
    """Good scans with bad files sorted between them: a_good, b_empty, c_good, d_encrypted, e_truncated..."""
    folder, _ = sample_batch
    good = _good_files(sample_batch, 2)
    drop = tmp_path / "mixed"
    drop.mkdir()
    shutil.copy(good[0], drop / ("a_good" + good[0].suffix))
    (drop / "b_empty.pdf").write_bytes(b"")
    shutil.copy(good[1], drop / ("c_good" + good[1].suffix))
    shutil.copy(folder / "x07_encrypted.pdf", drop / "d_encrypted.pdf")
    shutil.copy(folder / "x02_truncated.jpg", drop / "e_truncated.jpg")
    (drop / "f_notes.txt").write_text("ghi chú", encoding="utf-8")
    return drop


def _export(batch: str, home: Path) -> dict[str, dict]:
    out = home / f"{batch}.jsonl"
    cli("export", "--batch", batch, "-o", str(out))
    return {r["source"]: r for r in read_jsonl(out)}


def _sector_rows(home: Path) -> int:
    settings = Settings(home=home)
    total = 0
    for sector in load_catalog().sectors:
        if Path(settings.sector_db_url(sector).removeprefix("sqlite:///")).exists():
            db = SectorDB(settings.sector_db_url(sector), sector)
            total += db.count()
            db.close()
    return total


def test_bad_files_between_good_ones_never_stop_the_batch(mixed_batch, home):
    """GIVEN good scans interleaved with bad files WHEN ingested THEN the good ones are processed and
    each bad one is quarantined with its own reason."""
    cli("ingest", str(mixed_batch), "--batch", "mixed")
    got = _export("mixed", home)
    assert set(got) == {p.name for p in mixed_batch.iterdir()}
    expected = {"b_empty.pdf": "empty_file", "d_encrypted.pdf": "encrypted_pdf",
                "e_truncated.jpg": "unreadable_image", "f_notes.txt": "unsupported_type"}
    for name, reason in expected.items():
        assert (got[name]["status"], got[name]["reason"]) == ("quarantined", reason)
    for name in got:
        if name.startswith(("a_good", "c_good")):
            assert got[name]["status"] in ("loaded", "review") and got[name]["pages"] >= 1
            assert got[name]["artifacts"]["pdf"]


def test_ingesting_the_same_folder_twice_reports_duplicates_and_adds_no_records(mixed_batch, home):
    cli("ingest", str(mixed_batch), "--batch", "first")
    rows_before = _sector_rows(home)
    db = PipelineDB(Settings(home=home).pipeline_db_url)
    fields_before = db.counts()["fields"]
    db.close()

    result = cli("ingest", str(mixed_batch), "--batch", "second")
    got = _export("second", home)
    assert {r["status"] for r in got.values()} == {"duplicate"}
    assert "duplicate" in result.output
    assert _sector_rows(home) == rows_before
    db = PipelineDB(Settings(home=home).pipeline_db_url)
    assert db.counts()["fields"] == fields_before
    db.close()


def test_rerunning_a_batch_changes_nothing(mixed_batch, home):
    cli("ingest", str(mixed_batch), "--batch", "again")
    first = _export("again", home)
    rows = _sector_rows(home)
    cli("ingest", str(mixed_batch), "--batch", "again")
    second = _export("again", home)
    assert second == first
    assert _sector_rows(home) == rows


def test_a_crashing_ocr_engine_sends_the_dossier_to_review(sample_batch, home, tmp_path, monkeypatch):
    """Fault injected through the Tesseract seam: the batch finishes and no PDF is written."""
    import ocr.tesseract

    def crash(*args, **kwargs):
        raise RuntimeError("engine crashed")

    drop = tmp_path / "crash"
    drop.mkdir()
    good = _good_files(sample_batch, 1, scans_only=True)[0]
    shutil.copy(good, drop / ("a" + good.suffix))
    (drop / "b_empty.png").write_bytes(b"")
    monkeypatch.setattr(ocr.tesseract, "run_tsv", crash)
    monkeypatch.setattr(ocr.tesseract, "run_osd", crash)
    cli("ingest", str(drop), "--batch", "crash")
    got = _export("crash", home)
    a = got["a" + good.suffix]
    assert (a["status"], a["reason"]) == ("review", "internal_error")
    assert a["artifacts"].get("pdf") is None
    assert got["b_empty.png"]["reason"] == "empty_file"


def test_an_ocr_timeout_degrades_the_page_and_sends_the_dossier_to_review(sample_batch, home, tmp_path,
                                                                          monkeypatch):
    import ocr.tesseract

    def timeout(*args, **kwargs):
        raise ocr.tesseract.OcrTimeout("timed out")

    drop = tmp_path / "slow"
    drop.mkdir()
    good = _good_files(sample_batch, 1, scans_only=True)[0]
    shutil.copy(good, drop / ("a" + good.suffix))
    monkeypatch.setattr(ocr.tesseract, "run_tsv", timeout)
    cli("ingest", str(drop), "--batch", "slow")
    got = _export("slow", home)["a" + good.suffix]
    assert (got["status"], got["reason"]) == ("review", "ocr_timeout")


def test_a_file_over_the_size_limit_is_quarantined_as_too_large(sample_batch, home, tmp_path, monkeypatch):
    drop = tmp_path / "big"
    drop.mkdir()
    good = _good_files(sample_batch, 1, scans_only=True)[0]
    shutil.copy(good, drop / ("a" + good.suffix))
    limit_mb = good.stat().st_size / 2**20 / 2
    monkeypatch.setenv("SOHOA_MAX_FILE_MB", str(limit_mb))
    cli("ingest", str(drop), "--batch", "big")
    got = _export("big", home)["a" + good.suffix]
    assert (got["status"], got["reason"]) == ("quarantined", "too_large")


def test_missing_input_folder_exits_3(home, tmp_path):
    result = cli("ingest", str(tmp_path / "nope"), "--batch", "x", ok=False)
    assert result.exit_code == 3


def test_bad_batch_name_is_refused_as_usage_error(home, mixed_batch):
    result = cli("ingest", str(mixed_batch), "--batch", "../../etc", ok=False)
    assert result.exit_code == 2 and "batch" in result.output


def test_help_lists_exit_codes():
    out = cli("--help").output
    assert "Exit codes" in out and "storage" in out


def test_a_sector_database_that_stays_down_leaves_the_dossier_waiting_then_a_rerun_loads_it(
        sample_batch, home, tmp_path, monkeypatch):
    """GIVEN a sector database that refuses connections WHEN a batch runs THEN its dossiers wait in
    review/sector_db_unavailable (nothing dropped); WHEN the database is back and the batch re-runs
    THEN they are loaded from what was stored, without OCR."""
    folder, truth = sample_batch
    t = good_singles(truth)[0]
    drop = tmp_path / "down"
    drop.mkdir()
    shutil.copy(folder / t["source"], drop / t["source"])
    sectors = load_catalog().sectors
    for sector in sectors:  # every sector down: the port is closed
        monkeypatch.setenv(f"SOHOA_SECTOR_DB_{sector.upper()}", "postgresql+psycopg://u:p@127.0.0.1:9/x")
    cli("ingest", str(drop), "--batch", "down")
    first = _export("down", home)[t["source"]]
    if first["status"] == "review" and first["reason"] != "sector_db_unavailable":
        pytest.fail(f"the dossier went to review for another reason first: {first['reason']}")
    assert (first["status"], first["reason"]) == ("review", "sector_db_unavailable")

    for sector in sectors:
        monkeypatch.delenv(f"SOHOA_SECTOR_DB_{sector.upper()}")
    import ocr.tesseract

    def no_ocr(*args, **kwargs):
        raise AssertionError("the re-run must not OCR again")

    monkeypatch.setattr(ocr.tesseract, "run_tsv", no_ocr)
    cli("ingest", str(drop), "--batch", "down")
    second = _export("down", home)[t["source"]]
    assert (second["status"], second["reason"]) == ("loaded", None)
    assert _sector_rows(home) == 1
