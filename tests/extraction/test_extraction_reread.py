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


def printed_line(tmp_path, printed: str, ocr: dict[int, str | None], conf: float = 92.0,
                 misread_conf: float = 70.0) -> Page:
    """A page image printing `printed` on one line; the OCR words are its tokens with
    `ocr` applied (token index → misread text, or None: the token was lost)."""
    font = ImageFont.truetype(str(FONT), 46)
    img = Image.new("L", (1900, 200), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 60), printed, font=font, fill=0)
    words, x = [], 40
    for i, tok in enumerate(printed.split()):
        box = draw.textbbox((x, 60), tok, font=font)
        x += int(draw.textlength(tok + " ", font=font))
        text = ocr.get(i, tok)
        if text is not None:
            words.append(Word(text=text, conf=conf if i not in ocr else misread_conf, bbox=box, line=0))
    path = tmp_path / "line.png"
    img.save(path)
    return Page(number=1, width=1900, height=200, dpi=300, source="ocr", text=" ".join(w.text for w in words),
                words=words, image_path=str(path))


def test_an_unreadable_month_is_read_again_from_the_image_and_kept_for_review(tmp_path):
    page = printed_line(tmp_path, "Phú Giáo, ngày 17 tháng 08 năm 2024", {5: "0§"})
    assert not extract_fields([page], reread=RereadOptions(enabled=False))["signed_date"].valid
    fv = extract_fields([page])["signed_date"]
    assert fv.value == "2024-08-17" and fv.valid and fv.confidence < 0.8  # a second reading is never certain


@pytest.mark.parametrize("printed, ocr, value", [
    ("Thuận An, ngày 11 tháng 02 năm 2020", {3: None}, "2020-02-11"),
    ("Long Tân, ngày 31 tháng 08 năm 2024", {3: None, 5: "0S"}, "2024-08-31"),  # and a garbled month
])
def test_a_lost_day_is_read_in_the_gap_between_its_keywords(tmp_path, printed, ocr, value):
    fv = extract_fields([printed_line(tmp_path, printed, ocr)])["signed_date"]
    assert fv.value == value and fv.confidence < 0.8


def test_a_year_read_otherwise_alone_sends_the_date_to_review(tmp_path):
    printed = "Uyên Hưng, ngày 20 tháng 3 năm 2018"
    right = extract_fields([printed_line(tmp_path, printed, {})])["signed_date"]
    assert right.value == "2018-03-20" and right.confidence >= 0.8
    wrong = extract_fields([printed_line(tmp_path, printed, {7: "2016"})])["signed_date"]  # a doubtful word
    assert wrong.value == "2018-03-20" and wrong.confidence < 0.8  # the digits read alone, offered for review
    sure = extract_fields([printed_line(tmp_path, printed, {7: "2016"}, misread_conf=95.0)])["signed_date"]
    assert sure.value == "2016-03-20" and sure.confidence < 0.8


def test_a_number_lost_after_its_label_is_read_from_the_image(tmp_path):
    page = printed_line(tmp_path, "Số: 3618/QĐ-UBND", {1: None})
    page.text = "ỦY BAN NHÂN DÂN\nPHƯỜNG VĨNH PHÚ\n" + page.text + "\nQUYẾT ĐỊNH"
    for w in page.words:
        w.line = 2
    fv = extract_fields([page])["document_number"]
    assert fv.value == "3618/QĐ-UBND" and fv.confidence < 0.8


def test_a_value_lost_after_its_form_label_is_read_from_the_image(tmp_path):
    page = printed_line(tmp_path, "Số định danh cá nhân: 074035220465", {5: None})
    fv = extract_fields([page])["applicant_id_number"]
    assert fv.value == "074035220465" and fv.confidence < 0.8
    blank = printed_line(tmp_path, "Số định danh cá nhân:", {})
    assert "applicant_id_number" not in extract_fields([blank])  # left blank on paper: no value


def test_a_doubtful_slash_date_read_otherwise_offers_the_image_reading(tmp_path):
    page = printed_line(tmp_path, "Ngày sinh: 12/12/1981", {2: "12/12/1961"})
    fv = extract_fields([page])["applicant_birth_date"]
    assert fv.value == "1981-12-12" and fv.confidence < 0.8


def test_the_citizen_id_picks_between_two_readings_of_the_birth_date(tmp_path):
    """A sure page pass read 1963; alone the word reads 1983, and the ID number prints '83'."""
    page = printed_line(tmp_path, "Ngày sinh: 19/10/1983", {2: "19/10/1963"}, misread_conf=95.0)
    id_line = "Số định danh cá nhân: 001083191234"
    page.text += "\n" + id_line
    x = 40
    for tok in id_line.split():
        page.words.append(Word(text=tok, conf=96.0, bbox=(x, 150, x + 20 * len(tok), 190), line=1))
        x += 20 * len(tok) + 12
    fields = extract_fields([page])
    assert fields["applicant_birth_date"].value == "1983-10-19" and fields["applicant_birth_date"].confidence < 0.8
    assert fields["applicant_id_number"].valid


def test_a_lost_year_is_read_right_of_nam(tmp_path):
    page = printed_line(tmp_path, "Dĩ An, ngày 24 tháng 9 năm 2018", {7: None})
    assert not extract_fields([page], reread=RereadOptions(enabled=False))["signed_date"].valid
    fv = extract_fields([page])["signed_date"]
    assert fv.value == "2018-09-24" and fv.confidence < 0.8


def test_a_day_read_alone_twice_alike_corrects_the_date_and_sends_it_to_review(tmp_path):
    printed = "Bình Nhâm, ngày 08 tháng 10 năm 2017"
    right = extract_fields([printed_line(tmp_path, printed, {})])["signed_date"]
    assert right.value == "2017-10-08" and right.confidence >= 0.8
    swapped = extract_fields([printed_line(tmp_path, printed, {3: "06"}, misread_conf=95.0)])["signed_date"]
    # the page pass's sure '06' loses to the day read alone at two sizes, but only to review
    assert swapped.value == "2017-10-08" and swapped.confidence < 0.8


def test_7197_metadata_reads_a_lost_number_from_the_image_too(tmp_path):
    from extraction import document_metadata

    page = printed_line(tmp_path, "Số: 3618/QĐ-UBND", {1: None})
    page.text = "ỦY BAN NHÂN DÂN\nPHƯỜNG VĨNH PHÚ\n" + page.text + "\nQUYẾT ĐỊNH"
    for w in page.words:
        w.line = 2
    meta = document_metadata([page])
    assert (meta["CodeNumber"], meta["CodeNotation"], meta["TypeName"]) == ("3618", "QĐ-UBND", "Quyết định")
    assert meta["confidence"] < 0.8  # a second reading is never certain
    assert document_metadata([page], reread=RereadOptions(enabled=False))["CodeNumber"] is None


def test_a_doubtful_date_whose_day_month_and_year_read_alone_agree_becomes_certain(tmp_path):
    page = printed_line(tmp_path, "Vĩnh Hòa, ngày 29 tháng 12 năm 2018", {}, conf=72.0)
    assert extract_fields([page], reread=RereadOptions(enabled=False))["signed_date"].confidence < 0.8
    fv = extract_fields([page])["signed_date"]
    assert fv.value == "2018-12-29" and fv.confidence >= 0.8


def test_a_caps_business_name_takes_the_marks_its_lines_read_alone_give(tmp_path):
    """The page pass drops capitals' tone marks ('NGHIẸP', 'VIET') with high word confidence;
    the value's line read alone, at two sizes, gives them back."""
    printed = "Tên doanh nghiệp: DOANH NGHIỆP TƯ NHÂN NAM VIỆT MINH"
    page = printed_line(tmp_path, printed, {4: "NGHIẸP", 8: "VIET"}, misread_conf=90.0)
    without = extract_fields([page], reread=RereadOptions(enabled=False))["business_name"]
    assert without.value == "DOANH NGHIẸP TƯ NHÂN NAM VIET MINH"
    assert extract_fields([page])["business_name"].value == "DOANH NGHIỆP TƯ NHÂN NAM VIỆT MINH"



def printed_page(tmp_path, lines: list[str], number: int = 1) -> Page:
    """A page image printing `lines`, with OCR words exactly as printed."""
    font = ImageFont.truetype(str(FONT), 46)
    img = Image.new("L", (1900, 120 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    words = []
    for li, text in enumerate(lines):
        x, y = 40, 60 + 80 * li
        draw.text((x, y), text, font=font, fill=0)
        for tok in text.split():
            words.append(Word(text=tok, conf=95.0, bbox=draw.textbbox((x, y), tok, font=font), line=li))
            x += int(draw.textlength(tok + " ", font=font))
    path = tmp_path / f"page{number}.png"
    img.save(path)
    return Page(number=number, width=img.width, height=img.height, dpi=300, source="ocr",
                text="\n".join(lines), words=words, image_path=str(path))


@pytest.mark.calibrated
def test_a_decision_date_standing_in_for_a_lost_form_date_stays_uncertain_when_read_again_alike(tmp_path):
    """The form's own date line was lost to OCR; the decision filed with it prints a clear date
    that its second reading confirms. It is still another paper's date: never certain, whatever
    the installed model makes of its evidence."""
    from extraction.calibration import review_threshold

    from extraction_helpers import ocr_page

    form = ocr_page("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\nKính gửi: Ủy ban nhân dân huyện Bắc Tân Uyên")
    decision = printed_page(tmp_path, ["ỦY BAN NHÂN DÂN", "HUYỆN BẮC TÂN UYÊN", "Số: 15/QĐ-UBND",
                                       "Bắc Tân Uyên, ngày 31 tháng 01 năm 2023", "QUYẾT ĐỊNH",
                                       "Về việc cấp giấy phép xây dựng"], number=2)
    fv = extract_fields([form, decision])["signed_date"]
    assert fv.value == "2023-01-31" and fv.confidence <= 0.5
    decision.number = 1
    alone = extract_fields([decision])["signed_date"]
    assert alone.value == "2023-01-31" and alone.confidence >= review_threshold()  # no form: the date


def test_an_id_whose_page_reading_lost_a_digit_is_read_whole_again(tmp_path):
    """'74093001656' for 074093001656: invalid as read, the number read alone gives all 12 digits."""
    page = page_with(tmp_path, "Số CCCD:", "074093001656", "74093001656", conf=55.0)
    assert not extract_fields([page], reread=RereadOptions(enabled=False))["applicant_id_number"].valid
    fv = extract_fields([page])["applicant_id_number"]
    assert fv.value == "074093001656" and fv.valid


@pytest.mark.calibrated
def test_readings_that_disagree_stay_under_the_installed_review_threshold(tmp_path):
    """The fitted model may never have seen two readings disagree: it must not make them certain."""
    from extraction.calibration import review_threshold

    page = page_with(tmp_path, "Số CCCD:", "074093001656", "074093001658", conf=90.0)
    fv = extract_fields([page])["applicant_id_number"]
    assert fv.value == "074093001658" and fv.confidence < review_threshold()


def test_a_caps_name_spelled_doubtfully_takes_the_marks_its_line_read_alone_gives(tmp_path):
    """'TRÂN PHƯƠNG QUYỀN' for TRẦN PHƯƠNG QUYÊN: the family name's marks look misread, so the
    line is read again alone; it gives every mark back, the given name's too."""
    page = printed_line(tmp_path, "Họ và tên: TRẦN PHƯƠNG QUYÊN", {3: "TRÂN", 5: "QUYỀN"}, misread_conf=85.0)
    without = extract_fields([page], reread=RereadOptions(enabled=False))["applicant_name"]
    assert without.value == "Trần Phương Quyền" and without.confidence < 0.8
    fv = extract_fields([page])["applicant_name"]
    assert fv.value == "Trần Phương Quyên" and fv.confidence >= 0.8
