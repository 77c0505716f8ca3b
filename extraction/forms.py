"""Form fields: 'Label: value' lines, values cut at the next label, wrapped values joined.

Forms print the requester first, then the subject (child, deceased, wife) and others (mother,
father), often under the same labels: the person block a label stands in decides whose value
it is (roles.py), and a slot filled twice in one block is nobody's for certain.
"""
from __future__ import annotations

import re

from extraction import official as off
from extraction import roles
from extraction.candidates import Candidate, ocr_factor
from extraction.plausible import valid_syllable
from extraction.labels import LEAD_INS, LabelHit, match_line_label, next_label_start
from extraction.text import Line, fold
from extraction.values import ADDRESS, CITIZEN_ID, DATE, KIND, MULTILINE, NAME, PHONE, TAX, TEXT, Parsed, parse

LOST_VALUE_KINDS = (CITIZEN_ID, DATE, PHONE, TAX)

# leaders, and the footnote mark a form prints after its label ('Nơi cư trú: (2) …')
_LEADER = re.compile(r"^[\s:;.,…_\-–]*(?:(?:\(\s*\d{1,2}\s*\)|\(\*+\))[\s:;.,…_\-–]*)?")
_ENUM_START = re.compile(r"^\s*(?:[-–•*+]|\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}[.)])\s")
_ADMIN = r"(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh|tp|ap|thon|to|khu pho|duong|kp)"
_ADMIN_START = re.compile(rf"^(?:{_ADMIN}|so)\b")
_ADMIN_ANY = re.compile(rf"(?:^|,\s*){_ADMIN}\s")
# the last part of a complete address: a province, or a centrally-run city
_PROVINCE_LEVEL = re.compile(
    r"^(?:tinh\s+\S+\s+\S+|(?:thanh pho|tp\.?)\s*(?:ho chi minh|hcm|ha noi|da nang|hai phong|can tho|hue)\b)")


_HEADING_START = re.compile(r"^\s*(?:phan\s+)?(?:[ivx]{1,4}|[a-d]|\d)\s*[.)]\s")


def _is_heading(line: Line) -> bool:
    """'II. THÔNG TIN NGƯỜI ĐƯỢC KHAI SINH', 'Phần II. Thông tin người được khai sinh'."""
    text = line.text.strip()
    return bool(text) and ":" not in text.rstrip(":") and (off.is_caps(text) or bool(_HEADING_START.match(fold(text))))


def _heading_section(line: Line) -> str | None:
    """The role a heading or hand-over sentence opens a block for (labels on the line: none)."""
    text = line.text.strip()
    hit = match_line_label(text)
    # a field label, or a label naming a relation ('Quan hệ với người đã chết:'), hands over to nobody
    if hit and (hit.label.key is not None or roles.cue_role(hit.label.printed)):
        return None
    return roles.block_cue(text, _is_heading(line))


_UNIT = r"(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh|tp|ap|thon|to|khu pho|kp)"
_UNIT_END = re.compile(rf"(?:^|[\s,]){_UNIT}$")
_LABEL_LIKE = re.compile(r"^[^\W\d_][^:;]{1,60}[:;]\s*\S")


def _continues(prev: str, line: Line, kind: str) -> bool:
    """Is `line` the wrapped tail of a value that ended `prev`?"""
    text = line.text.strip()
    if not text or _ENUM_START.match(text) or off.is_caps(text) or off.find_place_date(line):
        return False
    if match_line_label(text) or (_LABEL_LIKE.match(text) and len(text.split(":")[0].split()) <= 10):
        return False  # a label we do not know still opens its own line
    f = fold(text)
    p = fold(prev.rstrip())
    if p.endswith((",", "-", "–")):
        return True
    if kind == ADDRESS and _PROVINCE_LEVEL.search(p.rsplit(",", 1)[-1].strip()):
        return text[0] in ",-–" or f.startswith(("tinh ", "thanh pho"))  # already ends at a province
    if kind == ADDRESS and _ADMIN_ANY.search(f) and len(text.split()) <= 16:
        return True  # 'Số 407/9, đường Lê' / 'Hồng Phong, khu phố 7, phường …': not yet at its province
    if text[0].islower() or _ADMIN_START.match(f):
        return True
    if kind == ADDRESS:
        # a tail naming a unit, or following a bare unit word ('..., huyện'), belongs to it
        short = len(text.split()) <= 8 and not text.endswith(".")
        ends_at_province = len(text.split()) <= 14 and bool(_PROVINCE_LEVEL.search(f.rsplit(",", 1)[-1].strip()))
        return (bool(_UNIT_END.search(p)) or (short and bool(_ADMIN_ANY.search(f))) or ends_at_province
                or len(text.split()) <= 4)
    return False


def _caps_tail(prev: str, line: Line) -> bool:
    """A name the form asks for in capitals ('ghi bằng chữ in hoa') wrapped onto a short caps line."""
    text = line.text.strip()
    if not (prev and off.is_caps(prev) and text and off.is_caps(text)) or len(text.split()) > 5:
        return False
    return not (_ENUM_START.match(text) or match_line_label(text) or _heading_section(line)
                or off.doc_type(text) or ":" in text)


def _below(line: Line, kind: str) -> bool:
    """Can `line` be the value of a label that printed nothing after itself?"""
    text = line.text.strip()
    if not text or _ENUM_START.match(text) or off.find_place_date(line) or match_line_label(text):
        return False
    if _LABEL_LIKE.match(text):
        return False
    if kind == NAME:  # names are often printed in capitals; a heading names no person
        return len(text.split()) <= 7 and not _heading_section(line) and not off.doc_type(text)
    if kind == TEXT and off.is_caps(text):  # a business name the form asks for in capitals
        return len(text.split()) <= 14 and not _heading_section(line) and not off.doc_type(text)
    return _continues(",", line, kind)


def _line_hits(text: str):
    """(label hit, value start, value end) for each 'Label: value' pair printed on one line."""
    pos = 0
    while pos < len(text):
        hit = match_line_label(text[pos:])
        if not hit and pos == 0:
            # OCR junk before the label (a margin column of item numbers read as 'li Œœ Ưin U) >')
            pos = next_label_start(text, 0) or len(text)
            if _wordy(text[:pos]):  # 'Chính phủ về đăng ký doanh nghiệp;' is a sentence, no label
                return
            hit = match_line_label(text[pos:]) if pos < len(text) else None
        if not hit:
            return
        start = pos + hit.end
        start += _LEADER.match(text[start:]).end()
        lead = LEAD_INS.get(hit.label.printed)
        if lead:
            m = lead.match(fold(text), start)
            if not m:  # 'Nội dung đề nghị: Tách hộ' is no address
                return
            start = m.end()
        nxt = next_label_start(text, start)
        yield hit, start, nxt or len(text)
        if nxt is None:
            return
        pos = nxt


def _wordy(text: str) -> bool:
    """Three or more real Vietnamese words: text, not the OCR junk of a margin."""
    return sum(len(t) > 1 and valid_syllable(t.lower()) for t in re.findall(r"[^\W\d_]+", text)) >= 3


class _Blocks:
    """The person block the form is in, and which slots each block has filled."""

    def __init__(self):
        self.role: str | None = None
        self.block = 0  # a new number each time a block opens
        self.filled: dict[tuple[int, str], Candidate] = {}
        self.unsure = False  # a second person began in this block without a hand-over line

    def open(self, role: str) -> None:
        if role != self.role:
            self.role, self.block, self.unsure = role, self.block + 1, False

    def key(self, hit: LabelHit) -> tuple[str | None, str]:
        """(field key, how sure we are whose it is: 'named' | 'block' | 'default' | 'ambiguous')."""
        key = hit.label.key
        slot = roles.slot_of(key, hit.label.folded)
        if slot is None:
            return key, "named"
        named = roles.cue_role(hit.label.printed)
        if named:
            if slot == "name" or named != self.role:
                self.open(named)  # a label naming its person opens that person's block
            return roles.key_for(named, slot), "named"
        role = self.role or roles.APPLICANT  # forms open with the requester
        key = roles.key_for(role, slot)
        if slot == "name" and (self.block, key) in self.filled:
            self.unsure = True  # a second person under the same labels: the hand-over line was lost
        if self.unsure:
            return key, "ambiguous"
        return key, "block" if self.role else "default"

    def note(self, c: Candidate, how: str) -> None:
        """Record whose value `c` is; one slot filled twice in a block belongs to nobody for sure."""
        prev = self.filled.get((self.block, c.key)) if c.key in roles.SLOT else None
        if how == "ambiguous":
            _unsure(c)  # after a second person began: what came before stays the first's
        elif prev is not None and how != "named" and prev.parsed.value != c.parsed.value:
            if prev.extra.get("role") != "named":
                _unsure(prev)
            _unsure(c)
        else:
            c.extra["role"] = how
        if c.key in roles.SLOT:
            self.filled.setdefault((self.block, c.key), c)


AMBIGUOUS_FACTOR = 0.5


def _unsure(c: Candidate) -> None:
    if c.extra.get("role") != "ambiguous":
        c.match *= AMBIGUOUS_FACTOR
    c.extra["role"] = "ambiguous"


def form_candidates(lines: list[Line], skip: set[tuple[int, int]] | None = None) -> list[Candidate]:
    """Candidates of 'Label: value' lines; `skip` = (page, line) already read as a table."""
    out = []
    blocks = _Blocks()
    for i, line in enumerate(lines):
        if skip and (line.page, line.index) in skip:
            continue
        heading = _heading_section(line)
        if heading:
            blocks.open(heading)
            continue
        for hit, start, end in _line_hits(line.text):
            key, how = blocks.key(hit)
            if key is None:
                continue
            c = _candidate(lines, i, key, hit, start, end)
            if c:
                blocks.note(c, how)
                out.append(c)
    return out


def _candidate(lines: list[Line], i: int, key: str, hit: LabelHit, start: int, end: int) -> Candidate | None:
    line = lines[i]
    kind = KIND[key]
    segments = [(line, start, end)]
    raw = line.text[start:end].strip()
    nxt = i + 1
    if end == len(line.text) and not re.sub(r"[\W_]", "", raw):  # value printed under its label
        if nxt < len(lines) and _below(lines[nxt], kind):
            segments, raw = [(lines[nxt], 0, len(lines[nxt].text))], lines[nxt].text.strip()
            nxt += 1
    if (kind == DATE and nxt < len(lines) and len(lines[nxt].text.split()) <= 3
            and (re.search(r"(?:ngay|thang|nam)\s*$", fold(raw))
                 or (re.search(r"thang\s*\S+\s*$", fold(raw)) and fold(lines[nxt].text).strip().startswith("nam")))):
        raw = f"{raw} {lines[nxt].text.strip()}"  # 'ngày 02 tháng 12 năm' / '2022'
        segments.append((lines[nxt], 0, len(lines[nxt].text)))
        nxt += 1
    if kind in MULTILINE and segments[-1][2] == len(segments[-1][0].text):
        if nxt < len(lines) and _caps_tail(raw, lines[nxt]):
            raw = f"{raw} {lines[nxt].text.strip()}"  # 'DOANH NGHIỆP TƯ' / 'NHÂN THUẬN LỢI BÌNH'
            segments.append((lines[nxt], 0, len(lines[nxt].text)))
            nxt += 1
        while nxt < len(lines) and nxt <= i + 2 and _continues(raw, lines[nxt], kind):
            raw = f"{raw} {lines[nxt].text.strip()}"
            segments.append((lines[nxt], 0, len(lines[nxt].text)))
            nxt += 1
    if not raw and kind in LOST_VALUE_KINDS and len(segments) == 1 and end == len(line.text):
        # nothing after the label: left blank, or a value OCR lost; the page image will tell
        label = line.span_words(0, start)
        if label:
            return Candidate(key, "", Parsed("", 0, "value unreadable"), line.page, label[-1:],
                             hit.score / 100.0, (line.page, i), ocr_factor(label, line), priority=1,
                             extra={"label_only": True})
    parsed = parse(key, raw)
    if parsed.value is None:
        return None  # printed blank: the field was not filled in
    words = [w for ln, s, e in segments for w in ln.span_words(s, e)]
    return Candidate(key, raw, parsed, line.page, words, hit.score / 100.0, (line.page, i),
                     ocr_factor(words, line), priority=2)
