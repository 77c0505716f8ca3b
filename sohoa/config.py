"""Settings from the environment (prefix SOHOA_). Built once by the CLI and passed in.

Embedded defaults live under SOHOA_HOME so a fresh machine runs with no service started.
"""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SECTOR_ENV_PREFIX = "SOHOA_SECTOR_DB_"
BATCH_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"  # a batch name: one safe path segment


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
    page_workers: int = Field(default_factory=lambda: max(1, os.cpu_count() or 1), ge=1, le=64,
                              description="pages read at the same time in one process, whichever dossiers "
                              "they belong to: a dossier's pages run in parallel")
    ocr_timeout: float = Field(180.0, gt=0, description="seconds per Tesseract call")
    max_file_mb: float = Field(500.0, gt=0)
    max_pages: int = Field(500, ge=1)
    max_megapixels: float = Field(60.0, gt=0, description="pixel budget of a page: larger pages are read "
                                  "downsampled to it (decompression bombs are page_too_large)")

    read_dpi: int = Field(200, ge=0, le=600, description="pages scanned finer are read reduced to this "
                          "(0: as scanned); the stored original keeps its resolution")
    read_codes: bool = Field(True, description="read barcodes and QR codes on every page")
    tesseract_process: bool = Field(False, description="start the tesseract command for every reading "
                                    "instead of keeping Tesseract loaded in the process")
    separator_code: str = Field("PATCHT", min_length=1, description="barcode content of a separator sheet: it "
                                "splits one scanned file into several dossiers and is not OCR'd")
    cover_code_prefix: str = Field("BIAHS", min_length=1, description="start of the barcode content of a "
                                   "dossier's cover sheet (its dossier code may follow); not OCR'd")

    lease_seconds: float = Field(120.0, ge=1, description="a dossier's claim lasts this long unless its "
                                 "worker renews it (every third of it); a killed worker's dossiers are "
                                 "taken over once it runs out")
    dask_address: str | None = Field(None, description="tcp://host:8786 of a Dask scheduler: dossiers run on "
                                     "its workers; unset = threads in this process")

    watch_quiet_seconds: float = Field(60.0, gt=0, description="a dropped folder (or inbox prefix) starts its "
                                       "batch once nothing in it has changed for this long, or at once "
                                       "when a _READY marker lands in it")
    s3_inbox: str | None = Field(None, description="bucket[/prefix] on the S3 server of SOHOA_S3_ENDPOINT whose "
                                 "top-level prefixes are batches (`sohoa watch --s3`, the inbox deployment)")
    dossier_timeout_seconds: float = Field(3600.0, gt=0, description="a dossier still working after this long "
                                           "stops at its next page and goes to review (dossier_timeout)")
    task_retries: int = Field(3, ge=0, le=10, description="attempts after the first for a dossier hit by an "
                              "object-store or database error")
    retry_backoff_seconds: float = Field(5.0, ge=0, description="first wait before such a retry; doubled each time")

    agency_code: str = Field("000.00.00.H00", description="agency ID (QĐ 20/2020) of the digitising unit, "
                             "first part of the 7197 DocCode of each digitised file")

    review_threshold: float = Field(default_factory=lambda: _fitted_threshold(), ge=0, le=1,
                                    description="field confidence below this goes to review; "
                                    "default: the one the installed confidence model was fitted with")

    # the station (sohoa serve): uploads of batches by archive staff, sign-in throttling
    upload_dir: Path | None = Field(None, description="where uploaded batches are unpacked (one folder per "
                                    "batch, kept: files not stored stay there); default SOHOA_HOME/uploads")
    upload_max_mb: float = Field(2048.0, gt=0, description="an upload (or a zip's content) larger than this "
                                 "is refused")
    upload_max_entries: int = Field(10_000, ge=1, description="files (zip entries) per upload")
    upload_max_ratio: float = Field(100.0, ge=1, description="a zip entry expanding more than this many times "
                                    "its compressed size is refused (zip bomb)")
    upload_parallel_ingests: int = Field(1, ge=1, le=16, description="uploaded batches ingested at once")
    signin_max_failures: int = Field(5, ge=1, description="failed sign-ins of one user name in the window "
                                     "before it is locked for the lockout time (an address gets 4 times this)")
    signin_window_seconds: float = Field(900.0, gt=0)
    signin_lockout_seconds: float = Field(900.0, gt=0)

    @property
    def uploads_root(self) -> Path:
        return (self.upload_dir or self.home / "uploads").resolve()

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
