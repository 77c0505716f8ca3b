"""The PDF/A rules that can be checked here without a full validator (veraPDF is not installable).

Each check has a short code; `check_pdfa` returns the codes of the rules a file breaks (empty: all
pass). With the pages it was written from, it also checks that the text a viewer copies is exactly
the OCR words, drawn invisibly (render mode 3) in an embedded font or in a glyphless font.
"""
from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
from pikepdf.models.metadata import decode_pdf_date

from ocr.active_content import active_content
from sohoa.documents import Page

PDFA_CHECK_FAILED = "pdfa_check_failed"  # the page flag a flow records when a written PDF/A fails a check

ENCRYPTED = "encrypted"
XMP_MISSING = "xmp_missing"
XMP_NOT_PDFA = "xmp_not_pdfa"  # no pdfaid:part / pdfaid:conformance, or values PDF/A does not define
XMP_INFO_MISMATCH = "xmp_info_mismatch"
NO_OUTPUT_INTENT = "no_output_intent"
FONT_NOT_EMBEDDED = "font_not_embedded"
ACTIVE_CONTENT = "active_content"  # JavaScript, launch actions, embedded files
TEXT_VISIBLE = "text_visible"  # text drawn with glyphs over the page image
TEXT_DIFFERS = "text_differs"  # the copied text is not the OCR words

PARTS = {"1": "AB", "2": "ABU", "3": "ABU", "4": "EF"}
# Info entries and the XMP properties PDF/A requires them to equal (ISO 19005-1, 6.7.3)
INFO_XMP = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
            "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer"}
INFO_DATES = {"/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}
TEXT_SHOW = {"Tj", "TJ", "'", '"'}


def check_pdfa(path: Path, pages: list[Page] | None = None) -> list[str]:
    """Codes of the checked PDF/A rules that the file at `path` breaks, in a fixed order."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return [ENCRYPTED]
    with pdf:
        failed = []
        if pdf.is_encrypted:
            failed.append(ENCRYPTED)
        failed += _metadata(pdf)
        if not _has_output_intent(pdf):
            failed.append(NO_OUTPUT_INTENT)
        fonts = _page_fonts(pdf)
        if any(not _embedded(f) for f in fonts.values()):
            failed.append(FONT_NOT_EMBEDDED)
        if any(_visible_text(p) for p in pdf.pages):
            failed.append(TEXT_VISIBLE)
    if active_content(Path(path)):
        failed.append(ACTIVE_CONTENT)
    if pages is not None and not text_matches(path, pages):
        failed.append(TEXT_DIFFERS)
    return failed


def _metadata(pdf: pikepdf.Pdf) -> list[str]:
    if "/Metadata" not in pdf.Root:
        return [XMP_MISSING]
    meta = pdf.open_metadata()
    part, conformance = str(meta.get("pdfaid:part", "")), str(meta.get("pdfaid:conformance", ""))
    failed = [] if conformance and conformance in PARTS.get(part, "") else [XMP_NOT_PDFA]
    info = pdf.docinfo if "/Info" in pdf.trailer else {}
    for key, prop in INFO_XMP.items():
        if key in info and _norm(info[key]) != _xmp_text(meta.get(prop)):
            return failed + [XMP_INFO_MISMATCH]
    for key, prop in INFO_DATES.items():
        if key in info and not _same_date(str(info[key]), meta.get(prop)):
            return failed + [XMP_INFO_MISMATCH]
    return failed


def _norm(value) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def _xmp_text(value) -> str:
    if isinstance(value, (list, set, tuple)):  # dc:creator is a sequence; Info /Author its items joined
        value = ", ".join(str(v) for v in value)
    return _norm(value) if value is not None else ""


def _same_date(info_date: str, xmp_date) -> bool:
    if not xmp_date:
        return False
    try:
        a = decode_pdf_date(info_date)
        b = datetime.fromisoformat(str(xmp_date).replace("Z", "+00:00"))
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a == b


def _has_output_intent(pdf: pikepdf.Pdf) -> bool:
    for intent in pdf.Root.get("/OutputIntents", []):
        profile = intent.get("/DestOutputProfile")
        if intent.get("/S") == pikepdf.Name.GTS_PDFA1 and isinstance(profile, pikepdf.Stream) and profile.read_bytes():
            return True
    return False


def _page_fonts(pdf: pikepdf.Pdf) -> dict[tuple, pikepdf.Dictionary]:
    """Every font the pages use, through form XObjects too, keyed by object id (or name for a direct one)."""
    fonts: dict[tuple, pikepdf.Dictionary] = {}
    seen: set[tuple] = set()
    stack = [p.obj.get("/Resources") for p in pdf.pages]
    while stack:
        res = stack.pop()
        if not isinstance(res, pikepdf.Dictionary):
            continue
        if res.is_indirect:
            if res.objgen in seen:
                continue
            seen.add(res.objgen)
        for name, font in res.get("/Font", {}).items():
            fonts[font.objgen if font.is_indirect else (name, id(font))] = font
        for xobj in res.get("/XObject", {}).values():
            if xobj.get("/Subtype") == pikepdf.Name.Form:
                stack.append(xobj.get("/Resources"))
    return fonts


def _embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == pikepdf.Name.Type3:
        return True  # glyphs are content streams inside the font
    if font.get("/Subtype") == pikepdf.Name.Type0:
        font = font.DescendantFonts[0]
    desc = font.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _glyphless(font) -> bool:
    """A font whose glyphs draw nothing (Tesseract's and OCRmyPDF's GlyphLessFont)."""
    return font is not None and "glyphless" in str(font.get("/BaseFont", "")).lower()


def _visible_text(page: pikepdf.Page) -> bool:
    """Text shown in a render mode other than 3 (invisible) in a font that has glyphs. Only the page's
    own content is read: sohoa draws its text layer there (text inside form XObjects is not checked)."""
    page_fonts = page.obj.get("/Resources", {}).get("/Font", {})
    mode, font, saved = 0, None, []
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "q":
            saved.append((mode, font))
        elif op == "Q" and saved:
            mode, font = saved.pop()
        elif op == "Tr":
            mode = int(operands[0])
        elif op == "Tf":
            font = page_fonts.get(str(operands[0]))
        elif op in TEXT_SHOW and mode != 3 and not _glyphless(font):
            return True
    return False


def text_matches(path: Path, pages: list[Page]) -> bool:
    """The words a viewer copies from each page, in content order, are exactly that page's OCR words.

    pdfium (Chrome's PDF engine) reads each page first, 40x faster than pdfplumber; its own space and
    end-of-line hyphen heuristics can split or join words, so a page it disagrees on is judged by
    pdfplumber's reading of the content order."""
    want = [[unicodedata.normalize("NFC", w.text) for w in p.words] for p in pages]
    doc = pdfium.PdfDocument(str(path))
    try:
        if len(doc) != len(pages):
            return False
        unsure = [i for i in range(len(pages)) if _pdfium_words(doc, i) != want[i]]
    finally:
        doc.close()
    if not unsure:
        return True
    with pdfplumber.open(path) as pdf:
        for i in unsure:
            got = [unicodedata.normalize("NFC", w["text"]) for w in pdf.pages[i].extract_words(use_text_flow=True)]
            if got != want[i]:
                return False
    return True


def _pdfium_words(doc: pdfium.PdfDocument, i: int) -> list[str]:
    page = doc[i]
    textpage = page.get_textpage()
    try:
        return unicodedata.normalize("NFC", textpage.get_text_range()).split()
    finally:
        textpage.close()
        page.close()
