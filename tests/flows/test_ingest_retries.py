"""Retries with back-off on store errors, the per-dossier timeout, and what the operator sees of both.

Store faults are real: the S3 server (moto) sits behind a proxy that answers chosen requests with
503 Service Unavailable, as a busy MinIO would; the minio SDK retries those itself five times, then
gives up, and the dossier task is retried by Prefect."""
from __future__ import annotations

import shutil
import uuid

import pytest
from flow_helpers import COUNT_COMMAND_CALLS, counting_tesseract, page_ocr_calls
from intake_helpers import artifacts, batch_events, flow_runs, table_rows, task_runs
from s3_proxy import S3Proxy
from storage_testkit import ACCESS, SECRET

import ocr.tesseract
from flows.ingest import IngestParams, run
from drops.sources import shown_path
from sohoa.config import Settings
from storage.pipeline_db import PipelineDB, dossier_id


@pytest.fixture
def s3_store(home, s3_endpoint, monkeypatch):
    proxy = S3Proxy(s3_endpoint)
    bucket = "store-" + uuid.uuid4().hex[:8]
    for k, v in {"SOHOA_S3_ENDPOINT": proxy.endpoint, "SOHOA_S3_ACCESS_KEY": ACCESS, "SOHOA_S3_SECRET_KEY": SECRET,
                 "SOHOA_S3_SECURE": "false", "SOHOA_S3_BUCKET": bucket, "SOHOA_RETRY_BACKOFF_SECONDS": "0.5"}.items():
        monkeypatch.setenv(k, v)
    yield proxy, bucket
    proxy.close()


def _drop(sample_batch, tmp_path, name: str):
    folder, truth = sample_batch
    rec = next(t for t in truth if t.get("born_digital") and "expect" not in t)
    drop = tmp_path / name
    drop.mkdir()
    shutil.copy(folder / rec["source"], drop / ("a_" + rec["source"]))
    (drop / "b_notes.txt").write_text("ghi chú", encoding="utf-8")
    return drop, "a_" + rec["source"]


def _states(batch: str) -> dict[str, tuple[str, str | None]]:
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        return {r.source: (r.state, r.reason) for r in db.batch_status(batch)}
    finally:
        db.close()


def test_a_store_error_that_passes_is_retried_with_back_off_and_the_dossier_completes(sample_batch, tmp_path,
                                                                                      s3_store):
    """GIVEN the store answers 503 to the next 8 writes of an original (more than the SDK's own 5
    retries) WHEN a batch runs THEN that dossier's task fails once, is retried after the back-off and
    loads; the quarantined dossier in the same batch is not retried."""
    proxy, bucket = s3_store
    drop, good = _drop(sample_batch, tmp_path, "retry-01")
    proxy.fail("PUT", f"/{bucket}/originals/", times=8)
    summary = run(IngestParams(source=shown_path(drop), batch="retry-01", workers=1))
    assert summary.by_state == {"loaded": 1, "quarantined": 1}
    assert _states("retry-01") == {good: ("loaded", None), "b_notes.txt": ("quarantined", "unsupported_type")}
    refused = [s for s in proxy.requests("PUT", f"/{bucket}/originals/") if s.status == 503]
    assert len(refused) == 8
    tasks = task_runs(flow_runs("retry-01")[0].id)
    assert tasks[good].run_count == 2 and tasks[good].state.name == "Completed"
    assert tasks["b_notes.txt"].run_count == 1 and tasks["b_notes.txt"].state.name == "Quarantined"


def test_a_store_that_stays_down_leaves_the_dossier_in_review_and_a_rerun_takes_it(sample_batch, tmp_path,
                                                                                  s3_store, monkeypatch):
    """GIVEN one retry allowed and a store that refuses every write of one original WHEN the batch
    runs THEN that dossier ends in review / storage_unavailable (its task Failed, an event sent, the
    batch completes); WHEN the store is back and the batch re-runs THEN it is loaded."""
    proxy, bucket = s3_store
    monkeypatch.setenv("SOHOA_TASK_RETRIES", "1")
    drop, good = _drop(sample_batch, tmp_path, "down-01")
    proxy.fail("PUT", f"/{bucket}/originals/", times=12)  # both attempts, 6 requests each
    summary = run(IngestParams(source=shown_path(drop), batch="down-01", workers=1))
    assert summary.by_reason == {"storage_unavailable": 1, "unsupported_type": 1}
    assert _states("down-01")[good] == ("review", "storage_unavailable")
    run1 = flow_runs("down-01")[0]
    assert run1.state.is_completed()
    task = task_runs(run1.id)[good]
    assert task.state.is_failed() and task.run_count == 2 and "storage_unavailable" in task.state.message
    assert table_rows(artifacts(run1.id)["table"])[good]["reason"] == "storage_unavailable"
    failed = batch_events("down-01", {"sohoa.dossier.failed": 1})["sohoa.dossier.failed"]
    assert failed[0].payload == {"dossier_id": dossier_id("down-01", good), "state": "review",
                                 "reason": "storage_unavailable"}

    summary = run(IngestParams(source=shown_path(drop), batch="down-01", workers=1))
    assert _states("down-01") == {good: ("loaded", None), "b_notes.txt": ("quarantined", "unsupported_type")}
    assert summary.unchanged == 1  # the quarantined one; the other was taken again


@pytest.mark.real_tesseract  # one real page pass outlasts the time limit, and each is counted
def test_a_dossier_over_its_time_is_stopped_at_a_page_kept_for_a_rerun(sample_batch, home, tmp_path, monkeypatch):
    """GIVEN SOHOA_DOSSIER_TIMEOUT_SECONDS below one page's OCR WHEN a two-page scan is ingested THEN
    it stops after its first page: review / dossier_timeout, task Failed, the batch completes, the
    page read is kept; WHEN the batch re-runs with the default limit THEN the dossier is finished
    without reading its first page again, and the kept pages are cleared."""
    import os

    from storage.objects import LocalFolderStore

    folder, truth = sample_batch
    rec = next(t for t in truth if t["source"] == "d0004_birth.pdf")
    assert rec["pages"] == 2 and not rec.get("born_digital")
    drop = tmp_path / "slow-01"
    drop.mkdir()
    shutil.copy(folder / rec["source"], drop / rec["source"])
    bin_dir, calls = counting_tesseract(tmp_path / "bin")  # the real Tesseract, each page pass logged
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    for name, value in COUNT_COMMAND_CALLS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(ocr.tesseract, "IN_PROCESS", True)  # restored after the run sets it from the settings
    monkeypatch.setenv("SOHOA_DOSSIER_TIMEOUT_SECONDS", "0.3")
    monkeypatch.setenv("SOHOA_PAGE_WORKERS", "1")  # pages in turn: the one being read is the only one kept
    summary = run(IngestParams(source=shown_path(drop), batch="slow-01", workers=1))
    assert summary.by_reason == {"dossier_timeout": 1}
    did = dossier_id("slow-01", rec["source"])
    assert _states("slow-01") == {rec["source"]: ("review", "dossier_timeout")}
    store = LocalFolderStore(home / "objects")
    kept = [k for k in store.list(f"work/{did}/") if k.endswith(".json")]
    assert len(kept) == 1 and len(page_ocr_calls(calls)) == 1  # page 1 read and kept; page 2 never started
    run1 = flow_runs("slow-01")[0]
    task = task_runs(run1.id)[rec["source"]]
    assert run1.state.is_completed() and task.state.is_failed() and task.run_count == 1
    assert task.state.message.startswith("dossier_timeout")

    monkeypatch.delenv("SOHOA_DOSSIER_TIMEOUT_SECONDS")
    run(IngestParams(source=shown_path(drop), batch="slow-01", workers=1))
    state, reason = _states("slow-01")[rec["source"]]
    assert state in ("loaded", "review") and reason != "dossier_timeout"
    assert list(store.list(f"work/{did}/")) == []
    pages = [sha for _, sha in page_ocr_calls(calls)]
    assert len(pages) == 2 and len(set(pages)) == 2  # each page read once over both runs
