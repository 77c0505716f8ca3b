"""Official-document header (Decree 30/2020 layout): number, agency, place-date, type, subject.

Works on folded text so 'So: 8506/QD-UBND' and 'ngay 05 thang 01 nam 2020' still match;
values are cut from the printed text. OCR may put the left and right header columns on one
line ('UBND TỈNH X  CỘNG HÒA XÃ HỘI...', 'Số: 12/QĐ-UBND  Thủ Dầu Một, ngày ...'), so each
element is searched within lines, not assumed to own one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extraction import doc_kinds
from extraction.text import Line, fold, squash
from ocr.lookalikes import DOC_NUMBER

# ---- document number ("Số: 8506/QĐ-UBND", "Số: 144/2025/QĐ-CTUBND") ----
_DIGITISH = "[0-9" + re.escape("".join(DOC_NUMBER)) + "]"
_NUMBER_LINE = re.compile(
    rf"(?:^|\s)s[o0]\s*[:;.,]?\s*({_DIGITISH}{{1,6}})\s*/\s*(?:({_DIGITISH}{{4}})\s*/\s*)?"
    r"([a-z0-9&]{1,12}(?:\s*-\s*[a-z0-9&]{1,12})*)"
)
# A number preceded by a document type or "căn cứ" is a citation in the body; one after "kèm
# theo" is the act a form was issued with ("Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA"),
# however OCR spelled the act's type.
_CITATION = re.compile(r"(?:can cu|nghi dinh|quyet dinh|thong tu|nghi quyet|luat|chi thi|cong van|ke hoach|to trinh"
                       r"|bao cao|thong bao|van ban|giay|kem theo)[^/]*$")
# "Luật số: 64/2025/QH15" at the head of a law is its own number, not a citation.
_OWN_NUMBER = re.compile(r"^\s*(?:bo luat|luat|phap lenh|nghi quyet|lenh)\s$")
# "Số:" with nothing readable after it: OCR lost the number, the line still anchors the header.
_BARE_NUMBER = re.compile(r"^\s*s[o0]\s*[:;.,]?\s*[^0-9\s]{0,3}\s*$")
# Letters OCR drops the stroke of: restore only where the abbreviation is unambiguous.
_NOTATION_FIX = {"QD": "QĐ", "ND": "NĐ", "HDND": "HĐND", "QYD": "QyĐ", "DHQG": "ĐHQG"}


@dataclass
class DocNumber:
    value: str  # "8506/QĐ-UBND"
    number: str  # "8506"
    year: str | None  # "2025" when printed inside the number
    notation: str  # "QĐ-UBND"
    line: Line
    start: int
    end: int
    repairs: int


def _digits(text: str) -> tuple[str, int]:
    out = "".join(DOC_NUMBER.get(c, c) for c in text)
    return out, sum(1 for a, b in zip(text, out) if a != b)


def find_doc_number(line: Line) -> DocNumber | None:
    folded = fold(line.text)
    m = _NUMBER_LINE.search(folded)
    if not m or m.start() > 60 or re.search(r"mau\s*$", folded[: m.start() + 1]):
        return None  # "Mẫu số 01/TKKS" is the form's template code
    before = folded[: m.start() + 1]
    if _CITATION.search(before) and not _OWN_NUMBER.match(before):
        return None  # "Căn cứ Nghị định số 123/2015/NĐ-CP": a cited act, not this document's number
    number, r1 = _digits(line.text[m.start(1) : m.end(1)])
    year, r2 = _digits(line.text[m.start(2) : m.end(2)]) if m.group(2) else (None, 0)
    printed = re.sub(r"\s+", "", line.text[m.start(3) : m.end(3)]).replace("Ð", "Đ")
    groups = printed.split("-")
    if not any(c.isalpha() for c in groups[0]):
        return None
    fixed = [_NOTATION_FIX.get(g.upper(), g) if g.upper() in _NOTATION_FIX else g for g in groups]
    if len(fixed) >= 2 and fixed[0] not in doc_kinds.ABBREVIATIONS:
        near = [t for t in doc_kinds.ABBREVIATIONS if len(t) >= 2 and Levenshtein.distance(t, fixed[0]) == 1
                and len(fixed[0]) > len(t)]  # a doubled letter: 'QĐĐ' for 'QĐ'
        if len(near) == 1:
            fixed[0] = near[0]
    repairs = r1 + r2 + sum(1 for a, b in zip(groups, fixed) if a != b)
    notation = "-".join(fixed)
    value = f"{number}/{year}/{notation}" if year else f"{number}/{notation}"
    return DocNumber(value, number, year, notation, line, m.start(1), m.end(3), repairs)


def bare_number_label(line: Line) -> bool:
    return bool(_BARE_NUMBER.match(fold(line.text)))


def type_from_notation(notation: str) -> str | None:
    """The one kind the notation names ('QĐ-UBND' → 'Quyết định'), None if none or several."""
    kinds = doc_kinds.notation_kinds(notation)
    return next(iter(kinds)) if len(kinds) == 1 else None


# ---- place and date ("Thủ Dầu Một, ngày 05 tháng 01 năm 2020") ----
_PLACE_DATE = re.compile(
    r"([a-z0-9][a-z .'-]{1,40}?)\s*[,.]\s*ng[a-z]?[ay]y?\s*[.,:]?\s*\S{1,3}\s*[.,]?\s*th[a-z]?ng"
)

_MADE_AT = re.compile(r"\s*lam\s+t[a-z]{1,2}\b\s*[:.]?\s*")  # 'Làm tại', read 'Làm tạt' too


def find_place_date(line: Line, after: int = 0) -> tuple[int, int] | None:
    """Span (place start, end of line) of a '<place>, ngày …' phrase at or after `after`, or None."""
    f = fold(line.text)
    lead = _MADE_AT.match(f, after)  # the death form's 'Làm tại: …, ngày …'
    if lead:
        after = lead.end()
    m = _PLACE_DATE.search(f, after)
    if not m:
        return None
    place = line.text[m.start(1) : m.end(1)].strip()
    at_start = not line.text[after : m.start(1)].strip()
    if not place or not (place[0].isupper() or at_start) or len(place.split()) > 6:
        return None
    return m.start(1), len(line.text)


# ---- motto and agency block ----
_MOTTO = [squash("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), squash("Độc lập - Tự do - Hạnh phúc")]
_MOTTO_START = re.compile(r"c[o0]ng\s*h[o0]a\s*x|d[o0]c\s*l[a4]p\s*[-–]?\s*t[uư]")
_AGENCY_START = [squash(w) for w in (
    "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND", "SỞ", "PHÒNG", "CHI CỤC",
    "CỤC", "VĂN PHÒNG", "CÔNG AN", "BỘ", "TRUNG TÂM", "BAN", "CHI NHÁNH", "TÒA ÁN", "VIỆN KIỂM SÁT",
    "THANH TRA", "BAN QUẢN LÝ", "KHO BẠC", "BỆNH VIỆN", "TRƯỜNG", "ĐẠI HỌC")]


def is_motto(text: str) -> bool:
    s = squash(text)
    return bool(s) and any(fuzz.ratio(s, m) >= 80 for m in _MOTTO)


def cut_motto(text: str) -> str:
    """The left column of a header line that OCR merged with the motto."""
    m = _MOTTO_START.search(fold(text))
    return text[: m.start()].rstrip() if m else text


def starts_agency(text: str) -> bool:
    s = squash(text)
    return any(s == a or s.startswith(a + " ") for a in _AGENCY_START)


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) >= 0.85


def agency_block(lines: list[Line], stop: int) -> list[Line]:
    """Header lines above the number line that print the agency (motto parts removed)."""
    out = []
    for line in lines[:stop]:
        text = cut_motto(line.text).strip(" -_—–")
        if not text or is_motto(text) or not is_caps(text):
            continue
        out.append(Line(line.page, line.index, text, line.span_words(0, len(text)), line.text_layer))
    return out[-4:]


def issuing_agency(block: list[Line]) -> list[Line]:
    """The issuing agency: the last name in the block (a managing body may stand above it)."""
    groups: list[list[Line]] = []
    for line in block:
        if not groups or starts_agency(line.text):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups[-1] if groups else []


# ---- type and subject line ----
# every kind title, for callers that list them (the table itself is extraction/doc_kinds.py)
DOC_TYPES = [k.title for k in doc_kinds.KINDS]


def title_reading(text: str) -> doc_kinds.TitleReading | None:
    """The reading of a caps line as a title: a kind, or an unknown caps title (kind None);
    None for a line that is no title at all (lower case, the motto)."""
    if not is_caps(text) or is_motto(text):
        return None
    return doc_kinds.read_title(text)


def doc_type(text: str) -> tuple[str, float] | None:
    """('QUYẾT ĐỊNH', score) when a caps title line names a known document kind; None otherwise,
    also for a caps title we do not know (never the nearest known kind)."""
    r = title_reading(text)
    if r is None or r.kind is None:
        return None
    return r.kind.title, r.score


_SUBJECT_START = re.compile(r"^\s*(?:v[eề]\s*vi[eệ]c|v\s*/\s*v)\b")
_BODY_START = re.compile(r"^\s*(?:can\s*cu|xet\s|theo\s|kinh\s*gui|dieu\s*\d|chu\s*tich)")
