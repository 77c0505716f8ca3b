"""Born-digital pages: take the PDF's own text when it is real text, and say when it is not."""
from __future__ import annotations

import re
import unicodedata

import pdfplumber

from sohoa.syllables import valid_syllable

# Letters of the Vietnamese alphabet outside ASCII (NFC). Legacy TCVN3/VNI fonts without a Unicode
# mapping come out as other Latin-1 letters and symbols ("Céng hoµ x· héi"), which this set rejects.
VIET_LETTERS = set(
    "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
)
VIET_LETTERS |= {c.upper() for c in VIET_LETTERS}
PUNCT_OK = set(".,;:!?()[]{}\"'/-–—_%&+*=<>@#№…“”‘’«»§°·|\\$~^")
MIN_CHARS = 20
# Syllable test, on pages with enough words to judge. Real Vietnamese prose is > 90 % well-formed
# syllables and about half carry a mark; mojibake that keeps to Vietnamese letters ("Céng héi"), a
# poor invisible OCR layer, or one read without diacritics ("Cong hoa xa hoi") falls well below.
MIN_SYLLABLES = 8
MIN_VALID_SHARE = 0.6
MIN_MARKED_SHARE = 0.15

# What a page's text layer is: usable, absent (a scan: OCR it), or present but garbage (OCR it, flag it).
GOOD, NONE, GARBAGE = "good", "none", "garbage"


def is_good_text(text: str) -> bool:
    """True when the text is plausibly real Vietnamese text with a Unicode mapping."""
    text = unicodedata.normalize("NFC", text)
    if "(cid:" in text:
        return False
    chars = [c for c in text if not c.isspace()]
    if len(chars) < MIN_CHARS:
        return False
    bad = 0
    for c in chars:
        if c.isascii() and (c.isalnum() or c in PUNCT_OK):
            continue
        if c in VIET_LETTERS or c in PUNCT_OK:
            continue
        bad += 1  # replacement chars, private use, mojibake symbols and letters
    return bad / len(chars) <= 0.01 and _syllables_ok(text)


def _syllables_ok(text: str) -> bool:
    tokens = [t for t in re.findall(r"[^\W\d_]+", text)
              if not (t.isupper() and len(t) <= 5 and not valid_syllable(t))]  # UBND, QĐ, TNMT
    if len(tokens) < MIN_SYLLABLES:
        return True  # too few words to judge; the character test alone decides
    valid = sum(valid_syllable(t) for t in tokens) / len(tokens)
    marked = sum(not t.isascii() for t in tokens) / len(tokens)
    return valid >= MIN_VALID_SHARE and marked >= MIN_MARKED_SHARE


def page_words(pdf_path: str, index: int, scale: float) -> tuple[list[dict], str]:
    """Words of one PDF page in pixel coordinates at `scale` (px per pt), and what the layer is
    (GOOD, NONE or GARBAGE); words only when GOOD. Reading order is left to the word boxes."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[index]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    text = " ".join(w["text"] for w in words)
    if not is_good_text(text):
        return [], (GARBAGE if sum(not c.isspace() for c in text) >= MIN_CHARS else NONE)
    out = []
    for w in words:
        t = unicodedata.normalize("NFC", w["text"])
        if not t.strip():
            continue
        box = (int(w["x0"] * scale), int(w["top"] * scale), int(round(w["x1"] * scale)), int(round(w["bottom"] * scale)))
        out.append({"text": t, "conf": 100.0, "bbox": box, "block": 0, "par": 0, "line": 0})
    return out, GOOD
