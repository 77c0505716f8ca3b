"""Write Tesseract's administrative vocabulary for `vie`: ocr/data/vie_admin_words.txt (user words)
and ocr/data/vie_admin_patterns.txt (user patterns). Deterministic; run again when a source changes:

    .venv/bin/python scripts/build_ocr_words.py

Sources, none of them the sample generator's own word lists:
- document kinds and their notation abbreviations: extraction/doc_kinds.py (Decree 30/2020, Law 64/2025);
- procedure names, form titles and sectors: ../shared/domain/procedures.yaml (when present) and
  classifiers/catalog.yaml;
- place names: every province, district and commune/ward before and after the 2025 mergers, from the
  data shipped in the pinned vietnam-address-converter wheel (the whole country, not only the provinces
  the samples draw from);
- agency words, signature-block words and the motto: Decree 30/2020 Appendix I layout (below);
- date, document-number, citizen-ID, phone and tax-code forms: as patterns.

Tesseract takes a user word as one space-separated token, and Vietnamese separates syllables by
spaces, so multi-syllable names enter as their syllables, in the cases a page prints them (as
written, and capitals for headers).
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction.doc_kinds import COPY_ABBREVS, KINDS  # noqa: E402

WORDS = ROOT / "ocr" / "data" / "vie_admin_words.txt"
PATTERNS = ROOT / "ocr" / "data" / "vie_admin_patterns.txt"
PROCEDURES = ROOT.parent / "shared" / "domain" / "procedures.yaml"
CATALOG = ROOT / "classifiers" / "catalog.yaml"

# Decree 30/2020 Appendix I: agency names, the motto, signature block and distribution list
AGENCY_TEXT = """
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Ủy ban nhân dân Uỷ ban UBND Hội đồng nhân dân HĐND Chính phủ Thủ tướng Văn phòng Chính phủ Quốc hội
Bộ Tư pháp Bộ Công an Bộ Tài chính Bộ Nội vụ Bộ Xây dựng Bộ Y tế Bộ Nông nghiệp và Môi trường
Bộ Tài nguyên và Môi trường Bộ Kế hoạch và Đầu tư Bộ Lao động - Thương binh và Xã hội Bộ Giáo dục và Đào tạo
Sở Tư pháp Sở Tài chính Sở Nội vụ Sở Xây dựng Sở Y tế Sở Tài nguyên và Môi trường Sở Kế hoạch và Đầu tư
Phòng Tư pháp Phòng Tài nguyên và Môi trường Phòng Kinh tế Phòng Văn hóa - Xã hội Phòng Tài chính - Kế hoạch
Văn phòng đăng ký đất đai Chi nhánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân Cục Chi cục Thuế
Công an tỉnh Công an xã Công an phường Trung tâm Phục vụ hành chính công Bộ phận Một cửa Bộ phận tiếp nhận
và trả kết quả Kho bạc Nhà nước Tòa án nhân dân Viện kiểm sát nhân dân Thanh tra Ban Quản lý
tỉnh thành phố thị xã huyện quận phường xã thị trấn ấp thôn bản tổ dân phố khu phố số nhà đường
Chủ tịch Phó Chủ tịch Giám đốc Phó Giám đốc Trưởng phòng Phó Trưởng phòng Chánh Văn phòng Công chức
Tư pháp - Hộ tịch Địa chính - Xây dựng Cán bộ tiếp nhận Người ký Người yêu cầu Người đề nghị
TM. KT. TL. TUQ. Q. Nơi nhận Như Điều Lưu VT Kính gửi Số Ký hiệu Về việc V/v ngày tháng năm
Căn cứ Xét đề nghị Theo đề nghị Điều Khoản Điểm Chương Mục QUYẾT ĐỊNH
"""

# issuers that follow a kind abbreviation in a document number (Decree 30/2020 Art. 15, practice)
ISSUERS = ["UBND", "HĐND", "CP", "TTg", "VPCP", "QH15", "UBTVQH15", "CTN", "BTP", "BCA", "BTC", "BNV", "BXD",
           "BYT", "BTNMT", "BNNMT", "BKHĐT", "BLĐTBXH", "BGDĐT", "STP", "STNMT", "SXD", "SNV", "TNMT", "TP",
           "VPĐKĐĐ", "CN", "CAT", "CAX", "TTPVHCC"]

PATTERNS_FIXED = [
    r"\d\d/\d\d/\d\d\d\d",  # dates: 08/11/2000
    r"\d/\d\d/\d\d\d\d",
    r"\d\d/\d/\d\d\d\d",
    r"\d/\d/\d\d\d\d",
    r"\d\d-\d\d-\d\d\d\d",
    r"\d\d\d\d\d\d\d\d\d\d\d\d",  # citizen ID (CCCD / personal ID number), 12 digits
    r"\d\d\d\d\d\d\d\d\d",  # old identity card, 9 digits
    r"0\d\d\d\d\d\d\d\d\d",  # mobile phone
    r"0\d\d\d.\d\d\d.\d\d\d",
    r"\d\d\d\d\d\d\d\d\d\d",  # tax code, 10 digits
    r"\d\d\d\d\d\d\d\d\d\d-\d\d\d",  # branch tax code
    r"\d\*,\d\d",  # areas: 152,40 m²
    r"\d\*,\d",
    r"\d\*.\d\d\d.\d\d\d",  # amounts: 1.250.000
    r"\d\*.\d\d\d",
]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tokens(text: str) -> list[str]:
    """Space-separated tokens with outer punctuation removed; only those holding a letter."""
    out = []
    for t in nfc(text).split():
        t = t.strip(".,;:()\"'“”")
        if t and any(c.isalpha() for c in t):
            out.append(t)
    return out


def cased(words: list[str]) -> list[str]:
    return [v for w in words for v in (w, w.upper())]


def place_names() -> list[str]:
    from vietnam_address_converter.data import DEFAULT_DATA

    names = []
    for table in ("oldProvinces", "newProvinces", "oldDistricts", "oldWards", "newWards"):
        for unit in DEFAULT_DATA[table].values():
            names.append(unit["name"])
            names.append(unit["name_with_type"])
    return names


def procedure_text() -> list[str]:
    out = []
    for path in (PROCEDURES, CATALOG):
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out += [s["name"] for s in (data.get("sectors") or {}).values() if isinstance(s, dict) and "name" in s]
        for p in data.get("procedures") or []:
            out += [p.get("name") or ""] + list(p.get("form_titles") or []) + list(p.get("result_cues") or [])
    return [t for t in out if isinstance(t, str)]


def notations() -> list[str]:
    abbrevs = sorted({a for k in KINDS for a in k.abbrevs} | set(COPY_ABBREVS))
    return [f"{a}-{i}" for a in abbrevs for i in ISSUERS]


def build() -> tuple[list[str], list[str]]:
    words = set(cased(tokens(AGENCY_TEXT)))
    words |= set(cased([t for k in KINDS for t in tokens(k.name + " " + k.title)]))
    words |= set(cased(tokens(" ".join(procedure_text()))))
    words |= set(cased(tokens(" ".join(place_names()))))
    words |= set(notations())
    words |= set(ISSUERS)
    pats = list(PATTERNS_FIXED)
    for n in notations():
        pats += [rf"\d\*/{n}", rf"\d\*/\d\d\d\d/{n}"]
    return sorted(w for w in words if not re.search(r"\s", w)), pats


def main() -> None:
    words, pats = build()
    WORDS.parent.mkdir(parents=True, exist_ok=True)
    WORDS.write_text("\n".join(words) + "\n", encoding="utf-8")
    PATTERNS.write_text("\n".join(pats) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {WORDS.relative_to(ROOT)}, {len(pats)} patterns -> {PATTERNS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
