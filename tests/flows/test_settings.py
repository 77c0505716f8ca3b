"""Settings come from SOHOA_* variables; embedded defaults live under SOHOA_HOME."""
from __future__ import annotations

from pathlib import Path

from sohoa.config import Settings


def test_defaults_are_embedded_under_home(monkeypatch, tmp_path):
    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL", "SOHOA_SECTOR_DB_HO_TICH"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SOHOA_HOME", str(tmp_path))
    s = Settings()
    assert s.home == tmp_path and not s.uses_s3
    assert s.pipeline_db_url == f"sqlite:///{tmp_path.resolve() / 'pipeline.sqlite'}"
    assert s.sector_db_url("ho_tich") == f"sqlite:///{tmp_path.resolve() / 'sectors' / 'ho_tich.sqlite'}"


def test_server_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SOHOA_S3_ENDPOINT", "minio:9000")
    monkeypatch.setenv("SOHOA_S3_ACCESS_KEY", "k")
    monkeypatch.setenv("SOHOA_S3_SECRET_KEY", "s")
    monkeypatch.setenv("SOHOA_S3_SECURE", "true")
    monkeypatch.setenv("SOHOA_DB_URL", "postgresql+psycopg://db/sohoa")
    monkeypatch.setenv("SOHOA_SECTOR_DB_DAT_DAI", "mysql+pymysql://m/land")
    s = Settings()
    assert (s.s3_endpoint, s.s3_access_key, s.s3_secret_key, s.s3_secure) == ("minio:9000", "k", "s", True)
    assert s.uses_s3 and s.pipeline_db_url == "postgresql+psycopg://db/sohoa"
    assert s.sector_db_url("dat_dai") == "mysql+pymysql://m/land"
    assert s.sector_db_url("xay_dung").endswith("xay_dung.sqlite")


def test_ocr_settings_reach_the_ocr_stage(monkeypatch):
    """SOHOA_READ_DPI and the page budget are what the OCR stage is given: 200 by default, 0 reads
    pages as scanned."""
    from pipeline.context import ocr_options

    monkeypatch.delenv("SOHOA_READ_DPI", raising=False)
    assert ocr_options(Settings()).read_dpi == 200
    monkeypatch.setenv("SOHOA_READ_DPI", "0")
    monkeypatch.setenv("SOHOA_MAX_MEGAPIXELS", "30")
    opts = ocr_options(Settings())
    assert (opts.read_dpi, opts.max_megapixels) == (0, 30.0)


def test_home_default_is_relative_dot_sohoa(monkeypatch):
    monkeypatch.delenv("SOHOA_HOME", raising=False)
    assert Settings().home == Path(".sohoa")


def test_database_statements_never_log_personal_data(tmp_path, caplog):
    """Even with SQLAlchemy's statement logging on, parameters (ID numbers) stay out of the logs."""
    import logging

    from sohoa.documents import FieldValue
    from storage.pipeline_db import PipelineDB

    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    db = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    db.start_batch("b")
    did = db.begin_dossier("b", "x.pdf", "file")
    db.set_fields(did, {"applicant_id_number": FieldValue(value="074190012345", confidence=0.9)})
    db.close()
    assert "INSERT INTO fields" in caplog.text  # statements were logged...
    assert "074190012345" not in caplog.text  # ...without their values
