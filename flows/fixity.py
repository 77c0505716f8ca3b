"""`sohoa fixity`: re-verify stored objects against the hashes in the pipeline database."""
from __future__ import annotations

from sohoa.config import Settings
from storage import fixity
from storage.objects import open_store
from storage.pipeline_db import PipelineDB


def run_fixity(settings: Settings, batch: str | None = None) -> fixity.FixityReport:
    db = PipelineDB(settings.pipeline_db_url)
    try:
        return fixity.check(open_store(settings), db, batch)
    finally:
        db.close()
