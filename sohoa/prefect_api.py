"""The Prefect API a `sohoa ingest` reports to.

With PREFECT_API_URL set (or a Prefect profile naming a server), that server. Otherwise an API of this
process alone: Prefect's server app served by uvicorn on a thread, on a loopback port the kernel picks,
over a SQLite database of its own copied from a migrated template (`sohoa/prefect_template.py`).

Why not Prefect's own ephemeral mode: it starts the server as a child process on a port picked at
random, over one shared `~/.prefect/prefect.db`, and gives up after 20 s; several runs started at once
time out on each other's migrations and database locks, and a SIGKILLed run leaves its child serving.
A thread dies with its process, a database of one's own has nobody to wait for, and a copied template
needs no migrations. The database holds run and task names (dossier source paths), so it lives
owner-only under SOHOA_HOME and is removed when the run ends (or, after a kill, by the next run).
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.private import private_dir

log = logging.getLogger("sohoa.prefect")
STARTUP_SECONDS = 600.0  # only a hung start ends the wait: on a loaded machine slow is not wrong
HOST = socket.gethostname()


class PrefectApiError(RuntimeError):
    """This run's own Prefect API could not be started."""


def configured_url() -> str | None:
    from prefect.settings import get_current_settings

    return get_current_settings().api.url


@contextmanager
def prefect_api(home: Path) -> Iterator[str]:
    """The API URL flows of this process report to while the block runs."""
    url = configured_url()
    if url:
        yield url
        return
    import prefect

    root = private_dir(Path(home) / "prefect-api")
    sweep(root)
    template = ensure_template(root, prefect.__version__)
    run_dir = private_dir(root / f"run-{HOST}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        db = run_dir / "prefect.db"
        shutil.copyfile(template, db)
        os.chmod(db, 0o600)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))  # the kernel's free port: two runs never pick the same one
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/api"
        with _environment({"PREFECT_API_URL": url, **_server_settings(db)}):
            server, thread = _serve(sock)
            try:
                yield url
            finally:
                _drain_clients()
                server.should_exit = True
                thread.join(timeout=30)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _server_settings(db: Path) -> dict[str, str]:
    return {
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{db}",
        "PREFECT_SERVER_DATABASE_MIGRATE_ON_START": "false",  # the template is at head already
        "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",  # and holds the block types
        "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "false",  # nothing in this process starts a child server
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # offline machines: no telemetry errors
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_UI_URL": "",  # no UI: no "View at" link to a page that is not there
    }


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set the variables for the whole process (every thread, including Prefect's own, reads the
    global settings context), then put things back."""
    from prefect.context import refresh_global_settings_context

    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    refresh_global_settings_context()
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        refresh_global_settings_context()


def _serve(sock: socket.socket):
    import uvicorn
    from prefect.server.api.server import create_app

    app = create_app(ephemeral=True, final=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="prefect-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise PrefectApiError("the Prefect API of this run did not start (see the log above)")
        time.sleep(0.02)
    return server, thread


def _drain_clients() -> None:
    """Send the run's last logs and events before the API goes away (else they fail loudly)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for drain in (APILogWorker.drain_all, EventsWorker.drain_all):
        try:
            drain(timeout=10)
        except Exception as exc:  # nothing left to send to is no reason to fail the command
            log.debug("draining Prefect clients: %s", type(exc).__name__)


def ensure_template(root: Path, version: str) -> Path:
    """The migrated database for this Prefect version, built once (one builder; others wait)."""
    template = root / f"template-{version}.db"
    if template.exists():
        return template
    with open(root / "template.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released by the kernel if the holder is killed
        if not template.exists():
            partial = root / f"template-{version}.{os.getpid()}.partial"
            env = dict(os.environ, **_server_settings(partial))
            script = Path(__file__).with_name("prefect_template.py")
            done = subprocess.run([sys.executable, str(script), str(partial)], env=env, capture_output=True,
                                  text=True)
            if done.returncode != 0:
                partial.unlink(missing_ok=True)
                raise PrefectApiError(f"building the Prefect API database failed: {done.stderr.strip()[-500:]}")
            os.chmod(partial, 0o600)
            os.replace(partial, template)
    return template


def sweep(root: Path) -> None:
    """Remove the databases of runs on this machine that were killed (their process is gone)."""
    for d in root.glob(f"run-{HOST}-*"):
        try:
            pid = int(d.name.removeprefix(f"run-{HOST}-").split("-")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except (ValueError, PermissionError):
            continue
