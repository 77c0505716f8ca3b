"""generate(drawings=True): construction dossiers carry design drawings, land dossiers map extracts."""
import hashlib
import random
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

import samples
from samples.dossiers import DossierPlan, build_dossier
from samples.drawings import PAPER_MM

PROCS = ["construction_permit", "land_change_registration", "birth_registration"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("drawings") / "b"
    return out, samples.generate(out, 6, seed=4, procedures=PROCS, drawings=True)


def _pages_mm(path: Path) -> list[tuple[float, float]]:
    with pikepdf.open(path) as pdf:
        return [tuple(round(float(v) * 25.4 / 72) for v in (p.mediabox[2], p.mediabox[3])) for p in pdf.pages]


def test_construction_and_land_dossiers_carry_a_sheet_and_others_do_not(batch):
    """GIVEN a batch generated with drawings WHEN its truth is read THEN every construction dossier
    ends with a design drawing and every land dossier with a cadastral map, as their last page, at
    the paper size and dpi recorded; a birth dossier has none."""
    out, recs = batch
    for r in recs:
        if r["procedure"] == "birth_registration":
            assert "sheets" not in r
            continue
        (sheet,) = r["sheets"]
        assert sheet["kind"] == ("drawing" if r["procedure"] == "construction_permit" else
                                 sheet["kind"] if sheet["kind"] in ("map_extract", "cadastral_map") else None)
        assert sheet["page"] == r["pages"] == r["text"].count("\f") + 1 == sum(f["pages"] for f in r["files"])
        assert r["documents"][-1]["pages"] == [sheet["page"]] and r["documents"][-1]["kind"] == sheet["kind"]
        text = r["text"].split("\f")[-1]
        assert str(r["fields"]["parcel_number"]) in text or sheet["kind"] != "map_extract"
        if sheet["kind"] == "drawing":
            assert "CHỦ ĐẦU TƯ" in text and f"Thửa đất số {r['fields']['parcel_number']}" in text
        else:
            assert "BẢN ĐỒ ĐỊA CHÍNH" in text
        w_mm, h_mm = sorted(PAPER_MM[sheet["paper"]])
        assert sorted(sheet["size"]) == sorted([round(w_mm / 25.4 * sheet["dpi"]), round(h_mm / 25.4 * sheet["dpi"])])
        if r["format"] == "pdf":  # one PDF: A4 pages and the sheet at its own size
            sizes = _pages_mm(out / r["source"])
            assert sorted(sizes[-1]) == [round(w_mm), round(h_mm)] and sorted(sizes[0]) == [210, 297]
        else:
            last = out / r["source"] / r["files"][-1]["name"]
            with Image.open(last) as im:
                assert sorted(im.size) == sorted(sheet["size"])
                assert round(float(im.info["dpi"][0])) == sheet["dpi"] or last.suffix == ".pdf"


def test_without_drawings_the_batch_is_what_it_was(tmp_path, batch):
    """Asking for drawings changes the construction and land dossiers only: the others, and the
    documents of those, are the same dossier for dossier."""
    _, with_sheets = batch
    plain = samples.generate(tmp_path / "plain", 3, seed=4, procedures=PROCS)  # dossier i does not depend on count
    for a, b in zip(plain, with_sheets):
        assert "sheets" not in a
        if "sheets" not in b:
            assert a == b
        else:
            assert a["fields"] == b["fields"] and b["text"].startswith(a["text"])


def test_a_sheet_is_deterministic(tmp_path):
    """The same plan and seed give the same bytes, sheet included."""
    digests = []
    for name in ("a", "b"):
        plan = DossierPlan("construction_permit", "form", 1, 1, "freeserif", 300, True, "file", "pdf", False,
                           "scan", name="d1", sheet="drawing:A3:300")
        (tmp_path / name).mkdir()
        build_dossier(tmp_path / name, plan, random.Random(9), page_seed=9)
        digests.append(hashlib.sha256((tmp_path / name / "d1.pdf").read_bytes()).hexdigest())
    assert digests[0] == digests[1]
