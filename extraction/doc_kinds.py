"""Document kinds (tên loại văn bản) and their notation abbreviations: the one table.

Sources (checked 2026-11, through public reproductions of the texts):
- Administrative documents: Nghị định 30/2020/NĐ-CP on công tác văn thư, Art. 7 (29 kinds) and
  Phụ lục III part I "Bảng chữ viết tắt tên loại văn bản hành chính và bản sao văn bản" (27 of them
  have an abbreviation; công văn and thư công have none) — reproduced at
  https://kynangandlifeskills.com/chu-viet-tat-ten-loai-mau-trinh-bay-van-ban-hanh-chinh-va-ban-sao-van-ban/
  and summarised in ../shared/domain/vietnam-digitisation.md §3.4.
- Legal normative documents: Luật Ban hành văn bản quy phạm pháp luật 64/2025/QH15, Art. 4 (as
  quoted by https://tintuc.thuvienphapluat.com/ho-tro-phap-luat/chinh-sach-moi/82319/...) and the
  2015 law it replaced (list at https://vi.wikipedia.org/wiki/Hệ_thống_văn_bản_quy_phạm_pháp_luật_của_Nhà_nước_Việt_Nam).
  Their notations are read from practice: NĐ-CP, TT-BTP, TTLT-…, NQ-HĐND, QĐ-UBND, L-CTN; laws and
  resolutions of the National Assembly print only the legislature (QH15), ordinances UBTVQH15.
- Result documents and forms a one-stop dossier holds (certificates, permits, extracts, civil
  status papers, declarations): titled papers without a Decree 30 abbreviation.

Matching here is pure text: `read_title` reads a caps title line, `notation_kinds` reads the kind
abbreviation of a number's notation; `official.py` and `extract.py` decide where those lines are.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from extraction.text import fold, nfc, squash
from sohoa.documents import SHEET_KINDS

ADMINISTRATIVE, NORMATIVE, RESULT, FORM, SHEET = "administrative", "normative", "result", "form", "sheet"


@dataclass(frozen=True)
class Kind:
    name: str  # the 7197 TypeName, sentence case: "Nghị quyết"
    title: str  # printed caps title: "NGHỊ QUYẾT"
    abbrevs: tuple[str, ...] = ()  # first notation group: "NQ" of "15/2020/NQ-HĐND"
    group: str = ADMINISTRATIVE
    titled: bool = True  # công văn prints "V/v …" under its number instead of a title

    @property
    def syllables(self) -> tuple[str, ...]:
        return tuple(squash(self.title).split())


def _k(title: str, abbrevs: tuple[str, ...] = (), group: str = ADMINISTRATIVE, titled: bool = True) -> Kind:
    name = title[:1] + title[1:].lower()
    return Kind(name, title, abbrevs, group, titled)


KINDS: tuple[Kind, ...] = (
    # Decree 30/2020 Art. 7, in its order (Nghị quyết and Quyết định are also normative kinds)
    _k("NGHỊ QUYẾT", ("NQ",)), _k("QUYẾT ĐỊNH", ("QĐ",)), _k("CHỈ THỊ", ("CT",)), _k("QUY CHẾ", ("QC",)),
    _k("QUY ĐỊNH", ("QyĐ",)), _k("THÔNG CÁO", ("TC",)), _k("THÔNG BÁO", ("TB",)), _k("HƯỚNG DẪN", ("HD",)),
    _k("CHƯƠNG TRÌNH", ("CTr",)), _k("KẾ HOẠCH", ("KH",)), _k("PHƯƠNG ÁN", ("PA",)), _k("ĐỀ ÁN", ("ĐA",)),
    _k("DỰ ÁN", ("DA",)), _k("BÁO CÁO", ("BC",)), _k("BIÊN BẢN", ("BB",)), _k("TỜ TRÌNH", ("TTr",)),
    _k("HỢP ĐỒNG", ("HĐ",)), _k("CÔNG VĂN", titled=False), _k("CÔNG ĐIỆN", ("CĐ",)),
    _k("BẢN GHI NHỚ", ("BGN",)), _k("BẢN THỎA THUẬN", ("BTT",)), _k("GIẤY ỦY QUYỀN", ("GUQ",)),
    _k("GIẤY MỜI", ("GM",)), _k("GIẤY GIỚI THIỆU", ("GGT",)), _k("GIẤY NGHỈ PHÉP", ("GNP",)),
    _k("PHIẾU GỬI", ("PG",)), _k("PHIẾU CHUYỂN", ("PC",)), _k("PHIẾU BÁO", ("PB",)), _k("THƯ CÔNG"),
    # Law 64/2025/QH15 Art. 4 (and the 2015 law) beyond the two above
    _k("HIẾN PHÁP", group=NORMATIVE), _k("BỘ LUẬT", group=NORMATIVE), _k("LUẬT", group=NORMATIVE),
    _k("PHÁP LỆNH", group=NORMATIVE), _k("LỆNH", ("L",), NORMATIVE), _k("NGHỊ ĐỊNH", ("NĐ",), NORMATIVE),
    _k("THÔNG TƯ", ("TT",), NORMATIVE), _k("THÔNG TƯ LIÊN TỊCH", ("TTLT",), NORMATIVE),
    _k("NGHỊ QUYẾT LIÊN TỊCH", ("NQLT",), NORMATIVE),
    # results a one-stop dossier holds (titles go on after the kind: "GIẤY PHÉP XÂY DỰNG")
    _k("GIẤY CHỨNG NHẬN", ("GCN",), RESULT), _k("GIẤY CHỨNG NHẬN KẾT HÔN", group=RESULT),
    _k("GIẤY PHÉP", ("GP", "GPXD"), RESULT), _k("TRÍCH LỤC", group=RESULT), _k("GIẤY KHAI SINH", group=RESULT),
    _k("GIẤY CHỨNG TỬ", group=RESULT), _k("GIẤY BÁO TỬ", group=RESULT), _k("GIẤY XÁC NHẬN", group=RESULT),
    _k("CHỨNG NHẬN", group=RESULT), _k("BẢN SAO", group=RESULT),
    # application forms: titles only, so a form page is told from an official document's page
    _k("TỜ KHAI", group=FORM), _k("ĐƠN", group=FORM), _k("GIẤY ĐỀ NGHỊ", group=FORM), _k("PHIẾU", group=FORM),
    # large sheets of construction and land dossiers (extraction/sheets.py types the line-art pages)
    *(_k(name.upper(), group=SHEET) for name in SHEET_KINDS.values()),
)
# Copies (Phụ lục III): their abbreviations number the copy, not a kind of document.
COPY_ABBREVS = {"SY": "Bản sao y", "TrS": "Bản trích sao", "SL": "Bản sao lục"}

BY_NAME = {k.name: k for k in KINDS}
BY_TITLE = {k.title: k for k in KINDS}
CONG_VAN = BY_NAME["Công văn"]
ABBREVIATIONS: dict[str, Kind] = {a: k for k in KINDS for a in k.abbrevs}
# Titles that stand alone on their line: more words after one are a subject ("QUY ĐỊNH CHUNG",
# a chapter heading) as often as a title, so they count less.
_STANDALONE = (ADMINISTRATIVE, NORMATIVE)
# One-syllable titles that are also ordinary words: only alone on the line ("LUẬT SƯ", "ĐƠN VỊ").
_ALONE_ONLY = {"LUẬT", "LỆNH"}
_NOT_TITLES = {("don", "vi"), ("phieu", "nay")}


def _fold_abbrev(a: str) -> str:
    return a.upper().replace("Đ", "D").replace("Ð", "D")


_FOLDED_ABBREVS: dict[str, list[Kind]] = {}
for _a, _kind in ABBREVIATIONS.items():
    _FOLDED_ABBREVS.setdefault(_fold_abbrev(_a), []).append(_kind)
# The legislature alone: laws, codes and resolutions of the National Assembly; ordinances and
# resolutions of its Standing Committee.
_LEGISLATURE = [(re.compile(r"^UBTVQH\d{0,2}$"), ("Pháp lệnh", "Nghị quyết")),
                (re.compile(r"^QH\d{0,2}$"), ("Luật", "Bộ luật", "Nghị quyết"))]


def notation_kinds(notation: str) -> frozenset[str]:
    """Kind names the notation's first group can stand for ('QĐ-UBND' → {'Quyết định'}).

    OCR drops the stroke of Đ, so a folded match keeps every kind it could be ('HD' → Hướng dẫn
    or Hợp đồng). Empty when the group is no kind (a công văn's 'BNV-VP' starts with its agency).
    """
    groups = [g for g in re.split(r"\s*-\s*", notation.strip()) if g]
    if len(groups) < 2 and not (groups and any(p.match(groups[0].upper()) for p, _ in _LEGISLATURE)):
        return frozenset()  # a lone group is an agency or a legislature, never a kind abbreviation
    first = groups[0].replace("Ð", "Đ")
    if first in ABBREVIATIONS and "Đ" in first:  # OCR drops the stroke of Đ, it does not add one
        return frozenset({ABBREVIATIONS[first].name})
    for pattern, names in _LEGISLATURE:
        if pattern.match(first.upper()):
            return frozenset(names)
    return frozenset(k.name for k in _FOLDED_ABBREVS.get(_fold_abbrev(first), []))


@dataclass(frozen=True)
class TitleReading:
    kind: Kind | None  # None: a caps title that is no kind we know
    score: float  # how sure the reading of the printed title is, 0..1
    edits: int = 0  # characters OCR got wrong beyond tone marks and Đ
    trailing: bool = False  # more words after the kind on the line


def _syllable_edits(printed: str, wanted: str) -> int | None:
    """Edits between an OCR syllable and a kind's syllable, None if too far to be OCR noise.

    Folding already forgives tone marks and Đ/D; beyond that one wrong letter is allowed in a
    syllable of four letters or more ('QUYFT'). Short ones must be exact: THÔNG BÁO and THÔNG
    CÁO differ by one letter of three.
    """
    if printed == wanted:
        return 0
    if len(wanted) >= 4 and Levenshtein.distance(printed, wanted) == 1:
        return 1
    return None


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def _tone(syllable: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", syllable) if c in _TONES)


def _syllables(text: str) -> tuple[list[str], list[str]]:
    """(folded, printed) syllables of a line, aligned: fold keeps positions of NFC text."""
    t = nfc(text)
    spans = [m.span() for m in re.finditer(r"[0-9a-z]+", fold(t))]
    return [fold(t[a:b]) for a, b in spans], [t[a:b] for a, b in spans]


def _tone_clashes(printed: list[str], kind: Kind) -> int:
    """Syllables printed with a tone mark other than the kind's. A lost mark is OCR noise; a
    different one is usually a different word: PHƯỜNG (a ward's name) is not PHƯƠNG (ÁN)."""
    wanted = nfc(kind.title).split()
    return sum(1 for p, w in zip(printed, wanted) if _tone(p) and _tone(p) != _tone(w))


def read_title(text: str) -> TitleReading:
    """The kind a caps title line names, or an unknown reading (kind None, score 0)."""
    words, printed = _syllables(text)
    matches: list[tuple[int, int, Kind]] = []  # (syllables, edits, kind)
    for kind in KINDS:
        syl = kind.syllables
        n = len(syl)
        if len(words) < n or not kind.titled and kind is not CONG_VAN:
            continue
        if tuple(words[:2]) in _NOT_TITLES:
            continue
        if n == 1 and (words[0] != syl[0] or (kind.title in _ALONE_ONLY and len(words) > 1)):
            continue
        edits = [_syllable_edits(w, s) for w, s in zip(words, syl)]
        if None in edits or sum(edits) > (1 if n <= 2 else 2):
            continue
        matches.append((n, sum(edits), kind))
    if not matches:
        return TitleReading(None, 0.0)
    matches.sort(key=lambda m: (-m[0], m[1]))
    n, edits, kind = matches[0]
    rivals = [m for m in matches[1:] if m[0] == n and m[1] == edits]
    if rivals:  # two kinds read equally well: not ours to pick
        return TitleReading(None, 0.0, edits)
    score = (0.95, 0.85, 0.78)[edits]
    trailing = len(words) > n
    clashes = _tone_clashes(printed, kind)
    if trailing and kind.group in _STANDALONE:
        if clashes:  # 'PHƯỜNG AN BÌNH': a name that folds like a title, with more after it
            return TitleReading(None, 0.0, edits, trailing)
        score *= 0.82
    score *= max(0.7, 1 - 0.12 * clashes)  # each swapped tone mark a doubt, never a veto alone
    return TitleReading(kind, score, edits, trailing)


# confidence of the notation alone: it names the kind in a regular, short code OCR reads well,
# but an agency's abbreviation can look like one (Cục Thuế's 'CT-TTHT' on a công văn)
NOTATION_ONLY = 0.75
DISAGREE = 0.5
NO_TITLE_COMMON = 0.9  # "V/v …" under the number, no title: a công văn


@dataclass(frozen=True)
class KindReading:
    kind: Kind | None
    confidence: float
    how: str  # "title", "title+notation", "notation", "v/v", "disagree", "unknown"


def combine(title: TitleReading | None, notation: str | None, subject_vv: bool = False) -> KindReading:
    """The document's kind from its title line and its number's notation, two readings made
    apart: agreement raises the confidence, disagreement lowers it below review level, an unknown
    title stays unknown (the notation may propose a kind, never as certain)."""
    nk = notation_kinds(notation or "")
    if title is not None and title.kind is not None:
        k, s = title.kind, title.score
        if not nk:
            return KindReading(k, s, "title")
        if k.name in nk:
            return KindReading(k, min(0.99, 1 - (1 - s) * (1 - NOTATION_ONLY)), "title+notation")
        return KindReading(k, min(s, DISAGREE), "disagree")
    one = BY_NAME[next(iter(nk))] if len(nk) == 1 else None
    if title is not None:  # a caps title we do not know: never turned into the nearest kind
        return KindReading(one, 0.6 if one else 0.0, "unknown")
    if subject_vv:
        return KindReading(CONG_VAN, NO_TITLE_COMMON if not nk else 0.6, "v/v")
    return KindReading(one, NOTATION_ONLY if one else 0.0, "notation")
