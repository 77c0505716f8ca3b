"""PDF/A-2b output: structure, metadata, and text that reads back as the OCR text."""
from __future__ import annotations

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from ocr.options import OcrOptions
from ocr.pdfa import write_pdfa
from ocr.pipeline import read_file
from samples import degrade
from samples.render import render_lines
from sohoa.documents import Page, Word

LINES = ["Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Hồng Nhung",
         "Số định danh cá nhân: 074186001234",
         "Nơi cư trú: ấp Bến Sắn, xã Tân Lập, tỉnh Bình Dương"]


@pytest.fixture(scope="module")
def ocr_pages(tmp_path_factory):
    """Two OCRed pages: a grey form and a colour page with a red seal."""
    tmp = tmp_path_factory.mktemp("pdfa")
    form = render_lines(LINES * 3, dpi=300)
    sealed = degrade.seal(form.image, (1200, 500), 260, "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", seed=4)
    form.image.save(tmp / "a.png", dpi=(300, 300))
    sealed.save(tmp / "b.jpg", dpi=(300, 300), quality=90)
    opts = OcrOptions(timeout=60)
    pages = read_file(tmp / "a.png", opts, tmp / "w") + read_file(tmp / "b.jpg", opts, tmp / "w2", first_page=2)
    return pages, tmp


def test_pdfa_structure_and_metadata(ocr_pages):
    pages, tmp = ocr_pages
    out = tmp / "dossier.pdf"
    assert write_pdfa(pages, out, title="Hồ sơ khai sinh") == []
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == "Hồ sơ khai sinh"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1 and int(intent.DestOutputProfile.N) == 3
        assert "/Encrypt" not in pdf.trailer
        # colour kept where the page has colour, grey elsewhere
        spaces = []
        for p in pdf.pages:
            (img,) = [pikepdf.PdfImage(x) for x in p.get_images().values()]
            spaces.append(str(img.colorspace))
        assert spaces == ["/DeviceGray", "/DeviceRGB"]


def test_pdf_text_equals_ocr_text(ocr_pages):
    """GIVEN OCRed pages WHEN written THEN pdfplumber extracts exactly the OCR text of each page."""
    pages, tmp = ocr_pages
    out = tmp / "text.pdf"
    assert write_pdfa(pages, out) == []
    with pdfplumber.open(out) as pdf:
        got = [p.extract_text() for p in pdf.pages]
    assert got == [p.text for p in pages]
    assert "Nguyễn Thị Hồng Nhung" in got[0]


def _written(tmp_path, words: list[Word], size: tuple[int, int], dpi: int, text: str):
    """A one-page PDF/A of a blank page image with these OCR words; (path, page)."""
    img = tmp_path / "p.png"
    Image.new("L", size, 255).save(img)
    page = Page(number=1, width=size[0], height=size[1], dpi=dpi, source="ocr", text=text, words=words,
                image_path=str(img))
    out = tmp_path / "o.pdf"
    assert write_pdfa([page], out) == []
    return out, page


def test_invisible_words_sit_on_their_boxes(tmp_path):
    """GIVEN words with known boxes WHEN written THEN each word extracted lies within its box (1 pt)."""
    words = [Word(text="Quyết", conf=90, bbox=(300, 400, 520, 460), line=0),
             Word(text="định", conf=90, bbox=(560, 400, 720, 460), line=0),
             Word(text="số", conf=90, bbox=(300, 500, 370, 560), line=1),
             Word(text="8506/QĐ-UBND", conf=90, bbox=(400, 500, 900, 560), line=1)]
    out, page = _written(tmp_path, words, (2480, 3508), 300, "Quyết định\nsố 8506/QĐ-UBND")
    with pdfplumber.open(out) as pdf:
        got = pdf.pages[0].extract_words()
        assert pdf.pages[0].extract_text() == page.text
    k = 72 / 300
    assert [g["text"] for g in got] == [w.text for w in words]
    for g, w in zip(got, words):
        assert abs(g["x0"] - w.bbox[0] * k) < 1 and abs(g["x1"] - w.bbox[2] * k) < 1
        assert w.bbox[1] * k - 4 < g["top"] < g["bottom"] < w.bbox[3] * k + 4


def test_words_close_together_copy_as_two_words_in_chrome(tmp_path):
    """GIVEN OCR boxes 4-5 px apart (a short word beside another) WHEN written THEN pdfium, Chrome's PDF
    engine, copies them as separate words, and each word still starts on its box."""
    words = [Word(text="nhà", conf=90, bbox=(1083, 534, 1145, 563), line=0),
             Word(text="ở", conf=90, bbox=(1150, 524, 1167, 574), line=0),
             Word(text="Dĩ", conf=90, bbox=(927, 614, 965, 639), line=1),
             Word(text="An,", conf=90, bbox=(969, 614, 1016, 642), line=1)]
    out, _ = _written(tmp_path, words, (1700, 2200), 200, "nhà ở\nDĩ An,")
    doc = pdfium.PdfDocument(str(out))
    try:
        textpage = doc[0].get_textpage()
        assert textpage.get_text_range().split() == ["nhà", "ở", "Dĩ", "An,"]
    finally:
        doc.close()
    with pdfplumber.open(out) as pdf:
        got = pdf.pages[0].extract_words()
    k = 72 / 200
    assert [g["text"] for g in got] == ["nhà", "ở", "Dĩ", "An,"]
    for g, w in zip(got, words):
        assert abs(g["x0"] - w.bbox[0] * k) < 1


def test_side_by_side_columns_keep_reading_order_in_text_flow(tmp_path):
    """Side-by-side blocks share baselines, so position-sorted extraction interleaves them; the PDF's
    text flow (content order) keeps the OCR reading order, which use_text_flow reads back."""
    words = [Word(text="UBND", conf=90, bbox=(200, 300, 400, 350), line=0),
             Word(text="SỞ", conf=90, bbox=(220, 370, 300, 420), line=1),
             Word(text="CỘNG", conf=90, bbox=(1300, 300, 1500, 350), line=2),
             Word(text="HÒA", conf=90, bbox=(1530, 300, 1680, 350), line=2)]
    out, _ = _written(tmp_path, words, (2480, 3508), 300, "UBND\nSỞ\nCỘNG HÒA")
    with pdfplumber.open(out) as pdf:
        flow = [w["text"] for w in pdf.pages[0].extract_words(use_text_flow=True)]
    assert flow == ["UBND", "SỞ", "CỘNG", "HÒA"]


def test_json_round_trip(ocr_pages, tmp_path):
    from ocr.export import read_json, write_json

    pages, _ = ocr_pages
    write_json(pages, tmp_path / "ocr.json")
    back = read_json(tmp_path / "ocr.json")
    assert [p.text for p in back] == [p.text for p in pages]
    assert back[1].words == pages[1].words and back[1].image_path is None


def test_pdfs_written_by_threads_at_once_are_whole(tmp_path):
    """GIVEN several threads writing PDF/A files at once (a worker's dossiers share one process and
    one registered font), switching threads as often as possible WHEN each writes its own file THEN
    every file passes the checks and reads back its text (the font's subsetting once read another
    thread's glyphs: KeyError in reportlab's ttfonts, the dossier failed)."""
    import sys
    import threading

    img = tmp_path / "p.png"
    Image.new("1", (620, 877), 1).save(img)
    text = "Cộng hòa xã hội chủ nghĩa Việt Nam ỗ ữ ặ ẫ ợ ỹ ỳ ẻ ề ở ự 152 m²"
    words = [Word(text=t, conf=90, bbox=(20 + 30 * i, 100, 45 + 30 * i, 115), line=0)
             for i, t in enumerate(text.split())]
    page = Page(number=1, width=620, height=877, dpi=75, source="ocr", text=text, words=words, image_path=str(img))
    results: dict[tuple[int, int], object] = {}

    def write(n: int) -> None:
        try:
            for k in range(15):
                out = tmp_path / f"t{n}-{k}.pdf"
                results[(n, k)] = write_pdfa([page], out)
        except Exception as e:  # noqa: BLE001 - the assertion below names it
            results[(n, -1)] = repr(e)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert results == {(n, k): [] for n in range(6) for k in range(15)}
    with pdfplumber.open(tmp_path / "t5-14.pdf") as pdf:
        assert pdf.pages[0].extract_text() == text
