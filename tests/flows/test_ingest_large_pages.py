"""Large-format pages (issue 16): an A1 drawing and an A0 map, each in a dossier with its application
form, are read and end loaded or in review for their own reasons; a bomb of A1 size is quarantined.

Tesseract's answers are replayed from tests/flows/cache_large (content-keyed, as in tests/ocr): the
big pages are generated the same every time, so the run stays fast; a change in preprocessing misses
the cache and runs real Tesseract.
"""
from __future__ import annotations

import random
from pathlib import Path

import ocr_replay
import pytest
from flow_helpers import cli, read_jsonl
from PIL import Image

from sohoa.config import Settings
from samples.dossiers import DossierPlan, build_dossier
from storage.sector_db import SectorDB

CACHE = Path(__file__).parent / "cache_large"
QUARANTINE = {"empty_file", "unreadable_image", "type_mismatch", "unsupported_type", "encrypted_pdf", "corrupt_pdf",
              "too_large", "too_many_pages", "page_too_large", "zero_size_page"}


def _dossier(drop: Path, seed: int, procedure: str, container: str, fmt: str, sheet: str, name: str) -> dict:
    plan = DossierPlan(procedure, "form", 1 + seed % 4, 1, "freeserif", 300, True, container, fmt, False, "clean",
                       name=name, sheet=sheet)
    return build_dossier(drop, plan, random.Random(seed), page_seed=seed)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A construction PDF (form, then an A1 drawing at 300 dpi), a land folder (form, then an A0 map at
    200 dpi, JPEG) and a blank bilevel PNG of A1 size (30 kB: a bomb), ingested once."""
    base = tmp_path_factory.mktemp("large")
    drop, home = base / "drop", base / "home"
    drop.mkdir()
    truth = {"d01_construction.pdf": _dossier(drop, 1, "construction_permit", "file", "pdf", "drawing:A1:300",
                                              "d01_construction"),
             "d02_land/": _dossier(drop, 2, "land_change_registration", "folder_pages", "jpeg",
                                   "cadastral_map:A0:200", "d02_land")}
    Image.new("1", (7016, 9933), 1).save(drop / "d03_blank_a1.png", dpi=(300, 300))
    mp = pytest.MonkeyPatch()
    mp.setenv("SOHOA_HOME", str(home))
    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL"):
        mp.delenv(var, raising=False)
    ocr_replay.install(mp, CACHE, "tests/flows/test_ingest_large_pages.py")
    try:
        cli("ingest", str(drop), "--batch", "large-01")
        out = base / "out.jsonl"
        cli("export", "--batch", "large-01", "-o", str(out))
        records = {r["source"]: r for r in read_jsonl(out)}
        settings = Settings()
        yield {"records": records, "truth": truth, "settings": settings, "drop": drop}
    finally:
        mp.undo()


def test_large_sheets_are_read_and_their_dossiers_never_quarantined(large):
    """GIVEN the A1 drawing and the A0 map, each after an application form WHEN ingested THEN neither
    dossier is quarantined: each is loaded, or in review for a reason of its own (never page_too_large),
    with every page read and the sheet's page flagged downsampled and line art."""
    for source in ("d01_construction.pdf", "d02_land/"):
        r = large["records"][source]
        assert r["status"] in ("loaded", "review"), (source, r["status"], r["reason"])
        assert r["reason"] not in QUARANTINE, (source, r["reason"])
        truth = large["truth"][source]
        assert r["pages"] == truth["pages"]
        flags = r["page_flags"][str(truth["sheets"][0]["page"])]
        assert {"downsampled", "line_art"} <= set(flags), flags
        assert "ocr_failed" not in flags and "ocr_timeout" not in flags


def test_the_sheets_are_typed_and_the_record_says_on_which_pages(large):
    """The drawing is a Bản vẽ, the map a Bản đồ địa chính, each on its last page; the application
    form's values, not the sheet's, are the dossier's; a loaded record notes the sheet and its page."""
    recs, truth = large["records"], large["truth"]
    last = {s: truth[s]["sheets"][0]["page"] for s in truth}
    assert recs["d01_construction.pdf"]["drawings"] == [
        {"kind": "drawing", "TypeName": "Bản vẽ", "pages": [last["d01_construction.pdf"]]}]
    assert recs["d02_land/"]["drawings"] == [
        {"kind": "cadastral_map", "TypeName": "Bản đồ địa chính", "pages": [last["d02_land/"]]}]
    for source, sector in (("d01_construction.pdf", "xay_dung"), ("d02_land/", "dat_dai")):
        r = recs[source]
        assert r["procedure"] and r["procedure"]["key"] == truth[source]["procedure"]
        assert all(f["page"] < last[source] for f in r["fields"].values()), r["fields"]
        if r["status"] == "loaded":
            db = SectorDB(large["settings"].sector_db_url(sector), sector)
            row = db.get(r["dossier_id"])
            db.close()
            assert row["has_drawings"] in (True, 1) and row["drawing_pages"] == r["drawings"]


def test_a_bomb_of_a1_size_is_still_quarantined(large):
    """A blank bilevel A1 page compresses to a few bytes per megapixel: page_too_large, not read."""
    r = large["records"]["d03_blank_a1.png"]
    assert (r["status"], r["reason"]) == ("quarantined", "page_too_large")
