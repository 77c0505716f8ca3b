"""Second reading from the page image (real Tesseract on a rendered line)."""
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from extraction import extract_fields
from extraction.reread import RereadOptions
from sohoa.documents import Page, Word

FONT = Path("/usr/share/fonts/truetype/freefont/FreeSerif.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="FreeSerif font not installed")


def page_with(tmp_path, label: str, value: str, printed_value: str, conf: float) -> Page:
    """A page image printing `label value`; the OCR words claim `printed_value` for the value."""
    font = ImageFont.truetype(str(FONT), 46)
    img = Image.new("L", (1600, 200), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 60), label, font=font, fill=0)
    x = 40 + int(draw.textlength(label + " ", font=font))
    draw.text((x, 60), value, font=font, fill=0)
    x0, y0, x1, y1 = draw.textbbox((x, 60), value, font=font)
    path = tmp_path / "page.png"
    img.save(path)
    lw = int(draw.textlength(label, font=font))
    words = [Word(text=label.split()[0], conf=96, bbox=(40, y0, 40 + lw // 2, y1), line=0),
             Word(text=label.split()[1], conf=96, bbox=(40 + lw // 2, y0, 40 + lw, y1), line=0),
             Word(text=printed_value, conf=conf, bbox=(x0, y0, x1, y1), line=0)]
    return Page(number=1, width=1600, height=200, dpi=300, source="ocr", text=f"{label} {printed_value}",
                words=words, image_path=str(path))


def test_agreeing_second_reading_lifts_a_low_confidence_id(tmp_path):
    page = page_with(tmp_path, "Số CCCD:", "074093001656", "074093001656", conf=55.0)
    without = extract_fields([page], reread=RereadOptions(enabled=False))["applicant_id_number"]
    fv = extract_fields([page])["applicant_id_number"]
    assert without.confidence < 0.8 <= fv.confidence and fv.value == "074093001656"


def test_disagreeing_second_reading_sends_the_value_to_review(tmp_path):
    # the page pass claims 074093001658 where 074093001656 is printed
    page = page_with(tmp_path, "Số CCCD:", "074093001656", "074093001658", conf=90.0)
    fv = extract_fields([page])["applicant_id_number"]
    assert fv.value == "074093001658" and fv.confidence < 0.8
