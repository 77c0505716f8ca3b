"""Generate the degraded OCR benchmark batch: Vietnamese forms and decisions, rendered and degraded.

    .venv/bin/python bench/ocr_batch.py --out bench/out/ocr_batch [--seed 7]
    .venv/bin/python bench/ocr_batch.py --split tune --out bench/out/ocr_tune
    .venv/bin/python bench/ocr_batch.py --split test --out bench/out/ocr_test
    .venv/bin/python bench/ocr_batch.py --split tune --same-text --per-variant 6 --out bench/out/ocr_same

Without --split: this module's own decision and form templates in all four typefaces (issue 3's batch).
With --split (bench/splits.py): the split's typefaces only, and its templates: `tune` this module's
templates plus official printing A, `test` official printing C only with the split's name source, so
clean-up is tuned on typefaces and templates the test pages never use. Each split has its own seed.

Writes one file per page (PNG/TIFF/JPEG/PDF, as scanners deliver them) and truth.jsonl lines
{"file", "variant", "font", "text"}. Variants follow the issue: clean 300/200 dpi, ±3° skew, pages turned
90/180/270, noise, blur + JPEG, photocopy with dark borders, colour seal, 1-bit fax, 100 dpi, born-digital.
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import date
from pathlib import Path

from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.splits import SPLITS  # noqa: E402
from samples import degrade, people  # noqa: E402
from samples.writers import write_truth  # noqa: E402
from samples.cases import ALL_PROCEDURES, make_case  # noqa: E402
from samples.fonts import family  # noqa: E402
from samples.forms import Style  # noqa: E402
from samples.names import name_source  # noqa: E402
from samples.official import build_official  # noqa: E402
from samples.official.core import printing as printing_spec  # noqa: E402
from samples.render import Block, Gap, Line, Row, Signature, layout, draw  # noqa: E402

SPLIT_SEEDS = {"tune": 7, "calibrate": 1007, "test": 2006}  # the test seed's pages are scored, never looked at
# calibrate (DejaVu Serif, official printing B) is a second tuning view: its errors are looked at
# 2006, 2010, 2011, 2014, 2016-2019, 2022-2024, 2026-2029, 2031 and 2032 (--seed N) were each scored once as the test split (bench/splits.py); next: 2033

FONTS = ["freeserif", "dejavuserif", "notosans", "notoserif"]  # freeserif is the Times-like one

# variant -> (dpi, degradation specs, file format)
VARIANTS = {
    "clean300": (300, [], "png"),
    "clean200": (200, [], "tiff"),
    "skew+3": (300, ["skew:3"], "png"),
    "skew-3": (300, ["skew:-3"], "jpeg"),
    "rot90": (300, ["rotate:90"], "png"),
    "rot180": (300, ["rotate:180"], "tiff"),
    "rot270": (300, ["rotate:270"], "pdf"),
    "noise": (300, ["noise:22"], "png"),
    "blur_jpeg": (300, ["blur:1.1", "jpeg:30"], "jpeg"),
    "photocopy": (300, ["photocopy", "skew:1.2"], "tiff"),
    "seal": (300, ["seal"], "jpeg"),
    "fax_1bit": (200, ["bilevel"], "tiff"),
    "dpi100": (100, [], "png"),
    "born_digital": (300, [], "born-pdf"),
}

AGENCIES = [("UBND TỈNH BÌNH DƯƠNG", "ỦY BAN NHÂN DÂN THỊ XÃ BẾN CÁT"), ("UBND TỈNH TÂY NINH", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"),
            ("UBND THÀNH PHỐ HỒ CHÍ MINH", "SỞ TƯ PHÁP")]
SUBJECTS = ["Về việc công nhận quyền sử dụng đất cho hộ gia đình", "Về việc cấp giấy chứng nhận đăng ký hộ kinh doanh cho",
            "Về việc cho phép chuyển mục đích sử dụng đất của"]
BODY = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024 và Nghị định số 102/2024/NĐ-CP ngày 30 tháng 7 năm 2024 của Chính phủ quy định chi tiết thi hành một số điều của Luật Đất đai;",
    "Xét đề nghị của Trưởng phòng Tài nguyên và Môi trường tại Tờ trình số 1245/TTr-TNMT ngày 12 tháng 3 năm 2024.",
    "Điều 1. Công nhận quyền sử dụng đất đối với thửa đất số 215, tờ bản đồ số 18, diện tích 152,4 m² tại ấp Bến Sắn, mục đích sử dụng: đất ở tại nông thôn, thời hạn sử dụng lâu dài.",
    "Điều 2. Giao Phòng Tài nguyên và Môi trường hướng dẫn người sử dụng đất thực hiện nghĩa vụ tài chính và cập nhật, chỉnh lý hồ sơ địa chính theo quy định.",
    "Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân, Trưởng phòng Tài nguyên và Môi trường, Chủ tịch Ủy ban nhân dân xã và người có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
]


def decision(rnd: random.Random, when: date) -> list:
    top, agency = rnd.choice(AGENCIES)
    who = people.person_name(rnd, rnd.choice(["Nam", "Nữ"]))
    num = f"Số: {rnd.randint(100, 9999)}/QĐ-UBND"
    place = rnd.choice(["Bến Cát", "Tây Ninh", "Thủ Dầu Một"])
    return [
        Row([Block([Line(top, size=12, align="center", wrap=False), Line(agency, size=12, bold=True, align="center", wrap=False, underline=0.4),
                    Line(num, size=12, align="center", space_before=2)], x0=20, x1=85),
             Block([Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center", wrap=False),
                    Line("Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", underline=1),
                    Line(f"{place}, ngày {when.day} tháng {when.month} năm {when.year}", size=13, italic=True, align="center", space_before=2)],
                   x0=88, x1=200)]),
        Gap(8), Line("QUYẾT ĐỊNH", size=14, bold=True, align="center"),
        Line(f"{rnd.choice(SUBJECTS)} {who}", size=14, bold=True, align="center"),
        Gap(4), Line(f"CHỦ TỊCH {agency}", size=13, bold=True, align="center", wrap=False),
        *[Line(t, size=13, indent=10, space_before=1.5, align="left") for t in rnd.sample(BODY[:3], 3)],
        Line("QUYẾT ĐỊNH:", size=14, bold=True, align="center", space_before=3),
        *[Line(t, size=13, indent=10, space_before=1.5) for t in BODY[3:]],
        Row([Block([Line("Nơi nhận:", size=12, bold=True, italic=True), Line("- Như Điều 3;", size=11), Line("- Lưu: VT.", size=11)], x0=30, x1=95),
             Block([Line("TM. ỦY BAN NHÂN DÂN", size=13, bold=True, align="center"), Line("CHỦ TỊCH", size=13, bold=True, align="center"),
                    Signature(seed=rnd.randint(0, 999)), Line(people.person_name(rnd, "Nam"), size=13, bold=True, align="center")], x0=110, x1=195)],
            space_before=6),
    ]


def form(rnd: random.Random, when: date) -> list:
    p = people.person(rnd, when)
    head = Row([Block([Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center", wrap=False),
                       Line("Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", underline=1)], x0=30, x1=195)])
    fields = [
        f"Họ, chữ đệm, tên người yêu cầu: {p.name}",
        f"Ngày, tháng, năm sinh: {people.dmy(p.birth_date)}",
        f"Số định danh cá nhân: {p.id_number}",
        f"Số điện thoại: {people.format_phone(rnd, p.phone)}",
        f"Mã số thuế: {people.tax_code(rnd)}",
        f"Thửa đất số: {rnd.randint(1, 900)}; Tờ bản đồ số: {rnd.randint(1, 60)}",
    ]
    body = [Line(t, size=13, space_before=2) for t in fields]
    return [head, Gap(10), Line("TỜ KHAI ĐĂNG KÝ KHAI SINH", size=15, bold=True, align="center"),
            Line("Kính gửi: Ủy ban nhân dân xã Tân Lập", size=13, align="center", space_before=2), Gap(4), *body,
            *[Line(t, size=13, indent=10, space_before=2) for t in rnd.sample(BODY, 2)],
            Line(f"Làm tại: Tân Lập, ngày {when.day} tháng {when.month} năm {when.year}", size=13, italic=True, space_before=4, align="right")]


def born_digital_pdf(page, font: str, path: Path) -> None:
    """The same layout written as text (what a word processor exports)."""
    fam = family(font)
    c = canvas.Canvas(str(path), pagesize=(page.width, page.height))
    for p in page.lines:
        name = f"{font}-{int(p.bold)}{int(p.italic)}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fam.path(p.bold, p.italic))))
        c.setFont(name, p.size)
        c.drawString(p.x, page.height - p.baseline, p.text)
    c.showPage()
    c.save()


def save(img: Image.Image, path: Path, fmt: str, dpi: int) -> None:
    if fmt == "png":
        img.save(path, dpi=(dpi, dpi))
    elif fmt == "jpeg":
        img.convert("RGB" if img.mode == "RGB" else "L").save(path, quality=85, dpi=(dpi, dpi))
    elif fmt == "tiff":
        img.save(path, compression="group4" if img.mode == "1" else "tiff_lzw", dpi=(dpi, dpi))
    elif fmt == "pdf":
        img.save(path, resolution=dpi)


def official(rnd: random.Random, font: str, split: dict) -> tuple[list, object]:
    """The first page's items of an official template of one of the split's printings, and its margins."""
    names = name_source(split["names"])
    case = make_case(rnd, rnd.choice(sorted(ALL_PROCEDURES)), names)
    doc = build_official(case, rnd, rnd.choice(split["printings"]), Style.draw(rnd), font, names)
    return doc.items, printing_spec(doc.meta["printing"]).margins


def page_layout(rnd: random.Random, n: int, split: str | None, fonts: list[str] | None = None):
    """(page layout, font, template name) of the n-th page; `fonts` replaces the split's typefaces."""
    fonts = fonts or (SPLITS[split]["fonts"] if split else FONTS)
    font = fonts[n % len(fonts)]
    own = split is None or (split == "tune" and n % 3 != 2)  # tune: two thirds own templates, a third printing A
    if own:
        kind = decision if n % 2 == 0 else form
        return layout(kind(rnd, date(2024, rnd.randint(1, 12), rnd.randint(1, 28))), font)[0], font, kind.__name__
    items, margins = official(rnd, font, SPLITS[split])
    return layout(items, font, margins=margins)[0], font, "official"


def layouts(rnd: random.Random, per_variant: int, split: str | None, same_text: bool = False,
            fonts: list[str] | None = None):
    """(variant, page layout, font, template name) of each file in order. With same_text each page's
    text is written in every variant, so a variant's losses show against the same words clean."""
    if same_text:
        pages = [page_layout(rnd, k, split, fonts) for k in range(per_variant)]
        for page in pages:
            for variant in VARIANTS:
                yield (variant, *page)
        return
    n = 0
    for variant in VARIANTS:
        for _ in range(per_variant):
            yield (variant, *page_layout(rnd, n, split, fonts))
            n += 1


def make(out: Path, seed: int, per_variant: int, split: str | None = None, same_text: bool = False,
         only: set[str] | None = None, fonts: list[str] | None = None) -> list[dict]:
    """`only`: render just these variants, the others' pages drawn and skipped, so every page is the one
    the whole batch of this seed would hold."""
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    truth = []
    for n, (variant, page, font, kind) in enumerate(layouts(rnd, per_variant, split, same_text, fonts)):
        if only and variant not in only:
            continue
        dpi, specs, fmt = VARIANTS[variant]
        ext = {"born-pdf": "pdf", "tiff": "tif", "jpeg": "jpg"}.get(fmt, fmt)
        name = f"{n:03d}_{variant}.{ext}"
        if fmt == "born-pdf":
            born_digital_pdf(page, font, out / name)
        else:
            rendered = draw(page, font, dpi)
            seal_args = None
            if "seal" in specs and rendered.signatures:
                x0, y0, x1, y1 = rendered.signatures[0]
                seal_args = dict(center=((x0 + x1) // 2 - int(0.1 * dpi), (y0 + y1) // 2), radius=int(0.65 * dpi),
                                 text="ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
            elif "seal" in specs:  # forms: stamp over the body text
                seal_args = dict(center=(rendered.image.width // 2, rendered.image.height // 3), radius=int(0.65 * dpi),
                                 text="ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
            img = degrade.apply(rendered.image, specs, seed=seed * 1000 + n, seal_args=seal_args)
            save(img, out / name, fmt, dpi)
        truth.append({"file": name, "variant": variant, "font": font, "kind": kind, "text": page.text,
                      **({"split": split} if split else {})})
    write_truth(out, truth)
    return truth


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("bench/out/ocr_batch"))
    ap.add_argument("--seed", type=int, default=None, help="default 7, or the split's own seed")
    ap.add_argument("--per-variant", type=int, default=4)
    ap.add_argument("--split", choices=sorted(SPLIT_SEEDS), default=None)
    ap.add_argument("--same-text", action="store_true", help="each page's text in every variant (--per-variant texts)")
    ap.add_argument("--variants", default="", help="comma-separated: render only these variants' pages")
    ap.add_argument("--fax-threshold", type=int, default=None, help="grey level the 1-bit fax pages are cut at "
                    "(default 150; lower thins the strokes, as a light fax does): a tuning view, not a benchmark")
    ap.add_argument("--fonts", default="", help="comma-separated typefaces replacing the split's (e.g. tinos,arimo): "
                    "a tuning view, refused on the test split")
    a = ap.parse_args()
    if a.fonts and a.split == "test":
        ap.error("--fonts is for tuning views: the test split keeps its own typefaces")
    if a.fax_threshold is not None:
        dpi, specs, fmt = VARIANTS["fax_1bit"]
        VARIANTS["fax_1bit"] = (dpi, [f"bilevel:{a.fax_threshold}" if s == "bilevel" else s for s in specs], fmt)
    seed = a.seed if a.seed is not None else SPLIT_SEEDS.get(a.split, 7)
    t = make(a.out, seed, a.per_variant, a.split, a.same_text, set(filter(None, a.variants.split(","))),
             [f for f in a.fonts.split(",") if f] or None)
    print(f"{len(t)} pages in {a.out}")
