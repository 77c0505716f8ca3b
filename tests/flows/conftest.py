"""Fixtures for flow and CLI tests: a Prefect test harness, a sample batch, one ingested run, and
Tesseract's answers replayed.

The ingested run is module-scoped: several tests read the same run so the suite stays fast; tests
that change state make batches of their own. Every in-process run reads its pages through the
content-keyed replay of tests/ocr/ocr_replay.py (tests/flows/cache_flows/: the same pages are read by
many tests, and what is tested here is the flow, not Tesseract); a miss runs real Tesseract and stores
its answer. Tests marked `real_tesseract` (they time or count Tesseract's own calls) bypass it, and
`sohoa` subprocesses always run real Tesseract.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import ocr_replay
from flow_helpers import REAL_TESSERACT, LogCapture, cli, read_jsonl, use_real_tesseract

CACHE = Path(__file__).parent / "cache_flows"


@pytest.fixture(scope="module", autouse=True)
def tesseract_replay():
    """Per module, so module-scoped runs (`ingested`) are replayed too (autouse comes first within a
    scope), and undone when the module ends: a session fixture would outlive tests/flows."""
    from ocr import tesseract

    REAL_TESSERACT.update(run_tsv=tesseract.run_tsv, run_osd=tesseract.run_osd)
    mp = pytest.MonkeyPatch()
    ocr_replay.install(mp, CACHE)
    yield
    mp.undo()


@pytest.fixture(autouse=True)
def real_tesseract(request, tesseract_replay, monkeypatch):
    if request.node.get_closest_marker("real_tesseract"):
        use_real_tesseract(monkeypatch)


def pytest_configure(config):
    config.addinivalue_line("markers", "real_tesseract: runs Tesseract itself, bypassing the replay cache")


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
