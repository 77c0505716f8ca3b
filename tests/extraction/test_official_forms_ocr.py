"""The official forms, rendered as published (samples/official), scanned slightly askew with
sensor noise and read by real Tesseract through ocr.pipeline.read_file: every value must go to
the person the form gives it to, including IDs printed inside the lead-in phrases the forms'
footnotes prescribe.

Role cases: requester vs deceased (death form, same labels twice), bên nam vs bên nữ (marriage
table), parent vs child (birth form), declarant vs household head (CT01), land user and the
parcel (land form), investor (construction). Tesseract's answers are replayed from
tests/extraction/cache_forms/ (keyed by pixels, arguments and Tesseract version, as tests/ocr).
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

import ocr_replay
from extraction import extract_fields
from ocr.options import OcrOptions
from ocr.pipeline import read_file
from samples import degrade
from samples.cases import make_case
from samples.forms import Style
from samples.official import build_official
from samples.official.core import printing
from samples.render import draw, layout

CACHE = Path(__file__).parent / "cache_forms"


@pytest.fixture(autouse=True)
def tesseract_replay(monkeypatch):
    ocr_replay.install(monkeypatch, CACHE)


def _scan(proc: str, seed: int, tmp_path: Path, printing_key: str = "A", want=None):
    """(truth fields, roles, extracted fields) of one official form; `want(case)` picks the seed."""
    while True:
        rnd = random.Random(f"official-ocr:{proc}:{seed}")
        case = make_case(rnd, proc)
        if want is None or want(case):
            break
        seed += 1
    doc = build_official(case, rnd, printing_key, Style.draw(rnd), "freeserif")
    paths = []
    for n, page in enumerate(layout(doc.items, "freeserif", margins=printing(printing_key).margins), 1):
        img = degrade.apply(draw(page, "freeserif", 300).image, ["skew:1.2", "noise:4"], seed=seed + n)
        paths.append(tmp_path / f"p{n}.png")
        img.save(paths[-1], dpi=(300, 300))
    pages = []
    for path in paths:
        pages += read_file(path, OcrOptions(timeout=120), tmp_path / "work", first_page=len(pages) + 1)
    return doc.fields, doc.meta["roles"], extract_fields(pages)


def _certain(fields, key):
    fv = fields.get(key)
    return fv.value if fv is not None and fv.valid and fv.confidence >= 0.5 else None


def test_requester_and_deceased_under_the_same_labels(tmp_path):
    truth, roles, got = _scan("death_registration", 1, tmp_path)
    for key in ("applicant_name", "applicant_id_number", "subject_name", "subject_id_number",
                "subject_birth_date", "death_date"):
        assert _certain(got, key) == truth[key], key
    # the ID printed inside 'Căn cước công dân số … do … cấp ngày …' is the requester's own
    assert truth["applicant_id_number"] != truth["subject_id_number"]


def test_bride_and_groom_side_by_side(tmp_path):
    truth, roles, got = _scan("marriage_registration", 1, tmp_path)
    assert set(roles["bên nam"]) >= {"applicant_name", "applicant_id_number"}
    for key in ("applicant_name", "applicant_birth_date", "applicant_id_number",
                "subject_name", "subject_birth_date", "subject_id_number"):
        assert _certain(got, key) == truth[key], key


def test_child_mother_and_father(tmp_path):
    truth, roles, got = _scan("birth_registration", 1, tmp_path)
    for key in ("applicant_name", "subject_name", "subject_birth_date", "mother_name", "father_name"):
        if key in truth:
            assert _certain(got, key) == truth[key], key
    assert got["subject_name"].value != got["applicant_name"].value


def test_declarant_is_not_the_household_head(tmp_path):
    truth, roles, got = _scan("permanent_residence_registration", 1, tmp_path,
                              want=lambda case: case.extra["head"] is not None)
    for key in ("applicant_name", "applicant_id_number", "applicant_birth_date", "applicant_address"):
        assert _certain(got, key) == truth[key], key
    assert "subject_id_number" not in got  # the head's ID is nobody's field


def test_land_user_with_id_in_a_lead_in_and_the_parcel(tmp_path):
    truth, roles, got = _scan("land_first_certificate", 1, tmp_path)
    for key in ("applicant_name", "applicant_id_number", "applicant_address", "parcel_number",
                "map_sheet_number", "land_address"):
        assert _certain(got, key) == truth[key], key


def test_household_business_owner(tmp_path):
    truth, roles, got = _scan("household_business_registration", 1, tmp_path)
    for key in ("applicant_name", "applicant_id_number", "applicant_birth_date", "business_name",
                "business_address"):
        assert _certain(got, key) == truth[key], key
