"""Fixtures for the station: a private SOHOA_HOME, one user per role, the app behind TestClient."""
from __future__ import annotations

import pytest

from web_helpers import PASSWORD

from sohoa.config import Settings
from storage.sector_db import SectorDB
from storage.users import ROLES, Users


@pytest.fixture
def home(tmp_path, monkeypatch):
    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL", "SOHOA_USER", "SOHOA_SECTOR_DB_HO_TICH"):
        monkeypatch.delenv(var, raising=False)
    h = tmp_path / "home"
    monkeypatch.setenv("SOHOA_HOME", str(h))
    monkeypatch.setenv("SOHOA_SECRET_KEY", "k" * 40)  # a throw-away key for a throw-away home
    monkeypatch.setenv("SOHOA_REVIEW_THRESHOLD", "0.80")  # the seeded confidences are set against it
    return h


@pytest.fixture
def accounts(home) -> dict[str, str]:
    """role -> user name, each with PASSWORD.format(role=role)."""
    users = Users(Settings().pipeline_db_url)
    try:
        for role in ROLES:
            users.add(f"{role}1", role, PASSWORD.format(role=role), by="test-setup")
    finally:
        users.close()
    return {role: f"{role}1" for role in ROLES}


@pytest.fixture
def client(accounts):
    from fastapi.testclient import TestClient

    from web.app import create_app

    with TestClient(create_app()) as c:
        yield c


@pytest.fixture
def sector(home):
    s = Settings()
    db = SectorDB(s.sector_db_url("ho_tich"), "ho_tich")
    yield db
    db.close()


@pytest.fixture
def tokens(accounts) -> dict[str, str]:
    """role -> a live API token of that role's user (made as `sohoa token add` makes them)."""
    from storage.api_tokens import ApiTokens
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(Settings().pipeline_db_url)
    try:
        return {role: ApiTokens(db).add(name, "tests", by="test-setup")[1] for role, name in accounts.items()}
    finally:
        db.close()
