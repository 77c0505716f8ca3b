"""ocr.region.read_region: digits rendered in FreeSerif, read back from a crop of the page."""
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import tesseract
from ocr.options import OcrOptions
from ocr.region import read_region

FONT = Path("/usr/share/fonts/truetype/freefont/FreeSerif.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="FreeSerif font not installed")


def page_printing(tmp_path, text: str, dpi: int = 300, points: float = 13) -> tuple[Path, tuple]:
    """An A5-wide strip of paper printing `label  text` at `dpi`; the path and the box of `text`."""
    px = round(points * dpi / 72)
    font = ImageFont.truetype(str(FONT), px)
    img = Image.new("L", (round(5.8 * dpi), 4 * px), 255)
    draw = ImageDraw.Draw(img)
    draw.text((px, px), "Số CCCD:", font=font, fill=0)
    x = px + int(draw.textlength("Số CCCD:  ", font=font))
    draw.text((x, px), text, font=font, fill=0)
    path = tmp_path / f"page{dpi}.png"
    img.save(path, dpi=(dpi, dpi))
    return path, draw.textbbox((x, px), text, font=font)


def test_digits_are_read_back_with_their_confidence_and_page_boxes(tmp_path, opts):
    path, box = page_printing(tmp_path, "074093001656")
    got = read_region(path, box, opts=opts, kind="digits")
    assert got.text == "074093001656" and got.failed is None and [w.text for w in got.words] == [got.text]
    x0, y0, x1, y1 = got.words[0].bbox  # in page pixels, on the printed digits
    assert abs(x0 - box[0]) < 10 and abs(x1 - box[2]) < 10 and y0 < box[3] and y1 > box[1]
    # with a whitelist Tesseract 5 may report no confidence at all: then it is None, never a false 0
    assert got.conf is None or got.conf > 80
    assert read_region(path, box, opts=opts, kind="line").conf > 80


def test_a_low_resolution_crop_is_read_at_the_target_resolution(tmp_path, opts):
    path, box = page_printing(tmp_path, "19/10/1983", dpi=100)
    got = read_region(path, box, opts=opts, kind="date", dpi=100)
    assert got.text == "19/10/1983"
    assert abs(got.words[0].bbox[0] - box[0]) < 4  # boxes scaled back to the 100 dpi page


def test_a_line_keeps_its_words(tmp_path, opts):
    path, box = page_printing(tmp_path, "thửa đất số 215, tờ bản đồ số 18")
    got = read_region(Image.open(path), box, opts=opts, kind="line")
    assert got.text == "thửa đất số 215, tờ bản đồ số 18"
    assert len(got.words) == 9 and got.words[0].bbox[0] < got.words[-1].bbox[0]


def test_every_read_goes_through_the_tesseract_seam_with_the_options(tmp_path, monkeypatch):
    path, box = page_printing(tmp_path, "2024")
    calls = []

    def fake(image, lang, psm, timeout, dpi=300, whitelist=""):
        calls.append((lang, psm, timeout, dpi, whitelist))
        raise tesseract.OcrTimeout("killed")

    monkeypatch.setattr(tesseract, "run_tsv", fake)
    got = read_region(path, box, opts=OcrOptions(lang="vie+eng", timeout=7), kind="digits")
    assert calls == [("vie+eng", 8, 7, 300, "0123456789")]
    assert (got.text, got.conf, got.words, got.failed) == ("", 0.0, (), "timeout")
    read_region(path, box, opts=OcrOptions(timeout=7), kind="digits", psm=7)
    assert calls[-1][1] == 7


@pytest.mark.real_tesseract
def test_the_whitelist_reaches_tesseract(tmp_path, opts):
    path, box = page_printing(tmp_path, "12/12/1981")
    assert "/" not in read_region(path, box, opts=opts, kind="digits").text
    assert read_region(path, box, opts=opts, kind="date").text == "12/12/1981"
