"""Fixtures for flow and CLI tests: a Prefect test harness, a sample batch, one ingested run.

The ingested run is module-scoped: several tests read the same real run (real Tesseract) so the
suite stays fast; tests that change state make batches of their own.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from flow_helpers import LogCapture, cli, read_jsonl


@pytest.fixture(scope="session", autouse=True)
def prefect_harness():
    from prefect.settings import PREFECT_SERVER_ANALYTICS_ENABLED, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    # no telemetry writes racing the harness's fresh SQLite database
    with temporary_settings({PREFECT_SERVER_ANALYTICS_ENABLED: False}):
        with prefect_test_harness(server_startup_timeout=120):
            yield


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A private SOHOA_HOME with embedded defaults, and no server settings leaking in."""
    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL"):
        monkeypatch.delenv(var, raising=False)
    h = tmp_path / "home"
    monkeypatch.setenv("SOHOA_HOME", str(h))
    return h


@pytest.fixture(scope="session")
def sample_batch(tmp_path_factory) -> tuple[Path, list[dict]]:
    """Six generated dossiers (forms, decisions, folders, degradations) plus every kind of bad file."""
    from samples import generate

    folder = tmp_path_factory.mktemp("drop") / "batch-01"
    truth = generate(folder, count=6, seed=11, bad_files=True)
    return folder, truth


@pytest.fixture(scope="module")
def ingested(sample_batch, tmp_path_factory):
    """samples → ingest → export, once, in a private SOHOA_HOME."""
    folder, truth = sample_batch
    mp = pytest.MonkeyPatch()
    home = tmp_path_factory.mktemp("home")
    mp.setenv("SOHOA_HOME", str(home))
    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL"):
        mp.delenv(var, raising=False)
    records = LogCapture()
    with records:
        ingest = cli("ingest", str(folder), "--batch", "lt-2019-01")
    out = home / "out.jsonl"
    cli("export", "--batch", "lt-2019-01", "--format", "jsonl", "-o", str(out))
    yield {"home": home, "folder": folder, "truth": truth, "records": read_jsonl(out), "output": ingest.output,
           "logs": records.text()}
    mp.undo()
