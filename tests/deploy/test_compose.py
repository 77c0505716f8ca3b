"""compose.yaml, read as Docker Compose reads it (YAML with anchors; `docker` is not on the build
machine): the worker waits for a healthy Prefect server, the UI is told an API address a browser can
call, and the drop folder is a host folder scanners write to, at one path in every reading container."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "compose.yaml"
SERVICES = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]


def test_the_prefect_server_has_a_health_check_on_its_api():
    check = SERVICES["prefect-server"]["healthcheck"]
    assert check["test"][0] == "CMD" and "http://127.0.0.1:4200/api/health" in " ".join(check["test"])
    assert check["retries"] >= 3 and "start_period" in check


def test_services_wait_for_what_they_need_to_be_healthy():
    for name in ("worker", "dask-worker"):
        assert SERVICES[name]["depends_on"]["prefect-server"] == {"condition": "service_healthy"}, name
    for name, service in SERVICES.items():  # a healthy condition on a service without a check never holds
        for dep, cond in service.get("depends_on", {}).items():
            if cond["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES[dep], f"{name} waits for {dep}, which has no health check"


def test_the_ui_calls_an_api_address_a_browser_can_reach():
    env = SERVICES["prefect-server"]["environment"]
    assert env["PREFECT_SERVER_API_HOST"] == "0.0.0.0"  # listening on every interface ...
    ui_api = env["PREFECT_UI_API_URL"]  # ... but the browser is given a real address, overridable
    default = re.fullmatch(r"\$\{PREFECT_UI_API_URL:-(.+)\}", ui_api)
    assert default and default[1] == "http://127.0.0.1:4200/api"
    assert "0.0.0.0" not in ui_api
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"


def test_the_drop_folder_is_a_host_folder_at_one_path_in_every_reader():
    mounts = []
    for name in ("worker", "dask-worker"):
        binds = [v for v in SERVICES[name]["volumes"] if isinstance(v, dict) and v.get("target") == "/data/drop"]
        assert len(binds) == 1, name
        mounts.append(binds[0])
        assert not [v for v in SERVICES[name]["volumes"] if isinstance(v, str) and v.endswith(":/data/drop")]
    assert mounts[0] == mounts[1]
    drop = mounts[0]
    assert drop["type"] == "bind" and drop["bind"]["create_host_path"] is True
    assert re.fullmatch(r"\$\{SOHOA_DROP_DIR:-[^}]+\}", drop["source"])
