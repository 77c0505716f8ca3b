"""What operators see in Prefect: run names and tags, task states that tell the outcome, artifacts."""
from __future__ import annotations

import json
import shutil

import pytest
from flow_helpers import cli, good_singles
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (ArtifactFilter, ArtifactFilterFlowRunId, FlowFilter, FlowFilterName,
                                            FlowRunFilter)

BATCH = "ops-01"


@pytest.fixture(scope="module")
def operator_run(sample_batch, tmp_path_factory):
    """One small batch through the CLI: a good scan, an empty PDF, a text file."""
    folder, truth = sample_batch
    good = next(t for t in good_singles(truth, scans_only=True))
    drop = tmp_path_factory.mktemp("ops") / "inbox-ops"
    drop.mkdir()
    shutil.copy(folder / good["source"], drop / good["source"])
    (drop / "b_empty.pdf").write_bytes(b"")
    (drop / "c_notes.txt").write_text("ghi chú", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOHOA_HOME", str(tmp_path_factory.mktemp("home")))
    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL"):
        mp.delenv(var, raising=False)
    cli("ingest", str(drop), "--batch", BATCH)
    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["ingest-batch"])))
                if r.parameters["params"]["batch"] == BATCH]
        assert len(runs) == 1
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id={"any_": [runs[0].id]}))
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[runs[0].id])))
    yield {"good": good["source"], "run": runs[0], "tasks": tasks, "artifacts": artifacts}
    mp.undo()


def _table(run) -> dict[str, dict]:
    table = next(a for a in run["artifacts"] if a.type == "table")
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    return {r["dossier"]: r for r in rows}


def test_the_flow_run_is_named_after_the_batch_and_tagged_with_batch_and_source(operator_run):
    run = operator_run["run"]
    assert run.name == f"ingest-{BATCH}"
    assert {f"batch:{BATCH}", "source:inbox-ops"} <= set(run.tags)
    assert run.state.is_completed()


def test_task_runs_are_named_after_the_dossier_source(operator_run):
    names = {t.name for t in operator_run["tasks"]}
    assert names == {operator_run["good"], "b_empty.pdf", "c_notes.txt"}


def test_the_task_state_tells_the_outcome(operator_run):
    """Quarantined and review dossiers are Completed under their own name, not plain green."""
    states = {t.name: t.state for t in operator_run["tasks"]}
    for name in ("b_empty.pdf", "c_notes.txt"):
        assert states[name].is_completed() and states[name].name == "Quarantined"
    outcome = _table(operator_run)[operator_run["good"]]["state"]
    assert states[operator_run["good"]].name == {"loaded": "Completed", "review": "Review"}[outcome]


def test_the_batch_ends_with_a_table_and_a_summary_artifact(operator_run):
    keys = {a.key for a in operator_run["artifacts"]}
    assert {f"ingest-{BATCH}-dossiers", f"ingest-{BATCH}-summary"} <= keys
    table = _table(operator_run)
    assert set(table) == {operator_run["good"], "b_empty.pdf", "c_notes.txt"}
    for row in table.values():  # no field values, no details: nothing personal
        assert set(row) == {"dossier", "state", "reason", "procedure", "confidence"}
    assert (table["b_empty.pdf"]["state"], table["b_empty.pdf"]["reason"]) == ("quarantined", "empty_file")
    assert table["c_notes.txt"]["reason"] == "unsupported_type"
    good = table[operator_run["good"]]
    assert good["procedure"] and 0 < good["confidence"] <= 1

    summary = next(a for a in operator_run["artifacts"] if a.type == "markdown").data
    assert "| quarantined | 2 |" in summary
    assert "| empty_file | 1 |" in summary and "| unsupported_type | 1 |" in summary
    assert "pages per minute" in summary and "Review load" in summary
