"""The operator path on a real Prefect server: CLI runs report to it, prefect.yaml deploys to a process
worker, and the UI shows the runs (headless Chromium through Playwright).

One server per module (starting it takes ~20 s here); every step is a real subprocess with its own
PREFECT_HOME, so nothing touches the developer's Prefect profile or database.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.needs_prefect_server

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu"]
# Seeds whose two-dossier sample batch holds one born-digital PDF (no OCR: the fastest real dossier).
SEEDS = (3, 4)
PERSONAL_KEYS = ("name", "id_number", "address", "phone", "birth")
CLI_BATCH, DEPLOY_BATCH = "srv-cli-01", "srv-deploy-01"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(prefect_home: Path, api_url: str | None, sohoa_home: Path | None = None) -> dict[str, str]:
    """The caller's environment without Prefect or sohoa settings, plus the ones this test chooses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SOHOA_"))}
    env.update(PREFECT_HOME=str(prefect_home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_CLI_PROMPT="false", OMP_THREAD_LIMIT="1")
    if api_url:
        env["PREFECT_API_URL"] = api_url
    if sohoa_home:
        env["SOHOA_HOME"] = str(sohoa_home)
    return env


def _run(args: list[str], env: dict[str, str], timeout: float = 150, cwd: Path = REPO) -> str:
    proc = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(args[:3])} exited {proc.returncode}:\n{out[-3000:]}"
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`prefect server start` on loopback, its own SQLite database; yields the base URL."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = _env(home, None)
    # The UI asks the API at PREFECT_UI_API_URL, which derives from these two, not from --port.
    env.update(PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port))
    log = open(home / "server.log", "w")
    proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, cwd=home, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"server exited: {(home / 'server.log').read_text()[-2000:]}"
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "no /api/health within 120 s"
            time.sleep(0.5)
        yield {"url": base, "api": f"{base}/api", "home": home}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def drop(tmp_path_factory):
    """Two born-digital PDF dossiers from the sample generator; returns (folder, their truth)."""
    from samples import generate

    folder = tmp_path_factory.mktemp("drop") / "batch"
    folder.mkdir()
    kept = []
    for seed in SEEDS:
        gen = tmp_path_factory.mktemp(f"gen-{seed}")
        born = [r for r in generate(gen, count=2, seed=seed) if r.get("born_digital")]
        assert born, f"seed {seed} no longer yields a born-digital dossier; pick another seed"
        rec = born[0]
        (folder / rec["source"]).write_bytes((gen / rec["source"]).read_bytes())
        kept.append(rec)
    return folder, kept


def _client(api: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    class _Scoped:
        def __enter__(self):
            self._settings = temporary_settings({PREFECT_API_URL: api})
            self._settings.__enter__()
            self._client = get_client(sync_client=True)
            return self._client.__enter__()

        def __exit__(self, *exc):
            self._client.__exit__(*exc)
            self._settings.__exit__(*exc)

    return _Scoped()


def _flow_run_of_batch(client, batch: str):
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    runs = client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["ingest-batch"])))
    mine = [r for r in runs if (r.parameters.get("params") or {}).get("batch") == batch]
    assert len(mine) == 1, f"expected one ingest-batch run for {batch}, got {[r.name for r in mine]}"
    return mine[0]


def _task_runs(client, flow_run_id):
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    return client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))


def _logs(client, flow_run_id) -> str:
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    return "\n".join(rec.message for rec in client.read_logs(
        log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))))


def _personal_values(truth: list[dict]) -> list[str]:
    return [str(v) for rec in truth for k, v in rec["fields"].items()
            if any(p in k for p in PERSONAL_KEYS) and len(str(v)) >= 6]


def _assert_no_personal_data(text: str, truth: list[dict]) -> None:
    low = text.lower()
    leaked = [v for v in _personal_values(truth) if v.lower() in low]
    assert not leaked, f"{len(leaked)} personal values appear in logs"


def _batch_states(sohoa_home: Path, batch: str) -> dict[str, str]:
    from sohoa.config import Settings
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(Settings(home=sohoa_home).pipeline_db_url)
    try:
        return {r.source: r.state for r in db.batch_status(batch)}
    finally:
        db.close()


@pytest.fixture(scope="module")
def cli_run(server, drop, tmp_path_factory):
    """`sohoa ingest` as a subprocess with PREFECT_API_URL pointing at the server."""
    folder, truth = drop
    sohoa_home = tmp_path_factory.mktemp("sohoa-cli")
    out = _run([str(BIN / "sohoa"), "ingest", str(folder), "--batch", CLI_BATCH, "--workers", "2"],
               _env(server["home"], server["api"], sohoa_home))
    with _client(server["api"]) as client:
        run = _flow_run_of_batch(client, CLI_BATCH)
        tasks = _task_runs(client, run.id)
        logs = _logs(client, run.id)
    return {"run": run, "tasks": tasks, "logs": logs, "output": out, "home": sohoa_home}


@pytest.fixture(scope="module")
def deployed_run(server, drop, tmp_path_factory):
    """prefect.yaml deployed to a process pool; one run of it picked up by `prefect worker start --run-once`."""
    folder, _ = drop
    env = _env(server["home"], server["api"])
    yaml_before = (REPO / "prefect.yaml").read_text()
    _run([str(BIN / "prefect"), "work-pool", "create", "sohoa-process", "--type", "process"], env)
    deploy_out = _run([str(BIN / "prefect"), "--no-prompt", "deploy", "--all"], env)
    assert (REPO / "prefect.yaml").read_text() == yaml_before, "prefect deploy rewrote prefect.yaml"
    with _client(server["api"]) as client:
        deployment = client.read_deployment_by_name("ingest-batch/ingest-drop-folder")
        flow_run = client.create_flow_run_from_deployment(
            deployment.id, parameters={"params": {"source": str(folder), "batch": DEPLOY_BATCH, "workers": 2}})
    sohoa_home = tmp_path_factory.mktemp("sohoa-worker")
    worker_out = _run([str(BIN / "prefect"), "worker", "start", "--pool", "sohoa-process", "--run-once"],
                      _env(server["home"], server["api"], sohoa_home), cwd=sohoa_home)
    with _client(server["api"]) as client:
        run = client.read_flow_run(flow_run.id)
        tasks = _task_runs(client, run.id)
        logs = _logs(client, run.id)
    (sohoa_home / "worker.log").write_text(worker_out)
    return {"deployment": deployment, "run": run, "tasks": tasks, "logs": logs,
            "output": deploy_out + worker_out, "home": sohoa_home}


def _assert_one_completed_task_per_dossier(tasks, truth: list[dict]) -> None:
    from flows.ingest import process_dossier_task

    assert process_dossier_task.name == "process-dossier"
    per_dossier = [t for t in tasks if t.task_key == process_dossier_task.task_key]
    # one task run per dossier, named after its source path (what an operator recognises)
    assert sorted(t.name for t in per_dossier) == sorted(r["source"] for r in truth)
    assert all(t.state.is_completed() for t in per_dossier), [t.state.type for t in per_dossier]


def test_cli_ingest_reports_a_completed_flow_run_to_the_server(cli_run, drop):
    folder, truth = drop
    run = cli_run["run"]
    assert run.state.is_completed(), run.state
    assert run.parameters["params"]["source"] == str(folder.resolve())
    _assert_one_completed_task_per_dossier(cli_run["tasks"], truth)
    # the flow really did the work: both born-digital dossiers are loaded in the CLI's SOHOA_HOME
    assert _batch_states(cli_run["home"], CLI_BATCH) == {rec["source"]: "loaded" for rec in truth}
    # the flow run and each task run logged to the server (what the UI's log tab shows)
    assert "Beginning flow run" in cli_run["logs"]
    assert cli_run["logs"].count("Finished in state Completed") == len(truth) + 1


def test_deployment_from_prefect_yaml_runs_on_a_process_worker(deployed_run, drop):
    from flows.ingest import IngestParams

    folder, truth = drop
    dep, run = deployed_run["deployment"], deployed_run["run"]
    assert dep.work_pool_name == "sohoa-process" and dep.entrypoint == "flows/ingest.py:ingest_batch"
    # the pull step points the flow run at this checkout, whatever folder the worker starts in
    steps = [s.get("prefect.deployments.steps.set_working_directory") for s in dep.pull_steps or []]
    assert steps and Path(steps[0]["directory"]) == REPO
    assert set(dep.parameter_openapi_schema["properties"]) == {"params"}
    IngestParams(**dep.parameters["params"])  # prefect.yaml's default parameters are valid
    assert run.deployment_id == dep.id and run.work_pool_name == "sohoa-process"
    assert run.state.is_completed(), run.state
    _assert_one_completed_task_per_dossier(deployed_run["tasks"], truth)
    assert _batch_states(deployed_run["home"], DEPLOY_BATCH) == {rec["source"]: "loaded" for rec in truth}
    # prefect.yaml forwards the `sohoa` loggers, so operators read each dossier's outcome in the UI
    assert len(re.findall(r"dossier [0-9a-f]+: loaded", deployed_run["logs"])) == len(truth), deployed_run["logs"]


def test_deploy_all_registers_every_deployment_with_its_schedule(deployed_run, server):
    """`prefect deploy --all` registered the watch, inbox, reprocess, fixity and retrain deployments
    too; the three scheduled ones carry an active schedule and a concurrency limit of one."""
    with _client(server["api"]) as client:
        deps = {d.name: d for d in client.read_deployments()}
    assert {"ingest-drop-folder", "watch-drop-folder", "poll-s3-inbox", "reprocess-batch", "fixity-sweep",
            "retrain-classifier"} <= set(deps)
    for name in ("watch-drop-folder", "poll-s3-inbox", "fixity-sweep"):
        assert [s.active for s in deps[name].schedules] == [True], name
        assert deps[name].global_concurrency_limit is not None or deps[name].concurrency_limit == 1, name


def test_deployment_rejects_parameters_that_do_not_fit_ingest_params(deployed_run, server):
    """The deployment carries IngestParams' schema, so the server refuses a bad batch name up front."""
    from prefect.exceptions import PrefectHTTPStatusError

    with _client(server["api"]) as client:
        with pytest.raises(PrefectHTTPStatusError) as err:
            client.create_flow_run_from_deployment(
                deployed_run["deployment"].id, parameters={"params": {"source": "/x", "batch": "bad name!"}})
    assert err.value.response.status_code == 409


def test_no_personal_data_in_run_logs_or_command_output(cli_run, deployed_run, drop):
    _, truth = drop
    assert _personal_values(truth), "the sample dossiers carry no personal values to look for"
    for part in (cli_run, deployed_run):
        _assert_no_personal_data(part["logs"] + "\n" + part["output"], truth)


def test_operator_sees_the_runs_in_the_ui(server, cli_run, deployed_run, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    cli_name, dep_name = cli_run["run"].name, deployed_run["run"].name
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server['url']}/runs", wait_until="domcontentloaded")
            for name in (cli_name, dep_name):
                link = page.get_by_role("link", name=name, exact=True)
                expect(link).to_be_visible(timeout=45_000)
            # rows fill in lazily: wait for each detail instead of reading the page once
            n = len(cli_run["tasks"])
            expect(page.get_by_text(f"{n} Task runs", exact=True)).to_have_count(2, timeout=30_000)
            expect(page.get_by_text("Completed", exact=True)).to_have_count(2, timeout=30_000)
            expect(page.get_by_role("link", name="ingest-drop-folder")).to_be_visible(timeout=30_000)
            expect(page.get_by_role("link", name="sohoa-process")).to_be_visible(timeout=30_000)
            page.screenshot(path=str(tmp_path / "runs.png"), full_page=True)
            body = page.inner_text("body")
            assert "Can't connect to Server API" not in body and body.count("ingest-batch") >= 2

            # the run's page: its log, with one outcome line per dossier from the `sohoa` loggers
            page.get_by_role("link", name=dep_name, exact=True).click()
            page.wait_for_url(re.compile(rf"/runs/flow-run/{deployed_run['run'].id}"))
            expect(page.get_by_text(f"Beginning flow run '{dep_name}'")).to_be_visible(timeout=45_000)
            expect(page.get_by_text(re.compile(r"^dossier [0-9a-f]+: loaded$"))).to_have_count(
                len(deployed_run["tasks"]), timeout=30_000)
            page.screenshot(path=str(tmp_path / "flow-run.png"), full_page=True)
            assert "Completed" in page.inner_text("body") and "Task Runs" in page.inner_text("body")
        finally:
            browser.close()
    assert (tmp_path / "runs.png").stat().st_size > 10_000
