"""DocCodes through the real ingest: two batches never give one DocCode to different dossiers, and a
reprocessed dossier writes its PDF/A under the DocCode it had."""
from __future__ import annotations

import shutil

from flow_helpers import cli

from sohoa.config import Settings
from storage import layout
from storage.pipeline_db import PipelineDB, dossier_id


def _codes(batch: str) -> dict[str, str]:
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        return {v.source: layout.doc_code_of(v.artifacts["pdf"].rsplit("/", 1)[-1])
                for v in db.dossier_views(batch) if "pdf" in v.artifacts}
    finally:
        db.close()


def test_two_batches_get_distinct_doc_codes_and_reprocessing_keeps_them(sample_batch, home, tmp_path):
    """GIVEN two drop folders of one born-digital dossier each (each the first of its batch, which
    once made both _000001_) WHEN both are ingested and the first is reprocessed THEN the two DocCodes
    differ, both under the agency's prefix, and the reprocessed dossier keeps its own."""
    folder, truth = sample_batch
    born = [t["source"] for t in truth if t.get("born_digital") and "expect" not in t][:2]
    for batch, name in zip(("codes-a", "codes-b"), born):
        drop = tmp_path / batch
        drop.mkdir()
        shutil.copy(folder / name, drop / name)
        cli("ingest", str(drop), "--batch", batch)
    a, b = _codes("codes-a"), _codes("codes-b")
    assert set(a) == {born[0]} and set(b) == {born[1]}
    prefix = layout.doc_code_prefix(Settings().agency_code, "HS")
    assert a[born[0]] != b[born[1]] and {a[born[0]][:len(prefix)], b[born[1]][:len(prefix)]} == {prefix}

    cli("reprocess", "codes-a", "--dossier", dossier_id("codes-a", born[0]))
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        assert sum(e.step == "extraction" for e in db.events(batch="codes-a")) == 2  # it was processed again
    finally:
        db.close()
    assert _codes("codes-a") == a
