"""read_file end to end: born-digital pages skip OCR, scanned pages are OCRed in reading order,
a page-level Tesseract failure degrades that page only."""
from __future__ import annotations

import re
import unicodedata

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from PIL import Image
from rapidfuzz.distance import Levenshtein

from ocr import pipeline, tesseract
from ocr.layout import reading_lines
from ocr.options import OcrOptions
from ocr.pipeline import read_file
from ocr.textlayer import is_good_text
from samples import degrade
from samples.fonts import family


def _norm(t: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", t)).strip()


def _cer(got: str, want: str) -> float:
    return Levenshtein.distance(_norm(got), _norm(want)) / len(_norm(want))


def _born_digital(page, path, font="freeserif"):
    fam = family(font)
    c = canvas.Canvas(str(path), pagesize=(page.layout.width, page.layout.height))
    for p in page.layout.lines:
        name = f"t-{font}-{int(p.bold)}{int(p.italic)}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fam.path(p.bold, p.italic))))
        c.setFont(name, p.size)
        c.drawString(p.x, page.layout.height - p.baseline, p.text)
    c.showPage()
    c.save()


def _no_ocr(*a, **k):
    raise AssertionError("Tesseract must not run on a good text layer")


def test_born_digital_page_takes_text_layer_without_ocr(decision_page, opts, tmp_path, monkeypatch):
    """GIVEN a born-digital PDF of a Decree-30 page WHEN read THEN its text layer is used, Tesseract is
    never called, and the text equals the printed text exactly (CER 0), columns in reading order."""
    pdf = tmp_path / "born.pdf"
    _born_digital(decision_page, pdf)
    monkeypatch.setattr(tesseract, "run_tsv", _no_ocr)
    monkeypatch.setattr(tesseract, "run_osd", _no_ocr)
    [page] = read_file(pdf, opts, tmp_path / "w")
    assert page.source == "text_layer"
    assert page.text == decision_page.text
    assert page.mean_conf == 100


def test_garbage_text_layer_is_ocred(opts, tmp_path, monkeypatch):
    """GIVEN a PDF whose text layer is legacy-font mojibake WHEN read THEN the page is OCRed instead."""
    pdf = tmp_path / "tcvn3.pdf"
    c = canvas.Canvas(str(pdf))
    c.setFont("Helvetica", 12)
    for i, line in enumerate(["Céng hoµ x· héi chñ nghÜa ViÖt Nam", "§éc lËp - Tù do - H¹nh phóc", "QuyÕt ®Þnh vÒ viÖc cÊp giÊy"]):
        c.drawString(72, 700 - 20 * i, line)
    c.showPage()
    c.save()
    calls = []

    def fake(image, lang, psm, timeout, dpi=300, choices=False):
        calls.append(psm)
        return "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" \
               "5\t1\t1\t1\t1\t1\t300\t300\t200\t40\t91.5\tCộng\n"

    monkeypatch.setattr(tesseract, "run_tsv", fake)
    [page] = read_file(pdf, opts, tmp_path / "w")
    assert calls and page.source == "ocr" and page.text == "Cộng"


def test_text_layer_quality_check():
    assert is_good_text("Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập, Tự do, Hạnh phúc")
    assert not is_good_text("Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp")
    assert not is_good_text("(cid:12)(cid:45)(cid:77) (cid:12)(cid:99)(cid:7)(cid:3)")
    assert not is_good_text("\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue010\ue011\ue012\ue013\ue014\ue015\ue016\ue017\ue018\ue019\ue020")
    assert not is_good_text("   ")


def test_timeout_degrades_the_page_not_the_file(decision_page, opts, tmp_path, monkeypatch):
    path = tmp_path / "p.png"
    decision_page.image.save(path, dpi=(300, 300))

    def slow(image, lang, psm, timeout, dpi=300, choices=False):
        raise tesseract.OcrTimeout("Tesseract process timeout")

    monkeypatch.setattr(tesseract, "run_tsv", slow)
    monkeypatch.setattr(tesseract, "run_osd", lambda image, timeout: {"rotate": 0, "conf": 0.0})
    [page] = read_file(path, opts, tmp_path / "w")
    assert page.text == "" and "ocr_timeout" in page.flags and page.image_path


def test_scanned_decision_read_in_column_order(decision_page, opts, tmp_path):
    """GIVEN a 3°-skewed, upside-down scan of a Decree-30 page WHEN read THEN it comes back upright and
    level, the agency block is read before the motto, and CER is below 1 %."""
    img = degrade.apply(decision_page.image, ["skew:3", "rotate:180"], seed=2)
    path = tmp_path / "scan.tif"
    img.save(path, dpi=(300, 300), compression="tiff_lzw")
    [page] = read_file(path, opts, tmp_path / "w")
    assert page.rotation == 180 and abs(page.skew + 3) <= 0.3
    assert _cer(page.text, decision_page.text) < 0.01
    lines = page.text.splitlines()
    agency = next(i for i, l in enumerate(lines) if l.startswith("UBND"))
    number = next(i for i, l in enumerate(lines) if l.startswith("Số"))
    motto = next(i for i, l in enumerate(lines) if "CỘNG HÒA" in l)
    assert agency < number < motto
    assert all(unicodedata.is_normalized("NFC", w.text) for w in page.words)
    assert page.words and all(0 <= w.bbox[0] < w.bbox[2] <= page.width for w in page.words)


def test_multipage_tiff_in_parallel(decision_page, tmp_path):
    from PIL import Image

    path = tmp_path / "fax.tif"
    small = decision_page.image.resize((1654, 2339))  # 200 dpi
    frames = [degrade.bilevel(small), degrade.bilevel(degrade.rotate(small, 90))]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="group4", dpi=(200, 200))
    pages = read_file(path, OcrOptions(workers=2, timeout=60), tmp_path / "w", first_page=4)
    assert [p.number for p in pages] == [4, 5]
    assert pages[1].rotation == 270
    assert all(p.source_file == "fax.tif" for p in pages)
    assert all(_cer(p.text, decision_page.text) < 0.02 for p in pages)
    assert Image.open(pages[0].image_path).mode == "1"


def test_reading_order_of_side_by_side_blocks():
    def w(t, x0, y0, x1, y1):
        return {"text": t, "conf": 90.0, "bbox": (x0, y0, x1, y1)}

    words = [
        w("UBND", 100, 100, 200, 140), w("TỈNH", 210, 100, 300, 140), w("CỘNG", 900, 102, 1010, 142), w("HÒA", 1020, 102, 1100, 142),
        w("SỞ", 120, 160, 180, 200), w("Độc", 950, 158, 1030, 198), w("lập", 1040, 158, 1100, 198),
        w("Số:", 110, 220, 170, 260),
        w("QUYẾT", 500, 400, 640, 440), w("ĐỊNH", 650, 400, 760, 440),
    ]
    lines = [" ".join(x["text"] for x in line) for line in reading_lines(words, 2480)]
    assert lines == ["UBND TỈNH", "SỞ", "Số:", "CỘNG HÒA", "Độc lập", "QUYẾT ĐỊNH"]


def _w(text, conf, x, line=1, h=40):
    return {"text": text, "conf": conf, "bbox": (x, 100, x + 20 * len(text), 100 + h), "block": 1, "par": 1, "line": line}


def test_marks_are_dropped_but_a_doubted_word_among_sure_ones_stays():
    """GIVEN Tesseract's words: a name line where it doubts 'NGUYỄN' (conf 11) between sure words,
    a signature scribble alone on its line at conf 8, and a tall seal-rim mark
    WHEN marks are dropped THEN the name keeps every word and the scribble and rim go."""
    from ocr.pipeline import drop_marks
    words = [_w("Họ", 96, 0), _w("tên:", 95, 60), _w("NGUYỄN", 11, 160), _w("HỮU", 96, 320), _w("VŨ", 96, 420),
             _w("ZYY", 8, 500, line=2), _w("Ngày", 96, 0, line=3), _w("sinh", 96, 100, line=3),
             _w("|||", 40, 300, line=3, h=160)]
    kept = [w["text"] for w in drop_marks(words)]
    assert kept == ["Họ", "tên:", "NGUYỄN", "HỮU", "VŨ", "Ngày", "sinh"]


def test_a_doubted_word_with_its_colon_is_text_too():
    """GIVEN 'Giới tính: Nữ Dân tộc: Kinh' where Tesseract gives 'tính:' and 'Nữ' conf 0 (as it did on a
    clean 200-dpi Tinos page) and a doubted 'Qu?' among sure words WHEN marks are dropped THEN 'tính:'
    stays as 'Nữ' does: a label's colon does not make a word a mark; the question mark still does."""
    from ocr.pipeline import drop_marks
    words = [_w("Giới", 97, 0), _w("tính:", 0, 90), _w("Nữ", 0, 200), _w("Dân", 94, 260), _w("tộc:", 96, 340),
             _w("Kinh", 94, 420), _w("Qu?", 0, 520)]
    assert [w["text"] for w in drop_marks(words)] == ["Giới", "tính:", "Nữ", "Dân", "tộc:", "Kinh"]


def test_a_signature_read_as_a_word_is_a_mark_even_when_tesseract_is_fairly_sure():
    """GIVEN a signature block: '(Ký, ghi rõ họ tên)', a scribble read 'NNN' at conf 71 standing four
    lines tall, the signer's name, and on a cover a title printed as tall and read at 96 WHEN marks
    are dropped THEN the scribble goes and the tall printed title stays."""
    from ocr.pipeline import drop_marks
    words = [_w("(Ký,", 96, 0), _w("ghi", 97, 100), _w("rõ", 97, 180), _w("họ", 97, 240), _w("tên)", 97, 300),
             _w("NNN", 71, 0, line=2, h=170), _w("Phạm", 97, 0, line=3), _w("Văn", 97, 120, line=3),
             _w("HỒ", 96, 0, line=4, h=170), _w("SƠ", 96, 200, line=4, h=170)]
    assert [w["text"] for w in drop_marks(words)] == ["(Ký,", "ghi", "rõ", "họ", "tên)", "Phạm", "Văn", "HỒ", "SƠ"]


def test_an_area_unit_tesseract_doubts_is_not_a_mark():
    """GIVEN 'riêng: 508,26 m°' with the unit at conf 3, '996mˆ' at conf 0 on a line of its own, and
    a doubted 'm°' after a word, not a number WHEN marks are dropped THEN both units after a number
    stay (the raised two is what Tesseract doubts), and the one after a word goes."""
    from ocr.pipeline import drop_marks
    words = [_w("riêng:", 96, 0), _w("508,26", 93, 140), _w("m°", 3, 280), _w("sử", 97, 340),
             _w("996mˆ", 0, 0, line=2), _w("Ngày", 96, 0, line=3), _w("m°", 3, 100, line=3)]
    assert [w["text"] for w in drop_marks(words)] == ["riêng:", "508,26", "m°", "sử", "996mˆ", "Ngày"]


def test_a_page_the_orientation_tests_turn_over_is_read_the_right_way_up(decision_page, opts, tmp_path, monkeypatch):
    """GIVEN an upright, 3°-skewed scan whose way up the ink and OSD tests get wrong (forced here: a seal or
    frame can fool them) WHEN read THEN the reading, upside down and unconfident, is tried turned over,
    and the page comes back upright with its text, its PDF image and its word boxes the right way up."""
    img = degrade.apply(decision_page.image, ["skew:3"], seed=2)
    path = tmp_path / "scan.png"
    img.save(path, dpi=(300, 300))
    monkeypatch.setattr(pipeline, "flip_needed", lambda level, opts: 180)
    [page] = read_file(path, opts, tmp_path / "w")
    assert page.rotation == 0 and abs(page.skew + 3) <= 0.3
    assert "turned_after_reading" in page.flags
    assert _cer(page.text, decision_page.text) < 0.01
    assert page.mean_conf > 90
    # the agency block sits top left on the upright page image
    agency = next(w for w in page.words if w.text == "UBND")
    assert agency.bbox[0] < page.width / 3 and agency.bbox[1] < page.height / 5
    with Image.open(page.image_path) as im:
        assert im.size == (page.width, page.height)
        assert im.convert("L").crop(agency.bbox).getextrema()[0] < 100  # its ink is there in the image


def test_a_confident_reading_is_not_tried_turned_over(decision_page, opts, tmp_path, monkeypatch):
    """GIVEN an upright page read upright WHEN read THEN no turned-over reading is made (it costs a pass)."""
    path = tmp_path / "page.png"
    decision_page.image.save(path, dpi=(300, 300))
    passes = []
    real = pipeline.read_words
    monkeypatch.setattr(pipeline, "read_words", lambda *a, **k: passes.append(1) or real(*a, **k))
    [page] = read_file(path, opts, tmp_path / "w")
    assert len(passes) == 1 and "turned_after_reading" not in page.flags and page.rotation == 0


def test_a_bilevel_page_is_read_again_with_thicker_strokes(decision_page, opts, tmp_path, monkeypatch):
    """GIVEN a 1-bit scan WHEN read THEN a second page pass reads it with strokes made thicker (darker
    image, same size) and the text stays whole; with bilevel_thicken off, one pass."""
    path = tmp_path / "fax.tif"
    degrade.bilevel(decision_page.image, 110).save(path, dpi=(300, 300), compression="group4")
    images = []
    real = pipeline.read_words
    monkeypatch.setattr(pipeline, "read_words", lambda arr, *a, **k: images.append(arr) or real(arr, *a, **k))
    [page] = read_file(path, opts, tmp_path / "w")
    assert len(images) == 2 and images[0].shape == images[1].shape
    assert (images[1] <= images[0]).all() and images[1].mean() < images[0].mean()
    assert _cer(page.text, decision_page.text) < 0.02
    images.clear()
    read_file(path, opts.model_copy(update={"bilevel_thicken": False}), tmp_path / "w2")
    assert len(images) == 1


def test_a_doubted_form_number_among_sure_words_stays():
    """GIVEN 'Mẫu số 11/ĐK' where the italic number is read at conf 10 (a clean 200-dpi page), and a
    speck read '20071' at conf 5 on a sure line WHEN marks are dropped THEN the form number stays (it
    names the form) and the loose digits go."""
    from ocr.pipeline import drop_marks
    words = [_w("Mẫu", 96, 0), _w("số", 93, 80), _w("11/ĐK", 10, 140), _w("Ngày", 96, 0, line=2),
             _w("sinh:", 95, 100, line=2), _w("20071", 5, 220, line=2)]
    assert [w["text"] for w in drop_marks(words)] == ["Mẫu", "số", "11/ĐK", "Ngày", "sinh:"]
