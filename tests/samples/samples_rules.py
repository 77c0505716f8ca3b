"""Validators written from vietnam-digitisation.md, independent of the generator's own code."""
from __future__ import annotations

import re
from datetime import date

PROVINCE_CODES = set(("001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
                      "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
                      "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096").split())
MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])\d{7}$")
LANDLINE = re.compile(r"^02\d{8,9}$")


def citizen_id_ok(number: str, sex: str, born: date) -> bool:
    """§4.5: province, sex+century digit, two-digit birth year, six digits."""
    if not re.fullmatch(r"\d{12}", number) or number[:3] not in PROVINCE_CODES:
        return False
    century = {1900: 0, 2000: 2}.get(born.year // 100 * 100)
    if century is None:
        return False
    return int(number[3]) == century + (1 if sex == "Nữ" else 0) and number[4:6] == f"{born.year % 100:02d}"


def tax_code_ok(code: str) -> bool:
    """§4.6: N10 = 10 - (sum Ni*Wi mod 11); remainder 0 is never issued."""
    if not re.fullmatch(r"\d{10}", code):
        return False
    r = sum(int(c) * w for c, w in zip(code, [31, 29, 23, 19, 17, 13, 7, 5, 3])) % 11
    return r != 0 and int(code[9]) == 10 - r


def phone_ok(digits: str) -> bool:
    return bool(MOBILE.match(digits) or LANDLINE.match(digits))
