"""`sohoa export`: one record per dossier, as JSON lines or as flattened CSV."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from sohoa.config import Settings
from storage.pipeline_db import PipelineDB


def flatten(record: dict, prefix: str = "") -> dict[str, object]:
    """Nested dicts become dotted columns (fields.applicant_name.value); lists become JSON text."""
    flat: dict[str, object] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        elif isinstance(value, (list, tuple)):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def write_export(settings: Settings, batch: str, fmt: str, out: Path) -> int:
    db = PipelineDB(settings.pipeline_db_url)
    try:
        records = db.export_records(batch, settings.review_threshold)
    finally:
        db.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        rows = [flatten(r) for r in records]
        columns = list(dict.fromkeys(c for row in rows for c in row))
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return len(records)
