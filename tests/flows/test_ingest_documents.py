"""A box file (several dossiers in one scan, separator sheets between them) through `sohoa ingest`:
each dossier cut from it ends in one final state with its documents and its receipt's dossier
code, the box itself ends `split`, and the code matches the one-stop system's records.

Tesseract's answers are replayed from tests/flows/cache_documents/ (content-keyed, see
tests/ocr/ocr_replay.py); the barcodes are read for real.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import ocr_replay
from flow_helpers import cli, read_jsonl

CACHE = Path(__file__).parent / "cache_documents"
BATCH = "hop-2019-01"


@pytest.fixture(scope="module")
def boxed(tmp_path_factory):
    """One box file of two dossiers (form, perhaps a decision, the receipt with its codes), ingested once."""
    from samples import multidoc

    mp = pytest.MonkeyPatch()
    ocr_replay.install(mp, CACHE)
    for k, v in {"id_copy": 0.0, "other": 0.0, "cover": 0.0, "receipt": 1.0, "result": 0.5,
                 "page_numbers": 0.0}.items():
        mp.setitem(multidoc.ODDS, k, v)
    folder = tmp_path_factory.mktemp("drop") / "hop-01"
    [box] = multidoc.generate(folder, 0, seed=5, boxes=1, parts=(2, 2), form_layouts=(1, 2, 4))
    (folder / "truth.jsonl").unlink()  # the records are the truth; the drop holds the scan only
    home = tmp_path_factory.mktemp("home")
    mp.setenv("SOHOA_HOME", str(home))
    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL"):
        mp.delenv(var, raising=False)
    run = cli("ingest", str(folder), "--batch", BATCH)
    out = home / "out.jsonl"
    cli("export", "--batch", BATCH, "--format", "jsonl", "-o", str(out))
    yield {"home": home, "folder": folder, "box": box, "records": {r["source"]: r for r in read_jsonl(out)},
           "output": run.output}
    mp.undo()


def test_a_box_file_becomes_one_dossier_per_part_each_in_one_final_state(boxed):
    """GIVEN a scanned file of two dossiers with separator sheets WHEN it is ingested THEN the file
    ends `split`, listing its parts and sheets, and each part is a dossier in one final state holding
    exactly the pages between the sheets."""
    box, recs = boxed["box"], boxed["records"]
    src = box["source"]
    assert set(recs) == {src, f"{src}/part-01", f"{src}/part-02"}
    assert recs[src]["status"] == "split"
    assert recs[src]["separator_pages"] == box["separator_pages"]
    want = [[p["box_pages"][0], p["box_pages"][-1]] for p in box["parts"]]
    assert [p["pages"] for p in recs[src]["parts"]] == want
    for n, part in enumerate(box["parts"], 1):
        rec = recs[f"{src}/part-{n:02d}"]
        assert rec["status"] in ("loaded", "review")
        assert rec["part_of"] == {"of": src, "pages": want[n - 1]}
        assert rec["pages"] == len(part["box_pages"])
        assert rec["artifacts"]["pdf"] and rec["artifacts"]["original"] == recs[src]["artifacts"]["original"]
    assert "split" in boxed["output"]


def test_each_dossier_of_the_box_has_its_documents_and_its_receipt_code(boxed):
    """Each part lists its documents in page order, every page in one, with kind, range, title,
    confidence and 7197 metadata; its dossier code is the one its receipt prints, stored in the
    pipeline database where the one-stop code finds it."""
    from sohoa.config import Settings
    from storage.pipeline_db import PipelineDB

    box, recs = boxed["box"], boxed["records"]
    db = PipelineDB(Settings(home=boxed["home"]).pipeline_db_url)
    try:
        for n, part in enumerate(box["parts"], 1):
            rec = recs[f"{box['source']}/part-{n:02d}"]
            docs = rec["documents"]
            assert [(d["kind"], d["first_page"], d["last_page"]) for d in docs] == [
                (d["kind"], d["pages"][0], d["pages"][-1]) for d in part["documents"]]
            assert all({"kind", "first_page", "last_page", "title", "confidence", "metadata"} <= set(d) for d in docs)
            assert rec["dossier_code"] == part["dossier_code"] and rec["dossier_code_read"]["source"] == "barcode"
            [found] = db.find_by_code(part["dossier_code"])
            assert found.source == rec["source"] and found.id == rec["dossier_id"]
            assert rec["fields"]["applicant_name"]["page"] in next(d["pages"] for d in part["documents"]
                                                                   if d["kind"] == "form")
    finally:
        db.close()


def test_match_codes_pairs_the_one_stop_records_with_the_dossiers(boxed, tmp_path):
    codes = [p["dossier_code"] for p in boxed["box"]["parts"]]
    records = tmp_path / "motcua.csv"
    with records.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ma_ho_so", "thu_tuc"])
        w.writerows([[codes[0], "a"], [codes[1], "b"], ["000.00.01.H01-200101-0001", "c"], ["?", "d"]])
    out = tmp_path / "match.jsonl"
    run = cli("match-codes", str(records), "--batch", BATCH, "-o", str(out))
    assert "2 records matched, 1 with no dossier, 1 without a readable code" in run.output
    rows = read_jsonl(out)
    assert [r["match"] for r in rows] == ["ok", "ok", "no_dossier"]
    assert [r["dossiers"][0]["source"] for r in rows[:2]] == [f"{boxed['box']['source']}/part-{n:02d}" for n in (1, 2)]


def test_a_rerun_changes_nothing_and_a_replaced_box_drops_its_parts(boxed):
    """GIVEN the ingested box WHEN the batch runs again THEN nothing is added; WHEN the file is
    replaced by an empty one THEN it is quarantined and the dossiers cut from the old content are
    gone (what they loaded is taken back), so every entry still has one final state."""
    from sohoa.config import Settings
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(Settings(home=boxed["home"]).pipeline_db_url)
    try:
        before = db.counts()
        run = cli("ingest", str(boxed["folder"]), "--batch", BATCH)
        assert db.counts() == before
        assert "split" in run.output
        path = boxed["folder"] / boxed["box"]["source"]
        path.write_bytes(b"")
        cli("ingest", str(boxed["folder"]), "--batch", BATCH)
        states = {r.source: (r.state, r.reason) for r in db.batch_status(BATCH)}
        assert states == {boxed["box"]["source"]: ("quarantined", "empty_file")}
        assert any(e.step == "split" and e.outcome == "superseded" for e in db.events(batch=BATCH))
    finally:
        db.close()
