"""Helpers for flow and CLI tests (a plain module: `conftest` names clash across test folders)."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from typer.testing import CliRunner


def cli(*args: str, ok: bool = True):
    from sohoa.cli import app

    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


class LogCapture(logging.Handler):
    """Every log record of the run, at DEBUG, from the root, Prefect and sohoa loggers."""

    NAMES = ("", "prefect", "sohoa")

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def __enter__(self):
        self._levels = {}
        for name in self.NAMES:
            logger = logging.getLogger(name)
            self._levels[name] = logger.level
            logger.addHandler(self)
            logger.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc):
        for name in self.NAMES:
            logger = logging.getLogger(name)
            logger.removeHandler(self)
            logger.setLevel(self._levels[name])

    def text(self) -> str:
        return "\n".join(self.lines)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def good_singles(truth: list[dict], scans_only: bool = False) -> list[dict]:
    """Truth records of good single-file dossiers (no expected failure, no hostile name); scans_only:
    images, which always need the OCR engine."""
    out = [t for t in truth if t.get("procedure") and "expect" not in t and not t["source"].endswith("/")
           and not t["source"].startswith("-")]
    if scans_only:
        out = [t for t in out if Path(t["source"]).suffix.lower() in (".png", ".jpg", ".jpeg", ".tif")]
    return out


WORKTREE = Path(__file__).resolve().parents[2]
_COUNTING = """#!/bin/bash
# The real Tesseract, plus one line per call whose result reached a live caller:
# caller pid, hash of the input image, options. A call orphaned by a killed caller is not counted.
parent=$PPID
sum=-
[ -f "$1" ] && sum=$(sha256sum "$1" | cut -d' ' -f1)
{real} "$@"
rc=$?
if [ $rc -eq 0 ] && [ "$sum" != - ] && [ "$(ps -o ppid= $$ | tr -d ' ')" = "$parent" ]; then
  echo "$parent $sum ${{@:3}}" >> {log}
fi
exit $rc
"""


def counting_tesseract(folder: Path) -> tuple[Path, Path]:
    """A `tesseract` first on PATH that runs the real one and logs each call (see page_ocr_calls).
    sohoa must be told to use the command (SOHOA_TESSERACT_PROCESS=1, COUNT_COMMAND_CALLS): it keeps
    Tesseract loaded in the process otherwise, and no call would reach the log."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "calls.log"
    log.touch()
    exe = folder / "tesseract"
    exe.write_text(_COUNTING.format(real=shutil.which("tesseract"), log=log))
    exe.chmod(0o755)
    return folder, log


COUNT_COMMAND_CALLS = {"SOHOA_TESSERACT_PROCESS": "1"}

# Tesseract's own functions, kept by conftest.py before it installs the replay
REAL_TESSERACT: dict = {}


def use_real_tesseract(mp) -> None:
    """Bypass the replay (conftest.py) where Tesseract's own calls are counted or timed."""
    from ocr import tesseract

    for name, fn in REAL_TESSERACT.items():
        mp.setattr(tesseract, name, fn)


def page_ocr_calls(log: Path) -> list[tuple[str, str]]:
    """(caller pid, page image hash) of every whole-page OCR pass (--psm 3) that was delivered."""
    out = []
    for line in log.read_text().splitlines():
        pid, sha, opts = line.split(" ", 2)
        if "--psm 3 " in opts + " " and "whitelist" not in opts:
            out.append((pid, sha))
    return out


def cli_env(**extra: str) -> dict[str, str]:
    """Environment of a `sohoa` subprocess running this worktree's code against the test Prefect API."""
    import os

    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, PYTHONPATH=str(WORKTREE), PREFECT_API_URL=PREFECT_API_URL.value() or "")
    env.update(extra)
    return env


CLI = ["-c", "from sohoa.cli import app; app()"]


def server_env(monkeypatch, s3: str, sector_backend: str) -> tuple[str, dict[str, str], callable]:
    """Point sohoa at the S3 server, a fresh PostgreSQL pipeline DB and fresh sector DBs."""
    import uuid

    from storage_testkit import ACCESS, SECRET, fresh_database, server_url

    from classifiers import load_catalog

    bucket = "sohoa-" + uuid.uuid4().hex[:8]
    monkeypatch.setenv("SOHOA_S3_ENDPOINT", s3)
    monkeypatch.setenv("SOHOA_S3_ACCESS_KEY", ACCESS)
    monkeypatch.setenv("SOHOA_S3_SECRET_KEY", SECRET)
    monkeypatch.setenv("SOHOA_S3_SECURE", "false")
    monkeypatch.setenv("SOHOA_S3_BUCKET", bucket)
    drops = []
    pipeline_url, drop = fresh_database(server_url("SOHOA_TEST_PG_URL"))
    drops.append(drop)
    monkeypatch.setenv("SOHOA_DB_URL", pipeline_url)
    base = server_url("SOHOA_TEST_MARIADB_URL" if sector_backend == "mariadb" else "SOHOA_TEST_PG_URL")
    sector_urls = {}
    for sector in load_catalog().sectors:
        url, drop = fresh_database(base)
        drops.append(drop)
        sector_urls[sector] = url
        monkeypatch.setenv(f"SOHOA_SECTOR_DB_{sector.upper()}", url)

    def cleanup():
        for d in drops:
            d()

    return bucket, sector_urls, cleanup
