"""Property tests for the normalisers and validators (hypothesis)."""
import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from extraction import normalise as nz
from extraction import validate as vd
from extraction.text import fold

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
LOOKALIKE = {"0": "O", "1": "l", "8": "B", "5": "S"}

UNITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def spell(n: int) -> str:
    """Vietnamese reading of 0..9999, written independently of the parser under test."""
    def below_100(x: int, full: bool) -> list[str]:
        tens, unit = divmod(x, 10)
        if tens == 0:
            return (["linh"] if full and unit else []) + ([UNITS[unit]] if unit or not full else [])
        out = ["mười"] if tens == 1 else [UNITS[tens], "mươi"]
        if unit == 5:
            out.append("lăm")
        elif unit == 1 and tens > 1:
            out.append("mốt")
        elif unit:
            out.append(UNITS[unit])
        return out

    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    words = []
    if thousands:
        words += [UNITS[thousands], "nghìn"]
    if hundreds or (thousands and rest):
        words += [UNITS[hundreds], "trăm"]
    if rest or not words:
        words += below_100(rest, bool(words))
    return " ".join(words)


def damage(text: str, data) -> str:
    return "".join(LOOKALIKE[c] if c in LOOKALIKE and data.draw(st.booleans()) else c for c in text)


@given(dates, st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d:02d}-{m:02d}-{y}", "{d:02d}.{m:02d}.{y}",
                               "ngày {d:02d} tháng {m:02d} năm {y}", "ngày {d} tháng {m} năm {y}",
                               "Thủ Dầu Một, ngày {d} tháng {m} năm {y}"]))
def test_printed_dates_parse_to_iso(d, fmt):
    text = fmt.format(d=d.day, m=d.month, y=d.year)
    assert nz.parse_date(text) == (d.isoformat(), 0)
    assert nz.parse_date(fold(text))[0] == d.isoformat()  # tone marks lost


@given(dates, st.data())
def test_digit_lookalikes_in_dates_are_repaired(d, data):
    text = damage(f"{d.day:02d}/{d.month:02d}/{d.year}", data).replace("S", "5")
    iso, repairs = nz.parse_date(text)
    assert iso == d.isoformat()
    assert repairs == sum(c in "OlB" for c in text)


@given(dates.filter(lambda d: d.month in (5, 8) and d.day <= 28))
def test_a_lookalike_that_reads_as_two_valid_dates_is_refused(d):
    # 'S' stands for 5 or 8: month 05 and 08 are both real, so nobody can tell
    text = f"ngày {d.day:02d} tháng 0S năm {d.year}"
    assert nz.parse_date(text)[0] is None
    assert nz.parse_date(f"ngày {d.day:02d} tháng 1S năm {d.year}")[0] is None  # 15, 18: no month


@given(dates)
def test_dates_spelled_in_words(d):
    text = f"Ngày {spell(d.day)} tháng {spell(d.month)} năm {spell(d.year)}"
    assert nz.parse_date(text)[0] == d.isoformat()


@given(st.sampled_from(["ngày … tháng … năm …", "ngày ..... tháng ..... năm 20.....", "…/…/……",
                        "ngày      tháng      năm", "..../..../........", "ngày __ tháng __ năm ____"]))
def test_template_blanks_are_not_dates(text):
    assert nz.parse_date(text)[0] is None


@given(st.integers(1, 31), st.integers(13, 99), st.integers(1900, 2099))
def test_impossible_dates_are_rejected(day, month, year):
    assert nz.parse_date(f"{day:02d}/{month:02d}/{year}")[0] is None


@given(st.text("0123456789", min_size=1, max_size=14), st.data())
def test_repair_digits_recovers_damaged_numbers(digits, data):
    damaged = damage(digits, data)
    assert nz.repair_digits(damaged) == (digits, sum(a != b for a, b in zip(digits, damaged)))


@given(st.text("0123456789", min_size=1, max_size=12), st.sampled_from(["x", "ă", "#", "đ", "k"]))
def test_repair_digits_refuses_other_letters(digits, letter):
    assert nz.repair_digits(digits + letter)[0] is None


names = st.lists(st.sampled_from(["Nguyễn", "Trần", "Đỗ", "Thị", "Văn", "Ánh", "Ngọc", "Hưng", "Yến", "Ơn"]),
                 min_size=2, max_size=5).map(" ".join)


@given(names)
def test_names_title_case_from_capitals_and_nfd(name):
    assert nz.title_name(name.upper()) == name
    assert nz.title_name(unicodedata.normalize("NFD", name.lower())) == name
    assert nz.title_name(nz.title_name(name)) == name


PROVINCES = sorted(vd.PROVINCE_CODES)


@given(st.sampled_from(PROVINCES), st.sampled_from(["Nam", "Nữ"]), dates.filter(lambda d: d.year < 2100),
       st.integers(0, 999999))
def test_citizen_id_structure(prov, sex, birth, serial):
    century = 0 if birth.year < 2000 else 2
    code = f"{prov}{century + (sex == 'Nữ')}{birth.year % 100:02d}{serial:06d}"
    assert vd.citizen_id(code, birth.isoformat()) is None
    wrong_century = f"{prov}{(century + 2) % 4}{code[4:]}"
    assert vd.citizen_id(wrong_century, birth.isoformat()) is not None
    assert vd.citizen_id(code[:-1]) is not None  # 11 digits
    assert vd.citizen_id("099" + code[3:]) is not None  # no province 099


@given(st.text("0123456789", min_size=9, max_size=9), st.integers(1, 9))
def test_tax_code_check_digit(prefix, shift):
    check = vd.tax_check_digit(prefix)
    if check is None:
        assert all(vd.tax_code(prefix + str(d)) is not None for d in range(10))
        return
    assert vd.tax_code(prefix + str(check)) is None
    assert vd.tax_code(prefix + str((check + shift) % 10)) is not None
    assert vd.tax_code(prefix + str(check) + "-001") is None  # dependent unit
    assert vd.tax_code(prefix + str(check)[:-1]) is not None


@given(st.sampled_from(["032", "039", "056", "070", "079", "081", "086", "090", "098"]), st.integers(0, 9999999))
def test_mobile_numbers(prefix, rest):
    number = f"{prefix}{rest:07d}"
    assert vd.phone(number) is None
    assert vd.phone(number[:-1]) is not None
    assert nz.phone_digits(f"+84 {number[1:4]} {number[4:7]} {number[7:]}")[0] == number


@given(dates)
def test_future_dates_are_implausible(d):
    today = dt.date(2026, 11, 26)
    assert (vd.plausible_date(d.isoformat(), today=today) is None) == (d <= today)


@settings(max_examples=50)
@given(st.text(max_size=40))
def test_fold_keeps_length(text):
    text = unicodedata.normalize("NFC", text)
    assert len(fold(text)) == len(text)


@given(dates, st.sampled_from(["day", "month"]), st.sampled_from(["§", "0§", "", "I]"]))
def test_two_readings_of_a_date_line_merge_part_by_part(d, lost, garbled):
    """The first reading's plain digits are kept; what it garbled or lost comes from the second."""
    parts = {"day": f"{d.day:02d}", "month": f"{d.month:02d}", "year": str(d.year)}
    first = dict(parts, **{lost: garbled})
    line = "Thuận An, ngày {day} tháng {month} năm {year}"
    merged = nz.merge_date_readings(line.format(**first), line.format(**parts))
    assert nz.parse_date(merged)[0] == d.isoformat()
    # a second reading never overrides digits the first printed plainly
    other = dict(parts, day="28" if d.day != 28 else "27")
    kept = nz.merge_date_readings(line.format(**parts), line.format(**other))
    assert nz.parse_date(kept)[0] == d.isoformat()
    blank = nz.merge_date_readings("Thuận An, ngày … tháng … năm …", None)
    assert nz.parse_date(blank)[0] is None  # a template blank stays no date


@given(st.sampled_from(["ỦY BAN NHÂN DÂN", "UY BAN NHÂN DÂN", "ỦY BAN NHAN DAN", "UỶ BAN NHÂN DÂN"]),
       st.sampled_from([("XÃ", "XA"), ("PHƯỜNG", "PHUỜNG"), ("THÀNH PHỐ", "THÀNH PHÔ"), ("HUYỆN", "HUYỆN")]),
       st.sampled_from(["HIẾU LIÊM", "THỦ DẤU MỘT", "AN LẬP"]))
def test_agency_vocabulary_is_respelled_and_the_place_left_as_printed(body, unit, place):
    canon, printed = unit
    value, repairs = nz.agency_name(f"{body} {printed} {place}")
    keeps_old_mark = body.startswith("UỶ")  # 'uỷ' is the older placement, not a misreading
    assert value == f"{'UỶ' if keeps_old_mark else 'ỦY'} BAN NHÂN DÂN {canon} {place}"
    changed = [a != b for a, b in zip(f"{body} {printed}".replace("UỶ", "ỦY").split(), f"ỦY BAN NHÂN DÂN {canon}".split())]
    assert repairs == sum(changed)  # one per word respelled


def test_agency_names_of_other_bodies_and_addresses():
    assert nz.agency_name("SỞ TƯ PHÁP TỈNH BÌNH DƯƠNG") == ("SỞ TƯ PHÁP TỈNH BÌNH DƯƠNG", 0)
    assert nz.agency_name("Ủy ban nhân dân phuờng Phú Cường") == ("Ủy ban nhân dân phường Phú Cường", 1)
    assert nz.address("Tổ 8, ấp Bến Sắn, xã Hiếu Liêm. huyện Bắc Tân Uyên, tỉnh Bình Dương") == (
        "Tổ 8, ấp Bến Sắn, xã Hiếu Liêm, huyện Bắc Tân Uyên, tỉnh Bình Dương", 1)
    assert nz.address("Số 12 đường Yersin, P. Phú Cường") == ("Số 12 đường Yersin, P. Phú Cường", 0)


@pytest.mark.parametrize("readings, iso", [
    # '1Š' is a day of 15 or 18: a reading '5' lost a digit, so the date stays unread (review)
    (("ngày 1Š tháng 6 năm 2017", "ngày 5 tháng 6 năm 2017"), None),
    (("ngày 1Š tháng 6 năm 2017", "ngày 5 tháng 6 năm 2017", "ngày 15 tháng 6 năm 2017"), "2017-06-15"),
    # '5Š' is no month (55, 58): the mark read as a digit, the plain '5' is the month
    (("ngày 19 tháng 5Š năm 2017", "ngày 19 tháng 5 năm 2017"), "2017-05-19"),
    (("ngày 0§ tháng 6 năm 2017", "ngày 5 tháng 6 năm 2017"), "2017-06-05"),
])
def test_a_reading_that_lost_a_digit_the_other_printed_garbled_is_not_taken(readings, iso):
    assert nz.parse_date(nz.merge_date_readings(*readings))[0] == iso
