"""Settings from the environment (prefix SOHOA_). Built once by the CLI and passed in.

Embedded defaults live under SOHOA_HOME so a fresh machine runs with no service started.
"""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SECTOR_ENV_PREFIX = "SOHOA_SECTOR_DB_"


def _fitted_threshold() -> float:
    from extraction.calibration import review_threshold

    return review_threshold()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOHOA_", extra="ignore", frozen=True)

    home: Path = Field(Path(".sohoa"), description="folder for the embedded object store and SQLite databases")

    s3_endpoint: str | None = Field(None, description="host:port of MinIO; unset = local folder store")
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_secure: bool = False
    s3_bucket: str = "sohoa"

    db_url: str | None = Field(None, description="SQLAlchemy URL of the pipeline database")

    ocr_lang: str = "vie"
    ocr_workers: int = Field(default_factory=lambda: max(1, os.cpu_count() or 1), ge=1, le=64)
    ocr_timeout: float = Field(180.0, gt=0, description="seconds per Tesseract call")
    max_file_mb: float = Field(500.0, gt=0)
    max_pages: int = Field(500, ge=1)
    max_megapixels: float = Field(60.0, gt=0, description="pixel budget of a page: larger pages are read "
                                  "downsampled to it (decompression bombs are page_too_large)")

    lease_seconds: float = Field(120.0, ge=1, description="a dossier's claim lasts this long unless its "
                                 "worker renews it (every third of it); a killed worker's dossiers are "
                                 "taken over once it runs out")
    dask_address: str | None = Field(None, description="tcp://host:8786 of a Dask scheduler: dossiers run on "
                                     "its workers; unset = threads in this process")

    agency_code: str = Field("000.00.00.H00", description="agency ID (QĐ 20/2020) of the digitising unit, "
                             "first part of the 7197 DocCode of each digitised file")

    review_threshold: float = Field(default_factory=lambda: _fitted_threshold(), ge=0, le=1,
                                    description="field confidence below this goes to review; "
                                    "default: the one the installed confidence model was fitted with")

    @property
    def pipeline_db_url(self) -> str:
        return self.db_url or f"sqlite:///{(self.home / 'pipeline.sqlite').resolve()}"

    def sector_db_url(self, sector: str) -> str:
        """SOHOA_SECTOR_DB_<SECTOR> or one SQLite file per sector under home."""
        env = os.environ.get(SECTOR_ENV_PREFIX + sector.upper())
        return env or f"sqlite:///{(self.home / 'sectors' / f'{sector}.sqlite').resolve()}"

    @property
    def uses_s3(self) -> bool:
        return bool(self.s3_endpoint)
