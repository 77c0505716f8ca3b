"""prefect.yaml, read the way `prefect deploy` reads it (no server): every deployment's flow loads
from its entrypoint, its default parameters fit the flow, its schedule parses, and the work pool
settings are the same for all. The real deploy to a server is tests/deploy/test_prefect_server.py."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
EXPECTED = {
    "ingest-drop-folder": ("flows/ingest.py:ingest_batch", "ingest-batch"),
    "watch-drop-folder": ("flows/watch.py:watch_folder", "watch-folder"),
    "poll-s3-inbox": ("flows/watch.py:watch_s3_inbox", "watch-s3-inbox"),
    "reprocess-batch": ("flows/reprocess.py:reprocess", "reprocess"),
    "fixity-sweep": ("flows/maintenance.py:fixity_sweep", "fixity-sweep"),
    "retrain-classifier": ("flows/maintenance.py:retrain_classifier", "retrain-classifier"),
}


@pytest.fixture(scope="module")
def project():
    from prefect.cli.deploy._models import PrefectYamlModel

    return PrefectYamlModel.model_validate(yaml.safe_load((REPO / "prefect.yaml").read_text()))


def test_prefect_yaml_holds_the_six_deployments(project):
    assert {d.name: d.entrypoint for d in project.deployments} == {k: v[0] for k, v in EXPECTED.items()}


LOAD = """
import json, yaml
from prefect.utilities.importtools import import_object  # what the flow-run process uses; no placeholder
out = {}
for dep in yaml.safe_load(open("prefect.yaml"))["deployments"]:
    flow = import_object(dep["entrypoint"])
    flow.validate_parameters(dep.get("parameters") or {})  # raises when a default does not fit
    out[dep["name"]] = flow.name
print(json.dumps(out))
"""


def test_each_deployment_loads_its_flow_as_a_worker_would_and_its_parameters_fit(project):
    """In a fresh interpreter from the repository folder, as a process worker loads a flow by path
    (Prefect then puts the flow file's folder first on sys.path)."""
    import json
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", LOAD], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {k: v[1] for k, v in EXPECTED.items()}
    for dep in project.deployments:
        assert dep.work_pool.name == "sohoa-process"
        env = dep.work_pool.job_variables["env"]
        assert env["OMP_THREAD_LIMIT"] == "1" and env["PREFECT_LOGGING_EXTRA_LOGGERS"] == "sohoa"


def test_the_scheduled_deployments_parse_and_never_overlap(project):
    from prefect.cli.deploy._schedules import _schedule_config_to_deployment_schedule

    scheduled = {d.name: d for d in project.deployments if d.schedules}
    assert set(scheduled) == {"watch-drop-folder", "poll-s3-inbox", "fixity-sweep"}
    for name, dep in scheduled.items():
        schedules = [_schedule_config_to_deployment_schedule(s.model_dump(exclude_none=True))["schedule"]
                     for s in dep.schedules]
        assert len(schedules) == 1, name
        limit = dep.concurrency_limit
        assert limit.limit == 1 and limit.collision_strategy == "CANCEL_NEW", name
    for name in ("watch-drop-folder", "poll-s3-inbox"):  # a run watches for less than the interval
        dep = scheduled[name]
        interval = _schedule_config_to_deployment_schedule(dep.schedules[0].model_dump(exclude_none=True))
        assert timedelta(seconds=dep.parameters["run_for_seconds"]) < interval["schedule"].interval
    fixity = _schedule_config_to_deployment_schedule(
        scheduled["fixity-sweep"].schedules[0].model_dump(exclude_none=True))
    assert fixity["schedule"].cron == "0 2 * * *" and fixity["schedule"].timezone == "Asia/Ho_Chi_Minh"
