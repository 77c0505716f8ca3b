"""Fields named in the running text of a decision ('… theo yêu cầu của ông NGUYỄN VĂN AN',
'… thửa đất số 1396, tờ bản đồ số 48 …'), found across wrapped lines."""
from __future__ import annotations

import re

from extraction.candidates import Candidate, ocr_factor
from extraction.text import Line, fold
from extraction.values import parse

# cue (folded) → how sure we are the name after it is the applicant's
APPLICANT_CUES = [
    (re.compile(r"theo\s+yeu\s+cau\s+cua\s+(?:ong|ba)\s+"), 0.97),
    (re.compile(r"\bva\s+(?:ong|ba)\s+(?=\S+(?:\s+\S+){1,5}\s+chiu\s+trach\s+nhiem)"), 0.95),
    (re.compile(r"nguoi\s+su\s+dung\s+dat\s+la\s+(?:ong|ba)\s+"), 0.95),
    (re.compile(r"\bgiua\s+(?:ong|ba)\s+"), 0.93),
    (re.compile(r"(?<!khai tu )\bcho\s+(?:ong|ba)\s+"), 0.9),
]
NUMBER_CUES = {
    "parcel_number": re.compile(r"thua\s+dat\s+so\s*[:.]?\s*"),
    "map_sheet_number": re.compile(r"to\s+ban\s+do\s+so\s*[:.]?\s*"),
}


class Joined:
    """The page's lines as one paragraph, with a way back from offsets to lines."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.starts = []
        parts, pos = [], 0
        for ln in lines:
            self.starts.append(pos)
            parts.append(ln.text)
            pos += len(ln.text) + 1
        self.text = " ".join(parts)
        self.folded = fold(self.text)

    def line_at(self, offset: int) -> int:
        i = 0
        while i + 1 < len(self.starts) and self.starts[i + 1] <= offset:
            i += 1
        return i

    def words(self, start: int, end: int):
        out = []
        for i, ln in enumerate(self.lines):
            s, e = self.starts[i], self.starts[i] + len(ln.text)
            if s < end and e > start:
                out += ln.span_words(max(0, start - s), min(len(ln.text), end - s))
        return out


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    """Span of the capitalised words (2-6) starting at pos, stopping at punctuation."""
    m = re.match(r"(?:[^\W\d_][\w]*)(?:\s+[^\W\d_][\w]*){1,5}", text[pos:])
    if not m:
        return None
    words = []
    for w in re.finditer(r"\S+", m.group()):
        if not w.group()[0].isupper():
            break
        words.append(w)
    if len(words) < 2:
        return None
    return pos, pos + words[-1].end()


def body_candidates(lines: list[Line]) -> list[Candidate]:
    j = Joined(lines)
    out = []
    # the strongest cue decides, even when OCR damaged its name: a weaker cue may name
    # someone else ('khai tử cho bà X' is the deceased)
    for cue, match in APPLICANT_CUES:
        spans = [s for m in cue.finditer(j.folded) if (s := _name_after(j.text, m.end()))]
        if spans:
            out.append(_candidate(j, "applicant_name", spans[0], match))
            break
    for key, cue in NUMBER_CUES.items():
        m = cue.search(j.folded)
        if m:
            num = re.match(r"[0-9OolISB]{1,6}(?![\w])", j.text[m.end():])
            if num:
                out.append(_candidate(j, key, (m.end(), m.end() + num.end()), 0.95))
    return out


def _candidate(j: Joined, key: str, span: tuple[int, int], match: float) -> Candidate:
    raw = j.text[span[0] : span[1]]
    li = j.line_at(span[0])
    line = j.lines[li]
    words = j.words(*span)
    return Candidate(key, raw, parse(key, raw), line.page, words, match, (line.page, line.index),
                     ocr_factor(words, line), priority=1)
