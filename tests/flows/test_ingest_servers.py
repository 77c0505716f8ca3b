"""The same end-to-end batch on production-like storage (issue 6): the S3 protocol through the minio
SDK against a real S3 server on loopback (moto), the pipeline database on PostgreSQL, and sector
databases on MariaDB and PostgreSQL. Nothing is mocked: these are the servers `.ci/run` starts."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from flow_helpers import cli, read_jsonl, server_env
from storage_testkit import ACCESS, SECRET

from storage.objects import MinioStore
from storage.pipeline_db import dossier_id
from storage.sector_db import SectorDB


@pytest.fixture
def small_batch(sample_batch, tmp_path) -> Path:
    """Good dossiers of the sample batch (a file and a folder of pages) and one bad file."""
    folder, truth = sample_batch
    drop = tmp_path / "drop"
    drop.mkdir()
    good = [t for t in truth if t.get("procedure") and "expect" not in t and not t["source"].startswith("-")]
    files = [t for t in good if not t["source"].endswith("/")][:2]
    folders = [t for t in good if t["source"].endswith("/")][:1]
    for t in files:
        shutil.copy(folder / t["source"], drop / t["source"])
    for t in folders:
        shutil.copytree(folder / t["source"], drop / t["source"])
    shutil.copy(folder / "x07_encrypted.pdf", drop / "x07_encrypted.pdf")
    return drop


@pytest.mark.needs_postgres
@pytest.mark.parametrize("sector_backend", [pytest.param("mariadb", marks=pytest.mark.needs_mariadb), "postgres"])
def test_batch_runs_unchanged_on_s3_and_server_databases(small_batch, s3_endpoint, home, monkeypatch,
                                                         sector_backend):
    bucket, sector_urls, cleanup = server_env(monkeypatch, s3_endpoint, sector_backend)
    try:
        cli("ingest", str(small_batch), "--batch", "srv-01")
        out = home / "out.jsonl"
        cli("export", "--batch", "srv-01", "-o", str(out))
        records = {r["source"]: r for r in read_jsonl(out)}
        assert set(records) == {p.name + ("/" if p.is_dir() else "") for p in small_batch.iterdir()}
        assert records["x07_encrypted.pdf"]["reason"] == "encrypted_pdf"

        store = MinioStore(s3_endpoint, ACCESS, SECRET, secure=False, bucket=bucket)
        for r in records.values():
            data = store.get_bytes(r["artifacts"]["original"])
            if not r["source"].endswith("/"):
                assert hashlib.sha256(data).hexdigest() == r["sha256"]
        assert not (home / "objects").exists(), "the local folder store must not be used"

        loaded = [r for r in records.values() if r["status"] == "loaded"]
        assert loaded
        for r in loaded:
            sector = r["procedure"]["sector"]
            db = SectorDB(sector_urls[sector], sector)
            row = db.get(dossier_id("srv-01", r["source"]))
            assert row is not None and row["procedure_key"] == r["procedure"]["key"]
            db.close()

        # a re-run under another batch: duplicates only, no new sector record
        counts = _sector_counts(sector_urls)
        cli("ingest", str(small_batch), "--batch", "srv-02")
        again = home / "again.jsonl"
        cli("export", "--batch", "srv-02", "-o", str(again))
        assert {r["status"] for r in read_jsonl(again)} == {"duplicate"}
        assert _sector_counts(sector_urls) == counts

        # fixity on MinIO: a deleted object is reported, exit code 5
        store.delete(records[loaded[0]["source"]]["artifacts"]["pdf"])
        result = cli("fixity", "--batch", "srv-01", ok=False)
        assert result.exit_code == 5 and "1 missing" in result.output
    finally:
        cleanup()


def _sector_counts(urls: dict[str, str]) -> dict[str, int]:
    out = {}
    for sector, url in urls.items():
        db = SectorDB(url, sector)
        out[sector] = db.count()
        db.close()
    return out
