"""Legacy places and agencies → today's units (2025 reform), from the vietnam-address-converter data."""
from __future__ import annotations

import random
from datetime import date

from vietnam_address_converter.conversion import convert_old_to_new

from extraction import extract_fields
from extraction.units import map_address, map_agency, todays_unit
from extraction_helpers import ocr_page
from samples import people

HCM = "thành phố Hồ Chí Minh"


def test_merged_province_and_merged_commune():
    # Bình Dương joined Hồ Chí Minh; phường Phú Cường merged into phường Thủ Dầu Một
    t = map_address("Số 12, đường Yersin, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương")
    assert t == ("Số 12, đường Yersin, phường Thủ Dầu Một, thành phố Hồ Chí Minh", ())
    # Hải Dương joined Hải Phòng; xã Lê Ninh is in today's phường Bắc An Phụ
    assert map_address("Xã Lê Ninh, Thị xã Kinh Môn, Tỉnh Hải Dương").mapped == "phường Bắc An Phụ, thành phố Hải Phòng"


def test_abolished_district_is_dropped():
    t = map_address("Tổ 4, ấp 2, xã An Sơn, thành phố Thuận An, tỉnh Bình Dương")
    assert t.mapped == f"Tổ 4, ấp 2, phường Thuận An, {HCM}"
    assert "Thuận An, thành phố Thuận An" not in t.mapped
    # the district's own People's Committee has no successor
    assert map_agency("ỦY BAN NHÂN DÂN HUYỆN BÀU BÀNG") == (None, ())
    assert map_agency("UBND THÀNH PHỐ THỦ DẦU MỘT") == (None, ())
    # the district-level city shares its province's name: not the province's committee
    assert map_agency("UBND THÀNH PHỐ THÁI NGUYÊN") == (None, ())
    assert map_agency("UBND TỈNH BẮC KẠN").mapped == "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"


def test_split_commune_is_left_unmapped_with_its_candidates():
    t = map_address("Xã Ngũ Hiệp, Huyện Thanh Trì, Thành phố Hà Nội")
    assert t.mapped is None
    assert set(t.candidates) == {"xã Nam Phù, thành phố Hà Nội", "xã Thanh Trì, thành phố Hà Nội"}
    t = map_address("ấp 3, thị trấn Lai Uyên, huyện Bàu Bàng, tỉnh Bình Dương")
    assert t.mapped is None and set(t.candidates) == {f"xã Trừ Văn Thố, {HCM}", f"xã Bàu Bàng, {HCM}"}


def test_extracted_field_keeps_the_printed_value_and_lists_candidates():
    text = ("Nơi cư trú: khu phố 9, phường Tân Đông Hiệp, thành phố Dĩ An, tỉnh Bình Dương\n"
            "Số điện thoại: 0912345678")
    fv = extract_fields([ocr_page(text)])["applicant_address"]
    assert fv.value == "khu phố 9, phường Tân Đông Hiệp, thành phố Dĩ An, tỉnh Bình Dương"
    assert fv.mapped is None
    assert fv.mapped_candidates == [f"phường Dĩ An, {HCM}", f"phường Tân Đông Hiệp, {HCM}"]


def test_agencies_map_to_todays_province_or_commune():
    assert map_agency("UBND TỈNH BÌNH DƯƠNG").mapped == "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
    assert map_agency("ỦY BAN NHÂN DÂN TỈNH HÀ GIANG").mapped == "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"
    assert map_agency("ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ").mapped == "ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ"
    assert map_agency("ỦY BAN NHÂN DÂN PHƯỜNG PHÚ CƯỜNG").mapped == "ỦY BAN NHÂN DÂN PHƯỜNG THỦ DẦU MỘT"
    # a commune name without its district: a printed 'xã' never matches a 'phường' and vice versa,
    # and a name found in several places is listed, not picked
    t = map_agency("ỦY BAN NHÂN DÂN XÃ NGŨ HIỆP")
    assert t.mapped is None and "xã Nam Phù, thành phố Hà Nội" in t.candidates
    assert all(c.startswith("xã ") for c in t.candidates)
    assert map_agency("Phòng Tư pháp") == (None, ())


def test_only_places_and_the_issuing_agency_are_mapped():
    assert todays_unit("applicant_name", "Phú Cường") == (None, ())
    assert todays_unit("issuing_agency", "UBND TỈNH BÌNH DƯƠNG").mapped
    assert todays_unit("land_address", "phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương").mapped
    # not a full legacy address (no district): nothing to map, nothing guessed
    assert map_address("phường Thủ Dầu Một, thành phố Hồ Chí Minh") == (None, ())


def _package_units(line: str) -> set[str]:
    """What the data package itself gives for the printed commune, district and province
    (with its fallback to the whole district when it does not know the commune's spelling)."""
    commune, district, province = [p.strip() for p in line.split(",")[-3:]]
    r = convert_old_to_new({"province_name": province, "district_name": district, "ward_name": commune})
    return {c["new_ward"]["name"] for c in r["candidates"]} or {r["result"]["new_ward"]["name"]}


def test_every_sample_address_maps_or_lists_candidates():
    """Every address the sample generator prints (all its communes, before and after the district
    upgrades) maps to the unit the package gives, or is unmapped with the package's candidates."""
    rnd = random.Random(15)
    seen, mapped, split = set(), 0, 0
    for dist, (_, _, _, communes) in people.DISTRICTS.items():
        for when in (date(2019, 6, 1), date(2024, 6, 1)):
            for _ in range(len(communes) * 6):
                a = people.address(rnd, when, dist)
                seen.add((a.commune, a.district_label))
                t = map_address(a.line)
                want = _package_units(a.line)
                if t.mapped:
                    mapped += 1
                    assert t.mapped.endswith(HCM) and a.district_label not in t.mapped
                    assert t.mapped.rsplit(",", 2)[-2].strip().split(" ", 1)[1] in want
                    assert t.mapped.startswith(a.line.split(a.commune)[0])  # street kept as printed
                else:
                    split += 1
                    assert len(t.candidates) >= 2 and all(c.endswith(HCM) for c in t.candidates)
                    assert {c.split(",")[0].split(" ", 1)[1] for c in t.candidates} <= want
    labelled = {(f"{lvl} {n}", f"{people.district_label(d, w)} {d}") for d, (_, _, _, cs) in people.DISTRICTS.items()
                for lvl, n in cs for w in (date(2019, 6, 1), date(2024, 6, 1))}
    assert len(seen) > 0.9 * len(labelled)  # nearly every commune/label pair the generator has
    assert mapped and split


def test_a_commune_agencys_place_is_checked_against_the_lists_of_communes():
    from extraction.units import commune_spellings

    assert commune_spellings("ỦY BAN NHÂN DÂN XÃ BÌNHMỸ") == ("BÌNHMỸ", set())  # no such commune
    assert commune_spellings("ỦY BAN NHÂN DÂN XÃ BÌNH MỸ") == ("BÌNH MỸ", {"Bình Mỹ"})
    assert commune_spellings("ỦY BAN NHÂN DÂN XÃ THANH TUYÊN") == ("THANH TUYÊN", {"Thanh Tuyền"})
    assert commune_spellings("ỦY BAN NHÂN DÂN THỊ TRẤN UYÊN HƯNG")[1] == {"Uyên Hưng"}  # a phường since 2013
    assert commune_spellings("ỦY BAN NHÂN DÂN HUYỆN BÀU BÀNG") is None  # districts are not judged


def test_an_agency_printed_with_other_marks_than_its_communes_takes_its_spelling_as_doubtful():
    right = extract_fields([ocr_page("ỦY BAN NHÂN DÂN\nXÃ THANH TUYỀN\nSố: 12/QĐ-UBND")])["issuing_agency"]
    misread = extract_fields([ocr_page("ỦY BAN NHÂN DÂN\nXÃ THANH TUYÊN\nSố: 12/QĐ-UBND")])["issuing_agency"]
    assert right.value == misread.value == "ỦY BAN NHÂN DÂN XÃ THANH TUYỀN"
    assert misread.confidence < right.confidence


def test_a_numbered_commune_is_found_and_keeps_its_printed_numeral():
    from extraction.units import commune_spellings, respell_place

    place, spellings = commune_spellings("ỦY BAN NHÂN DÂN XÃ CÂY TRƯỜNG II")
    assert spellings == {"Cây Trường 2"}
    assert respell_place(place, "Cây Trường 2") == "CÂY TRƯỜNG II"
    agency = extract_fields([ocr_page("ỦY BAN NHÂN DÂN\nXÃ CÂY TRƯỜNG II\nSố: 12/QĐ-UBND")])["issuing_agency"]
    assert agency.value == "ỦY BAN NHÂN DÂN XÃ CÂY TRƯỜNG II"
