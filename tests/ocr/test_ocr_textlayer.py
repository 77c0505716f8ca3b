"""Born-digital text layers: read in reading order whatever the drawing order, and a layer that is
garbage (no ToUnicode, legacy-font mojibake, a poor invisible OCR layer) is OCRed and flagged."""
from __future__ import annotations

import pikepdf
import pytest
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ocr import tesseract
from ocr.pdfa import write_pdfa
from ocr.pipeline import TEXT_LAYER_GARBAGE, read_file
from ocr.textlayer import is_good_text
from samples.fonts import family
from sohoa.documents import Page, Word

FONT = "tl-freeserif"
LEFT = ["UBND TỈNH BÌNH DƯƠNG", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "Số: 8506/QĐ-UBND"]
RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Tân Lập, ngày 5 tháng 3 năm 2024"]
BODY = ["QUYẾT ĐỊNH", "Về việc công nhận quyền sử dụng đất đối với thửa đất số 215, tờ bản đồ số 18"]
ONE_WORD_TSV = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
                "5\t1\t1\t1\t1\t1\t300\t300\t200\t40\t91.5\tCộng\n")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(family("freeserif").path(False, False))))
    return FONT


def _header_pdf(path) -> None:
    """A Decree-30 header drawn row by row, as word processors write it: left line, right line, ..."""
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(_font(), 11)
    for i, (left, right) in enumerate(zip(LEFT, RIGHT)):
        y = 800 - 16 * i
        c.drawCentredString(140, y, left)
        c.drawCentredString(420, y, right)
    for i, line in enumerate(BODY):
        c.drawString(60, 720 - 18 * i, line)
    c.showPage()
    c.save()


def _no_ocr(*a, **k):
    raise AssertionError("Tesseract must not run on a good text layer")


def test_two_column_header_read_in_reading_order(opts, tmp_path, monkeypatch):
    """GIVEN a born-digital page whose agency block and motto are drawn interleaved row by row WHEN read
    THEN the text is the agency block, then the motto block, then the body, with no OCR."""
    pdf = tmp_path / "header.pdf"
    _header_pdf(pdf)
    monkeypatch.setattr(tesseract, "run_tsv", _no_ocr)
    monkeypatch.setattr(tesseract, "run_osd", _no_ocr)
    [page] = read_file(pdf, opts, tmp_path / "w")
    assert page.source == "text_layer" and TEXT_LAYER_GARBAGE not in page.flags
    assert page.text.split("\n") == LEFT + RIGHT + BODY


def _ocr_called(monkeypatch) -> list:
    calls = []

    def fake(image, lang, psm, timeout, dpi=300, choices=False):
        calls.append(psm)
        return ONE_WORD_TSV

    monkeypatch.setattr(tesseract, "run_tsv", fake)
    monkeypatch.setattr(tesseract, "run_osd", lambda image, timeout: {"rotate": 0, "conf": 0.0})
    return calls


def test_text_without_tounicode_is_ocred_and_flagged(opts, tmp_path, monkeypatch):
    """GIVEN a PDF whose embedded font lost its ToUnicode map (text extracts as cid codes) WHEN read
    THEN the page is OCRed and flagged text_layer_garbage."""
    good = tmp_path / "good.pdf"
    _header_pdf(good)
    bad = tmp_path / "no_tounicode.pdf"
    with pikepdf.open(good) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            if "/ToUnicode" in font:
                del font["/ToUnicode"]
        pdf.save(bad)
    calls = _ocr_called(monkeypatch)
    [page] = read_file(bad, opts, tmp_path / "w")
    assert calls and page.source == "ocr" and page.text == "Cộng"
    assert TEXT_LAYER_GARBAGE in page.flags


def test_legacy_font_mojibake_is_ocred_and_flagged(opts, tmp_path, monkeypatch):
    """GIVEN text typed in a TCVN3 font (Vietnamese-looking letters, wrong words: 'Céng héi') WHEN
    read THEN the page is OCRed and flagged."""
    pdf = tmp_path / "tcvn3.pdf"
    c = canvas.Canvas(str(pdf))
    c.setFont(_font(), 12)
    for i, line in enumerate(["Céng hoµ x· héi chñ nghÜa ViÖt Nam", "§éc lËp - Tù do - H¹nh phóc",
                              "QuyÕt ®Þnh vÒ viÖc cÊp giÊy chøng nhËn quyÒn sö dông ®Êt"]):
        c.drawString(72, 700 - 20 * i, line)
    c.showPage()
    c.save()
    calls = _ocr_called(monkeypatch)
    [page] = read_file(pdf, opts, tmp_path / "w")
    assert calls and page.source == "ocr" and TEXT_LAYER_GARBAGE in page.flags


@pytest.mark.parametrize("line", [
    "Cong hoa xa hoi chu nghia Viet Nam Doc lap Tu do Hanh phuc",  # read without diacritics
    "Cõnq hòal xâ hôl chù nghĩqa Vỉệt Nsm Đôcc lặpp Tưư đoo Hănhh phủcc",  # a poor OCR engine's layer
])
def test_poor_invisible_ocr_layer_is_ocred_again(line, opts, tmp_path, monkeypatch):
    """GIVEN a scan carrying an invisible OCR layer of poor quality WHEN read THEN sohoa OCRs it itself."""
    img = tmp_path / "scan.png"
    Image.new("L", (2480, 3508), 255).save(img)
    words = [Word(text=t, conf=90, bbox=(200 + 160 * i, 300, 340 + 160 * i, 350), line=0)
             for i, t in enumerate(line.split())]
    layer = Page(number=1, width=2480, height=3508, dpi=300, source="ocr", text=line, words=words,
                 image_path=str(img))
    pdf = tmp_path / "scan.pdf"
    assert write_pdfa([layer], pdf) == []
    _ocr_called(monkeypatch)
    [page] = read_file(pdf, opts, tmp_path / "w")
    # the page image is blank, so OCR finds nothing: what counts is that the layer was not taken
    assert page.source == "ocr" and TEXT_LAYER_GARBAGE in page.flags and page.text != line


def test_syllable_share_tells_vietnamese_from_garbage():
    assert is_good_text("Điều 1. Công nhận quyền sử dụng đất đối với thửa đất số 215 của UBND xã Tân Lập")
    assert not is_good_text("Dieu 1. Cong nhan quyen su dung dat doi voi thua dat so 215 cua UBND xa Tan Lap")
    # a short line is judged by its characters alone
    assert is_good_text("Số: 8506/QĐ-UBND ngày 5/3/2024")
