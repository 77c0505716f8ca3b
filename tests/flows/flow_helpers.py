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
