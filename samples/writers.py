"""Save page images the way scanners and office PCs do: PNG, JPEG, multi-page TIFF, image PDF,
and born-digital PDF with a real text layer (reportlab + embedded TrueType font)."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Sequence

from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from samples.fonts import family
from samples.render import PageLayout, scribble_points


_EPOCH = time.gmtime(1704067200)  # 2024-01-01


def _dpi_kw(dpi: int | None) -> dict:
    return {"dpi": (dpi, dpi)} if dpi else {}


def write_png(img: Image.Image, path: Path, dpi: int | None) -> None:
    img.save(path, "PNG", compress_level=3, **_dpi_kw(dpi))


def write_jpeg(img: Image.Image, path: Path, dpi: int | None, quality: int = 85) -> None:
    if img.mode == "1":
        img = img.convert("L")
    img.save(path, "JPEG", quality=quality, **_dpi_kw(dpi))


def write_tiff(imgs: Sequence[Image.Image], path: Path, dpi: int | None) -> None:
    first, rest = imgs[0], list(imgs[1:])
    # group4 only handles 1-bit pages; a mixed file falls back to deflate for all of them
    comp = "group4" if all(i.mode == "1" for i in imgs) else "tiff_deflate"
    first.save(path, "TIFF", save_all=True, append_images=rest, compression=comp, **_dpi_kw(dpi))


def write_image_pdf(imgs: Sequence[Image.Image], path: Path, dpi: int) -> None:
    """A scanned PDF: one image per page, page size from the pixel size and dpi. Grey and colour
    pages are stored as JPEG (Pillow default quality, as scanners do), 1-bit pages as CCITT G4."""
    pages = list(imgs)
    # fixed dates: the same seed must give the same bytes
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                  creationDate=_EPOCH, modDate=_EPOCH, producer="sohoa samples")


def append_pdf(path: Path, img: Image.Image, dpi: int) -> None:
    """Add one scanned page at its own resolution (a drawing after A4 forms) to an existing PDF."""
    import io

    import pikepdf

    buf = io.BytesIO()
    write_image_pdf([img], buf, dpi)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf, pikepdf.open(io.BytesIO(buf.getvalue())) as extra:
        pdf.pages.extend(extra.pages)
        pdf.save(path, deterministic_id=True)


def _register(font: str) -> dict[tuple[bool, bool], str]:
    fam = family(font)
    names = {}
    for bold in (False, True):
        for italic in (False, True):
            name = f"{fam.name}-{int(bold)}{int(italic)}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(fam.path(bold, italic))))
            names[(bold, italic)] = name
    return names


def write_text_pdf(pages: Sequence[PageLayout], path: Path, font: str, title: str = "") -> None:
    """Born-digital PDF: the same layout drawn as real text, rules and a vector signature."""
    names = _register(font)
    c = canvas.Canvas(path if hasattr(path, "write") else str(path), pagesize=(pages[0].width, pages[0].height), invariant=1)
    if title:
        c.setTitle(title)
    for page in pages:
        h = page.height
        for p in page.lines:
            c.setFont(names[(p.bold, p.italic)], p.size)
            c.drawString(p.x, h - p.baseline, p.text)
        for m in page.marks:
            if m.kind == "rule":
                x0, y0, x1, _ = m.box
                c.setLineWidth(0.8)
                c.line(x0, h - y0, x1, h - y0)
            else:
                pts = scribble_points(m.box, m.seed)
                path_ = c.beginPath()
                path_.moveTo(pts[0][0], h - pts[0][1])
                for x, y in pts[1:]:
                    path_.lineTo(x, h - y)
                c.setLineWidth(1.1)
                c.drawPath(path_, stroke=1, fill=0)
        c.showPage()
    c.save()


def write_truth(out_dir: Path, records: list[dict]) -> None:
    """truth.jsonl: one JSON record per line, UTF-8 as printed (the benches read it back)."""
    with open(Path(out_dir) / "truth.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
