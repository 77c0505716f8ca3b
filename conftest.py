"""Fixtures shared by test folders: a real S3-protocol server on loopback.

At the top of the repository (not in tests/, whose folders share names with the packages):
tests/storage holds `storage_testkit` (database servers, ports) and tests/ocr `ocr_replay` (Tesseract
answers replayed); both are put on the path here so every test folder can use them.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "tests" / "storage"))
sys.path.insert(0, str(Path(__file__).parent / "tests" / "ocr"))  # ocr_replay: Tesseract answers replayed
sys.path.insert(0, str(Path(__file__).parent / "tests" / "reports"))  # report_data: a hand-counted pipeline DB

from storage_testkit import free_port  # noqa: E402


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's standalone S3 server, spoken to through the minio SDK: no mocked SDK anywhere."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop()
