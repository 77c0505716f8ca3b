"""Building blocks shared by the official-template renderers: printings, filled-in field lines,
ID lead-in phrases, checkboxes, place-date and signature blocks, footnotes.

A `Sheet` collects render items and, beside them, the truth of every field it prints, so a value is
recorded exactly where (and only if) the form prints it.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from samples.fonts import family, text_width_pt
from samples.forms import Doc, Style, motto
from samples.people import Person, dmy, long_date
from samples.render import A4_MM, MM, Block, Gap, Item, Line, Margins, PageBreak, Row, Signature, _wrap

PRINTING_KEYS = ("A", "B", "C")


@dataclass(frozen=True)
class Printing:
    """How one reprint of a template lays it out; never what it says about the people."""

    key: str
    margins: Margins
    size: float
    shared_lines: bool  # several fields on one line as the template prints them
    leaders: bool  # dotted leaders after values and for blank fields
    wording: str  # "current" | "previous" label wording where a template has two versions
    id_style: str  # "full" | "short" | "number": lead-in phrase of an identity document
    numbering: str  # "as_published" | "none" | "all"
    footnotes: bool
    signature: str  # "right" | "center" | "left"


PRINTINGS = {
    "A": Printing("A", Margins(20, 15, 20, 30), 13.0, True, True, "current", "full", "as_published", True, "right"),
    "B": Printing("B", Margins(15, 15, 15, 25), 12.0, True, False, "previous", "short", "none", False, "center"),
    "C": Printing("C", Margins(25, 20, 22, 30), 13.5, False, True, "current", "number", "all", True, "left"),
}


def printing(key: str) -> Printing:
    try:
        return PRINTINGS[key]
    except KeyError:
        raise ValueError(f"unknown printing {key!r}; choose from {PRINTING_KEYS}") from None


@dataclass
class F:
    """One field of a form line. value "" = left blank (printed as a leader or nothing)."""

    label: str
    value: str = ""
    key: str | None = None  # truth key, when this value is a truth field
    truth: str | None = None  # normalised truth value (default: value)
    mark: str = ""  # footnote number printed after the label


def checkbox(checked: bool, font: str) -> str:
    # Noto has no ballot-box glyphs; DejaVu Serif and FreeSans only the geometric squares
    if font in ("freeserif", "dejavusans"):
        return "☒" if checked else "☐"
    if font in ("dejavuserif", "freesans"):
        return "■" if checked else "□"
    return "[x]" if checked else "[ ]"


@dataclass
class IdDoc:
    kind: str  # "Căn cước công dân" | "Thẻ căn cước"
    number: str
    issued: date
    issuer: str


def id_document(rnd: random.Random, p: Person, when: date) -> IdDoc:
    """The identity card a person would show on `when`: a chip CCCD, or a thẻ căn cước after 1/7/2024."""
    lo = max(date(2016, 1, 1), p.birth_date + timedelta(days=365 * 14 + 4))
    hi = when - timedelta(days=20)
    issued = lo + timedelta(days=rnd.randrange(max(1, (hi - lo).days))) if hi > lo else lo
    if issued >= date(2024, 7, 1):
        return IdDoc("Thẻ căn cước", p.id_number, issued, "Bộ Công an")
    return IdDoc("Căn cước công dân", p.id_number, issued, "Cục Cảnh sát QLHC về TTXH")


def id_phrase(doc: IdDoc, style: str) -> str:
    """The value of a 'Giấy tờ tùy thân' line in the lead-in style the footnotes prescribe."""
    if style == "full":
        return f"{doc.kind} số {doc.number} do {doc.issuer} cấp ngày {dmy(doc.issued)}"
    if style == "short":
        short = "CCCD" if doc.kind == "Căn cước công dân" else "Thẻ căn cước"
        return f"{short} số {doc.number}, cấp ngày {dmy(doc.issued)}"
    return f"Số định danh cá nhân: {doc.number}"


class Sheet:
    """Render items of one filled-in form plus the truth of what it prints."""

    def __init__(self, pr: Printing, font: str, rnd: random.Random, style: Style, names=None):
        self.pr, self.font, self.rnd, self.style, self.names = pr, font, rnd, style, names
        self.items: list[Item] = []
        self.fields: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.number = 0
        self.path = family(font).regular

    # -- measures -----------------------------------------------------------------------------
    @property
    def size(self) -> float:
        return self.pr.size

    @property
    def width_pt(self) -> float:
        m = self.pr.margins
        return (A4_MM[0] - m.left - m.right) * MM

    def _w(self, text: str) -> float:
        return text_width_pt(self.path, self.size, text)

    def _fill(self, text: str, room: float) -> str:
        """Dots after text up to `room` points (the width left on its last printed line)."""
        n = int((room - self._w(text + " ") - 2) / self._w("."))
        return f"{text} {'.' * n}" if n >= 3 else text

    def leader_line(self, text: str, indent: float = 0.0) -> str:
        if not self.pr.leaders:
            return text
        line = Line(text, self.size)
        parts = _wrap(text, family(self.font), line, self.width_pt, indent * MM, 0.0)
        room = self.width_pt - (indent * MM if len(parts) == 1 else 0.0)
        last = parts[-1]
        filled = self._fill(last, room)
        return text + filled[len(last):]

    # -- items --------------------------------------------------------------------------------
    def add(self, *items: Item) -> None:
        self.items.extend(items)

    def text(self, s: str, size: float | None = None, **kw) -> None:
        self.items.append(Line(s, size or self.size, **kw))

    def gap(self, mm: float) -> None:
        self.items.append(Gap(mm))

    def page_break(self) -> None:
        self.items.append(PageBreak())

    def record(self, f: F) -> None:
        if f.key and f.value:
            self.fields[f.key] = unicodedata.normalize("NFC", f.truth if f.truth is not None else f.value)
            self.labels[f.key] = f.label

    def _seg(self, f: F) -> str:
        label = f"{f.label} ({f.mark})" if f.mark and self.pr.footnotes else f.label
        return f"{label}: {f.value}".rstrip() if f.value else f"{label}:"

    def _number(self, published: str | None) -> str:
        """The item number a printing puts before a line: the template's own, none, or a running one."""
        if self.pr.numbering == "none":
            return ""
        if self.pr.numbering == "all":
            self.number += 1
            return f"{self.number}. "
        return f"{published}. " if published else ""

    def line(self, *segs: F, num: str | None = None, space: float = 1.2) -> None:
        """Fields on one printed line (as the template shares them) or one per line."""
        if len(segs) > 1 and not self.pr.shared_lines:
            for k, f in enumerate(segs):
                self.line(f, num=num if k == 0 else None, space=space)
            return
        prefix = self._number(num)
        for f in segs:
            self.record(f)
        if len(segs) == 1:
            text = self.leader_line(prefix + self._seg(segs[0]))
        else:
            text = self._shared(prefix, segs)
        self.items.append(Line(text, self.size, space_before=space))

    def _shared(self, prefix: str, segs: tuple[F, ...]) -> str:
        texts = [self._seg(f) for f in segs]
        if not self.pr.leaders:
            return prefix + "   ".join(texts)
        share = (self.width_pt - self._w(prefix)) / len(texts)
        out = []
        for t in texts:
            out.append(self._fill(t, share) if self._w(t) < share - 10 else t)
        joined = prefix + " ".join(out)
        if self._w(joined) > self.width_pt:  # long values: no room for leaders between fields
            joined = prefix + "   ".join(texts)
        return joined

    def choice_line(self, label: str, options: list[tuple[str, bool]], num: str | None = None) -> None:
        boxes = "   ".join(f"{o} {checkbox(c, self.font)}" for o, c in options)
        self.items.append(Line(f"{self._number(num)}{label} {boxes}", self.size, space_before=1.2))

    # -- header and footer --------------------------------------------------------------------
    def header(self, title: str, subtitle: str = "", code: str = "", addressee: str = "",
               addressee_mark: str = "", date_top: str = "") -> None:
        if code:
            self.items.append(Line(code, self.size - 2, italic=True, align="right"))
        self.items.extend(motto(self.style, self.size))
        if date_top:
            self.items.append(Line(date_top, self.size, italic=True, align="right", space_before=3))
        for k, part in enumerate(title.split("\n")):
            self.items.append(Line(part, self.size + 1, bold=True, align="center", space_before=7 if k == 0 else 0))
        if subtitle:
            self.items.append(Line(subtitle, self.size - 1, italic=True, align="center"))
        if addressee:
            mark = f" ({addressee_mark})" if addressee_mark and self.pr.footnotes else ""
            self.items.append(Line(self.leader_line(f"Kính gửi{mark}: {addressee}", 15.0), self.size,
                                   indent=15, space_before=5))

    def place_date(self, place: str, when: date, made_at: bool = False) -> str:
        """'Làm tại: <place>, ngày …' (hộ tịch) or '<place>, ngày …'; records signed_date."""
        self.fields["signed_date"] = when.isoformat()
        text = f"{place}, {long_date(when, self.style.date_style)}"
        return f"Làm tại: {text}" if made_at else text

    def signature(self, date_line: str | None, title: str, hint: str, name: str,
                  left: list[Line] | None = None) -> None:
        """The signer's block where this printing puts it; `left` fills the other column of the row."""
        sig = [Line(title, self.size, bold=True, align="center", space_before=1),
               Line(hint, self.size - 1, italic=True, align="center"),
               Signature(seed=self.rnd.randrange(10**6)),
               Line(self.style.name(name), self.size, bold=True, align="center")]
        if date_line:
            sig.insert(0, Line(date_line, self.size, italic=True, align="center", space_before=4))
        m = self.pr.margins
        if self.pr.signature == "center":
            for ln in left or []:
                self.items.append(ln)
            self.items.append(Block(sig, x0=55, x1=155))
            return
        mid = (m.left + A4_MM[0] - m.right) / 2
        if self.pr.signature == "right":
            blocks = [Block(left or [Gap(1)], x0=m.left, x1=mid - 3), Block(sig, x0=mid, x1=A4_MM[0] - m.right)]
        else:
            blocks = [Block(sig, x0=m.left, x1=mid - 3), Block(left or [Gap(1)], x0=mid + 3, x1=A4_MM[0] - m.right)]
        self.items.append(Row(blocks, space_before=3))

    def footnotes(self, notes: list[tuple[str, str]], title: str = "Chú thích:") -> None:
        if not self.pr.footnotes or not notes:
            return
        self.items.append(Line(title, self.size - 2, bold=True, italic=True, space_before=5))
        for mark, text in notes:
            self.items.append(Line(f"({mark}) {text}", self.size - 2.5, italic=True, space_before=0.5))

    def table_row(self, cells: list[str], widths: list[float], bold: bool = False, space: float = 1.0) -> None:
        """One table row: a Row of Blocks side by side (text reads left to right within the row)."""
        x = self.pr.margins.left
        blocks = []
        for cell, w in zip(cells, widths):
            blocks.append(Block([Line(cell or " ", self.size - 1, bold=bold, align="left")], x0=x + 1, x1=x + w - 1))
            x += w
        self.items.append(Row(blocks, space_before=space))

    def doc(self, procedure: str, template: str, source: str, roles: dict[str, list[str]]) -> Doc:
        d = Doc("form", procedure, template, self.items, dict(self.fields), dict(self.labels))
        d.meta = {"template": template, "template_source": source, "printing": self.pr.key,
                  "roles": {r: [k for k in keys if k in self.fields] for r, keys in roles.items()}}
        return d
