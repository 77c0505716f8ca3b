"""Documents inside a dossier: its pages split into papers, each with a kind.

A one-stop office scans a dossier in one pass: the receipt, the application form, a copy of the ID
card, supporting papers, the result. Each page is looked at for the cues that open a paper:

- a separator or cover sheet (the OCR stage flags it from its barcode; it is its own document);
- page numbering 'Trang k/n': k = 1 opens a paper, k > 1 continues one (the strongest cue after a
  sheet, so a continuation page with a caps heading stays where it is);
- the receipt's title or a dossier code in a barcode; an ID card's title or its QR code;
- a Decree 30 header ('Số: …/…'), the national motto block at the top, a title of a known kind
  at the top of the page;
- another paper format (a layout break); the page after an ID copy (both sides on one sheet);
- a drawing or map (a line-art page, extraction/sheets.py) after a page of another kind, and a page
  of text after one: a run of line-art pages of one kind is one document.
A page with none of these continues the paper before it (blank pages too).

Kinds: form, id_copy, decision (any Decree 30 document: its 7197 TypeName says which),
certificate (a result paper: certificate, permit, extract), receipt, separator, cover, other,
drawing, map_extract, cadastral_map.
`confidence` is the share of documents opened and named by the same cues that came out right
on the calibrate split (extraction/data/segments.json, fitted by bench/documents_bench.py --fit);
without that table it is the rule score of the cues, not a probability.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sohoa.documents import SHEET_KINDS, Page
from extraction import doc_kinds
from extraction import dossier_code
from extraction import official as off
from extraction.labels import match_line_label
from extraction.sheets import sheet_kind
from extraction.text import Line, fold, squash

KINDS = ("form", "id_copy", "decision", "certificate", "receipt", "separator", "cover", "other", "drawing",
         "map_extract", "cadastral_map")
ONE_PAGE = ("id_copy", "cover", "separator")  # an ID copy prints both sides on one sheet; sheets are one page
SHEET_FLAGS = {"separator_sheet": "separator", "cover_sheet": "cover"}
TABLE_PATH = Path(__file__).parent / "data" / "segments.json"
TOP = 14  # lines from the top of a page where a paper's opening cues stand

_PAGE_NO = re.compile(r"\btrang\s*([0-9lio]{1,2})\s*/\s*([0-9lio]{1,2})\b")
_RECEIPT = ("giay tiep nhan ho so", "phieu tiep nhan ho so", "bien nhan ho so", "giay bien nhan ho so",
            "phieu tiep nhan va hen tra")
_ID_TITLES = ("can cuoc cong dan", "chung minh nhan dan", "citizen identity card", "identity card")
_ID_CARD_ONLY = re.compile(r"^can cuoc$")  # the 2024 card: 'CĂN CƯỚC' alone on its line
_CCCD_QR = re.compile(r"^\d{12}\|")  # the ID card's QR: number|old number|name|birth|sex|address|issued
# rule scores of a cue, used when no fitted table is installed
_RULE = {"sheet": 0.99, "drawing": 0.9, "page_number": 0.95, "receipt": 0.95, "id": 0.93, "header": 0.92, "title": 0.9,
         "first": 0.85, "motto": 0.8, "after_one_page": 0.8, "labels": 0.75, "layout": 0.6, "none": 0.5}


@dataclass
class PageCues:
    number: int
    sheet: str | None = None  # separator | cover
    drawing: str | None = None  # a line-art page: drawing | map_extract | cadastral_map
    page_no: tuple[int, int] | None = None  # 'Trang k/n'
    receipt: bool = False
    id_card: bool = False
    header: bool = False  # a Decree 30 number line
    motto: bool = False
    title: str = ""  # the caps title line read at the top
    title_group: str | None = None  # doc_kinds group of that title
    labels: int = 0  # 'Label: value' lines of a form
    blank: bool = False
    size: tuple[int, int] = (0, 0)  # pixels of the upright page
    dpi: int = 0


@dataclass
class Span:
    kind: str
    first: int  # page numbers (Page.number)
    last: int
    title: str = ""
    opened_by: str = "first"  # the cue that opened it
    named_by: str = "none"  # the cue that named its kind
    confidence: float = 0.0
    pages: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "first_page": self.first, "last_page": self.last, "title": self.title,
                "confidence": self.confidence, "cues": f"{self.opened_by}+{self.named_by}"}


def _digits(s: str) -> int:
    return int(s.replace("l", "1").replace("i", "1").replace("o", "0"))


def page_cues(page: Page, lines: list[Line], has_number: bool) -> PageCues:
    """What one page shows of where papers begin and what they are (`has_number`: a Decree 30 number
    line was found in its header zone)."""
    cues = PageCues(page.number, size=(page.width, page.height), dpi=page.dpi)
    flags = set(page.flags)
    cues.sheet = next((SHEET_FLAGS[f] for f in page.flags if f in SHEET_FLAGS), None)
    cues.blank = "blank_page" in flags or not page.text.strip()
    cues.drawing = sheet_kind(page)
    texts = [ln.text for ln in lines if ln.text.strip()]
    for t in texts[:4] + texts[-4:]:
        m = _PAGE_NO.search(fold(t))
        if m and 1 <= _digits(m.group(1)) <= _digits(m.group(2)) <= 60:
            cues.page_no = (_digits(m.group(1)), _digits(m.group(2)))
            break
    top = texts[:TOP]
    squashed = [squash(t) for t in top]
    # titles stand alone in capitals: a form's 'Giấy tờ tùy thân: Căn cước công dân số …' is no ID card
    caps = [(t, s) for t, s in zip(top, squashed) if off.is_caps(off.cut_motto(t))]
    receipt_line = next((t for t, s in caps if any(s.startswith(r) for r in _RECEIPT)), None)
    id_line = next((t for t, s in caps if s in _ID_TITLES or _ID_CARD_ONLY.match(s)), None)
    cues.receipt = receipt_line is not None or any(dossier_code.parse(c.text) for c in page.codes)
    cues.id_card = id_line is not None or any(_CCCD_QR.match(c.text) for c in page.codes)
    named = receipt_line if cues.receipt else id_line if cues.id_card else None
    cues.header = has_number
    cues.motto = any(off._MOTTO_START.search(fold(t)) for t in top[:10])
    for t in top:
        text = off.cut_motto(t).strip(" -_—–.")
        if not text or text.endswith(":"):
            continue  # 'QUYẾT ĐỊNH:' opens the articles, it is no title
        r = off.title_reading(text)
        if r is not None and r.kind is not None:
            cues.title, cues.title_group = text, r.kind.group
            break
    if named:
        cues.title = named.strip()
    cues.labels = sum(1 for t in texts if match_line_label(t))
    return cues


def _opens(c: PageCues, prev: PageCues | None, open_doc: Span | None, open_cues: PageCues | None) -> str | None:
    """The cue that makes this page open a new paper, or None when it continues the one before."""
    if prev is None:
        return "first"
    if c.sheet or prev.sheet:
        return "sheet"
    if c.drawing != prev.drawing:
        return "drawing"
    if c.drawing:
        return None  # the next sheet of the same drawing or map
    if c.page_no:
        return "page_number" if c.page_no[0] == 1 else None
    if open_cues and open_cues.page_no and open_doc and len(open_doc.pages) < open_cues.page_no[1]:
        return None  # the paper said how many pages it has and has not had them yet
    if c.blank:
        return None
    if open_doc and open_doc.kind in ONE_PAGE:
        return "after_one_page"
    if c.receipt:
        return "receipt"
    if c.id_card:
        return "id"
    if c.header:
        return "header"
    if c.motto:
        return "motto"
    if c.title and c.title_group in (doc_kinds.FORM, doc_kinds.RESULT, doc_kinds.SHEET):
        return "title"
    if _other_paper(prev, c):
        return "layout"
    return None


def _other_paper(a: PageCues, b: PageCues) -> bool:
    """Another paper format (A5 after A4, A3 after A4): a side differs by over 15 %. Orientation is
    no cue (a landscape table within a paper, a page the OCR stage could not turn upright), nor the few
    per cent deskewing adds to a page."""
    if min(a.size + b.size) <= 0 or not (a.dpi and b.dpi):
        return False
    sa = sorted(v / a.dpi for v in a.size)
    sb = sorted(v / b.dpi for v in b.size)
    return any(abs(x - y) / max(x, y) > 0.15 for x, y in zip(sa, sb))


def _kind(c: PageCues) -> tuple[str, str]:
    """(kind, cue that named it) from a paper's first page."""
    if c.sheet:
        return c.sheet, "sheet"
    if c.drawing:
        return c.drawing, "drawing"
    if c.receipt:
        return "receipt", "receipt"
    if c.id_card:
        return "id_copy", "id"
    if c.title_group == doc_kinds.RESULT:
        return "certificate", "title"
    if c.title_group == doc_kinds.SHEET:  # a map extract printed with its text: named by its title
        r = off.title_reading(c.title)
        return next((k for k, name in SHEET_KINDS.items() if r and r.kind and r.kind.title == name.upper()),
                    "map_extract"), "title"
    if c.title_group == doc_kinds.FORM:
        return "form", "title"
    if c.header:
        return "decision", "header"
    if c.title_group in (doc_kinds.ADMINISTRATIVE, doc_kinds.NORMATIVE):
        return "decision", "title"
    if c.labels >= 4:
        return "form", "labels"
    return "other", "none"


@lru_cache(maxsize=1)
def _table(path: Path = TABLE_PATH) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def confidence(opened_by: str, named_by: str, table: dict | None = None) -> float:
    """Measured share right of documents with these cues (Laplace-smoothed), else the rule score."""
    table = _table() if table is None else table
    counts = table.get("cues", {}).get(f"{opened_by}+{named_by}")
    if counts:
        right, n = counts
        return round((right + 1) / (n + 2), 4)
    return round(min(_RULE.get(opened_by, 0.5), _RULE.get(named_by, 0.5)), 4)


def split_read(read) -> list[Span]:
    """The spans of pages already read (extraction.extract.PageReading: page, lines, header)."""
    return split([page_cues(r.page, r.lines, any(c.key == "document_number" for c in r.header)) for r in read])


def split(cues: list[PageCues]) -> list[Span]:
    """Every page in exactly one span, in page order."""
    spans: list[Span] = []
    firsts: list[PageCues] = []
    prev = None
    for c in cues:
        why = _opens(c, prev, spans[-1] if spans else None, firsts[-1] if firsts else None)
        if why:
            kind, named = _kind(c)
            spans.append(Span(kind, c.number, c.number, c.title, why, named, pages=[c.number]))
            firsts.append(c)
        else:
            spans[-1].last = c.number
            spans[-1].pages.append(c.number)
        prev = c
    for s in spans:
        s.confidence = confidence(s.opened_by, s.named_by)
    return spans


def split_box(pages: list[Page]) -> tuple[list[list[Page]], list[int]]:
    """A scanned file cut at its separator sheets: (the runs of pages between them, in order; the
    page numbers of the separator sheets). One run and no sheet: the file is one dossier."""
    parts: list[list[Page]] = [[]]
    sheets = []
    for p in pages:
        if "separator_sheet" in p.flags:
            sheets.append(p.number)
            parts.append([])
        else:
            parts[-1].append(p)
    return [run for run in parts if run], sheets

