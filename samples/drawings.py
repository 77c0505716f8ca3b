"""Large-format sheets of construction and land dossiers: design drawings (bản vẽ) and cadastral maps.

A drawing is a house plan on A3-A1 paper: walls, hatched sections, doors, stairs, grid axes,
dimension chains with their figures, room names, notes and a title block. A map is a sheet of the
bản đồ địa chính (or an extract of it, trích lục): parcel polygons with their numbers and land-use
codes, roads, a north arrow, a scale bar and the parcel's block. Both are drawn in millimetres on
paper and rasterised at a dpi; `text` lists the horizontal strings printed, top to bottom, NFC.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from samples import people
from samples.cases import Case
from samples.fonts import family, pil_font

PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "A2": (420.0, 594.0), "A1": (594.0, 841.0),
            "A0": (841.0, 1189.0)}
SHEET_TITLES = {"drawing": "BẢN VẼ", "map_extract": "TRÍCH LỤC BẢN ĐỒ ĐỊA CHÍNH", "cadastral_map": "BẢN ĐỒ ĐỊA CHÍNH"}
ROOMS = ["PHÒNG KHÁCH", "BẾP + ĂN", "P. NGỦ 1", "P. NGỦ 2", "WC", "SÂN TRƯỚC", "SÂN SAU", "KHO", "P. THỜ",
         "SÂN PHƠI", "GARA"]
LAND_CODES = ["ODT", "ONT", "CLN", "LUC", "BHK", "NTS", "DGT"]
DESIGNERS = ["Thành Phát", "Minh Long", "Phú Cường", "Hưng Thịnh", "An Khang", "Tân Tiến", "Nam Việt"]


@dataclass
class Sheet:
    image: Image.Image  # mode "L", white paper
    text: str  # horizontal strings printed, top to bottom, "\n"-joined, NFC
    kind: str  # drawing | map_extract | cadastral_map
    paper: str
    dpi: int
    fields: dict[str, str] = field(default_factory=dict)  # values printed on the sheet (parcel, sheet number)


class _Pen:
    """Draws in millimetres on a page image; remembers the horizontal strings it printed."""

    def __init__(self, size_mm: tuple[float, float], dpi: int, font: str):
        self.k = dpi / 25.4
        self.w, self.h = size_mm
        self.img = Image.new("L", (round(self.w * self.k), round(self.h * self.k)), 255)
        self.d = ImageDraw.Draw(self.img)
        self.fam = family(font)
        self.printed: list[tuple[float, float, str]] = []  # (top, left, text)

    def px(self, v: float) -> float:
        return v * self.k

    def line(self, pts, width_mm: float = 0.25, fill: int = 0) -> None:
        self.d.line([(self.px(x), self.px(y)) for x, y in pts], fill=fill, width=max(1, round(self.px(width_mm))))

    def rect(self, x0, y0, x1, y1, width_mm: float = 0.25) -> None:
        self.line([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], width_mm)

    def circle(self, cx, cy, r, width_mm: float = 0.25) -> None:
        box = [self.px(cx - r), self.px(cy - r), self.px(cx + r), self.px(cy + r)]
        self.d.ellipse(box, outline=0, width=max(1, round(self.px(width_mm))))

    def arc(self, cx, cy, r, start, end, width_mm: float = 0.18) -> None:
        box = [self.px(cx - r), self.px(cy - r), self.px(cx + r), self.px(cy + r)]
        self.d.arc(box, start, end, fill=0, width=max(1, round(self.px(width_mm))))

    def text_width(self, text: str, size_mm: float, bold: bool = False) -> float:
        return pil_font(self.fam.path(bold), max(1, round(self.px(size_mm)))).getlength(text) / self.k

    def text(self, x, y, text: str, size_mm: float, bold: bool = False, anchor: str = "ls",
             record: bool = True) -> None:
        """Horizontal text; (x, y) is the anchor point in mm (PIL anchors: ls = left baseline)."""
        text = unicodedata.normalize("NFC", text)
        f = pil_font(self.fam.path(bold), max(1, round(self.px(size_mm))))
        self.d.text((self.px(x), self.px(y)), text, font=f, fill=0, anchor=anchor)
        if record:
            left, top, _, _ = self.d.textbbox((self.px(x), self.px(y)), text, font=f, anchor=anchor)
            self.printed.append((top / self.k, left / self.k, text))

    def vtext(self, x, y, text: str, size_mm: float) -> None:
        """Text turned 90° counter-clockwise (vertical dimension figures), centred on (x, y)."""
        f = pil_font(self.fam.path(False), max(1, round(self.px(size_mm))))
        w = round(f.getlength(text)) + 4
        h = round(self.px(size_mm) * 1.4)
        tile = Image.new("L", (w, h), 255)
        ImageDraw.Draw(tile).text((2, h * 0.8), text, font=f, fill=0, anchor="ls")
        tile = tile.rotate(90, expand=True)
        self.img.paste(tile, (round(self.px(x) - tile.width / 2), round(self.px(y) - tile.height / 2)),
                       mask=tile.point(lambda v: 255 - v))

    def lines_of_text(self) -> str:
        # rows within 2 mm of each other are one row, read left to right
        rows: list[list[tuple[float, float, str]]] = []
        for item in sorted(self.printed):
            if rows and abs(item[0] - rows[-1][0][0]) < 2.0:
                rows[-1].append(item)
            else:
                rows.append([item])
        return "\n".join(" ".join(t for _, _, t in sorted(r, key=lambda i: i[1])) for r in rows)


def _landscape(paper: str) -> tuple[float, float]:
    a, b = PAPER_MM[paper]
    return max(a, b), min(a, b)


def _frame(pen: _Pen, f: float) -> tuple[float, float, float, float]:
    """Border of the sheet: a binding margin on the left. Returns the inner frame."""
    x0, y0, x1, y1 = 25 * f, 10 * f, pen.w - 10 * f, pen.h - 10 * f
    pen.rect(x0, y0, x1, y1, 0.7)
    return x0, y0, x1, y1


# ---- construction drawing -------------------------------------------------------------------------

def _dimension(pen: _Pen, x0: float, x1: float, y: float, value: str, size: float, tick: float) -> None:
    """A horizontal dimension line with slashed ticks and its figure above the middle."""
    pen.line([(x0 - tick, y), (x1 + tick, y)], 0.13)
    for x in (x0, x1):
        pen.line([(x - tick / 2, y + tick / 2), (x + tick / 2, y - tick / 2)], 0.35)
        pen.line([(x, y - tick), (x, y + tick * 1.5)], 0.13)
    pen.text((x0 + x1) / 2, y - size * 0.35, value, size, anchor="ms")


def _vdimension(pen: _Pen, y0: float, y1: float, x: float, value: str, size: float, tick: float) -> None:
    pen.line([(x, y0 - tick), (x, y1 + tick)], 0.13)
    for y in (y0, y1):
        pen.line([(x - tick / 2, y + tick / 2), (x + tick / 2, y - tick / 2)], 0.35)
        pen.line([(x - tick, y), (x + tick * 1.5, y)], 0.13)
    pen.vtext(x - size * 0.9, (y0 + y1) / 2, value, size)


def _hatch(pen: _Pen, x0, y0, x1, y1, step: float) -> None:
    """45° section hatching clipped to a box."""
    w, h = x1 - x0, y1 - y0
    t = step
    while t < w + h:
        ax, ay = x0 + min(t, w), y0 + max(0.0, t - w)
        bx, by = x0 + max(0.0, t - h), y0 + min(t, h)
        pen.line([(ax, ay), (bx, by)], 0.1)
        t += step


def _plan(pen: _Pen, rnd: random.Random, x0: float, y0: float, width_m: float, depth_m: float, scale: int,
          f: float, title: str) -> None:
    """One floor plan at 1:scale with its top-left corner at (x0, y0) mm on paper."""
    mm = 1000 / scale  # paper mm per metre
    W, D = width_m * mm, depth_m * mm
    wall = 0.2 * mm
    pen.rect(x0, y0, x0 + W, y0 + D, 0.5)
    pen.rect(x0 + wall, y0 + wall, x0 + W - wall, y0 + D - wall, 0.35)
    for (a, b, c, e) in ((x0, y0, x0 + W, y0 + wall), (x0, y0 + D - wall, x0 + W, y0 + D),
                         (x0, y0, x0 + wall, y0 + D), (x0 + W - wall, y0, x0 + W, y0 + D)):
        _hatch(pen, a, b, c, e, 0.9 * f)
    # rooms along the depth, split by partitions; the text of each room at its centre
    cuts, at = [], 0
    while at + 7 <= depth_m:  # rooms of 3 to 6 m, the last at least 3 m deep
        at += rnd.randint(3, min(6, int(depth_m) - at - 3))
        cuts.append(at)
    edges = [0.0] + [float(c) for c in cuts] + [depth_m]
    names = rnd.sample(ROOMS, k=len(edges) - 1)
    size = 3.0 * f
    for i, (a, b) in enumerate(zip(edges, edges[1:])):
        ya, yb = y0 + a * mm, y0 + b * mm
        if i:
            pen.line([(x0 + wall, ya), (x0 + W - wall, ya)], 0.35)
            pen.line([(x0 + wall, ya + 0.1 * mm), (x0 + W - wall, ya + 0.1 * mm)], 0.35)
            door = x0 + W * rnd.uniform(0.2, 0.6)
            pen.line([(door, ya - 1), (door + 0.9 * mm, ya - 1)], 0.6, fill=255)  # opening in the wall
            pen.arc(door, ya, 0.9 * mm, 0, 90)
            pen.line([(door, ya), (door, ya + 0.9 * mm)], 0.18)
        pen.text(x0 + W / 2, (ya + yb) / 2, names[i], size, bold=True, anchor="mm")
        pen.text(x0 + W / 2, (ya + yb) / 2 + size * 1.6, f"S = {width_m * (b - a):.1f} m²".replace(".", ","),
                 size * 0.8, anchor="mm")
    # stairs: treads across one side
    sx = x0 + W - wall - 1.1 * mm
    sy = y0 + edges[1] * mm + 0.3 * mm
    for j in range(12):
        pen.line([(sx, sy + j * 0.25 * mm), (sx + 1.0 * mm, sy + j * 0.25 * mm)], 0.13)
    pen.line([(sx, sy), (sx, sy + 11 * 0.25 * mm)], 0.18)
    # grid axes and dimension chains
    tick, dsize = 1.2 * f, 2.5 * f
    _dimension(pen, x0, x0 + W, y0 - 8 * f, f"{round(width_m * 1000)}", dsize, tick)
    axes = [0.0] + [float(c) for c in cuts] + [depth_m]
    for n, (a, b) in enumerate(zip(axes, axes[1:])):
        _vdimension(pen, y0 + a * mm, y0 + b * mm, x0 - 8 * f, f"{round((b - a) * 1000)}", dsize, tick)
    for n, a in enumerate(axes):
        cy = y0 + a * mm
        pen.line([(x0 - 14 * f, cy), (x0 + W + 4 * f, cy)], 0.1)
        pen.circle(x0 - 18 * f, cy, 3.5 * f)
        pen.text(x0 - 18 * f, cy, str(n + 1), 3.0 * f, anchor="mm")
    for n, a in enumerate((0.0, width_m)):
        cx = x0 + a * mm
        pen.circle(cx, y0 - 18 * f, 3.5 * f)
        pen.text(cx, y0 - 18 * f, "AB"[n], 3.0 * f, anchor="mm")
    pen.text(x0 + W / 2, y0 + D + 12 * f, title, 5.0 * f, bold=True, anchor="ms")
    pen.text(x0 + W / 2, y0 + D + 19 * f, f"TỶ LỆ 1:{scale}", 3.5 * f, anchor="ms")


def _title_block(pen: _Pen, rows: list[tuple[str, str]], x1: float, y1: float, f: float) -> None:
    """A bordered table of label: value rows in the bottom-right corner of the frame."""
    size = 3.2 * f
    row_h = size * 2.4
    widest = max(pen.text_width(f"{a}: {b}", size, bold=False) for a, b in rows)
    width = widest + 8 * f
    x0, y0 = x1 - width, y1 - row_h * len(rows)
    pen.rect(x0, y0, x1, y1, 0.5)
    for i, (label, value) in enumerate(rows):
        top = y0 + i * row_h
        if i:
            pen.line([(x0, top), (x1, top)], 0.25)
        pen.text(x0 + 4 * f, top + row_h * 0.68, f"{label}: {value}", size)


def construction_drawing(rnd: random.Random, case: Case, paper: str = "A1", dpi: int = 300,
                         font: str = "freeserif", number: int = 1) -> Sheet:
    """A sheet of house plans at 1:50 (1:100 below A1) with a title block; landscape."""
    pen = _Pen(_landscape(paper), dpi, font)
    f = min(pen.w, pen.h) / 594  # element sizes follow the paper: A1 = 1
    f = max(f, 0.6)
    x0, y0, x1, y1 = _frame(pen, f)
    scale = 50 if paper in ("A1", "A0") else 100
    width_m = rnd.choice([4.0, 4.5, 5.0, 6.0])
    depth_m = float(rnd.randint(14, 18))
    floors = max(1, case.floors or 1)
    titles = [f"MẶT BẰNG TẦNG {n}" for n in range(1, min(floors, 3) + 1)] + ["MẶT BẰNG MÁI"]
    mm = 1000 / scale
    slot = (width_m * mm + 45 * f)
    left = x0 + 35 * f
    for n, title in enumerate(titles):
        px = left + n * slot
        if px + width_m * mm > x1 - 10 * f:
            break
        _plan(pen, rnd, px, y0 + 35 * f, width_m, depth_m, scale, f, title)
    notes = ["GHI CHÚ:", "- Kích thước ghi bằng milimét (mm).", "- Cao độ ±0.000 lấy tại mặt sàn tầng 1.",
             "- Bản vẽ kèm theo hồ sơ đề nghị cấp giấy phép xây dựng."]
    nx = x0 + 10 * f
    for i, t in enumerate(notes):
        pen.text(nx, y1 - 40 * f + i * 6 * f, t, 3.0 * f, bold=(i == 0))
    owner = case.applicant
    site = case.land_address.line if case.land_address else owner.address.line
    code = f"KT-{number:02d}"
    rows = [("CHỦ ĐẦU TƯ", f"{'ÔNG' if owner.sex == 'Nam' else 'BÀ'} {owner.name.upper()}"),
            ("CÔNG TRÌNH", f"NHÀ Ở RIÊNG LẺ {floors} TẦNG"),
            ("ĐỊA ĐIỂM", f"Thửa đất số {case.parcel}, tờ bản đồ số {case.sheet}"),
            ("", site),
            ("ĐƠN VỊ THIẾT KẾ", f"CÔNG TY TNHH TƯ VẤN XÂY DỰNG {rnd.choice(DESIGNERS).upper()}"),
            ("TÊN BẢN VẼ", ", ".join(t.title() for t in titles[:2])),
            ("KÝ HIỆU", f"{code}    TỶ LỆ: 1:{scale}    NGÀY: {case.filed.month:02d}/{case.filed.year}")]
    rows = [(a or "Địa chỉ", b) for a, b in rows]
    _title_block(pen, rows, x1, y1, f)
    return Sheet(pen.img, pen.lines_of_text(), "drawing", paper, dpi,
                 {"parcel_number": str(case.parcel), "map_sheet_number": str(case.sheet), "sheet_code": code})


# ---- cadastral map ---------------------------------------------------------------------------------

def _parcels(rnd: random.Random, box: tuple[float, float, float, float], cell: float):
    """Quadrilateral parcels from a jittered grid over box, with a road band left out."""
    x0, y0, x1, y1 = box
    nx, ny = int((x1 - x0) // cell), int((y1 - y0) // (cell * 1.6))
    dx, dy = (x1 - x0) / nx, (y1 - y0) / ny
    jit = [[(x0 + i * dx + (rnd.uniform(-0.25, 0.25) * dx if 0 < i < nx else 0),
             y0 + j * dy + (rnd.uniform(-0.2, 0.2) * dy if 0 < j < ny else 0)) for i in range(nx + 1)]
           for j in range(ny + 1)]
    road_row = rnd.randint(1, ny - 2)
    quads = []
    for j in range(ny):
        if j == road_row:
            continue
        for i in range(nx):
            quads.append([jit[j][i], jit[j][i + 1], jit[j + 1][i + 1], jit[j + 1][i]])
    return quads, (jit[road_row], jit[road_row + 1])


def cadastral_map(rnd: random.Random, case: Case, paper: str = "A0", dpi: int = 200, font: str = "freeserif",
                  extract: bool = True) -> Sheet:
    """A sheet of the cadastral map (portrait) with the case's parcel outlined; `extract` prints it as
    a trích lục with the parcel's block and the issuing office."""
    a, b = PAPER_MM[paper]
    pen = _Pen((min(a, b), max(a, b)), dpi, font)
    f = max(0.6, pen.w / 841)
    x0, y0, x1, y1 = _frame(pen, f)
    title = SHEET_TITLES["map_extract" if extract else "cadastral_map"]
    addr = case.land_address or case.applicant.address
    pen.text(pen.w / 2, y0 + 22 * f, title, 12 * f, bold=True, anchor="ms")
    pen.text(pen.w / 2, y0 + 34 * f, f"Tờ bản đồ số: {case.sheet}    Tỷ lệ 1:1000", 6 * f, anchor="ms")
    commune = addr.commune[:1].upper() + addr.commune[1:]
    pen.text(pen.w / 2, y0 + 44 * f, f"{commune}, {addr.district_label}, tỉnh Bình Dương", 5 * f, anchor="ms")
    info_h = 70 * f if extract else 20 * f
    box = (x0 + 15 * f, y0 + 55 * f, x1 - 15 * f, y1 - info_h - 10 * f)
    pen.rect(*box, 0.35)
    quads, road = _parcels(rnd, box, 42 * f)
    target = rnd.randrange(len(quads))
    numbers = rnd.sample(range(1, 1999), len(quads))
    numbers[target] = case.parcel
    for n, q in enumerate(quads):
        pen.line(q + [q[0]], 0.6 if n == target else 0.2)
        cx, cy = sum(p[0] for p in q) / 4, sum(p[1] for p in q) / 4
        pen.text(cx, cy - 0.5 * f, str(numbers[n]), 3.2 * f, bold=(n == target), anchor="ms")
        pen.line([(cx - 5 * f, cy + 0.6 * f), (cx + 5 * f, cy + 0.6 * f)], 0.13)
        area = case.area if n == target and case.area else f"{rnd.randint(60, 900)},{rnd.randint(0, 9)}"
        pen.text(cx, cy + 4.2 * f, area, 2.6 * f, anchor="ms")
        pen.text(cx, cy + 8.4 * f, rnd.choice(LAND_CODES), 2.4 * f, anchor="ms")
    top, bottom = road
    pen.line(top, 0.35)
    pen.line(bottom, 0.35)
    mid_y = (top[len(top) // 2][1] + bottom[len(bottom) // 2][1]) / 2
    pen.text((box[0] + box[2]) / 2, mid_y + 2 * f, f"ĐƯỜNG {rnd.choice(people.STREETS).upper()}", 4 * f,
             bold=True, anchor="ms")
    # north arrow and scale bar in the top-right corner of the map
    nx, ny = box[2] - 20 * f, box[1] + 25 * f
    pen.line([(nx, ny + 10 * f), (nx, ny - 10 * f), (nx - 4 * f, ny - 2 * f)], 0.35)
    pen.line([(nx, ny - 10 * f), (nx + 4 * f, ny - 2 * f)], 0.35)
    pen.text(nx, ny - 13 * f, "N", 5 * f, bold=True, anchor="ms")
    sx, sy = box[0] + 10 * f, box[1] + 12 * f
    for i in range(4):
        pen.rect(sx + i * 10 * f, sy, sx + (i + 1) * 10 * f, sy + 2 * f, 0.2)
    pen.text(sx + 20 * f, sy - 2 * f, "0      10      20      30      40 m", 2.6 * f, anchor="ms")
    fields = {"parcel_number": str(case.parcel), "map_sheet_number": str(case.sheet)}
    if extract:
        iy = y1 - info_h + 4 * f
        owner = case.applicant
        rows = [f"Thửa đất số: {case.parcel}    Tờ bản đồ số: {case.sheet}",
                f"Diện tích: {case.area or rnd.randint(60, 900)} m²    "
                f"Mục đích sử dụng: {case.land_use or 'Đất ở tại đô thị'}",
                f"Tên người sử dụng đất: {owner.name}",
                f"Địa chỉ thửa đất: {addr.line}"]
        for i, t in enumerate(rows):
            pen.text(x0 + 20 * f, iy + 8 * f + i * 8 * f, t, 4.2 * f)
        pen.text(x1 - 80 * f, iy + 8 * f, "VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI", 4.2 * f, bold=True, anchor="ms")
        pen.text(x1 - 80 * f, iy + 16 * f, f"Ngày {case.filed.day:02d}/{case.filed.month:02d}/{case.filed.year}",
                 4.0 * f, anchor="ms")
    return Sheet(pen.img, pen.lines_of_text(), "map_extract" if extract else "cadastral_map", paper, dpi, fields)
