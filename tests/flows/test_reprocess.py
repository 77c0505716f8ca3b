"""`sohoa reprocess`: after a rule change, a batch (or one dossier) goes through the stages again from
its stored originals; what a reviewer decided stays as it is."""
from __future__ import annotations

import shutil
from collections import Counter

from flow_helpers import cli
from intake_helpers import flow_runs

from sohoa.config import Settings
from storage.pipeline_db import PipelineDB, dossier_id


def _db() -> PipelineDB:
    return PipelineDB(Settings().pipeline_db_url)


def _states(batch: str) -> dict[str, tuple[str, str | None]]:
    db = _db()
    try:
        return {r.source: (r.state, r.reason) for r in db.batch_status(batch)}
    finally:
        db.close()


def _extractions(batch: str) -> Counter:
    db = _db()
    try:
        return Counter(e.dossier_id for e in db.events(batch=batch) if e.step == "extraction")
    finally:
        db.close()


def test_reprocessing_after_a_rule_change_reads_the_stored_originals_and_keeps_reviewer_decisions(
        sample_batch, home, tmp_path, monkeypatch):
    """GIVEN a batch ingested while the stored classifier was unusable (both born-digital dossiers in
    review, classifier_unavailable), one of them rejected by a reviewer, and the drop folder deleted
    WHEN the broken model is withdrawn (rules only) and the batch is reprocessed THEN the other
    dossier is loaded from its stored original, the rejected one stays rejected, the quarantined
    text file is quarantined again; reprocessing one dossier touches only that one."""
    import json

    from training.models import CURRENT, PREFIX
    from review.decisions import Decision, resolve
    from storage.objects import open_store

    folder, truth = sample_batch
    born = [t["source"] for t in truth if t.get("born_digital") and "expect" not in t][:2]
    drop = tmp_path / "rules-01"
    drop.mkdir()
    for name in born:
        shutil.copy(folder / name, drop / name)
    (drop / "notes.txt").write_text("ghi chú", encoding="utf-8")
    store = open_store(Settings())
    store.put_bytes(PREFIX + "broken.bin", b"not a model")  # the "old rule": a model this code cannot read
    store.put_bytes(CURRENT, json.dumps({"version": "broken", "key": PREFIX + "broken.bin"}).encode())
    cli("ingest", str(drop), "--batch", "rules-01", "--workers", "2")
    before = _states("rules-01")
    assert {before[n] for n in born} == {("review", "classifier_unavailable")}
    assert before["notes.txt"] == ("quarantined", "unsupported_type")
    kept, redo = born
    resolve(Settings(), dossier_id("rules-01", kept), Decision("reject", "lan", reason="not this procedure"))
    shutil.rmtree(drop)  # reprocessing never reads the drop

    store.delete(CURRENT)  # the rule change: back to the catalog's rules
    out = cli("reprocess", "rules-01", "--workers", "2").output
    after = _states("rules-01")
    assert after[redo] == ("loaded", None)
    assert after[kept] == ("rejected", "rejected_by_reviewer")
    assert after["notes.txt"] == ("quarantined", "unsupported_type")
    assert "loaded" in out
    runs = flow_runs("rules-01", flow_name="reprocess")
    assert len(runs) == 1 and runs[0].name == "reprocess-rules-01" and runs[0].state.is_completed()
    counts = _extractions("rules-01")
    assert counts[dossier_id("rules-01", redo)] == 2 and counts[dossier_id("rules-01", kept)] == 1

    cli("reprocess", "rules-01", "--dossier", dossier_id("rules-01", redo))
    counts = _extractions("rules-01")
    assert counts[dossier_id("rules-01", redo)] == 3 and counts[dossier_id("rules-01", kept)] == 1
    assert _states("rules-01")[redo] == ("loaded", None)


def test_reprocess_refuses_an_unknown_batch_or_dossier(home):
    assert cli("reprocess", "no-such-batch", ok=False).exit_code == 3
    assert cli("reprocess", "x", "--dossier", "not-an-id", ok=False).exit_code == 2
