"""Per-field value handling: what kind each field is, and raw text → normalised value."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extraction import normalise as nz
from extraction import validate as vd
from extraction.text import fold, nfc
from ocr import lookalikes

NAME, CITIZEN_ID, DATE, ADDRESS, PHONE, TAX, NUMBER, TEXT, GENDER = (
    "name", "citizen_id", "date", "address", "phone", "tax", "number", "text", "gender")

KIND = {
    "applicant_name": NAME, "subject_name": NAME, "mother_name": NAME, "father_name": NAME,
    "applicant_id_number": CITIZEN_ID, "subject_id_number": CITIZEN_ID,
    "applicant_birth_date": DATE, "subject_birth_date": DATE, "death_date": DATE, "signed_date": DATE,
    "applicant_address": ADDRESS, "business_address": ADDRESS, "land_address": ADDRESS,
    "construction_address": ADDRESS,
    "phone": PHONE, "tax_code": TAX, "parcel_number": NUMBER, "map_sheet_number": NUMBER,
    "business_name": TEXT, "subject_gender": GENDER,
    "document_number": TEXT, "issuing_agency": TEXT, "document_type": TEXT, "subject_line": TEXT,
}

# Values that may wrap onto the next printed line.
MULTILINE = {ADDRESS, TEXT}


@dataclass
class Parsed:
    value: str | None  # None: nothing usable printed (blank, template dots)
    repairs: int = 0  # characters the normaliser had to guess (O→0, ...)
    problem: str | None = None


_NUMERIC_TOKEN = re.compile("^[0-9" + re.escape(lookalikes.NUMERIC_TOKEN) + r".\-]+$")


def _numeric_prefix(raw: str) -> str:
    """Leading tokens that read as digits: '0010 9300 1656 cấp ngày ...' → '0010 9300 1656'.
    A lone look-alike right after them is a digit OCR split off ('51 l' for 511)."""
    out = []
    for tok in nfc(raw).split():
        tok = tok.rstrip(",;.")
        if out and len(tok) == 1 and tok in nz.LOOKALIKE_DIGITS and not raw.rstrip().endswith(tok + "."):
            out.append(tok)
            break
        if not _NUMERIC_TOKEN.match(tok) or not any(c.isdigit() for c in tok):
            break
        out.append(tok)
    return " ".join(out)


# "Căn cước công dân số 0741… do Cục Cảnh sát … cấp ngày …", "CCCD số …": the forms' own footnotes
# prescribe the document's kind before its number; the number is the value, the rest is not.
_ID_LEAD_IN = re.compile(
    r"^(?:(?:ban sao\s+)?(?:the\s+)?(?:can cuoc cong dan|can cuoc|cccd|cmnd(?:\s*/\s*cccd)?|cccd\s*/\s*cmnd"
    r"|chung minh nhan dan|giay chung minh nhan dan|so dinh danh ca nhan|dinh danh ca nhan|ho chieu)"
    r"[\s,.:]*(?:so\b)?[\s.:]*|so\b[\s.:]*)")


def strip_lead_in(raw: str) -> tuple[str, bool]:
    """The number part of an ID value printed after a lead-in phrase, and whether one was there."""
    m = _ID_LEAD_IN.match(fold(raw))
    return (raw[m.end():], True) if m and m.end() else (raw, False)


def parse(key: str, raw: str) -> Parsed:
    kind = KIND.get(key, TEXT)
    raw = nz.clean_text(raw)
    if not raw:
        return Parsed(None)
    if kind == NAME:
        # a name has no comma: '(ghi …)' notes and ', năm sinh 1980' (land forms) follow it
        value = nz.title_name(re.split(r"[(,;]", raw, maxsplit=1)[0])
        return Parsed(value or None, 0, vd.person_name(value) if value else None)
    if kind in (CITIZEN_ID, TAX, NUMBER):
        if kind == CITIZEN_ID:
            raw, _ = strip_lead_in(raw)
        text = _numeric_prefix(raw)
        if kind == TAX and "-" in text:
            head, _, tail = text.partition("-")
            a, r1 = nz.repair_digits(head)
            b, r2 = nz.repair_digits(tail)
            digits, repairs = ((a + b) if a and b else None), r1 + r2
        else:
            digits, repairs = nz.repair_digits(text)
        if not digits:
            return Parsed(None) if not re.search(r"[0-9]", raw) else Parsed(raw, 0, "not a number")
        check = {CITIZEN_ID: vd.citizen_id, TAX: vd.tax_code, NUMBER: vd.small_number}[kind]
        return Parsed(digits, repairs, check(digits))
    if kind == DATE:
        iso, repairs = nz.parse_date(raw)
        if iso:
            return Parsed(iso, repairs, vd.plausible_date(iso))
        if re.search(r"\d", raw):
            return Parsed(raw, 0, "not a date")
        return Parsed(None)  # template blanks: "ngày … tháng … năm …"
    if kind == PHONE:
        digits, repairs = nz.phone_digits(_numeric_prefix(re.sub(r"[()]", " ", re.sub(r"^\(?\+\s*84\)?\s*", "0", raw))))
        if not digits:
            return Parsed(None) if not re.search(r"\d", raw) else Parsed(raw, 0, "not a phone number")
        return Parsed(digits, repairs, vd.phone(digits))
    if key == "issuing_agency":
        value, repairs = nz.agency_name(raw)
        return Parsed(value, repairs, vd.agency(value))
    if kind == ADDRESS:
        value, repairs = nz.address(raw)
        return Parsed(value, repairs)
    if kind == GENDER:
        f = fold(raw).strip().split()[0] if raw.strip() else ""
        value = {"nam": "Nam", "nu": "Nữ"}.get(f)
        return Parsed(value or raw, 0, None if value else "not Nam/Nữ")
    return Parsed(raw)
