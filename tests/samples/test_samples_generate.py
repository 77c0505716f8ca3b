"""generate(): truth schema, determinism, procedures, bad inputs, born-digital text layer, OCR smoke."""
import hashlib
import json
import random
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image

import samples
from samples.cases import PROCEDURES
from samples.dossiers import DossierPlan, build_dossier
from samples_rules import citizen_id_ok, phone_ok, tax_code_ok
from sohoa.errors import Reason

KEYS = {"source", "procedure", "kind", "pages", "text", "fields", "degradations", "format", "files"}


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_truth_file_matches_returned_records(batch):
    out, recs = batch
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == json.loads(json.dumps(recs))


def test_truth_schema_and_files_exist(batch):
    out, recs = batch
    good = [r for r in recs if r["kind"] != "bad"]
    assert len(good) == 7 + 4  # 7 asked + 3 hostile names + 1 folder with a broken page
    for r in recs:
        assert KEYS <= r.keys()
        assert r["format"] in {"pdf", "tiff", "jpeg", "png", "folder", "docx", "txt"}
        target = out / r["source"]
        assert target.exists(), r["source"]
        if r["source"].endswith("/"):
            assert r["format"] == "folder" and target.is_dir()
            assert sorted(f["name"] for f in r["files"]) == sorted(p.name for p in target.iterdir())
    for r in good:
        assert r["kind"] in {"form", "decision", "mixed"} and r["procedure"] in PROCEDURES
        assert unicodedata.is_normalized("NFC", r["text"])
        assert r["text"].count("\f") + 1 == r["pages"] == sum(f["pages"] for f in r["files"])
        assert len(r["page_degradations"]) == r["pages"]
        assert r["layout"] and r["font"] in {"freeserif", "dejavuserif", "notoserif", "notosans"}
        assert all("\n\n" not in page and page.strip() for page in r["text"].split("\f"))


def test_fields_are_normalised_and_valid(batch):
    _, recs = batch
    for r in (r for r in recs if r["kind"] != "bad"):
        f = r["fields"]
        assert "signed_date" in f
        for k, v in f.items():
            assert unicodedata.is_normalized("NFC", v)
            if k.endswith("_date"):
                date.fromisoformat(v)
            if k.endswith("_name") and k != "business_name":
                assert v == v.title()
        if "applicant_id_number" in f and "applicant_birth_date" in f:
            sex = re.search(r"Giới tính: (Nam|Nữ)", r["text"]).group(1)
            assert citizen_id_ok(f["applicant_id_number"], sex, date.fromisoformat(f["applicant_birth_date"]))
        if "phone" in f:
            assert phone_ok(f["phone"])
        if "tax_code" in f:
            assert tax_code_ok(f["tax_code"])
        for d in r["documents"]:  # each labelled form field is printed as "Label: ..."
            for key, label in d["labels"].items():
                assert f"{label}: " in r["text"], (key, label)


def test_decisions_follow_decree_30_header(batch):
    _, recs = batch
    decisions = [r for r in recs if r.get("documents") and any(d["kind"] == "decision" for d in r["documents"])]
    assert decisions
    for r in decisions:
        d = next(d for d in r["documents"] if d["kind"] == "decision")
        page = r["text"].split("\f")[d["pages"][0] - 1]
        lines = page.split("\n")
        number = lines.index(f"Số: {d['fields']['document_number']}")
        motto = next(i for i, x in enumerate(lines) if x.startswith("CỘNG H"))
        assert number < motto  # agency column is read before the motto column
        assert re.fullmatch(r"\d{2,4}/QĐ-UBND", d["fields"]["document_number"])
        assert "QUYẾT ĐỊNH" in lines and d["fields"]["subject_line"].startswith("Về việc")
        assert any(x.startswith("Căn cứ ") for x in lines)


def test_every_procedure_appears_in_each_run_of_six():
    from samples.dossiers import procedure_order

    order = procedure_order(seed=9, count=18)
    for i in range(0, 18, 6):
        assert sorted(order[i:i + 6]) == sorted(PROCEDURES)


def test_batch_covers_procedures_formats_and_degradations(batch):
    _, recs = batch
    good = [r for r in recs if r["kind"] != "bad"]
    assert {r["procedure"] for r in good} == set(PROCEDURES)
    kinds = Counter(r["kind"] for r in good)
    assert kinds["form"] and (kinds["mixed"] or kinds["decision"])


def test_deterministic_and_independent_of_count(tmp_path):
    a = samples.generate(tmp_path / "a", 2, seed=42)
    b = samples.generate(tmp_path / "b", 2, seed=42)
    assert a == b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    c = samples.generate(tmp_path / "c", 1, seed=42)
    assert c[0] == a[0]  # dossier i does not depend on how many follow it
    d = samples.generate(tmp_path / "d", 1, seed=43)
    assert d[0]["text"] != a[0]["text"]


def test_bad_files_carry_real_defects(batch):
    out, recs = batch
    bad = {r["source"]: r["expect"]["reason"] for r in recs if r["kind"] == "bad"}
    assert set(bad.values()) <= {r.value for r in Reason}
    assert {"empty_file", "unreadable_image", "type_mismatch", "unsupported_type", "encrypted_pdf",
            "corrupt_pdf"} <= set(bad.values())
    for name, reason in bad.items():
        data = (out / name).read_bytes()
        if reason == "empty_file":
            assert data == b""
        elif reason == "unreadable_image":
            with pytest.raises(OSError):
                Image.open(out / name).load()
        elif reason == "type_mismatch":
            assert name.endswith(".pdf") and data.startswith(b"\x89PNG")
        elif reason == "encrypted_pdf":
            with pytest.raises(pikepdf.PasswordError):
                pikepdf.open(out / name)
        elif reason == "corrupt_pdf":
            assert data.startswith(b"%PDF")
            with pytest.raises(pikepdf.PdfError):
                pikepdf.open(out / name)


def test_hostile_names_and_broken_page_dossier(batch):
    out, recs = batch
    hostile = [r for r in recs if "hostile_name" in r.get("tags", [])]
    names = [r["source"] for r in hostile]
    assert any(n.startswith("-") for n in names)
    assert any(" " in n and not n.isascii() for n in names)
    assert any(len(n.encode()) > 150 for n in names)
    assert all("expect" not in r for r in hostile)
    broken = next(r for r in recs if "bad_file" in r)
    assert broken["expect"] == {"state": "review", "reason": "bad_file_in_dossier"}
    with pytest.raises(OSError):
        Image.open(out / broken["source"] / broken["bad_file"]).load()


def _plan(**kw) -> DossierPlan:
    base = dict(procedure="land_change_registration", kind="mixed", form_layout=2, decision_layout=1,
                font="notoserif", dpi=200, dpi_metadata=True, container="file", fmt="pdf", born_digital=True,
                profile="clean", name="born")
    base.update(kw)
    return DossierPlan(**base)


def test_born_digital_pdf_text_layer_equals_truth(tmp_path):
    """GIVEN a born-digital form + decision PDF WHEN pdfplumber reads it THEN the form page text equals
    truth exactly and the decision page holds the same words (its header columns share lines)."""
    rec = build_dossier(tmp_path, _plan(), random.Random(7), page_seed=1)
    with pdfplumber.open(tmp_path / rec["source"]) as pdf:
        got = [p.extract_text() for p in pdf.pages]
    truth = rec["text"].split("\f")
    assert len(got) == len(truth) == rec["pages"]
    form_pages = rec["documents"][0]["pages"]
    for n in form_pages:
        assert unicodedata.normalize("NFC", got[n - 1]) == truth[n - 1]
    for n in rec["documents"][1]["pages"]:
        assert Counter(unicodedata.normalize("NFC", got[n - 1]).split()) == Counter(truth[n - 1].split())


def test_image_formats_and_dpi_metadata(tmp_path):
    rec = build_dossier(tmp_path, _plan(kind="form", form_layout=3, fmt="tiff", born_digital=False,
                                        profile="fax", dpi_metadata=False, name="t"),
                        random.Random(3), page_seed=2)
    assert rec["pages"] == 2 and rec["format"] == "tiff"
    with Image.open(tmp_path / rec["source"]) as im:
        # no usable resolution: Pillow writes the TIFF default of 1 dpi, like many cheap scanners
        assert im.n_frames == 2 and im.mode == "1" and im.info.get("dpi", (0, 0))[0] < 72
    rec = build_dossier(tmp_path, _plan(kind="form", fmt="png", born_digital=False, profile="scan", name="p",
                                        form_layout=1), random.Random(4), page_seed=3)
    with Image.open(tmp_path / rec["source"]) as im:
        assert round(im.info["dpi"][0]) == 200 and im.size == (1654, 2339)


def test_clean_page_ocr_cer_under_two_percent():
    """GIVEN a clean 300 dpi form page WHEN Tesseract (vie) reads it THEN CER < 2 % (text is legible)."""
    pytesseract = pytest.importorskip("pytesseract")
    from rapidfuzz.distance import Levenshtein

    from samples.cases import make_case
    from samples.forms import build_form
    from samples.render import render

    rnd = random.Random(21)
    doc = build_form(make_case(rnd, "birth_registration"), rnd, 1)
    page = render(doc.items, "freeserif", 300)[0]
    ocr = pytesseract.image_to_string(page.image, lang="vie", config="--psm 4")
    norm = lambda s: " ".join(unicodedata.normalize("NFC", s).split())  # noqa: E731
    truth, got = norm(page.text), norm(ocr)
    cer = Levenshtein.distance(truth, got) / len(truth)
    assert cer < 0.02, cer


def test_layouts_and_procedures_can_be_held_out(tmp_path):
    """GIVEN a layout and procedure restriction WHEN generating THEN only those templates appear."""
    recs = samples.generate(tmp_path, 2, seed=5, form_layouts=[5], decision_layouts=[2],
                            procedures=["construction_permit"])
    assert {r["procedure"] for r in recs} == {"construction_permit"}
    for r in recs:
        for d in r["documents"]:
            assert d["layout"].endswith("form-v5" if d["kind"] == "form" else "decision-v2")
            if d["kind"] == "form":  # numbered lines with dot leaders
                assert re.search(r"^1\. .+: .+ \.{5,}$", r["text"], re.M)
    with pytest.raises(ValueError):
        samples.generate(tmp_path / "x", 1, procedures=["passport"])


def test_default_batches_never_use_the_held_out_form_layout():
    from samples.dossiers import draw_plan

    layouts = {draw_plan(random.Random(i), "birth_registration").form_layout for i in range(300)}
    assert layouts == {1, 2, 3, 4}


def test_bilevel_pages_stay_one_bit_in_image_pdf(tmp_path):
    rec = build_dossier(tmp_path, _plan(kind="decision", fmt="pdf", born_digital=False, profile="fax",
                                        name="fax"), random.Random(8), page_seed=4)
    assert "bilevel" in rec["degradations"]
    with pikepdf.open(tmp_path / rec["source"]) as pdf:
        (img,) = [pikepdf.PdfImage(x) for x in pdf.pages[0].get_images().values()]
        assert img.bits_per_component == 1


def test_bad_files_are_deterministic(tmp_path):
    from samples.badfiles import write_bad_files

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert write_bad_files(tmp_path / "a", 4) == write_bad_files(tmp_path / "b", 4)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_the_mislabelled_docx_does_not_depend_on_the_clock(monkeypatch):
    """Zip entries stamped with the current time made the 'same' batch differ across seconds."""
    import zipfile

    from samples.badfiles import _docx_bytes

    monkeypatch.setattr(zipfile.time, "time", lambda: 1_600_000_000.0)
    first = _docx_bytes()
    monkeypatch.setattr(zipfile.time, "time", lambda: 1_700_000_000.0)
    assert _docx_bytes() == first
