"""Fixtures for storage tests: both object-store backends, and fresh databases on SQLite,
PostgreSQL and MariaDB.

MinIO-backend tests talk to a real S3-protocol server (moto's ThreadedMotoServer on loopback) through
the minio SDK. Server-backed tests read SOHOA_TEST_PG_URL / SOHOA_TEST_MARIADB_URL (printed by
scripts/start-test-servers.sh) and fail when they are unset: CI starts the servers first.
"""
from __future__ import annotations

import uuid

import pytest

from storage.objects import LocalFolderStore, MinioStore
from storage_testkit import ACCESS, SECRET, PrivateMariaDB, PrivatePostgres, fresh_database, server_url


def make_minio(endpoint: str, **kw) -> MinioStore:
    bucket = "t-" + uuid.uuid4().hex[:12]
    return MinioStore(endpoint, ACCESS, SECRET, secure=False, bucket=bucket, region="us-east-1", **kw)


@pytest.fixture(params=["local", "minio"])
def store(request, tmp_path):
    """The same tests run against both backends."""
    if request.param == "local":
        return LocalFolderStore(tmp_path / "objects")
    return make_minio(request.getfixturevalue("s3_endpoint"))


@pytest.fixture
def pg_url():
    url, drop = fresh_database(server_url("SOHOA_TEST_PG_URL"))
    yield url
    drop()


@pytest.fixture
def mariadb_url():
    url, drop = fresh_database(server_url("SOHOA_TEST_MARIADB_URL"))
    yield url
    drop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.needs_postgres),
                        pytest.param("mariadb", marks=pytest.mark.needs_mariadb)])
def sector_url(request, tmp_path):
    """A sector database URL on each supported backend (fresh, empty)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sector.sqlite'}"
    return request.getfixturevalue("pg_url" if request.param == "postgres" else "mariadb_url")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.needs_postgres)])
def pipeline_url(request, tmp_path):
    """Pipeline database: SQLite (default) and PostgreSQL (production)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pipeline.sqlite'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.needs_postgres),
                        pytest.param("mariadb", marks=pytest.mark.needs_mariadb)])
def any_db_url(request, tmp_path):
    """Every supported server (for the few pipeline tests that also run on MariaDB)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite'}"
    return request.getfixturevalue("pg_url" if request.param == "postgres" else "mariadb_url")


@pytest.fixture
def private_postgres():
    server = PrivatePostgres()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def private_mariadb():
    server = PrivateMariaDB()
    server.start()
    yield server
    server.remove()
