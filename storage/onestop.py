"""Match dossiers to the one-stop system's records by their dossier code (mã hồ sơ).

The one-stop system (Hệ thống thông tin một cửa điện tử) exports its records with the code it gave
each dossier at the counter; a digitised dossier carries the code read from its receipt or cover
sheet (`dossiers.dossier_code`). Records are a CSV with a header row, or JSON lines, holding the
code in one of CODE_COLUMNS; every other column is left as it is.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from extraction.dossier_code import parse
from sohoa.config import Settings
from storage.pipeline_db import PipelineDB

CODE_COLUMNS = ("ma_ho_so", "mahoso", "maHoSo", "MaHoSo", "dossier_code", "Mã hồ sơ")


@dataclass
class MatchReport:
    matched: list[dict] = field(default_factory=list)  # {code, dossiers: [{batch, source, state, dossier_id}]}
    no_dossier: list[str] = field(default_factory=list)  # records whose code no dossier printed
    no_record: list[dict] = field(default_factory=list)  # dossiers (of the batch) with a code no record has
    unreadable: int = 0  # records without a code of the expected shape


def read_codes(path: Path) -> tuple[list[str], int]:
    """(codes in file order, records without a readable code)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".jsonl", ".json"):
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        rows = list(csv.DictReader(text.splitlines()))
    codes, bad = [], 0
    for row in rows:
        raw = next((str(row[c]) for c in CODE_COLUMNS if row.get(c)), "")
        code = parse(raw.strip())
        if code:
            codes.append(code)
        else:
            bad += 1
    return codes, bad


def match_codes(settings: Settings, records: Path, batch: str | None = None) -> MatchReport:
    codes, bad = read_codes(records)
    report = MatchReport(unreadable=bad)
    db = PipelineDB(settings.pipeline_db_url)
    try:
        for code in dict.fromkeys(codes):
            found = [{"batch": r.batch, "source": r.source, "state": r.state, "dossier_id": r.id}
                     for r in db.find_by_code(code) if batch is None or r.batch == batch]
            if found:
                report.matched.append({"code": code, "dossiers": found})
            else:
                report.no_dossier.append(code)
        if batch:
            known = set(codes)
            report.no_record = [{"code": v.dossier_code, "source": v.source, "state": v.state, "dossier_id": v.id}
                                for v in db.dossier_views(batch) if v.dossier_code and v.dossier_code not in known]
    finally:
        db.close()
    return report
