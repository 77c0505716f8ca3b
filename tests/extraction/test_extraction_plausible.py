"""Spelling plausibility: misread tone marks lower confidence even when Tesseract is sure."""
import pytest

from extraction import extract_fields
from extraction.plausible import name_factor, snap_family, text_factor, valid_syllable
from extraction_helpers import ocr_page


@pytest.mark.parametrize("word", ["Nguyễn", "Phường", "Quỳnh", "giữ", "gìn", "khuya", "nghiêng", "Việt",
                                  "quốc", "Thuở", "Hưng", "Lũy", "oong"])
def test_real_syllables(word):
    assert valid_syllable(word)


@pytest.mark.parametrize("word", ["Nguyen", "Phưòng", "Viềt", "Duơng", "Thànhh", "Trầnn", "tháng1"])
def test_misread_syllables(word):
    assert not valid_syllable(word)


def test_names():
    assert name_factor("Nguyễn Văn An") == 1.0
    assert name_factor("Nguyen Van An") < 0.5  # marks lost
    assert name_factor("Nguyên Minh Nhi") < 0.7  # family name Nguyễn read as Nguyên
    assert name_factor("Nguyến Văn An") < 0.7  # tone mark no name carries


def test_fixed_phrases_with_other_marks():
    assert text_factor("ỦY BAN NHÂN DÂN THÀNH PHỐ THỦ DẦU MỘT") == 1.0
    assert text_factor("ỦY BAN NHÂN DÂN THÀNH PHÔ THỦ DẤU MỘT") < 0.85
    assert text_factor("Số 5, khu phố 2, phường Dĩ An, thành phố Dĩ An, tỉnh Bình Dương") == 1.0
    assert text_factor("ấp 1, xã Thường Tân, huyện Bắc Tân Uyên, tỉnh Bình Duơng") < 0.75


def test_sure_ocr_of_a_misread_name_is_not_certain():
    page = ocr_page("Họ tên người khai: NGUYÊN MINH NHI", conf=96.0)
    fv = extract_fields([page])["applicant_name"]
    # the one family name spelled with these letters, still sent to review
    assert fv.value == "Nguyễn Minh Nhi" and fv.raw == "NGUYÊN MINH NHI" and fv.confidence < 0.8
    text_layer = ocr_page("Họ tên người khai: NGUYÊN MINH NHI", source="text_layer")
    fv = extract_fields([text_layer])["applicant_name"]
    assert fv.value == "Nguyên Minh Nhi" and fv.confidence == 1.0  # born digital: as printed


def test_family_names_sharing_letters_are_not_snapped():
    assert snap_family("Trân Thùy Ngọc") == ("Trần Thùy Ngọc", 1)
    assert snap_family("Nguyen Van An") == ("Nguyễn Van An", 1)
    assert snap_family("Lê Văn An") == ("Lê Văn An", 0)  # already a family name
    assert snap_family("Đồ Văn An")[1] == 0 and snap_family("Dộ Văn An")[1] == 0  # Đỗ or Đồ: cannot tell
    assert snap_family("Xyz Văn An") == ("Xyz Văn An", 0)
