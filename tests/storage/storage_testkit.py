"""Helpers for the storage tests: free ports, server URLs from the environment, fresh databases,
and private PostgreSQL / MariaDB instances a test may kill.

Killing the shared CI servers would break other tests running beside us, so kill tests start their
own instance from the installed binaries on a free loopback port.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ACCESS, SECRET = "testing-access", "testing-secret-key"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_url(var: str) -> str:
    url = os.environ.get(var)
    if not url:
        pytest.fail(f"{var} is not set: run `eval \"$(scripts/start-test-servers.sh)\"` first", pytrace=False)
    return url


def fresh_database(base_url: str) -> tuple[str, callable]:
    """A new empty namespace on the server of base_url; returns (url, drop). On PostgreSQL a schema
    selected through search_path (CREATE DATABASE takes seconds there); on MariaDB a database."""
    u = make_url(base_url)
    name = "sohoa_t_" + uuid.uuid4().hex[:10]
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    if u.get_backend_name() == "postgresql":
        create, drop = f'CREATE SCHEMA "{name}"', f'DROP SCHEMA IF EXISTS "{name}" CASCADE'
        url = u.update_query_dict({"options": f"-csearch_path={name}"})
    else:
        create = f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        drop = f"DROP DATABASE IF EXISTS `{name}`"
        url = u.set(database=name)
    with admin.connect() as c:
        c.execute(text(create))

    def _drop():
        with admin.connect() as c:
            c.execute(text(drop))
        admin.dispose()

    return url.render_as_string(hide_password=False), _drop


def _as_owner(cmd: list[str], owner: str) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if os.geteuid() == 0 else cmd


def _wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


class PrivatePostgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="sohoa-pg-"))
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(_as_owner([str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "-A", "trust",
                                  "-U", "postgres", "--no-sync", "-E", "UTF8"], "postgres"),
                       check=True, capture_output=True)
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/sohoa_sector"

    def start(self):
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(_as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-o", opts, "-w",
                                  "-l", str(self.dir / "log"), "start"], "postgres"),
                       check=True, capture_output=True)

    def kill(self):
        """Crash-stop: no clean shutdown, connections are cut."""
        subprocess.run(_as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate",
                                  "-w", "stop"], "postgres"), check=True, capture_output=True)

    def remove(self):
        subprocess.run(_as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate",
                                  "stop"], "postgres"), capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateMariaDB:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="sohoa-maria-"))
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        user = ["--user=mysql"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "mysql", "mysql")
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={self.dir / 'data'}", *user,
                        "--skip-test-db", "--auth-root-authentication-method=normal"],
                       check=True, capture_output=True)
        self.url = f"mysql+pymysql://root@127.0.0.1:{self.port}/sohoa_sector"

    def start(self):
        user = ["--user=mysql"] if os.geteuid() == 0 else []
        self.proc = subprocess.Popen(
            ["/usr/sbin/mariadbd", "--no-defaults", f"--datadir={self.dir / 'data'}", f"--port={self.port}",
             "--bind-address=127.0.0.1", f"--socket={self.dir / 'sock'}", f"--pid-file={self.dir / 'pid'}",
             "--skip-grant-tables", "--innodb-flush-log-at-trx-commit=2", *user],
            stdout=subprocess.DEVNULL, stderr=open(self.dir / "log", "ab"))
        _wait_port(self.port)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def remove(self):
        if self.proc and self.proc.poll() is None:
            self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)
