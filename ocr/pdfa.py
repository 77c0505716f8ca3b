"""Two-layer PDF/A-2b: each page image with invisible text laid over the words.

The text of a line is drawn on one baseline, each word horizontally scaled to its box and the space after
it stretched to the next word, so viewers select words in place and pdfplumber reads the OCR text back.
"""
from __future__ import annotations

import io
import threading
from datetime import datetime, timezone
from pathlib import Path
from statistics import median

import pikepdf
from PIL import ImageCms
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ocr.pdfa_check import check_pdfa
from sohoa.documents import Page

# Images as binary streams, not ASCII85 text: without reportlab's C accelerator the encoding runs in
# Python (about 0.1 s of CPU per page, a tenth of a page's work) and makes each page image 25 % larger.
rl_config.useA85 = 0

FONT_NAME = "SohoaText"
FONT_FILES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
]


# reportlab reads the shared font file through one cursor when it subsets the font into a document:
# two threads saving at once read each other's glyphs (KeyError/IndexError in ttfonts), so saves and
# the font's registration take turns. A save is a small part of a page's work.
_FONT_LOCK = threading.Lock()


def _font() -> str:
    with _FONT_LOCK:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            for f in FONT_FILES:
                if Path(f).exists():
                    pdfmetrics.registerFont(TTFont(FONT_NAME, f))
                    break
            else:
                raise FileNotFoundError("no TrueType font with Vietnamese glyphs found")
    return FONT_NAME


MIN_SPACE = 0.3  # of the font size: the narrowest space drawn between two words


def _lines(page: Page) -> list[list]:
    lines: dict[int, list] = {}
    for w in page.words:
        lines.setdefault(w.line, []).append(w)
    return [lines[k] for k in sorted(lines)]


def _draw_text(c: canvas.Canvas, page: Page, page_h: float, k: float) -> None:
    font = _font()
    for words in _lines(page):
        height_px = median(w.bbox[3] - w.bbox[1] for w in words)
        bottom_px = median(w.bbox[3] for w in words)
        size = max(1.0, height_px * k * 0.85)
        t = c.beginText()
        t.setTextRenderMode(3)  # invisible
        t.setFont(font, size)
        t.setTextOrigin(words[0].bbox[0] * k, page_h - bottom_px * k + 0.15 * size)
        for i, w in enumerate(words):
            natural = pdfmetrics.stringWidth(w.text, font, size)
            target = max(0.1, (w.bbox[2] - w.bbox[0]) * k)
            gap = 0.0
            if i + 1 < len(words):
                # pdfium (Chrome's viewer) drops a space narrower than ~0.2 of the font size and copies
                # "nhà ở" as "nhàở": a narrow gap takes its width from the word before it
                gap = (words[i + 1].bbox[0] - w.bbox[2]) * k
                wide = max(gap, MIN_SPACE * size)
                target = max(0.5 * target, target - (wide - gap))
                gap = wide
            t.setHorizScale(100.0 * target / natural if natural else 100.0)
            t.textOut(w.text)
            if gap:
                t.setHorizScale(100.0 * gap / pdfmetrics.stringWidth(" ", font, size))
                t.textOut(" ")
        c.drawText(t)


def _srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def write_pdfa(pages: list[Page], out_path: Path, title: str = "") -> list[str]:
    """Write the pages (image_path + words) as one PDF/A-2b file; return the PDF/A checks it fails
    (ocr.pdfa_check codes; empty when it passes them all)."""
    buf = io.BytesIO()
    # the text font from the start: reportlab otherwise selects an unembedded Helvetica on every page
    c = canvas.Canvas(buf, pageCompression=1, invariant=0, initialFontName=_font())
    c.setTitle(title)
    c.setCreator("sohoa")
    for page in pages:
        k = 72.0 / page.dpi  # points per pixel
        w_pt, h_pt = page.width * k, page.height * k
        c.setPageSize((w_pt, h_pt))
        if page.image_path:
            c.drawImage(page.image_path, 0, 0, w_pt, h_pt)
        _draw_text(c, page, h_pt, k)
        c.showPage()
    with _FONT_LOCK:
        c.save()
    _make_pdfa(buf.getvalue(), Path(out_path), title)
    return check_pdfa(Path(out_path), pages)


def _make_pdfa(data: bytes, out_path: Path, title: str) -> None:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        icc = pikepdf.Stream(pdf, _srgb_icc())
        icc["/N"] = 3
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB"), Info=pikepdf.String("sRGB IEC61966-2.1"),
            DestOutputProfile=icc,
        )])
        now = datetime.now(timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
        pdf.docinfo["/Title"] = title
        pdf.docinfo["/Producer"] = "sohoa (reportlab, pikepdf)"
        pdf.docinfo["/CreationDate"] = now
        pdf.docinfo["/ModDate"] = now
        if "/Trapped" in pdf.docinfo:
            del pdf.docinfo["/Trapped"]  # no XMP equivalent in PDF/A-2
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        out_path.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(out_path, fix_metadata_version=True)
