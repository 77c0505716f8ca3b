"""The dossier code (mã hồ sơ) a one-stop receipt or a cover sheet prints, as a code and as text.

Shape: `<receiving agency's electronic id>-<receipt date yymmdd>-<sequence>`, e.g.
`000.00.31.H12-220801-0001` (../shared/domain/vietnam-digitisation.md §4.1: the parts are
confirmed, the separators and widths are not, so the sequence may run 4 to 6 digits). A QR code
may carry it inside a look-up address. Read from a barcode or QR code the value is checked by the
symbol's own error detection; read from OCR text only, it is never certain.
"""
from __future__ import annotations

import re
from datetime import date

from sohoa.documents import Page
from extraction.text import fold
from ocr.lookalikes import DOC_NUMBER

_D = "[0-9" + re.escape("".join(DOC_NUMBER)) + "]"
CODE = re.compile(r"(?<![0-9A-Za-z])(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4,6})(?![0-9])")
# as OCR prints it: look-alike digits, spaces around the separators
_PRINTED = re.compile(rf"({_D}{{3}})\s*\.\s*({_D}{{2}})\s*\.\s*({_D}{{2}})\s*\.\s*([A-Z]{_D}{{2}})\s*[-–]\s*"
                      rf"({_D}{{6}})\s*[-–]\s*({_D}{{4,6}})(?!{_D})")
_LABEL = re.compile(r"m[a-z]\s*h[o0]\s*s[o0]\s*[:.]?")  # 'Mã hồ sơ:' folded
BARCODE_CONFIDENCE = 0.99  # the symbol's checksum or error correction agreed
TEXT_CAP = 0.6  # OCR alone: looked at by a person before it is relied on


def _valid_date(yymmdd: str) -> bool:
    try:
        date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return False
    return True


def parse(text: str) -> str | None:
    """The dossier code inside a decoded symbol's text (bare, or in an address), if one is there."""
    for m in CODE.finditer(text):
        if _valid_date(m.group(2)):
            return m.group(0)
    return None


def _from_text(line: str) -> tuple[str, int] | None:
    """(code, characters repaired) printed after 'Mã hồ sơ' on an OCR line."""
    folded = fold(line)
    label = _LABEL.search(folded)
    if not label:
        return None
    m = _PRINTED.search(line, label.end())
    if not m:
        return None
    parts = list(m.groups())
    fixed = ["".join(DOC_NUMBER.get(c, c) for c in p) for p in parts]
    fixed[3] = parts[3][0] + "".join(DOC_NUMBER.get(c, c) for c in parts[3][1:])
    code = f"{fixed[0]}.{fixed[1]}.{fixed[2]}.{fixed[3]}-{fixed[4]}-{fixed[5]}"
    if not _valid_date(fixed[4]):
        return None
    return code, sum(a != b for p, f in zip(parts, fixed) for a, b in zip(p, f))


def find(pages: list[Page]) -> dict | None:
    """{value, source: barcode|text, page, confidence} of the dossier's code, None when none is
    printed. Two different codes are never chosen between: value None, `candidates` lists them."""
    found: list[tuple[str, str, int, float]] = []  # (code, source, page, confidence)
    for p in pages:
        for c in p.codes:
            code = parse(c.text)
            if code:
                found.append((code, "barcode", p.number, BARCODE_CONFIDENCE))
    for p in pages:
        for line in p.text.split("\n"):
            hit = _from_text(line)
            if hit:
                conf = TEXT_CAP * (p.mean_conf / 100 if p.source == "ocr" else 1.0) * 0.9 ** hit[1]
                found.append((hit[0], "text", p.number, round(conf, 4)))
    if not found:
        return None
    codes = sorted({f[0] for f in found})
    by_symbol = sorted({f[0] for f in found if f[1] == "barcode"})
    if len(by_symbol) > 1 or (not by_symbol and len(codes) > 1):
        return {"value": None, "source": None, "page": None, "confidence": 0.0, "candidates": codes,
                "problem": "different codes on one dossier"}
    value = by_symbol[0] if by_symbol else codes[0]
    best = max((f for f in found if f[0] == value), key=lambda f: (f[1] == "barcode", f[3]))
    return {"value": value, "source": best[1], "page": best[2], "confidence": best[3]}
