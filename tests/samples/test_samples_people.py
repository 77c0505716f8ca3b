"""Identifiers and people drawn for dossiers obey the domain rules (vietnam-digitisation.md §4.5–4.9)."""
import random
import unicodedata
from datetime import date

import pytest

from samples import people
from samples.cases import PROCEDURES, make_case
from samples_rules import citizen_id_ok, phone_ok, tax_code_ok


def test_tax_check_digit_matches_worked_example():
    assert people.tax_check_digit("010004751") == 6
    for real in ["0100109106", "0301442379", "0301448243", "0309532909"]:
        assert tax_code_ok(real)


def test_validators_reject_broken_values():
    assert not tax_code_ok("0100109107")
    assert not citizen_id_ok("074080719830", "Nữ", date(1980, 1, 1))  # male digit for a woman
    assert not citizen_id_ok("074181719830", "Nữ", date(1979, 1, 1))  # year digits 81 for 1979
    assert not phone_ok("0123456789")


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_cases_have_valid_ids_phones_tax_codes(procedure):
    """GIVEN 60 random cases of a procedure WHEN their identifiers are checked THEN all are valid."""
    for i in range(60):
        case = make_case(random.Random(f"{procedure}:{i}"), procedure)
        persons = [case.applicant] + ([case.subject] if case.subject else [])
        for p in persons:
            assert citizen_id_ok(p.id_number, p.sex, p.birth_date), (p.id_number, p.sex, p.birth_date)
            assert unicodedata.is_normalized("NFC", p.name) and p.name == p.name.title()
            assert 3 <= len(p.name.split()) <= 5
            assert p.address.line.endswith("tỉnh Bình Dương")
        assert phone_ok(case.applicant.phone)
        if procedure == "household_business_registration":
            assert tax_code_ok(case.tax_code)
        if procedure in ("construction_permit", "land_change_registration"):
            assert case.parcel > 0 and case.sheet > 0


def test_most_ids_are_binh_duong_but_not_all():
    codes = [people.citizen_id(random.Random(i), "Nam", date(1990, 1, 1))[:3] for i in range(400)]
    share = codes.count("074") / len(codes)
    assert 0.55 < share < 0.95
    assert len(set(codes)) > 5


def test_century_digit_for_2000s_births():
    rnd = random.Random(1)
    assert people.citizen_id(rnd, "Nữ", date(2005, 3, 1), "074")[3:6] == "305"
    assert people.citizen_id(rnd, "Nam", date(2015, 3, 1), "001")[:6] == "001215"


def test_long_date_styles():
    d = date(2021, 3, 5)
    assert people.long_date(d) == "ngày 05 tháng 3 năm 2021"
    assert people.long_date(date(2020, 1, 5)) == "ngày 05 tháng 01 năm 2020"
    assert people.long_date(d, "full") == "ngày 05 tháng 03 năm 2021"
    assert people.long_date(d, "legacy") == "ngày 5 tháng 3 năm 2021"
