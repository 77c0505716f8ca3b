"""Official templates: every procedure in every printing, values where the form puts them, shared
lines, ID lead-ins, Faker name sources, determinism, and the generate() wiring."""
import random
import re
import unicodedata
from datetime import date

import pytest

import samples
from samples.cases import ALL_PROCEDURES, make_case
from samples.forms import Style
from samples.names import NameSource, faker_half, name_source
from samples.official import PRINTING_KEYS, build_official
from samples.official.core import printing
from samples.official.sources import SOURCES
from samples.render import layout


def _build(proc: str, pk: str, seed: int = 1, names: str = "generator", font: str = "freeserif"):
    rnd = random.Random(f"t:{proc}:{seed}")  # same case in every printing
    src = name_source(names)
    case = make_case(rnd, proc, src)
    doc = build_official(case, rnd, pk, Style.draw(rnd), font, src)
    pages = layout(doc.items, font, margins=printing(pk).margins)
    return case, doc, pages, "\f".join(p.text for p in pages)


def _dmy(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


@pytest.mark.parametrize("proc", ALL_PROCEDURES)
@pytest.mark.parametrize("pk", PRINTING_KEYS)
def test_every_procedure_renders_in_every_printing(proc, pk):
    case, doc, pages, text = _build(proc, pk)
    assert unicodedata.is_normalized("NFC", text) and all(p.text.strip() for p in pages)
    assert doc.meta["template"] == f"{proc}/official-{pk}" and doc.meta["printing"] == pk
    assert doc.meta["template_source"] == SOURCES[proc]
    f = doc.fields
    assert f["signed_date"] == case.filed.isoformat()
    assert {"applicant_name", "applicant_address"} <= f.keys()
    assert all(set(keys) <= f.keys() for keys in doc.meta["roles"].values())
    folded = text.casefold()
    for key, value in f.items():  # every truth value is printed, in the form's own notation
        if key.endswith("_date") and key != "signed_date" and key != "death_date":
            assert _dmy(value) in text, key
        elif key in ("signed_date", "death_date"):
            d = date.fromisoformat(value)
            assert re.search(rf"ngày\s+0?{d.day}\s+tháng\s+0?{d.month}\s+năm\s+{d.year}", text), key
        elif key == "phone":
            assert value in re.sub(r"[ .()]", "", text)
        else:
            assert " ".join(value.casefold().split()) in " ".join(folded.split()), key


def test_deceased_values_follow_the_request_line():
    for seed in range(4):
        case, doc, _, text = _build("death_registration", "A", seed)
        cut = text.index("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:")
        before, after = text[:cut], text[cut:]
        assert case.subject.id_number in after and case.subject.id_number not in before
        assert case.applicant.id_number in before
        assert doc.fields["subject_name"].casefold() in after.casefold()
        assert doc.meta["roles"]["deceased"] == ["subject_name", "subject_birth_date", "subject_gender",
                                                 "subject_id_number", "death_date"]


def test_wife_values_sit_in_the_ben_nu_column():
    for pk in PRINTING_KEYS:
        case, doc, pages, _ = _build("marriage_registration", pk)
        placed = [p for pg in pages for p in pg.lines]
        x_nu = next(p.x for p in placed if p.text == "Bên nữ")
        x_nam = next(p.x for p in placed if p.text == "Bên nam")
        wife = next(p for p in placed if p.text.casefold() == case.subject.name.casefold())
        husband = next(p for p in placed if p.text.casefold() == case.applicant.name.casefold()
                       and p.bold is False)
        assert x_nu - 1 <= wife.x < x_nam <= husband.x + 1
        assert wife.baseline == husband.baseline  # the same table row
        assert doc.fields["subject_name"] == case.subject.name
        assert doc.fields["applicant_id_number"] == case.applicant.id_number
        assert set(doc.meta["roles"]["bên nữ"]) == {"subject_name", "subject_birth_date", "subject_id_number"}


def test_shared_lines_and_one_field_per_line():
    for proc in ("birth_registration", "death_registration"):
        for pk in PRINTING_KEYS:
            _, _, _, text = _build(proc, pk)
            shared = [ln for ln in text.splitlines() if "Giới tính:" in ln and "Dân tộc:" in ln
                      and "Quốc tịch:" in ln]
            assert bool(shared) == printing(pk).shared_lines, (proc, pk)
    _, _, _, text = _build("death_registration", "B")
    assert re.search(r"Giới tính: (Nam|Nữ) {3}Dân tộc: Kinh {3}Quốc tịch: Việt Nam", text)


def test_id_lead_in_phrases_per_printing():
    for proc in ("birth_registration", "death_registration", "marriage_registration"):
        for pk, pattern in (("A", r"(Căn cước công dân|Thẻ căn cước) số {id} do .+ cấp ngày \d\d/\d\d/\d{{4}}"),
                            ("B", r"(CCCD|Thẻ căn cước) số {id}, cấp ngày"),
                            ("C", r"Số định danh cá nhân: {id}")):
            case, _, _, text = _build(proc, pk)
            flat = " ".join(text.split())
            assert re.search(pattern.format(id=case.applicant.id_number), flat), (proc, pk)


def test_leaders_blank_fields_and_footnotes():
    _, doc, _, text = _build("death_registration", "A")
    assert re.search(r"Ngày, tháng, năm sinh \(2\): \.{10,}", text)  # the requester's optional birth date
    assert "applicant_birth_date" not in doc.fields
    assert "Chú thích:" in text and "(3) Ghi số định danh cá nhân" in text
    assert re.search(r"Làm tại: .+, ngày", text) and "Kính gửi (1): Ủy ban nhân dân" in text
    _, _, _, text_b = _build("death_registration", "B")
    assert "Chú thích:" not in text_b and "....." not in text_b
    _, _, _, text_c = _build("land_first_certificate", "C")
    assert re.search(r"^\d+\. Thửa đất số", text_c, re.M)
    _, _, _, text_b = _build("land_first_certificate", "B")
    assert re.search(r"^Thửa đất số", text_b, re.M)


def test_printings_change_layout_not_content():
    fields = {pk: _build("enterprise_registration", pk, seed=3)[1].fields for pk in PRINTING_KEYS}
    assert fields["A"] == fields["B"] == fields["C"]


def test_official_forms_are_deterministic():
    a, b = _build("birth_registration", "C", seed=9, names="faker"), _build("birth_registration", "C", seed=9,
                                                                              names="faker")
    assert a[3] == b[3] and a[1].fields == b[1].fields


def test_faker_names_and_disjoint_halves():
    full = NameSource("faker")
    for sex in ("Nam", "Nữ"):
        ga, gb = set(NameSource("faker-a").given_pool(sex)), set(NameSource("faker-b").given_pool(sex))
        assert ga and gb and not ga & gb and ga | gb == set(full.given_pool(sex))
        assert all(faker_half(g) == "a" for g in ga)
    from faker.providers.person.vi_VN import Provider
    faker_given = {g.title() for g in Provider.first_names_male + Provider.first_names_female
                   + Provider.first_names_unisex}
    for seed in range(20):
        for src in ("faker-a", "faker-b"):
            case, doc, _, _ = _build("marriage_registration", "A", seed, names=src)
            for key in ("applicant_name", "subject_name"):
                name = doc.fields[key]
                assert unicodedata.is_normalized("NFC", name) and name == name.title()
                assert name.split()[0] in set(Provider.last_names)
                assert name.split()[-1] in faker_given and faker_half(name.split()[-1]) == src[-1]
    with pytest.raises(ValueError):
        NameSource("faker-c")


def test_generate_official_wiring(tmp_path):
    recs = samples.generate(tmp_path, 3, seed=2, templates="official", printings=["C"], names="faker-b",
                            fonts=["dejavuserif"], procedures=["death_registration", "certified_copy",
                                                               "land_first_certificate"])
    assert (tmp_path / "truth.jsonl").exists()
    for r in recs:
        assert r["template"] == f"{r['procedure']}/official-C" and r["printing"] == "C"
        assert r["name_source"] == "faker-b" and r["font"] == "dejavuserif"
        assert r["template_source"] == SOURCES[r["procedure"]]
        assert faker_half(r["fields"]["applicant_name"].split()[-1]) == "b"
        assert (tmp_path / r["source"]).exists()
        assert r["fields"]["signed_date"] and all(set(v) <= r["fields"].keys() for v in r["roles"].values())
    with pytest.raises(ValueError):
        samples.generate(tmp_path / "x", 1, templates="official", printings=["D"])
