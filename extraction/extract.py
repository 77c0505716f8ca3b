"""extract_fields: OCR pages → field values with confidence and provenance.

Candidates come from 'Label: value' lines (forms) and from the Decree 30 header (official
documents); per field the best candidate wins, then fields are checked against each other
(ID number vs birth date, birth before signing...).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sohoa.documents import FieldValue, Page
from extraction import calibration, consistency, doc_kinds, ownership
from extraction import official as off
from extraction import validate as vd
from extraction.body import body_candidates
from extraction.columns import table_candidates
from extraction.candidates import Candidate, from_lines, ocr_factor
from extraction.normalise import date_parts
from extraction.forms import form_candidates
from extraction.labels import match_line_label
from extraction.text import Line, fold, page_lines, union_bbox
from extraction.reread import PageImage, RereadOptions, final_confidence, second_reading
from extraction.sheets import is_sheet
from extraction.units import todays_unit
from extraction.values import DATE, KIND, Parsed

log = logging.getLogger(__name__)


def header_candidates(lines: list[Line]) -> list[Candidate]:
    """Decree 30 header elements of one page; forms yield their title and signing date."""
    out: list[Candidate] = []
    num_idx, dn = None, None
    zone = _header_zone(lines)
    for i, line in enumerate(zone):
        dn = off.find_doc_number(line)
        if dn:
            num_idx = i
            words = line.span_words(dn.start, dn.end)
            out.append(Candidate("document_number", line.text[dn.start : dn.end], Parsed(dn.value, dn.repairs),
                                 line.page, words, 1.0, (line.page, i), ocr_factor(words, line), priority=2,
                                 extra={"number": dn.number, "year": dn.year, "notation": dn.notation}))
            break
    if num_idx is None:
        num_idx = _bare_number_line(zone)
        if num_idx is not None:  # the number is there on paper: the page image may still give it
            line = lines[num_idx]
            out.append(Candidate("document_number", "", Parsed("", 0, "number unreadable"), line.page,
                                 line.words[:1], 1.0, (line.page, num_idx), ocr_factor(line.words, line),
                                 priority=2, extra={"label_only": True}))
    if num_idx is not None:
        agency = off.issuing_agency(off.agency_block(lines, num_idx))
        if agency:
            out.append(from_lines("issuing_agency", agency, 0.97, priority=2))
    out += _date_candidates(lines, num_idx, dn.end if dn else 0)
    out += _type_and_subject(lines, num_idx, dn.notation if dn else None)
    if num_idx is not None:
        out += _authority_agency(lines, num_idx)
    return out


_AUTHORITY = re.compile(r"^\s*(?:kt\.?\s*)?(?:chu tich|pho chu tich)\s+")


def _authority_agency(lines: list[Line], num_idx: int) -> list[Candidate]:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN PHÚ GIÁO' under the title names the agency a second time:
    a fallback when the header lost a line, and a second reading when it did not."""
    for line in lines[num_idx + 1 : num_idx + 10]:
        m = _AUTHORITY.match(fold(line.text))
        if m and off.is_caps(line.text) and off.starts_agency(line.text[m.end() :]):
            return [from_lines("issuing_agency", [line], 0.75, line.text[m.end() :].strip(),
                               (m.end(), len(line.text)), priority=1)]
    return []


def _header_zone(lines: list[Line]) -> list[Line]:
    """Lines above the title or the body: an official document's own number stands there,
    numbers further down are citations ('Tờ trình số 257/TTr-UBND')."""
    for i, line in enumerate(lines[:30]):
        if i and not off.starts_agency(line.text) and (off.doc_type(line.text) or off._BODY_START.match(fold(line.text))):
            return lines[:i]
    return lines[:30]


def _bare_number_line(zone: list[Line]) -> int | None:
    """Index of a 'Số:' line whose number OCR lost, under an agency name."""
    for i, line in enumerate(zone[:10]):
        if off.bare_number_label(line) and any(off.starts_agency(off.cut_motto(z.text)) for z in zone[:i]):
            return i
    return None


def _through_year(text: str) -> str:
    """The place-date phrase without what OCR merged after it ('… năm 2017 NGƯỜI ĐỀ NGHỊ')."""
    m = re.search(r"n\S{1,3}m\s*\S{4}(?=\s|$)", text)
    return text[: m.end()] if m else text


_DATE_START = re.compile(r"[,.]\s*(ng[a-z]?[ay]y?)\b")
_DATE_WRAPPED = re.compile(r"(?:ngay|thang|nam|\d)\s*$")
_DATE_CUT = re.compile(r"[,.]\s*ng[a-z]?[ay]y?\s*[.,:]?\s*\S{0,3}\s*$")  # 'Thuận An, ngày' + 'tháng 02 năm 2020'
_DATE_REST = re.compile(r"^\s*(?:\S{1,3}\s+)?th[a-z]?ng\b")
_DATE_CUT_MID = re.compile(r"^\s*lam\s+t[a-z]{1,2}\b.{2,60}?[,.]\s*ng[a-z]?[ay]y?\b")
_MADE_AT_END = re.compile(r"^\s*lam\s+t[a-z]{1,2}\b.{2,60}[,.]\s*$")  # 'Làm tại: phường X,' / 'ngày 02 …'
_DAY_FIRST = re.compile(r"^\s*ng[a-z]?[ay]y?\s+\d{1,2}\s+th[a-z]?ng\b")
_DAY_REST = re.compile(r"^\s*\d{1,2}\s+th[a-z]?ng\s+\d{1,2}\s+n[a-z]?m\s+\d{4}")


def _date_lines(lines: list[Line]) -> list[tuple[int, Line]]:
    """(index, line) of each line, a place-date phrase that OCR cut after 'ngày' joined with
    the rest of it on the next line."""
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt and _DATE_CUT.search(fold(line.text)) and _DATE_REST.match(fold(nxt.text)):
            out.append((i, Line(line.page, line.index, f"{line.text.rstrip()} {nxt.text.strip()}",
                                line.words + nxt.words, line.text_layer)))
            i += 2
            continue
        if nxt and _MADE_AT_END.match(fold(line.text)) and _DAY_FIRST.match(fold(nxt.text)):
            out.append((i, Line(line.page, line.index, f"{line.text.rstrip()} {nxt.text.strip()}",
                                line.words + nxt.words, line.text_layer)))
            i += 2
            continue
        cut = _DATE_CUT_MID.search(fold(line.text))
        if nxt and cut and _DAY_REST.match(fold(nxt.text)):
            # 'Làm tại: X, ngày ˆ Đề nghị cấp bản sao …' / '10 tháng 12 năm 2017': OCR read the
            # box beside the date into its line; the day went down with the month
            head = line.text[: cut.end()]
            out.append((i, Line(line.page, line.index, f"{head} {nxt.text.strip()}",
                                line.span_words(0, cut.end()) + nxt.words, line.text_layer)))
            i += 2
            continue
        out.append((i, line))
        i += 1
    return out


def _date_candidates(lines: list[Line], num_idx: int | None, num_end: int) -> list[Candidate]:
    """'<place>, ngày DD tháng MM năm YYYY' lines. An application's own date (printed above its
    signature) outranks the date of a decision filed with it: it is when the dossier was signed."""
    out = []
    for i, line in _date_lines(lines):
        span = off.find_place_date(line, num_end if i == num_idx else 0)
        if not span:
            continue
        used = [line]
        raw = _through_year(line.text[span[0] :])
        parts = date_parts(raw)
        if ((parts is None or not parts[2]) and _DATE_WRAPPED.search(fold(raw)) and i + 1 < len(lines)
                and len(lines[i + 1].text.split()) <= 3):
            used.append(lines[i + 1])  # the year wrapped onto the next line
            raw = f"{raw} {lines[i + 1].text.strip()}"
        c = from_lines("signed_date", used, 1.0, raw, None)
        # the date's own words judge it: a misread place name ('Bến Cái') is no doubt about the date
        at = _DATE_START.search(fold(raw))
        start = span[0] + (at.start(1) if at else 0)
        c.words = line.span_words(start, span[0] + len(raw)) + (used[1].words if len(used) > 1 else [])
        c.ocr = ocr_factor(c.words, line)
        if c.parsed.value is None:
            continue  # template blank "…, ngày … tháng … năm …"
        header = num_idx is not None and i <= num_idx + 4
        c.priority = 1 if header else 2
        c.order = (line.page, i if header else 1000 - i)  # the last date line of a form
        out.append(c)
    return out


def _type_and_subject(lines: list[Line], num_idx: int | None, notation: str | None = None) -> list[Candidate]:
    """Title line ('QUYẾT ĐỊNH', 'TỜ KHAI …') and, under an official number, the 'Về việc' line.
    An official document's title outranks a form's: it is the document the number belongs to."""
    if num_idx is not None:
        return _official_type_and_subject(lines, num_idx, notation)
    for i in range(0, min(len(lines), 15)):
        found = off.doc_type(lines[i].text)
        if found:
            printed, score = found
            return [Candidate("document_type", printed, Parsed(printed), lines[i].page, lines[i].words,
                              score, (lines[i].page, i), ocr_factor(lines[i].words, lines[i]),
                              extra={"title": lines[i].text.strip(), "kind": doc_kinds.BY_TITLE[printed].name})]
    return []


_STAMP = re.compile(r"^\s*(?:khan|thuong khan|hoa toc|mat|toi mat|tuyet mat|du thao|xem xong tra lai"
                    r"|luu hanh noi bo)\s*$")


def _title_line(lines: list[Line], num_idx: int) -> tuple[int | None, bool]:
    """(index, is 'V/v') of the line that names the document's kind under its number: the first
    caps line past the motto, the date and stamps, or a công văn's 'V/v …' line. Only that line
    is read as the title: a caps subject or chapter heading further down ('QUY ĐỊNH CHUNG') is
    no title, and an unknown title is not passed over for a known word below it."""
    for i in range(num_idx + 1, min(len(lines), num_idx + 10)):
        text = off.cut_motto(lines[i].text).strip(" -_—–.")
        f = fold(text).strip()
        if sum(c.isalpha() for c in text) < 2 or off.is_motto(text) or _STAMP.match(f):
            continue
        if off.find_place_date(lines[i]) or off.starts_agency(text) and not off.doc_type(text):
            continue  # the right column read after the left one; a wrapped agency name
        if off._SUBJECT_START.match(f) and f.startswith("v"):
            return i, f.replace(" ", "").startswith("v/v")
        if off.is_caps(text):
            return i, False
        if off._BODY_START.match(f) or f.startswith("kinh gui"):
            return None, False
    return None, False


def _official_type_and_subject(lines: list[Line], num_idx: int, notation: str | None) -> list[Candidate]:
    idx, vv = _title_line(lines, num_idx)
    title = off.title_reading(off.cut_motto(lines[idx].text)) if idx is not None and not vv else None
    if idx is not None and not vv and title is None:
        idx = None
    reading = doc_kinds.combine(title, notation, subject_vv=vv)
    out = []
    if reading.kind is not None:
        line = lines[idx] if idx is not None else lines[num_idx]
        printed = reading.kind.title
        extra = {"title": line.text.strip(), "kind": reading.kind.name, "how": reading.how}
        out.append(Candidate("document_type", printed, Parsed(printed), line.page, line.words if not vv else [],
                             reading.confidence, (line.page, idx if idx is not None else num_idx),
                             ocr_factor(line.words, line) if idx is not None and not vv else 1.0,
                             priority=2, extra=extra))
    if idx is not None:
        subject = _subject_lines(lines, idx if vv else idx + 1)
        if subject:
            out.append(from_lines("subject_line", subject, 0.95, priority=2))
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


def _choose(cands: list[Candidate], pool: list[Candidate] | None = None) -> dict[str, Candidate]:
    """Per key: valid first, then the source that wins by design, then confidence.
    Two readings of the same value (form and decision; any of `pool`) back each other up."""
    best: dict[str, Candidate] = {}
    for c in cands:
        cur = best.get(c.key)
        if cur is None or _rank(c) > _rank(cur):
            best[c.key] = c
    for key, c in best.items():
        own = {id(w) for w in c.words}
        others = [o for o in (pool or cands) if o.key == key and o is not c and o.parsed.problem is None
                  and o.parsed.value == c.parsed.value
                  and not own & {id(w) for w in o.words}]  # the same print read by two rules is one reading
        if others and c.parsed.problem is None and c.text_factor >= 1.0:
            o = max(others, key=lambda x: x.confidence)
            c.extra["agrees"] = min(0.99, 1 - (1 - c.confidence) * (1 - o.confidence))
    return best


STAND_IN_FACTOR = 0.5


def _form_date_lost(best: dict[str, Candidate], cands: list[Candidate]) -> None:
    """A dossier with an application form whose own date OCR lost gets the date of a decision
    filed with it (priority 1): another paper's date, so never certain."""
    date = best.get("signed_date")
    has_form = any(c.key == "document_type" and c.parsed.value
                   and getattr(doc_kinds.BY_TITLE.get(c.parsed.value), "group", None) == doc_kinds.FORM
                   for c in cands)
    if date and date.priority == 1 and has_form:
        date.match *= STAND_IN_FACTOR
        date.extra["stand_in"] = True


def _rank(c: Candidate) -> tuple:
    if c.key == "signed_date":  # an application's date printed unreadably is still its date
        return (c.priority, c.parsed.problem is None, round(c.confidence, 2), -c.order[0], -c.order[1])
    return (c.parsed.problem is None, c.priority, round(c.confidence, 2), -c.order[0], -c.order[1])


def _cross_check(best: dict[str, Candidate]) -> None:
    """Checks that need two fields; a failure marks the less certain one invalid."""
    def val(key: str) -> str | None:
        c = best.get(key)  # a value whose owner is unsure checks nobody else's
        return c.parsed.value if c and c.parsed.problem is None and c.extra.get("role") != "ambiguous" else None

    for id_key, birth_key in vd.ID_BIRTH_PAIRS:
        _birth_by_id(best.get(id_key), best.get(birth_key))
        idc, birth = best.get(id_key), val(birth_key)
        if idc and idc.extra.get("role") == "ambiguous":
            continue
        if idc and idc.parsed.problem is None and birth and len(idc.parsed.value) == 12:
            idc.parsed.problem = vd.citizen_id(idc.parsed.value, birth)
    bounds = {later: val(later) for _, later in vd.DATE_ORDER}  # read before any is marked below
    for key, later in vd.DATE_ORDER:
        c, must_precede = best.get(key), bounds[later]
        if c and c.parsed.problem is None and must_precede and c.parsed.value > must_precede:
            c.parsed.problem = "after the date it must precede"


def _birth_by_id(idc: Candidate | None, birth: Candidate | None) -> None:
    """Two readings of a birth date disagree: the citizen ID number prints the birth year's
    century and last two digits, so it picks the reading it agrees with (still uncertain)."""
    if not idc or not birth or idc.parsed.problem or len(idc.parsed.value or "") != 12 or "second" not in birth.extra:
        return
    other, text = birth.extra["second"]
    if vd.citizen_id(idc.parsed.value, birth.parsed.value) and not vd.citizen_id(idc.parsed.value, other.value):
        birth.parsed, birth.raw = other, text
        birth.extra["chosen_by"] = "id_number"


@dataclass
class PageReading:
    """One page's lines and the candidates found on them, computed once per dossier."""

    page: Page
    lines: list[Line]
    header: list[Candidate]  # Decree 30 header elements (and a form's title and signing date)
    body: list[Candidate]  # from the running text of decisions
    table: list[Candidate]  # from a two-person table read by word boxes
    in_table: set[tuple[int, int]]  # (page, line) the table covers


def read_pages(pages: list[Page]) -> list[PageReading]:
    """Lines and candidates of each page. Drawings and maps are read as empty pages: documents of their
    own (extraction/segment.py), never mined for fields: a title block repeats the owner and parcel, and
    dimension figures look like numbers of every kind."""
    out = []
    for page in pages:
        if is_sheet(page):
            out.append(PageReading(page, [], [], [], [], set()))
            continue
        lines = page_lines(page)
        table, covered = table_candidates(page)
        out.append(PageReading(page, lines, header_candidates(lines), body_candidates(lines), table, covered))
    return out


def page_images(pages: list[Page]) -> dict[int, PageImage]:
    return {p.number: PageImage(p) for p in pages}


def extract_fields(pages: list[Page], reread: RereadOptions | None = None,
                   evidence: dict[str, dict[str, float]] | None = None) -> dict[str, FieldValue]:
    """Field key → value for one dossier's pages (any order of forms and official documents).

    Uncertain numeric values on OCR pages are read a second time from the page image
    (Page.image_path) unless `reread.enabled` is False. extraction.read_dossier gives these
    fields and the official documents from one reading. A dict passed as `evidence` receives the
    typed evidence behind each value's confidence (for fitting and checking the calibration).
    """
    from extraction.segment import split_read

    read = read_pages(pages)
    return fields_from(read, reread or RereadOptions(), page_images(pages), evidence, spans=split_read(read))


def fields_from(read: list[PageReading], reread: RereadOptions, images: dict[int, PageImage],
                evidence: dict[str, dict[str, float]] | None = None,
                spans: list | None = None) -> dict[str, FieldValue]:
    """The fields of pages already read; mutates their candidates (choice, second readings).
    With the dossier's documents (extraction.segment spans) each field is taken from the document
    that owns it (ownership.py) and a form's labels are read within its own pages."""
    cands: list[Candidate] = []
    all_lines: list[Line] = []
    for r in read:
        all_lines += r.lines
        cands += r.header + r.body + r.table
    groups = [[r for r in read if r.page.number in s.pages] for s in spans] if spans else [read]
    for group in groups:  # one pass per document: a form's sections run across its pages
        cands += form_candidates([ln for r in group for ln in r.lines], set().union(*(r.in_table for r in group)))
    kind_of = ownership.page_kinds(spans) if spans else {}
    best = _choose(ownership.owned(cands, kind_of) if spans else cands, pool=cands)
    if spans:
        ownership.stand_ins(best, kind_of, STAND_IN_FACTOR)
    else:
        _form_date_lost(best, cands)
    consistency.check(best, all_lines)
    if reread.enabled:
        second_reading(best, images, reread)
    _cross_check(best)
    # a label with nothing after it on paper either: a blank, not a value
    fields = {key: _to_field(c, evidence) for key, c in sorted(best.items())
              if c.parsed.value or not c.extra.get("label_only")}
    # keys, confidences and problems only: values are personal data
    log.debug("extracted %d fields from %d pages: %s", len(fields), len(read),
              {k: (fv.confidence, fv.problem) for k, fv in fields.items()})
    return fields


AMBIGUOUS_ROLE_CAP = calibration.NEVER_CERTAIN  # whose value it is is unsure: never certain, whatever the OCR says
# (also two readings of the print that disagree: the model's fitting data may hold none of them)
HANDWRITTEN_CAP = 0.3  # Tesseract reads print: a value written by hand is a guess for a person to check
HANDWRITTEN = "handwritten"


_DATE_KEYWORDS = {"ngay", "thang", "nam"}


def handwritten(c: Candidate) -> bool:
    """Whether the value was written by hand: at least half of the words that carry it are flagged
    (a date's printed 'ngày', 'tháng', 'năm' say nothing). A hand writes a
    value whole, so one flagged word among printed ones is the flag's error: a printed '27' whose
    '7' leans was flagged in dates of the tune seeds read right at 96 % word confidence."""
    words = [w for w in c.words if any(ch.isalnum() for ch in w.text)]
    if KIND.get(c.key) == DATE:  # a misread part ('S' for 8) still carries the date
        words = [w for w in words if fold(w.text).strip(".,:") not in _DATE_KEYWORDS] or words
    return bool(words) and 2 * sum(w.handwritten for w in words) >= len(words)


def _to_field(c: Candidate, evidence: dict | None = None) -> FieldValue:
    conf = final_confidence(c)
    ev = calibration.evidence(c, conf)
    measured = calibration.probability(ev, calibration.load_model())
    if measured is not None:
        conf = measured
    if c.extra.get("role") == "ambiguous" or c.extra.get("stand_in") or c.extra.get("reread") == "disagree":
        # whose value, which paper's date, or which of two readings of the print is unsure
        conf = min(conf, AMBIGUOUS_ROLE_CAP)
    hand = handwritten(c)
    if hand:
        conf = min(conf, HANDWRITTEN_CAP)
    if evidence is not None:
        evidence[c.key] = ev
    return FieldValue(
        value=c.parsed.value or "",
        raw=c.raw,
        confidence=round(conf, 4),
        page=c.page,
        bbox=union_bbox(c.words),
        valid=c.parsed.problem is None,
        problem=c.parsed.problem or (HANDWRITTEN if hand else None),
        **todays_unit(c.key, c.parsed.value if not c.parsed.problem else None).fields(),
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
        elif fv.problem == HANDWRITTEN and fv.confirmed_by is None:
            problems.append((key, HANDWRITTEN))
        elif fv.confidence < threshold:
            problems.append((key, f"low confidence {fv.confidence:.2f} < {threshold:.2f}"))
    return problems
