"""`sohoa watch DIR`: a batch per dropped folder (or file), started once the drop has finished arriving,
read back through the Prefect client (runs, artifacts, events) under the test harness."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from intake_helpers import (Watching, artifacts, batch_events, copy_slowly, finished_batches, flow_runs,
                            table_rows, task_runs, wait_for)

from drops.names import batch_name
from drops.sources import shown_path
from sohoa.config import Settings

QUIET = 2.0


@pytest.fixture
def watched(home, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOHOA_WATCH_QUIET_SECONDS", str(QUIET))
    folder = tmp_path / "watch"
    folder.mkdir()
    return folder


def _born_digital(sample_batch) -> tuple[str, bytes]:
    folder, truth = sample_batch
    rec = next(t for t in truth if t.get("born_digital") and "expect" not in t)
    return rec["source"], (folder / rec["source"]).read_bytes()


def test_a_folder_copied_slowly_is_one_batch_started_after_the_copy_ended(sample_batch, watched):
    """GIVEN a watcher with a 2 s quiet time WHEN a folder is copied into it over ~4 s (writes never
    2 s apart) THEN exactly one batch runs, started after the last write plus the quiet time, with
    its table and progress artifacts and its events; a restarted watcher does not start it again."""
    name, pdf = _born_digital(sample_batch)
    drop = watched / "lô 07 (đợt 1)"  # not a safe batch name as it is
    with Watching(folder=watched, workers=2) as w:
        last_write = copy_slowly([(drop / name, pdf), (drop / "b_empty.pdf", b""),
                                  (drop / "c_ghi_chu.txt", "ghi chú".encode())])
        wait_for("the batch to finish", lambda: finished_batches(Settings(), shown_path(drop)))
    batch = batch_name("lô 07 (đợt 1)")
    assert w.started == [batch] and batch.startswith("lo-07-dot-1-")
    runs = flow_runs(batch)
    assert len(runs) == 1
    run = runs[0]
    assert run.state.is_completed() and run.name == f"ingest-{batch}"
    assert run.start_time >= last_write + timedelta(seconds=QUIET - 0.2), (run.start_time, last_write)
    assert run.parameters["params"]["source"] == shown_path(drop)

    arts = artifacts(run.id)
    rows = table_rows(arts["table"])
    assert set(rows) == {name, "b_empty.pdf", "c_ghi_chu.txt"}
    assert rows[name]["state"] == "loaded" and rows["b_empty.pdf"]["reason"] == "empty_file"
    assert arts["progress"].data == 100.0 and arts["progress"].key == f"ingest-{batch}-progress"

    events = batch_events(batch, {"sohoa.batch.started": 1, "sohoa.batch.finished": 1,
                                  "sohoa.dossier.quarantined": 2})
    assert len(events["sohoa.batch.started"]) == 1 and len(events["sohoa.batch.finished"]) == 1
    assert events["sohoa.batch.finished"][0].payload["by_state"] == {"loaded": 1, "quarantined": 2}
    assert {e.payload["reason"] for e in events["sohoa.dossier.quarantined"]} == {"empty_file", "unsupported_type"}
    for e in [e for es in events.values() for e in es]:
        assert f"prefect.flow-run.{run.id}" in {r.id for r in e.related}
        text = json.dumps(e.payload, ensure_ascii=False)
        assert name not in text and "ghi_chu" not in text  # file names may be personal: never in events

    # a restarted watcher knows the folder from the pipeline database
    with Watching(folder=watched, run_for=QUIET * 2 + 1) as again:
        pass
    assert again.started == [] and len(flow_runs(batch)) == 1


def test_a_ready_marker_starts_the_batch_before_the_quiet_time_and_is_not_a_dossier(sample_batch, watched,
                                                                                   monkeypatch):
    """GIVEN a 60 s quiet time WHEN a folder's files and then its _READY marker land THEN the batch
    starts at once; _READY is recorded as the marker (provenance, summary), not as a dossier."""
    from storage.pipeline_db import PipelineDB

    monkeypatch.setenv("SOHOA_WATCH_QUIET_SECONDS", "60")
    name, pdf = _born_digital(sample_batch)
    drop = watched / "lt-2019-02"
    with Watching(folder=watched) as w:
        copy_slowly([(drop / name, pdf), (drop / "notes.txt", b"x")], pause=0.3)
        marked = copy_slowly([(drop / "_READY", b"")], pause=0)
        wait_for("the batch to finish", lambda: finished_batches(Settings(), shown_path(drop)), timeout=55)
    assert w.started == ["lt-2019-02"]
    run = flow_runs("lt-2019-02")[0]
    assert marked <= run.start_time < marked + timedelta(seconds=50)
    arts = artifacts(run.id)
    assert set(table_rows(arts["table"])) == {name, "notes.txt"}
    assert "_READY" in arts["markdown"].data
    assert sorted(p.name for p in drop.iterdir()) == sorted([name, "notes.txt", "_READY"])  # the drop is not ours
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        assert sorted(r.source for r in db.batch_status("lt-2019-02")) == sorted([name, "notes.txt"])
        assert [e.detail for e in db.events(batch="lt-2019-02") if e.step == "intake"] == [{"name": "_READY"}]
    finally:
        db.close()


def test_a_file_dropped_at_the_top_is_a_batch_of_one_and_a_failing_batch_does_not_stop_the_watch(
        sample_batch, watched, monkeypatch):
    """A top-level file is its own batch; a batch whose flow fails (the OCR engine is missing) is
    logged and the watcher goes on to the next drop."""
    name, pdf = _born_digital(sample_batch)
    broken = watched / "broken"
    with Watching(folder=watched, run_for=120) as w:
        monkeypatch.setenv("SOHOA_OCR_LANG", "xxx-no-such-language")  # the flow refuses to start
        copy_slowly([(broken / "a.pdf", pdf)], pause=0.2)
        wait_for("the broken batch's run to end", lambda: (r := flow_runs("broken")) and r[0].state.is_final(), timeout=30)
        monkeypatch.delenv("SOHOA_OCR_LANG")
        copy_slowly([(watched / "scan.pdf", pdf)], pause=0.2)
        wait_for("the file's batch to finish", lambda: finished_batches(Settings(), shown_path(watched / "scan.pdf")))
    assert w.started == ["broken", "scan.pdf"] and w.error is None
    assert flow_runs("broken")[0].state.is_failed()
    run = flow_runs("scan.pdf")[0]
    assert run.state.is_completed()
    assert list(task_runs(run.id)) == ["scan.pdf"]
    assert set(table_rows(artifacts(run.id)["table"])) == {"scan.pdf"}


def test_a_batch_whose_run_died_is_started_again_once_nobody_works_on_it(home):
    """The watcher's memory is the pipeline database: a finished batch is known for good; a batch
    that began less than a lease ago, or whose dossiers hold a live lease, is left to its run; one
    that began long ago with no live lease (its run was killed) is started again."""
    from sqlalchemy import update

    from drops.quiet import Entry
    from flows.watch import Starter
    from storage import work_items
    from storage.pipeline_models import Batch, utcnow

    entry = Entry("lt-9", "/drop/lt-9", ())
    starter = Starter(Settings())
    db = starter.db
    try:
        assert not starter.known(entry) and starter.name_for(entry) == "lt-9"
        db.start_batch("lt-9", source_dir=entry.source)
        assert starter.known(entry)  # just began: its run is on it
        with db._tx() as s:
            s.execute(update(Batch).where(Batch.id == "lt-9").values(started_at=utcnow() - timedelta(hours=1)))
        assert not starter.known(entry)  # began long ago, nobody holds a lease: started again
        assert work_items.claim(db, "lt-9", "d" * 32, "sha", "someone", 600) is work_items.Claim.claimed
        assert starter.known(entry)  # a live lease: a run is still working on it
        db.finish_batch("lt-9")
        assert starter.known(entry)
        assert starter.name_for(Entry("lt-9", "/elsewhere/lt-9", ())) != "lt-9"  # the name is taken
    finally:
        starter.close()
