"""`sohoa classifier train/evaluate` and `sohoa review` through the CLI, with the artefact in the store."""
from __future__ import annotations

import json
import shutil

from flow_helpers import cli, good_singles, read_jsonl

from training.models import CURRENT
from sohoa.config import Settings
from storage.objects import LocalFolderStore
from storage.pipeline_db import PipelineDB, dossier_id


# the session sample batch is small: more damaged copies give the held-out split every class
SMALL = ("--noisy-copies", "8")


def _current(home) -> dict:
    return json.loads(LocalFolderStore(home / "objects").get_bytes(CURRENT))


def test_train_stores_a_versioned_model_and_evaluate_reports(sample_batch, home):
    folder, _ = sample_batch
    out = cli("classifier", "train", "--truth", str(folder / "truth.jsonl"), *SMALL).output
    info = _current(home)
    assert info["version"] in out and info["data_hash"]
    assert LocalFolderStore(home / "objects").exists(info["key"])
    report = cli("classifier", "evaluate", "--truth", str(folder / "truth.jsonl")).output
    assert info["version"] in report and "accuracy" in report and "abstention" in report
    assert "confusion" in report


def test_train_without_data_is_a_usage_error(home):
    result = cli("classifier", "train", "--no-reviewed", ok=False)
    assert result.exit_code == 2 and "no labelled dossiers" in result.output


def test_a_reviewed_correction_changes_the_model_version(sample_batch, home, tmp_path):
    """GIVEN a dossier in review and a trained model WHEN a reviewer labels the dossier and the model is
    retrained THEN the version changes (the training data changed) and the label is recorded with the
    reviewer."""
    folder, truth = sample_batch
    truth_file = str(folder / "truth.jsonl")
    store = LocalFolderStore(home / "objects")  # no usable model yet: the dossier waits for a person
    store.put_bytes("models/classifier/broken.bin", b"not a model")
    store.put_bytes(CURRENT, json.dumps({"version": "broken", "key": "models/classifier/broken.bin"}).encode())
    drop = tmp_path / "one"
    drop.mkdir()
    t = good_singles(truth)[0]
    shutil.copy(folder / t["source"], drop / t["source"])
    cli("ingest", str(drop), "--batch", "rv")
    did = dossier_id("rv", t["source"])
    db = PipelineDB(Settings().pipeline_db_url)
    assert [r["reason"] for r in db.open_reviews("rv")] == ["classifier_unavailable"]
    db.close()

    cli("classifier", "train", "--truth", truth_file, *SMALL)
    before = _current(home)["version"]
    out = cli("review", "resolve", did, "--user", "reviewer-1", "--procedure", t["procedure"], "--load").output
    assert "loaded" in out
    db = PipelineDB(Settings().pipeline_db_url)
    view = db.dossier_view(did)
    assert view.state == "loaded" and view.classification.method == "reviewer"
    assert any(e.agent == "reviewer-1" and e.step == "review" for e in db.events(dossier_id=did))
    assert not db.open_reviews("rv")
    db.close()

    cli("classifier", "train", "--truth", truth_file, *SMALL)
    assert _current(home)["version"] != before


def test_an_unreadable_model_sends_dossiers_to_review_not_a_crash(sample_batch, home, tmp_path):
    folder, truth = sample_batch
    store = LocalFolderStore(home / "objects")
    store.put_bytes("models/classifier/broken.bin", b"not a model")
    store.put_bytes(CURRENT, json.dumps({"version": "broken", "key": "models/classifier/broken.bin"}).encode())
    drop = tmp_path / "m"
    drop.mkdir()
    t = good_singles(truth)[0]
    shutil.copy(folder / t["source"], drop / t["source"])
    cli("ingest", str(drop), "--batch", "broken-model")
    out = home / "o.jsonl"
    cli("export", "--batch", "broken-model", "-o", str(out))
    (rec,) = read_jsonl(out)
    assert (rec["status"], rec["reason"]) == ("review", "classifier_unavailable")


def test_review_list_shows_open_items(sample_batch, home, tmp_path, monkeypatch):
    folder, _ = sample_batch
    drop = tmp_path / "r"
    drop.mkdir()
    (drop / "notes.txt").write_text("x")
    d = drop / "folder"
    d.mkdir()
    shutil.copy(folder / "x02_truncated.jpg", d / "p1.jpg")
    cli("ingest", str(drop), "--batch", "rl")
    monkeypatch.setenv("COLUMNS", "300")
    out = cli("review", "list", "--batch", "rl").output
    assert "folder/" not in out or "empty" not in out
    db = PipelineDB(Settings().pipeline_db_url)
    states = {s.source: s.state for s in db.batch_status("rl")}
    db.close()
    assert states == {"notes.txt": "quarantined", "folder/": "quarantined"}
