"""Start-up without a Prefect server: `sohoa ingest` with no PREFECT_API_URL serves a Prefect API of its
own on a thread (sohoa/prefect_api.py), so four runs started at once all finish and a SIGKILLed run
leaves no process behind; the commands that only read never import Prefect at all.

Every `sohoa` here is a real subprocess with no PREFECT_API_URL (the session's test harness is not
used) and a private PREFECT_HOME; its processes are found by a mark in their environment."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from flow_helpers import CLI, WORKTREE

from storage.pipeline_db import PipelineDB
from storage.private import private_dir

NOISE = ("Traceback", "Timed out", "telemetry", "ERROR", "Starting temporary server")


def own_env(home: Path, prefect_home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SOHOA_"))}
    env.update(PYTHONPATH=str(WORKTREE), SOHOA_HOME=str(home), PREFECT_HOME=str(prefect_home),
               SOHOA_TEST_MARK=uuid.uuid4().hex, OMP_THREAD_LIMIT="1", **extra)
    return env


def marked(mark: str) -> list[tuple[int, str]]:
    """(pid, command line) of every live process whose environment carries the mark."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"SOHOA_TEST_MARK={mark}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                if (entry / "stat").read_text().split()[2] != "Z":
                    found.append((int(entry.name), cmd))
        except OSError:
            continue
    return found


def children(pid: int) -> list[str]:
    """Command lines of a process's live descendants."""
    import psutil

    out = []
    for c in psutil.Process(pid).children(recursive=True):
        try:
            out.append(" ".join(c.cmdline()))
        except psutil.NoSuchProcess:
            pass
    return out


def start_ingest(folder: Path, batch: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *CLI, "ingest", str(folder), "--batch", batch, "--workers", "1"],
                            cwd=WORKTREE, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


# (seed, count) of sample batches holding a born-digital PDF (text layer, no OCR: start-up is what is
# measured here, not Tesseract)
BORN_DIGITAL = ((7, 1), (9, 1), (13, 1), (3, 2))


@pytest.fixture(scope="module")
def four_batches(tmp_path_factory) -> list[Path]:
    """Four drop folders of one born-digital PDF each; truth-N.jsonl beside them."""
    from samples import generate

    root = tmp_path_factory.mktemp("four")
    folders = []
    for n, (seed, count) in enumerate(BORN_DIGITAL):
        folder = root / f"batch-{n}"
        records = generate(folder, count=count, seed=seed)
        (folder / "truth.jsonl").unlink()
        kept = [r for r in records if r["born_digital"]]
        for r in records:
            if not r["born_digital"]:
                shutil.rmtree(folder / r["source"]) if r["source"].endswith("/") else (folder / r["source"]).unlink()
        assert len(kept) == 1 and len(list(folder.iterdir())) == 1
        (root / f"truth-{n}.jsonl").write_text(json.dumps(kept[0], ensure_ascii=False) + "\n", encoding="utf-8")
        folders.append(folder)
    return folders


@pytest.fixture(scope="module")
def four_at_once(four_batches, tmp_path_factory):
    """Four `sohoa ingest` started at the same moment on one machine and one fresh SOHOA_HOME (one of
    them builds the Prefect API's template database while the others wait for it)."""
    home = tmp_path_factory.mktemp("home4") / "home"
    env = own_env(home, tmp_path_factory.mktemp("prefect-home"))
    started = time.monotonic()
    runs = [start_ingest(f, f"at-once-{n}", env) for n, f in enumerate(four_batches)]
    outputs = [r.communicate(timeout=900)[0] for r in runs]
    return {"home": home, "env": env, "runs": runs, "outputs": outputs, "seconds": time.monotonic() - started}


def test_four_ingests_started_at_once_all_finish(four_at_once, four_batches):
    outputs = four_at_once["outputs"]
    assert [r.returncode for r in four_at_once["runs"]] == [0] * 4, outputs
    for out in outputs:
        assert not [w for w in NOISE if w in out], out
    print(f"four ingests at once: {four_at_once['seconds']:.1f} s")
    db = PipelineDB(f"sqlite:///{four_at_once['home'] / 'pipeline.sqlite'}")
    try:
        for n, folder in enumerate(four_batches):
            rows = db.batch_status(f"at-once-{n}")
            assert len(rows) == len(list(folder.iterdir())) == 1
            assert rows[0].state in ("loaded", "review", "quarantined")
    finally:
        db.close()
    api_dir = four_at_once["home"] / "prefect-api"
    leftovers = sorted(p.name for p in api_dir.iterdir() if not p.name.startswith("template"))
    assert leftovers == [], "each run removes its own Prefect database"
    assert marked(four_at_once["env"]["SOHOA_TEST_MARK"]) == []


READ_ONLY = """
import json, sys
from sohoa.cli import app
results = {}
for args in json.loads(sys.argv[1]):
    try:
        app(args, standalone_mode=False)
        results[" ".join(args)] = 0
    except SystemExit as exc:
        results[" ".join(args)] = exc.code
    except Exception as exc:  # click's usage errors with standalone_mode off
        results[" ".join(args)] = type(exc).__name__
print(json.dumps({"results": results, "prefect": sorted(m for m in sys.modules if m.split(".")[0] == "prefect")}))
"""


def test_commands_that_only_read_never_start_prefect(four_at_once, four_batches, tmp_path):
    home, env = four_at_once["home"], dict(four_at_once["env"], SOHOA_NEW_PASSWORD="mật-khẩu-thử-12345")
    db = PipelineDB(f"sqlite:///{home / 'pipeline.sqlite'}")
    dossier = db.batch_status("at-once-0")[0].id
    db.close()
    truth = four_batches[0].parent / "truth-0.jsonl"
    commands = [["status", "at-once-0"], ["export", "--batch", "at-once-1", "-o", str(tmp_path / "x.jsonl")],
                ["export", "--batch", "at-once-1", "--format", "csv", "-o", str(tmp_path / "x.csv")],
                ["review", "list"], ["review", "show", dossier], ["review", "show", dossier, "--json"],
                ["review", "resolve", dossier, "--user", "lan", "--rescan"], ["token", "list"],
                ["fixity"], ["classifier", "evaluate", "--truth", str(truth)],
                ["user", "add", "--role", "reviewer", "lan"]]
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", READ_ONLY, json.dumps(commands)], cwd=WORKTREE, env=env,
                          capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["prefect"] == [], "a command that only reads imported Prefect"
    results = report["results"]
    assert results["status at-once-0"] == 0 and results["fixity"] == 0 and results["review list"] == 0
    assert results[f"review show {dossier}"] == 0 and results[f"review show {dossier} --json"] == 0
    assert results["token list"] == 0
    assert (tmp_path / "x.jsonl").read_text(encoding="utf-8").count("\n") == 1
    assert results[f"classifier evaluate --truth {truth}"] == 0
    assert results["user add --role reviewer lan"] == 0
    # a dossier in review is sent for re-scan; one that is not is refused (a usage error): both ran
    assert results[f"review resolve {dossier} --user lan --rescan"] in (0, "BadParameter")
    print(f"{len(commands)} read-only commands in one process: {seconds:.1f} s")


def test_the_review_station_serves_without_a_prefect_process(four_at_once):
    from storage_testkit import free_port

    port = free_port()
    env = dict(four_at_once["env"], SOHOA_SECRET_KEY="k" * 48)
    serve = subprocess.Popen([sys.executable, *CLI, "serve", "--port", str(port)], cwd=WORKTREE, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        import httpx

        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert serve.poll() is None and time.monotonic() < deadline, serve.stdout.read()
            time.sleep(0.2)
        assert children(serve.pid) == []
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def test_a_killed_ingest_leaves_no_prefect_server(four_at_once, tmp_path):
    from samples import generate

    generate(tmp_path / "scan", count=1, seed=40)  # a scan: OCR keeps the run busy when it is killed
    (tmp_path / "scan" / "truth.jsonl").unlink()
    home = tmp_path / "home"
    env = own_env(home, tmp_path / "prefect-home")
    api_dir = private_dir(home / "prefect-api")
    for template in (four_at_once["home"] / "prefect-api").glob("template-*.db"):  # built once is enough
        shutil.copy(template, api_dir)
    run = start_ingest(tmp_path / "scan", "killed", env)
    try:
        # killed once its API serves and its flow has begun (the dossier is being worked on)
        for line in run.stdout:
            if "Beginning flow run" in line:
                break
        assert run.poll() is None
        running = children(run.pid)
        assert not [c for c in running if "python" in c or "prefect" in c or "uvicorn" in c], running
        own_db = [p for p in api_dir.iterdir() if p.name.startswith("run-")]
        assert len(own_db) == 1
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
    deadline = time.monotonic() + 60  # a Tesseract call it started may finish on its own, then nothing
    while (left := marked(env["SOHOA_TEST_MARK"])) and time.monotonic() < deadline:
        assert not [cmd for _, cmd in left if "tesseract" not in cmd], left
        time.sleep(0.2)
    assert marked(env["SOHOA_TEST_MARK"]) == []
    # the next run removes the killed run's database, and serves a flow of its own
    empty = tmp_path / "empty"
    empty.mkdir()
    again = start_ingest(empty, "after-kill", env)
    out = again.communicate(timeout=600)[0]
    assert again.returncode == 0, out
    assert not own_db[0].exists()
    assert [p.name for p in api_dir.iterdir() if p.name.startswith("run-")] == []


LIGHT = """
import json, pickle, sys
import flows.ingest
from pipeline.outcome import DossierOutcome
blob = pickle.dumps(DossierOutcome("d1", "a.pdf", "loaded", parts=(DossierOutcome("d2", "b.pdf", "review"),)))
del sys.modules["pipeline.outcome"]
back = pickle.loads(blob)  # as the flow's process reads an outcome a Dask worker sent back
heavy = ("pipeline.dossier", "pipeline.work", "extraction", "classifiers", "sklearn", "scipy", "cv2")
print(json.dumps({"heavy": sorted(m for m in sys.modules if m in heavy or m.split(".")[0] in heavy),
                  "back": [o.state for o in back.flat()]}))
"""


def test_the_flows_process_does_not_import_the_pipeline(tmp_path):
    """GIVEN a flow whose dossiers run on Dask workers WHEN its module is imported and an outcome sent
    back is unpickled THEN neither brings in the pipeline, extraction, the classifier or OpenCV: the
    flow's process only orchestrates, and those imports cost seconds of every run's start-up."""
    env = own_env(tmp_path / "home", tmp_path / "prefect")
    out = subprocess.run([sys.executable, "-c", LIGHT], env=env, cwd=WORKTREE,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"heavy": [], "back": ["loaded", "review"]}
