"""Fixity: re-hash stored objects and compare with the hashes the pipeline database recorded."""
from __future__ import annotations

from dataclasses import dataclass, field

from sohoa.config import Settings
from storage.objects import ChecksumMismatch, ObjectMissing, ObjectStore, open_store
from storage.pipeline_db import PipelineDB


@dataclass
class FixityReport:
    checked: int = 0
    ok: int = 0
    missing: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.missing or self.altered)


def check(store: ObjectStore, db: PipelineDB, batch: str | None = None) -> FixityReport:
    """Verify every object the database knows about (for one batch or all). Each result is logged as a
    `fixity` event; the caller exits non-zero when `report.failed`."""
    report = FixityReport()
    for obj in db.objects(batch):
        report.checked += 1
        try:
            store.verify(obj.key, expected_sha256=obj.sha256)
            result, detail = "ok", None
            report.ok += 1
        except ObjectMissing:
            result, detail = "missing", {"expected_sha256": obj.sha256}
            report.missing.append(obj.key)
        except ChecksumMismatch as e:
            result, detail = "altered", {"expected_sha256": obj.sha256, "actual_sha256": e.actual}
            report.altered.append(obj.key)
        db.mark_checked(obj.key, result, batch=batch or obj.batch, detail=detail)
    return report


def run_fixity(settings: Settings, batch: str | None = None) -> FixityReport:
    """`sohoa fixity`: check the stores named by the settings."""
    db = PipelineDB(settings.pipeline_db_url)
    try:
        return check(open_store(settings), db, batch)
    finally:
        db.close()


def report_lines(report: FixityReport) -> list[str]:
    """Plain lines for the CLI: one per bad object, then a summary."""
    lines = [f"missing {k}" for k in report.missing] + [f"altered {k}" for k in report.altered]
    lines.append(f"checked {report.checked}: ok {report.ok}, missing {len(report.missing)}, "
                 f"altered {len(report.altered)}")
    return lines


def exit_code(report: FixityReport) -> int:
    """Non-zero when any object is missing or altered."""
    return 1 if report.failed else 0
