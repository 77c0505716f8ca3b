import pytest

from ocr.fixups import fix_number, fix_roman, fix_words
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
