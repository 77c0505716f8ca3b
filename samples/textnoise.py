"""OCR-like noise on text, for text-level tests and benchmarks of the extractor.

What Tesseract does to Vietnamese caps titles and notations: tone marks lost or swapped, the
stroke of Đ lost, a vowel mark dropped (QUYÉT for QUYẾT), now and then one letter wrong.
"""
from __future__ import annotations

import random
import unicodedata

TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
SHAPES = ["\u0302", "\u0306", "\u031b"]  # circumflex, breve, horn
LOOKALIKE = {"I": "l", "O": "0", "N": "H", "H": "N", "U": "V", "E": "F", "C": "G", "T": "I"}


def _char(ch: str, rnd: random.Random, p: float) -> str:
    if ch in "Đđ":
        return ("D" if ch == "Đ" else "d") if rnd.random() < 3 * p else ch
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], [m for m in parts[1:]]
    if not marks:
        return ch
    tone = [m for m in marks if m in TONES]
    shape = [m for m in marks if m in SHAPES]
    r = rnd.random()
    if tone and r < 2 * p:
        tone = []  # lost
    elif tone and r < 3 * p:
        tone = [rnd.choice([t for t in TONES if t != tone[0]])]  # swapped
    if shape and rnd.random() < p:
        shape = []
    return unicodedata.normalize("NFC", base + "".join(shape + tone))


def noisy(text: str, rnd: random.Random, p: float = 0.15, letters: float = 0.0) -> str:
    """`text` with each marked character damaged at rate ~p and, at rate `letters`, one caps
    letter per line swapped for a look-alike."""
    out = []
    for line in text.split("\n"):
        chars = [_char(c, rnd, p) for c in line]
        caps = [i for i, c in enumerate(chars) if c in LOOKALIKE]
        if caps and rnd.random() < letters:
            i = rnd.choice(caps)
            chars[i] = LOOKALIKE[chars[i]]
        out.append("".join(chars))
    return "\n".join(out)


def stripped(text: str) -> str:
    """Every tone and vowel mark gone and Đ read as D: the worst plain-text reading."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if unicodedata.category(c) != "Mn"))


def ocr_like_page(text: str, number: int = 1, codes: list | None = None, flags: list[str] | None = None):
    """The printed text as a page of OCR-like words (confidence 93), one Word per token on a 300-dpi A4
    page, for text-level tests and benchmarks that skip the image."""
    from sohoa.documents import Page, Word

    words = []
    for li, line in enumerate(text.split("\n")):
        x = 100
        for tok in line.split():
            words.append(Word(text=tok, conf=93.0, bbox=(x, 100 + 40 * li, x + 18 * len(tok), 130 + 40 * li), line=li))
            x += 18 * len(tok) + 12
    return Page(number=number, width=2480, height=3508, dpi=300, source="ocr", text=text, words=words,
                mean_conf=93.0 if words else 0.0, codes=codes or [], flags=flags or [])
