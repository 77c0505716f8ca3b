"""PDF/A checks: sohoa's own PDF/A passes them all; a file broken in one way fails exactly that check."""
from __future__ import annotations

import pikepdf
import pytest
from PIL import Image

from ocr import pdfa_check as chk
from ocr.pdfa import write_pdfa
from pdf_hostile import add_active_content
from sohoa.documents import Page, Word


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A small two-line PDF/A written by sohoa, and the page it was written from."""
    tmp = tmp_path_factory.mktemp("pdfa_check")
    Image.new("L", (620, 877), 255).save(tmp / "p.png")
    words = [Word(text="Quyết", conf=90, bbox=(75, 100, 130, 115), line=0),
             Word(text="định", conf=90, bbox=(140, 100, 180, 115), line=0),
             Word(text="8506/QĐ-UBND", conf=90, bbox=(75, 125, 225, 140), line=1)]
    page = Page(number=1, width=620, height=877, dpi=75, source="ocr", text="Quyết định\n8506/QĐ-UBND",
                words=words, image_path=str(tmp / "p.png"))
    assert write_pdfa([page], tmp / "good.pdf", title="Hồ sơ") == []
    return tmp / "good.pdf", page


def _broken(written, tmp_path, edit):
    src, _ = written
    out = tmp_path / "broken.pdf"
    with pikepdf.open(src) as pdf:
        edit(pdf)
        pdf.save(out)
    return out


def _text_font(pdf):
    return next(iter(pdf.pages[0].Resources.Font.values()))


def _prepend(pdf, content: bytes):
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content + b"\n" + page.Contents.read_bytes())


def test_sohoa_pdfa_passes_every_check(written):
    path, page = written
    assert chk.check_pdfa(path, [page]) == []


def _no_xmp(pdf):
    del pdf.Root.Metadata


def _no_pdfaid(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        del meta["pdfaid:part"]


def _title_changed(pdf):
    pdf.docinfo["/Title"] = "Một tên khác"


def _date_changed(pdf):
    pdf.docinfo["/ModDate"] = "D:20200101000000+00'00'"


def _no_intent(pdf):
    del pdf.Root.OutputIntents


def _unembedded_font(pdf):
    helv = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    pdf.pages[0].Resources.Font.Helv = helv
    _prepend(pdf, b"BT /Helv 12 Tf 3 Tr 72 72 Td (x) Tj ET")  # invisible, but its font is not embedded


def _visible_text(pdf):
    name = next(iter(pdf.pages[0].Resources.Font.keys()))
    _prepend(pdf, f"BT {name} 12 Tf 72 72 Td (x) Tj ET".encode())


def _javascript(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1);"))


@pytest.mark.parametrize("edit, code", [
    (_no_xmp, chk.XMP_MISSING),
    (_no_pdfaid, chk.XMP_NOT_PDFA),
    (_title_changed, chk.XMP_INFO_MISMATCH),
    (_date_changed, chk.XMP_INFO_MISMATCH),
    (_no_intent, chk.NO_OUTPUT_INTENT),
    (_unembedded_font, chk.FONT_NOT_EMBEDDED),
    (_visible_text, chk.TEXT_VISIBLE),
    (_javascript, chk.ACTIVE_CONTENT),
])
def test_each_broken_rule_fails_its_check(written, tmp_path, edit, code):
    """GIVEN sohoa's PDF/A broken in one way WHEN checked (structure only) THEN exactly that check fails."""
    assert chk.check_pdfa(_broken(written, tmp_path, edit)) == [code]


@pytest.mark.parametrize("kind", ["named_javascript", "launch", "embedded_file"])
def test_scripts_launches_and_attachments_fail(written, tmp_path, kind):
    src, _ = written
    out = add_active_content(src, tmp_path / "hostile.pdf", kind)
    assert chk.check_pdfa(out) == [chk.ACTIVE_CONTENT]


@pytest.mark.parametrize("user", ["", "secret"])
def test_encryption_fails(written, tmp_path, user):
    src, _ = written
    out = tmp_path / "enc.pdf"
    with pikepdf.open(src) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user=user))
    assert chk.ENCRYPTED in chk.check_pdfa(out)


def test_text_layer_must_be_the_ocr_words(written, tmp_path):
    """GIVEN a page whose OCR words differ from the PDF's text (one word changed, or a word drawn twice)
    WHEN checked THEN text_differs."""
    path, page = written
    changed = page.model_copy(deep=True)
    changed.words[1].text = "đinh"
    assert chk.check_pdfa(path, [changed]) == [chk.TEXT_DIFFERS]
    assert chk.check_pdfa(path, [page, page]) == [chk.TEXT_DIFFERS]  # a page count that differs
    doubled = _broken(written, tmp_path, _visible_text)
    assert chk.check_pdfa(doubled, [page]) == [chk.TEXT_VISIBLE, chk.TEXT_DIFFERS]


def test_glyphless_font_text_is_not_visible(written, tmp_path):
    """Text in a glyphless font (Tesseract's and OCRmyPDF's kind of text layer) may use render mode 0."""
    def glyphless(pdf):
        g = pdf.make_indirect(pikepdf.Dictionary(dict(_text_font(pdf).items())))  # same embedded program
        g.BaseFont = pikepdf.Name("/GlyphLessFont")
        pdf.pages[0].Resources.Font.G = g
        _prepend(pdf, b"BT /G 12 Tf 72 72 Td (x) Tj ET")

    assert chk.check_pdfa(_broken(written, tmp_path, glyphless)) == []

