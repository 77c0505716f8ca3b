"""Validators: each returns None when the value is acceptable, else a short problem text.

Problem texts never contain the value itself: they end up in review queues and logs.
"""
from __future__ import annotations

import datetime as dt
import re

from extraction.text import squash

# Province-of-registration codes in the first three digits of a 12-digit citizen ID
# (ND 137/2015, TT 07/2016/TT-BCA; 63 pre-2025 provinces; vietnam-digitisation.md §4.5).
PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)

_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def citizen_id(value: str, birth_date: str | None = None) -> str | None:
    """12-digit CCCD / personal ID, or a 9-digit old CMND."""
    if not value.isdigit():
        return "not all digits"
    if len(value) == 9:
        return None
    if len(value) != 12:
        return f"{len(value)} digits, expected 12 (or 9)"
    if value[:3] not in PROVINCE_CODES:
        return "unknown province code"
    century_sex = int(value[3])
    if century_sex > 3:
        return "century/sex digit outside 0-3"  # 4-9 (22nd century on) are not issued yet
    if birth_date:
        year = int(birth_date[:4])
        century = 1900 if century_sex < 2 else 2000
        if year != century + int(value[4:6]):
            return "birth year does not match the birth date"
    return None


def tax_check_digit(first9: str) -> int | None:
    """Check digit N10 = 10 - (sum Ni*Wi mod 11); None when the sequence cannot be issued."""
    rem = sum(int(d) * w for d, w in zip(first9, _TAX_WEIGHTS)) % 11
    if rem == 0:
        return None
    return 10 - rem


def tax_code(value: str) -> str | None:
    """10 digits, or 13 written NNNNNNNNNN-NNN; from 7/2025 a 12-digit personal ID also serves."""
    digits = value.replace("-", "")
    if not digits.isdigit():
        return "not all digits"
    if len(digits) == 12:
        return citizen_id(digits)
    if len(digits) not in (10, 13):
        return f"{len(digits)} digits, expected 10 or 13"
    expected = tax_check_digit(digits[:9])
    if expected is None or int(digits[9]) != expected:
        return "check digit does not match"
    if len(digits) == 13 and digits[10:] == "000":
        return "branch number 000"
    return None


_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])\d{7}$")
_LANDLINE = re.compile(r"^02\d{8,9}$")


def phone(value: str) -> str | None:
    if _MOBILE.match(value) or _LANDLINE.match(value):
        return None
    return "not a Vietnamese mobile or landline number"


def plausible_date(iso: str, *, not_after: str | None = None, not_before: str | None = None,
                   earliest: str = "1900-01-01", today: dt.date | None = None) -> str | None:
    """ISO date within bounds; `today` caps everything (no future dates)."""
    if iso < earliest:
        return "before " + earliest[:4]
    if iso > (today or dt.date.today()).isoformat():
        return "in the future"
    if not_after and iso > not_after:
        return "after the date it must precede"
    if not_before and iso < not_before:
        return "before the date it must follow"
    return None


def person_name(value: str) -> str | None:
    words = value.split()
    if not 2 <= len(words) <= 7:
        return f"{len(words)} words, expected 2-7"
    if not all(w.isalpha() for w in words):
        return "characters other than letters"
    return None


def small_number(value: str) -> str | None:
    """Parcel and map-sheet numbers: digits, not absurdly long."""
    if not value.isdigit():
        return "not a number"
    if len(value) > 6:
        return "too many digits"
    return None


def agency(value: str) -> str | None:
    """A People's Committee or Council is named with its unit ('… XÃ AN LẬP'): the bare body
    name means a header line was lost."""
    if squash(value) in ("uy ban nhan dan", "hoi dong nhan dan", "ubnd", "hdnd"):
        return "agency without its unit"
    return None


# Checks that need two fields (extract._cross_check applies them to machine values, review/decisions.py to
# a reviewer's): the ID number prints the birth year; (earlier, later) dates must keep their order.
ID_BIRTH_PAIRS = (("applicant_id_number", "applicant_birth_date"), ("subject_id_number", "subject_birth_date"))
DATE_ORDER = (("applicant_birth_date", "signed_date"), ("subject_birth_date", "signed_date"),
              ("death_date", "signed_date"), ("subject_birth_date", "death_date"))


def pair_problems(values: dict[str, str]) -> list[tuple[str, str, str]]:
    """(field, other field, problem) for each pair of valid values that contradict each other."""
    out = []
    for id_key, birth_key in ID_BIRTH_PAIRS:
        idn, birth = values.get(id_key), values.get(birth_key)
        if idn and birth and len(idn) == 12:
            problem = citizen_id(idn, birth)
            if problem:
                out.append((id_key, birth_key, problem))
    for early, late in DATE_ORDER:
        a, b = values.get(early), values.get(late)
        if a and b and a > b:
            out.append((early, late, "after the date it must precede"))
    return out
