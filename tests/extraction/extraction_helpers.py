"""Build sohoa Page objects that look like OCR output, for extraction tests."""
from __future__ import annotations

from sohoa.documents import Page, Word


def ocr_page(text: str, number: int = 1, conf: float = 93.0, low: dict[str, float] | None = None,
             source: str = "ocr") -> Page:
    """One Word per whitespace token, laid out line by line; `low` sets the conf of given tokens."""
    low = low or {}
    words = []
    for li, line in enumerate(text.split("\n")):
        x = 100
        for tok in line.split():
            w = 18 * len(tok)
            words.append(Word(text=tok, conf=low.get(tok, conf), bbox=(x, 100 + 40 * li, x + w, 130 + 40 * li),
                              line=li))
            x += w + 12
    mean = sum(w.conf for w in words) / len(words) if words else 0.0
    return Page(number=number, width=2480, height=3508, dpi=300, source=source, text=text, words=words,
                mean_conf=mean)
