"""Text helpers: accent folding that keeps character positions, tokens, page lines.

Matching runs on folded text (no tone marks, lower case, đ→d) so that OCR that drops
or changes tone marks still matches; values are cut from the original text at the
same positions, which is why folding maps one character to exactly one character.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sohoa.documents import Page, Word


def nfc(text: str) -> str:
    # Tesseract sometimes prints the Icelandic eth for Đ; Vietnamese has no eth.
    return unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("ð", "đ")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch


def fold(text: str) -> str:
    """Same length as `text` (NFC input): each character folded on its own."""
    return "".join(_fold_char(c) for c in text)


def squash(text: str) -> str:
    """Folded, punctuation-free, single-spaced: the form labels are compared in."""
    out = re.sub(r"[^0-9a-z]+", " ", fold(nfc(text)))
    return " ".join(out.split())


_TOKEN = re.compile(r"[^\s:;…]+")
_PUNCT_ONLY = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    norm: str  # folded, outer punctuation stripped


def tokens(line: str) -> list[Token]:
    """Word tokens of a line with their positions; dotted leaders and lone punctuation dropped."""
    folded = fold(line)
    out = []
    for m in _TOKEN.finditer(folded):
        text = m.group()
        if _PUNCT_ONLY.match(text):
            continue
        norm = text.strip(".,_-()'\"")
        if norm:
            out.append(Token(m.start(), m.end(), norm))
    return out


@dataclass
class Line:
    """One text line of a page with the OCR words that printed it."""

    page: int
    index: int
    text: str
    words: list[Word]
    text_layer: bool = False  # born-digital text: exact, whatever the word boxes say

    @property
    def conf(self) -> float:
        return _mean_conf(self.words)

    def span_words(self, start: int, end: int) -> list[Word]:
        """Words printing characters [start, end) of the line (by whitespace-token order)."""
        if not self.words:
            return []
        spans = [m.span() for m in re.finditer(r"\S+", self.text)]
        if len(spans) != len(self.words):
            return self.words  # cannot align one to one: the whole line stands in
        return [w for (s, e), w in zip(spans, self.words) if s < end and e > start]


def _mean_conf(words: list[Word]) -> float:
    if not words:
        return 100.0
    return sum(w.conf for w in words) / len(words)


def min_conf(words: list[Word]) -> float:
    return min((w.conf for w in words), default=100.0)


def union_bbox(words: list[Word]) -> tuple[int, int, int, int] | None:
    if not words:
        return None
    return (
        min(w.bbox[0] for w in words),
        min(w.bbox[1] for w in words),
        max(w.bbox[2] for w in words),
        max(w.bbox[3] for w in words),
    )


def page_lines(page: Page) -> list[Line]:
    """Lines of page.text, each with the words whose `line` index matches it.

    The OCR stage numbers words by the text line they sit on; if its numbering does not
    fit the text (other engines), words are given to lines by matching their text.
    """
    texts = nfc(page.text).split("\n")
    by_index: dict[int, list[Word]] = {}
    for w in page.words:
        by_index.setdefault(w.line, []).append(w)
    lines = []
    for i, text in enumerate(texts):
        words = by_index.get(i, [])
        if words and " ".join(nfc(w.text) for w in words).split() != text.split():
            words = _match_words(text, page.words)
        lines.append(Line(page.number, i, text, words, page.source == "text_layer"))
    return lines


def _match_words(text: str, words: list[Word]) -> list[Word]:
    """Fallback alignment: the first run of words whose texts equal the line's tokens."""
    toks = text.split()
    n = len(toks)
    if not n:
        return []
    texts = [nfc(w.text) for w in words]
    for i in range(len(words) - n + 1):
        if texts[i : i + n] == toks:
            return words[i : i + n]
    return []
