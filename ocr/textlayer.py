"""Born-digital pages: take the PDF's own text when it is real text, and say when it is not."""
from __future__ import annotations

import unicodedata

import pdfplumber

# Letters of the Vietnamese alphabet outside ASCII (NFC). Legacy TCVN3/VNI fonts without a Unicode
# mapping come out as other Latin-1 letters and symbols ("Céng hoµ x· héi"), which this set rejects.
VIET_LETTERS = set(
    "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
)
VIET_LETTERS |= {c.upper() for c in VIET_LETTERS}
PUNCT_OK = set(".,;:!?()[]{}\"'/-–—_%&+*=<>@#№…“”‘’«»§°·|\\$~^")
MIN_CHARS = 20


def is_good_text(text: str) -> bool:
    """True when the text is plausibly real Vietnamese/Latin text with a Unicode mapping."""
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
    return bad / len(chars) <= 0.01


def page_words(pdf_path: str, index: int, scale: float) -> tuple[list[dict], bool]:
    """Words of one PDF page in pixel coordinates at `scale` (px per pt), and whether the layer is good."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[index]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    text = " ".join(w["text"] for w in words)
    if not is_good_text(text):
        return [], False
    out = []
    for w in words:
        t = unicodedata.normalize("NFC", w["text"])
        if not t.strip():
            continue
        box = (int(w["x0"] * scale), int(w["top"] * scale), int(round(w["x1"] * scale)), int(round(w["bottom"] * scale)))
        out.append({"text": t, "conf": 100.0, "bbox": box, "block": 0, "par": 0, "line": 0})
    return out, True


