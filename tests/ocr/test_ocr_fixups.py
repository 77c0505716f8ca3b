import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.fixups import fix_number, fix_roman, fix_words, glyphs, repair, roman_numerals, stems
from samples.fonts import family
from ocr.recheck import unmarked_capitals


@pytest.mark.parametrize("token,prev,want", [
    ("I9", None, "19"), ("0l", "tháng", "01"), ("I8,", "số", "18,"), ("1245/TTr", None, "1245/TTr"),
    ("II", "tháng", "11"), ("I.", "Điều", "1."), ("II", "Chương", "II"), ("II", None, "II"),
    (" Il", None, "Il"), ("Lưu", "số", "Lưu"), ("(I2)", None, "(12)"), ("Of", None, "Of"),
    ("I245/TTr-TNMT", None, "1245/TTr-TNMT"), ("3O/2024/NĐ-CP", None, "30/2024/NĐ-CP"),
    ("TTr-TNMT", None, "TTr-TNMT"), ("l", None, "1"), ("ll", None, "11"), ("la", None, "la"),
])
def test_fix_number(token, prev, want):
    if " " in token:
        token = token.split()[-1]
    assert fix_number(token, prev) == want


def test_fix_words_uses_the_previous_word_on_the_same_line_only():
    words = [{"text": "tháng", "line": 1}, {"text": "II", "line": 1}, {"text": "II", "line": 2}]
    assert [w["text"] for w in fix_words(words)] == ["tháng", "11", "II"]


def test_eth_and_square_metre_are_put_back():
    """Tesseract's vie prints 'Ð' (Icelandic eth) for 'Đ' and 'mỶ' for 'm²' after a number."""
    words = [{"text": t, "block": 1, "par": 1, "line": 1} for t in ["ÐK", "tích", "152,4", "mỶ", "tại", "mỶ", "12", "mÝ,"]]
    assert [w["text"] for w in fix_words(words)] == ["ĐK", "tích", "152,4", "m²", "tại", "mỶ", "12", "m²,"]


@pytest.mark.parametrize("token,prev,want", [
    ("TIT-1", "lục", "III-1"), ("TI", "Chương", "II"), ("TIT", None, "TIT"), ("TIT", "số", "TIT"),
    ("TÂY", "phần", "TÂY"), ("IV.", "Mục", "IV."), ("HII-1", "lục", "III-1"), ("HII", None, "HII"), ("HÀ", "phần", "HÀ"),
])
def test_fix_roman_only_after_heading_words(token, prev, want):
    assert fix_roman(token, prev) == want


@pytest.mark.parametrize("word,want", [
    ("THANH", True), ("NHAN", True), ("THÀNH", False), ("Thanh", False), ("TTXH", False), ("A", False),
])
def test_capitals_worth_reading_again_for_their_marks(word, want):
    assert unmarked_capitals(word) is want


def _numeral(text: str, bold: bool = False, italic: bool = False, size: int = 30, spacing: int = 0):
    """`text` drawn as a heading's numeral at about 200 dpi; `spacing` < 0 makes the serifs touch."""
    font = ImageFont.truetype(str(family("freeserif").path(bold, italic)), size)
    img = Image.new("L", (300, 80), 255)
    d = ImageDraw.Draw(img)
    x = 10.0
    for ch in text:
        d.text((x, 20), ch, font=font, fill=0)
        x += d.textlength(ch, font=font) + spacing
    ink = np.argwhere(np.asarray(img) < 128)
    (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0) + 1
    return np.asarray(img), (int(x0), int(y0), int(x1), int(y1))


@pytest.mark.parametrize("drawn,read,cue,want", [
    ("III", "II", "Cấp", "III"),  # read one I short, at high confidence
    ("III", "II", "cấp", "III"),
    ("II", "II", "Cấp", "II"),
    ("I", "II", "Chương", "I"),
    ("III-1", "II-1", "lục", "III-1"),  # the hyphen and the number after it are not strokes of the numeral
    ("III.", "II.", "Mục", "III."),
    ("III", "II", "số", "II"),  # no heading word before it: left as read
    ("III", "II", None, "II"),
])
def test_a_numeral_of_is_takes_as_many_as_its_strokes(drawn, read, cue, want):
    gray, box = _numeral(drawn, bold=True)
    words = ([{"text": cue, "bbox": (0, box[1], 5, box[3]), "line": 1}] if cue else []) + [
        {"text": read, "bbox": box, "line": 1, "choices": {0: [("I", 90.0)]}}]
    out = roman_numerals(words, gray)
    assert out[-1]["text"] == want
    assert ("choices" in out[-1]) == (want == read)


def test_stems_are_counted_through_touching_serifs_and_in_italics():
    touching, box = _numeral("III", bold=True, spacing=-3)  # 'IH': two serifs joined
    assert stems(touching, box) == 3
    words = [{"text": "Cấp", "bbox": (0, 0, 5, 5), "line": 1}, {"text": "IH", "bbox": box, "line": 1}]
    assert [w["text"] for w in roman_numerals(fix_words(words), touching)] == ["Cấp", "III"]
    italic, box = _numeral("III-1", italic=True, size=22)
    assert stems(italic, box) == 3
    assert stems(*_numeral("II", size=22)) == 2
    # a speck of dust left of the numeral, inside its box, is no stroke and stops nothing
    bold, (x0, y0, x1, y1) = _numeral("III", bold=True)
    dusty = bold.copy()
    dusty[y0 + 10:y0 + 12, x0 - 6:x0 - 4] = 0
    assert stems(dusty, (x0 - 8, y0, x1, y1)) == 3
    assert stems(np.full((40, 40), 255, np.uint8), (0, 0, 40, 40)) == 0
    # a line's other words are not numerals: an Arabic one after a heading word stays
    one, box = _numeral("1")
    assert roman_numerals([{"text": "Mục", "bbox": (0, 0, 5, 5), "line": 1}, {"text": "1", "bbox": box, "line": 1}],
                          one)[1]["text"] == "1"


def _capitals(text: str, size: int = 24):
    img = Image.new("L", (300, 60), 255)
    ImageDraw.Draw(img).text((10, 15), text, font=ImageFont.truetype(str(family("freesans").path()), size), fill=0)
    ink = np.argwhere(np.asarray(img) < 128)
    (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0) + 1
    return np.asarray(img), (int(x0), int(y0), int(x1), int(y1))


def test_one_d_read_as_both_d_and_eth_is_one_letter_when_the_box_holds_one():
    """At 100-200 dpi the LSTM may print one capital đ twice, as Đ and as the eth Ð ('BĐÐ 99232',
    '04/ĐÐK'); a word really written with two (ĐĐBQH) keeps both."""
    gray, box = _capitals("BĐ")
    words = [{"text": "BĐÐ", "bbox": box, "line": 1, "choices": {2: [("Ð", 96.0)]}}]
    assert [(w["text"], "choices" in w) for w in repair(words, gray)] == [("BĐ", False)]
    gray, box = _capitals("04/ĐK")
    assert repair([{"text": "04/ÐĐK", "bbox": box, "line": 1}], gray)[0]["text"] == "04/ĐK"
    gray, box = _capitals("ĐĐBQH")
    assert glyphs(gray, box) == 5
    assert repair([{"text": "ĐÐBQH", "bbox": box, "line": 1}], gray)[0]["text"] == "ĐĐBQH"
    assert repair([{"text": "Bđð", "bbox": box, "line": 1}], gray)[0]["text"] == "Bđđ"  # small letters: left
