"""The flows behind the fixity-sweep and retrain-classifier deployments, and `sohoa watch` usage."""
from __future__ import annotations

import json

import pytest
from flow_helpers import cli

from training.models import CURRENT
from storage.objects import LocalFolderStore


def test_the_fixity_sweep_passes_then_fails_on_an_altered_original(home, tmp_path):
    """The flow reports its counts (artifact, event); an original altered on disk fails the run."""
    from prefect.client.orchestration import get_client

    from flows.maintenance import FixityDamage, fixity_sweep

    drop = tmp_path / "fx"
    drop.mkdir()
    (drop / "notes.txt").write_text("ghi chú", encoding="utf-8")
    cli("ingest", str(drop), "--batch", "fx-01")
    assert fixity_sweep() == {"checked": 1, "missing": 0, "altered": 0}
    store = LocalFolderStore(home / "objects")
    (key,) = list(store.list("originals/"))
    (home / "objects" / key).write_bytes(b"changed")
    with pytest.raises(FixityDamage):
        fixity_sweep()
    with get_client(sync_client=True) as client:
        art = client.read_latest_artifacts()
    sweep = next(a for a in art if a.key == "fixity-sweep")
    assert "1 altered" in sweep.data and key in sweep.data


def test_retraining_stores_a_new_current_model(sample_batch, home):
    from flows.maintenance import retrain_classifier

    folder, _ = sample_batch
    version = retrain_classifier(truth=[str(folder / "truth.jsonl")], reviewed=False, noisy_copies=8)
    current = json.loads(LocalFolderStore(home / "objects").get_bytes(CURRENT))
    assert current["version"] == version


def test_watch_usage_errors(home, tmp_path, monkeypatch):
    monkeypatch.delenv("SOHOA_S3_INBOX", raising=False)
    assert cli("watch", ok=False).exit_code == 2  # neither a folder nor --s3
    assert cli("watch", str(tmp_path), "--s3", ok=False).exit_code == 2
    assert cli("watch", str(tmp_path / "nope"), ok=False).exit_code == 3
    result = cli("watch", "--s3", ok=False)
    assert result.exit_code == 2 and "SOHOA_S3_INBOX" in result.output
