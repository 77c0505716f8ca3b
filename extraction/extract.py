"""extract_fields: OCR pages → field values with confidence and provenance.

Candidates come from 'Label: value' lines (forms) and from the Decree 30 header (official
documents); per field the best candidate wins, then fields are checked against each other
(ID number vs birth date, birth before signing...).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from sohoa.documents import FieldValue, Page, Word
from extraction import official as off
from extraction import validate as vd
from extraction.labels import match_line_label, next_label_start
from extraction.text import Line, fold, min_conf, page_lines, union_bbox
from extraction.values import ADDRESS, KIND, MULTILINE, TEXT, Parsed, parse

log = logging.getLogger(__name__)

REPAIR_FACTOR = 0.93  # each guessed character (O→0, QD→QĐ) costs this much confidence
INVALID_FACTOR = 0.5


@dataclass
class Candidate:
    key: str
    raw: str
    parsed: Parsed
    page: int
    words: list[Word]
    match: float  # how sure we are this text is the field (label score, layout cue), 0..1
    order: tuple[int, int]  # (page, line) for stable choice
    ocr: float = 1.0  # 0..1 from word confidences
    extra: dict = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        c = self.ocr * self.match * (REPAIR_FACTOR ** self.parsed.repairs)
        if self.parsed.problem:
            c *= INVALID_FACTOR
        return max(0.0, min(1.0, c))


def _ocr_factor(words: list[Word], line: Line | None = None) -> float:
    if line is not None and line.text_layer:
        return 1.0
    if not words:
        words = line.words if line else []
    if not words:
        return 0.9  # no word boxes to judge by
    mean = sum(w.conf for w in words) / len(words)
    return (0.5 * mean + 0.5 * min_conf(words)) / 100.0


_LEADER = re.compile(r"^[\s:;.,…_\-–]*")


def _skip_separators(text: str, pos: int) -> int:
    return pos + _LEADER.match(text[pos:]).end()


_ADMIN_START = re.compile(
    r"^(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh|tp|ap|thon|to|khu pho|duong|so|kp)\b")
_ENUM_START = re.compile(r"^\s*(?:[-–•*+]|\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}[.)])\s")


def _continues(prev: str, line: Line) -> bool:
    """Is `line` the wrapped tail of a value that ended `prev`?"""
    text = line.text.strip()
    if not text or _ENUM_START.match(text) or off.is_caps(text) or off.find_place_date(line):
        return False
    if match_line_label(text):
        return False
    f = fold(text)
    return prev.rstrip().endswith((",", "-", "–")) or text[0].islower() or bool(_ADMIN_START.match(f))


def _line_hits(text: str):
    """(label hit, value start, value end) for each 'Label: value' pair printed on one line."""
    pos = 0
    while pos < len(text):
        hit = match_line_label(text[pos:])
        if not hit:
            return
        start = _skip_separators(text, pos + hit.end)
        nxt = next_label_start(text, start)
        yield hit, start, nxt or len(text)
        if nxt is None:
            return
        pos = nxt


def form_candidates(lines: list[Line]) -> list[Candidate]:
    out = []
    for i, line in enumerate(lines):
        for hit, start, end in _line_hits(line.text):
            if hit.label.key is None:
                continue
            c = _form_candidate(lines, i, hit, start, end)
            if c:
                out.append(c)
    return out


def _form_candidate(lines: list[Line], i: int, hit, start: int, end: int) -> Candidate | None:
    line = lines[i]
    key = hit.label.key
    segments = [(line, start, end)]
    raw = line.text[start:end].strip()
    nxt = i + 1
    at_end = end == len(line.text)
    if at_end and not re.sub(r"[\W_]", "", raw) and nxt < len(lines) and _continues(",", lines[nxt]):
        segments, raw = [(lines[nxt], 0, len(lines[nxt].text))], lines[nxt].text.strip()
        nxt += 1
    if KIND[key] in MULTILINE and segments[-1][2] == len(segments[-1][0].text):
        while nxt < len(lines) and nxt <= i + 2 and _continues(raw, lines[nxt]):
            raw = f"{raw} {lines[nxt].text.strip()}"
            segments.append((lines[nxt], 0, len(lines[nxt].text)))
            nxt += 1
    parsed = parse(key, raw)
    if parsed.value is None:
        return None  # printed blank: the field was not filled in
    words = [w for ln, s, e in segments for w in ln.span_words(s, e)]
    return Candidate(key, raw, parsed, line.page, words, hit.score / 100.0, (line.page, i),
                     _ocr_factor(words, line))


def _text_candidate(key: str, lines: list[Line], match: float, raw: str | None = None,
                    span: tuple[int, int] | None = None) -> Candidate:
    first = lines[0]
    if span:
        words = first.span_words(*span)
    else:
        words = [w for ln in lines for w in ln.words]
    raw = raw if raw is not None else " ".join(ln.text.strip() for ln in lines)
    return Candidate(key, raw, parse(key, raw), first.page, words, match, (first.page, first.index),
                     _ocr_factor(words, first))


def header_candidates(lines: list[Line]) -> list[Candidate]:
    """Decree 30 header elements of one page; forms yield their title and signing date."""
    out: list[Candidate] = []
    num_idx = None
    for i, line in enumerate(lines[:30]):
        dn = off.find_doc_number(line)
        if dn:
            num_idx = i
            words = line.span_words(dn.start, dn.end)
            parsed = Parsed(dn.value, dn.repairs)
            out.append(Candidate("document_number", line.text[dn.start : dn.end], parsed, line.page, words,
                                 1.0, (line.page, i), _ocr_factor(words, line),
                                 {"number": dn.number, "year": dn.year, "notation": dn.notation}))
            break
    if num_idx is not None:
        agency = off.issuing_agency(off.agency_block(lines, num_idx))
        if agency:
            out.append(_text_candidate("issuing_agency", agency, 0.97))
    out += _date_candidates(lines, num_idx)
    out += _type_and_subject(lines, num_idx)
    return out


def _date_candidates(lines: list[Line], num_idx: int | None) -> list[Candidate]:
    out = []
    for i, line in enumerate(lines):
        after = off.find_doc_number(line).end if i == num_idx else 0
        span = off.find_place_date(line, after)
        if not span:
            continue
        c = _text_candidate("signed_date", [line], 1.0, line.text[span[0] :], span)
        if c.parsed.value is None:
            continue  # template blank "…, ngày … tháng … năm …"
        header = num_idx is not None and i <= num_idx + 3
        c.extra["header"] = header
        c.order = (line.page, i if header else 1000 - i)  # header date first, else the last one
        out.append(c)
    return out


def _type_and_subject(lines: list[Line], num_idx: int | None) -> list[Candidate]:
    out = []
    start = (num_idx + 1) if num_idx is not None else 0
    for i in range(start, min(len(lines), start + 15)):
        found = off.doc_type(lines[i].text)
        if not found:
            continue
        printed, score = found
        out.append(Candidate("document_type", printed, Parsed(printed), lines[i].page, lines[i].words,
                             score, (lines[i].page, i), _ocr_factor(lines[i].words, lines[i]),
                             {"title": lines[i].text.strip()}))
        if num_idx is not None:
            subject = _subject_lines(lines, i + 1)
            if subject:
                out.append(_text_candidate("subject_line", subject, 0.95))
        break
    return out


def _subject_lines(lines: list[Line], start: int) -> list[Line]:
    """'Về việc …' under the type, with its wrapped lines, up to the body ('Căn cứ …')."""
    out: list[Line] = []
    for line in lines[start : start + 4]:
        f = fold(line.text).strip()
        if not f:
            if out:
                break
            continue
        if off._BODY_START.match(f) or (out and off.is_caps(line.text)) or match_line_label(line.text):
            break
        if not out and not (off._SUBJECT_START.match(f) or not off.is_caps(line.text)):
            break
        out.append(line)
        if line.text.rstrip().endswith((".", ";")):
            break
    return out


def _choose(cands: list[Candidate]) -> dict[str, Candidate]:
    best: dict[str, Candidate] = {}
    for c in cands:
        cur = best.get(c.key)
        if cur is None or _rank(c) > _rank(cur):
            best[c.key] = c
    return best


def _rank(c: Candidate) -> tuple:
    header = c.extra.get("header", False)
    return (c.parsed.problem is None, header, round(c.confidence, 2), -c.order[0], -c.order[1])


def _cross_check(best: dict[str, Candidate]) -> None:
    """Checks that need two fields; a failure marks the less certain one invalid."""
    def val(key: str) -> str | None:
        c = best.get(key)
        return c.parsed.value if c and c.parsed.problem is None else None

    for id_key, birth_key in (("applicant_id_number", "applicant_birth_date"),
                              ("subject_id_number", "subject_birth_date")):
        idc, birth = best.get(id_key), val(birth_key)
        if idc and idc.parsed.problem is None and birth and len(idc.parsed.value) == 12:
            idc.parsed.problem = vd.citizen_id(idc.parsed.value, birth)
    signed = val("signed_date")
    for key, must_precede in (("applicant_birth_date", signed), ("subject_birth_date", signed),
                              ("death_date", signed), ("subject_birth_date", val("death_date"))):
        c = best.get(key)
        if c and c.parsed.problem is None and must_precede and c.parsed.value > must_precede:
            c.parsed.problem = "after the date it must precede"


def extract_fields(pages: list[Page]) -> dict[str, FieldValue]:
    """Field key → value for one dossier's pages (any order of forms and official documents)."""
    cands: list[Candidate] = []
    for page in pages:
        lines = page_lines(page)
        cands += form_candidates(lines)
        cands += header_candidates(lines)
    best = _choose(cands)
    _cross_check(best)
    fields = {key: _to_field(c) for key, c in sorted(best.items())}
    # keys, confidences and problems only: values are personal data
    log.debug("extracted %d fields from %d pages: %s", len(fields), len(pages),
              {k: (fv.confidence, fv.problem) for k, fv in fields.items()})
    return fields


def _to_field(c: Candidate) -> FieldValue:
    return FieldValue(
        value=c.parsed.value or "",
        raw=c.raw,
        confidence=round(c.confidence, 4),
        page=c.page,
        bbox=union_bbox(c.words),
        valid=c.parsed.problem is None,
        problem=c.parsed.problem,
    )


def check_required(fields: dict[str, FieldValue], required: list[str], threshold: float) -> list[tuple[str, str]]:
    """(field_key, problem) for each required field missing, invalid or below the threshold."""
    problems = []
    for key in required:
        fv = fields.get(key)
        if fv is None or not fv.value:
            problems.append((key, "missing"))
        elif not fv.valid:
            problems.append((key, f"invalid: {fv.problem or 'failed validation'}"))
        elif fv.confidence < threshold:
            problems.append((key, f"low confidence {fv.confidence:.2f} < {threshold:.2f}"))
    return problems
