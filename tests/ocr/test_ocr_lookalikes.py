"""The one table of digit look-alikes and the subset each use applies."""
import pytest

from ocr import lookalikes as lk
from ocr.fixups import fix_number


def test_each_view_repairs_at_least_what_a_stricter_one_does():
    views = [lk.RUNNING_TEXT, lk.DOC_NUMBER, lk.single(lk.NUMERIC), lk.STRICT, lk.DATE]
    for strict, loose in zip(views, views[1:]):
        assert set(strict) < set(loose)
        assert all(loose[c].startswith(strict[c]) for c in strict)  # the same first reading


def test_running_text_takes_only_the_digit_shapes_themselves():
    assert lk.RUNNING_TEXT == {"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"}
    assert fix_number("2O19", None) == "2019"
    assert fix_number("B5", None) == "B5"  # B and S are letters in running text
    assert fix_number("II", "Chương") == "II"  # a Roman chapter number stays


def test_a_document_number_takes_capital_zeros_but_no_letters_for_other_digits():
    assert {c for c, d in lk.DOC_NUMBER.items() if d == "0"} == set("OoQDØø")
    assert not {"B", "S", "T", "§"} & set(lk.DOC_NUMBER)


@pytest.mark.parametrize("char, digit", [("S", "5"), ("s", "5"), ("T", "7"), ("B", "8"), ("Z", "2"),
                                          ("G", "6"), ("A", "4"), ("ơ", "0"), ("L", "1")])
def test_strict_values_read_one_digit_per_character(char, digit):
    assert lk.STRICT[char] == digit


def test_strict_values_leave_what_only_a_check_may_repair():
    # no calendar or checksum stands behind an ID digit: § or an accented i stays unreadable
    assert not set("§$ŠjÌÍỉĩịƠÔ") & set(lk.STRICT)


def test_dates_try_every_digit_a_shape_may_be():
    assert set(lk.DATE["T"]) == {"1", "7"}
    assert set(lk.DATE["§"]) == set(lk.DATE["S"]) == {"5", "8"}
    assert lk.DATE["Ì"] == "1" and lk.DATE["Ø"] == "0"


def test_a_numeric_token_is_no_weaker_than_a_document_number():
    token = set(lk.NUMERIC_TOKEN)
    assert set(lk.DOC_NUMBER) <= token and {"B", "S", "T"} <= token
    assert not {"A", "L", "b", "q", "U"} & token  # common letters of words: never make a token numeric


def test_extraction_uses_the_views():
    from extraction import normalise as nz
    from extraction import official

    assert nz.LOOKALIKE_DIGITS is lk.STRICT and nz.DATE_LOOKALIKES is lk.DATE
    assert nz.repair_digits("O74 l9S") == ("074195", 3)
    assert official._digits("85Q6") == ("8506", 1)
    assert nz.parse_date("ngày 1T tháng O8 năm 2O2§")[0] is None  # 11 or 17, 2025 or 2028: refused
    assert nz.parse_date("ngày 3T tháng O8 năm 2O24")[0] == "2024-08-31"  # only 31 is a day
