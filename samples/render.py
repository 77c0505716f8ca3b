"""Lay out text blocks on an A4 page and draw them as a page image (or a PDF text layer).

Layout is computed once in points (1/72 inch) so the image at any dpi and the born-digital PDF
carry the same lines. `RenderedPage.text` is exactly the printed text: one entry per printed line
in reading order (in a side-by-side row the left block comes before the right one), NFC.
"""
from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass, field
from typing import Literal, Sequence, Union

from PIL import Image, ImageDraw

from samples.fonts import Family, family, pil_font, text_width_pt

MM = 72 / 25.4  # points per millimetre
A4_MM = (210.0, 297.0)


@dataclass
class Line:
    """One printed paragraph; wrapped at spaces to the block width unless wrap=False."""

    text: str
    size: float = 13.0  # points
    bold: bool = False
    italic: bool = False
    align: Literal["left", "center", "right"] = "left"
    indent: float = 0.0  # mm, first line
    hang: float = 0.0  # mm, wrapped lines
    space_before: float = 0.0  # mm
    underline: float = 0.0  # rule under the line as a fraction of its width (1 motto, ~0.4 agency)
    wrap: bool = True  # False: shrink the size until the line fits


@dataclass
class Gap:
    height: float  # mm


@dataclass
class Signature:
    """Room for a handwritten signature; a scribble is drawn in it."""

    height: float = 18.0  # mm
    width: float = 40.0  # mm
    seed: int = 0


@dataclass
class Block:
    items: list[Union[Line, Gap, Signature]]
    x0: float | None = None  # mm from the left page edge; None = left margin
    x1: float | None = None  # None = right margin


@dataclass
class Row:
    """Blocks side by side starting at the same height (agency | motto; recipients | signature)."""

    blocks: list[Block]
    space_before: float = 0.0


class PageBreak:
    pass


Item = Union[Line, Gap, Signature, Row, PageBreak]


@dataclass
class Placed:
    text: str
    x: float  # pt from left
    baseline: float  # pt from top
    size: float
    bold: bool
    italic: bool
    width: float  # pt


@dataclass
class Mark:
    kind: Literal["rule", "signature"]
    box: tuple[float, float, float, float]  # pt: x0, y0, x1, y1
    seed: int = 0


@dataclass
class PageLayout:
    width: float  # pt
    height: float
    lines: list[Placed] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.lines)


@dataclass
class Margins:
    top: float = 20.0
    right: float = 15.0
    bottom: float = 20.0
    left: float = 30.0


def _leading(size: float) -> float:
    return size * 1.32


def _wrap(text: str, fam: Family, line: Line, width_pt: float, first_indent: float, hang: float) -> list[str]:
    path = fam.path(line.bold, line.italic)
    words = text.split(" ")
    out: list[str] = []
    cur = ""
    for w in words:
        cand = w if not cur else f"{cur} {w}"
        avail = width_pt - (first_indent if not out else hang)
        if cur and text_width_pt(path, line.size, cand) > avail:
            out.append(cur)
            cur = w
        else:
            cur = cand
    out.append(cur)
    return out


class _Flow:
    def __init__(self, fam: Family, page_mm: tuple[float, float], margins: Margins):
        self.fam = fam
        self.w, self.h = page_mm[0] * MM, page_mm[1] * MM
        self.m = margins
        self.pages: list[PageLayout] = []
        self.new_page()

    def new_page(self) -> None:
        self.pages.append(PageLayout(self.w, self.h))
        self.y = self.m.top * MM  # top of the next line box

    @property
    def page(self) -> PageLayout:
        return self.pages[-1]

    def fits(self, height: float) -> bool:
        return self.y + height <= self.h - self.m.bottom * MM or self.y <= self.m.top * MM + 1

    def place_line(self, line: Line, x0: float, x1: float, breakable: bool) -> None:
        text = unicodedata.normalize("NFC", line.text).strip()
        size = line.size
        path = self.fam.path(line.bold, line.italic)
        width = x1 - x0
        if breakable and not self.fits(line.space_before * MM + _leading(size)):
            self.new_page()
        else:
            self.y += line.space_before * MM
        if not line.wrap:
            while size > 6 and text_width_pt(path, size, text) > width - line.indent * MM:
                size -= 0.5
            parts = [text]
        else:
            parts = _wrap(text, self.fam, line, width, line.indent * MM, line.hang * MM)
        for i, part in enumerate(parts):
            lead = _leading(size)
            if breakable and i and not self.fits(lead):
                self.new_page()
            tw = text_width_pt(path, size, part)
            off = (line.indent if i == 0 else line.hang) * MM
            if line.align == "center":
                x = x0 + (width - tw) / 2
            elif line.align == "right":
                x = x1 - tw
            else:
                x = x0 + off
            baseline = self.y + size * 1.0
            self.page.lines.append(Placed(part, x, baseline, size, line.bold, line.italic, tw))
            if line.underline and i == len(parts) - 1:
                rule = tw * min(1.0, float(line.underline))
                rx = x + (tw - rule) / 2
                ry = baseline + size * 0.4
                self.page.marks.append(Mark("rule", (rx, ry, rx + rule, ry)))
            self.y += lead

    def place_signature(self, sig: Signature, x0: float, x1: float, breakable: bool) -> None:
        hh = sig.height * MM
        if breakable and not self.fits(hh):
            self.new_page()
        cx = (x0 + x1) / 2
        ww = min(sig.width * MM, x1 - x0)
        self.page.marks.append(Mark("signature", (cx - ww / 2, self.y, cx + ww / 2, self.y + hh), sig.seed))
        self.y += hh

    def place_block(self, block: Block, breakable: bool) -> None:
        x0 = (block.x0 if block.x0 is not None else self.m.left) * MM
        x1 = (block.x1 if block.x1 is not None else A4_MM[0] - self.m.right) * MM
        x1 = min(x1, self.w - self.m.right * MM) if block.x1 is None else x1
        for it in block.items:
            if isinstance(it, Line):
                self.place_line(it, x0, x1, breakable)
            elif isinstance(it, Gap):
                self.y += it.height * MM
            elif isinstance(it, Signature):
                self.place_signature(it, x0, x1, breakable)
            else:
                raise TypeError(f"not a block item: {it!r}")

    def place_row(self, row: Row) -> None:
        """Blocks side by side; the whole row moves to a new page when it would cross the bottom margin."""
        start_y, n_lines, n_marks = self.y, len(self.page.lines), len(self.page.marks)
        self.y += row.space_before * MM
        top = self.y
        bottom = top
        for b in row.blocks:
            self.y = top
            self.place_block(b, breakable=False)
            bottom = max(bottom, self.y)
        self.y = bottom
        if bottom > self.h - self.m.bottom * MM and start_y > self.m.top * MM + 1:
            del self.page.lines[n_lines:], self.page.marks[n_marks:]
            self.new_page()
            self.place_row(row)


def layout(items: Sequence[Item], font: str = "freeserif", page_mm: tuple[float, float] = A4_MM,
           margins: Margins | None = None) -> list[PageLayout]:
    """Flow items onto as many pages as needed (a PageBreak forces a new page)."""
    flow = _Flow(family(font), page_mm, margins or Margins())
    for it in items:
        if isinstance(it, PageBreak):
            flow.new_page()
        elif isinstance(it, Row):
            flow.place_row(it)
        elif isinstance(it, Block):
            flow.place_block(it, breakable=True)
        else:
            flow.place_block(Block([it]), breakable=True)
    return flow.pages


def scribble_points(box: tuple[float, float, float, float], seed: int, n: int = 60) -> list[tuple[float, float]]:
    """A smooth loopy curve inside box, same for the image and the PDF."""
    rnd = random.Random(seed)
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    phases = [rnd.uniform(0, 2 * math.pi) for _ in range(3)]
    loops = rnd.uniform(2.5, 4.5)
    pts = []
    for i in range(n):
        t = i / (n - 1)
        x = x0 + w * (0.1 + 0.8 * t) + w * 0.06 * math.sin(2 * math.pi * loops * t + phases[0])
        y = (y0 + h * 0.55 + h * 0.28 * math.sin(2 * math.pi * loops * t + phases[1])
             + h * 0.1 * math.sin(2 * math.pi * 0.7 * t + phases[2]))
        pts.append((x, y))
    return pts


@dataclass
class RenderedPage:
    image: Image.Image  # mode "L", white paper
    text: str  # exact printed text, lines joined by "\n", NFC
    dpi: int
    font: str
    lines: list[tuple[str, tuple[int, int, int, int]]]  # (text, pixel bbox) in reading order
    signatures: list[tuple[int, int, int, int]]  # pixel boxes of signature areas
    layout: PageLayout


def draw(page: PageLayout, font: str = "freeserif", dpi: int = 300) -> RenderedPage:
    fam = family(font)
    k = dpi / 72
    img = Image.new("L", (round(page.width * k), round(page.height * k)), 255)
    d = ImageDraw.Draw(img)
    boxes = []
    for p in page.lines:
        f = pil_font(fam.path(p.bold, p.italic), max(1, round(p.size * k)))
        d.text((p.x * k, p.baseline * k), p.text, font=f, fill=0, anchor="ls")
        boxes.append((p.text, (round(p.x * k), round((p.baseline - p.size * 0.8) * k),
                               round((p.x + p.width) * k), round((p.baseline + p.size * 0.25) * k))))
    sigs = []
    for m in page.marks:
        if m.kind == "rule":
            x0, y0, x1, _ = m.box
            d.line([(x0 * k, y0 * k), (x1 * k, y0 * k)], fill=0, width=max(1, round(0.8 * k)))
        else:
            pts = [(x * k, y * k) for x, y in scribble_points(m.box, m.seed)]
            d.line(pts, fill=40, width=max(1, round(1.1 * k)), joint="curve")
            sigs.append(tuple(round(v * k) for v in m.box))
    return RenderedPage(img, page.text, dpi, font, boxes, sigs, page)


def render(items: Sequence[Item], font: str = "freeserif", dpi: int = 300,
           margins: Margins | None = None) -> list[RenderedPage]:
    """Lay out and draw; one RenderedPage per page."""
    return [draw(p, font, dpi) for p in layout(items, font, margins=margins)]


def render_lines(lines: Sequence[str], font: str = "freeserif", dpi: int = 300, size: float = 13.0,
                 bold: bool = False) -> RenderedPage:
    """Shortcut for tests and benchmarks: plain left-aligned paragraphs on one page."""
    pages = render([Line(t, size=size, bold=bold, space_before=1.0) for t in lines], font, dpi)
    if len(pages) != 1:
        raise ValueError("text does not fit on one page")
    return pages[0]
