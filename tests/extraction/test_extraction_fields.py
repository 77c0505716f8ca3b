"""Per-field extraction from OCR-like text, with the damage Tesseract typically does."""
import pytest

from extraction import check_required, extract_fields
from extraction.reread import RereadOptions
from extraction_helpers import ocr_page


def one(line: str, key: str, **kw):
    return extract_fields([ocr_page(line, **kw)]).get(key)


@pytest.mark.parametrize("line, value", [
    ("Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN AN", "Nguyễn Văn An"),
    ("Ho, chu dem, ten nguoi yeu cau: Nguyễn Văn An", "Nguyễn Văn An"),  # label lost its marks
    ("Họ và tên người đề nghị; TRẦN THỊ BÍCH NGỌC", "Trần Thị Bích Ngọc"),  # ':' read as ';'
    ("Họ tên người khai . Lê   Hoàng   Khang", "Lê Hoàng Khang"),  # '.' and extra spaces
    ("1. Họ và tên người đề nghị:……………Phạm Minh Tuấn", "Phạm Minh Tuấn"),  # numbering, leader dots
    ("Họ và tên chủ hộ kinh doanh: ĐỖ THỊ HẰNG", "Đỗ Thị Hằng"),
])
def test_applicant_name(line, value):
    assert one(line, "applicant_name").value == value


@pytest.mark.parametrize("line, value, repaired", [
    ("Số định danh cá nhân: 074093001656", "074093001656", False),
    ("Số CCCD: O74O93OO1656", "074093001656", True),  # O for 0
    ("So can cuoc cong dan: 0740930016S6", "074093001656", True),  # S for 5, no marks
    ("Số giấy tờ tùy thân: 074 093 001 656", "074093001656", False),  # grouped
    ("Số CCCD 074l93001656", "074193001656", True),  # ':' dropped, l for 1
])
def test_applicant_id_number(line, value, repaired):
    fv = one(line, "applicant_id_number")
    assert fv.value == value and fv.valid
    assert (fv.confidence < 0.93) == repaired  # a guessed digit costs confidence


@pytest.mark.parametrize("line, problem", [
    ("Số CCCD: 07409300165", "11 digits"),
    ("Số CCCD: 099093001656", "province"),
    ("Số CCCD: 074593001656", "century"),
])
def test_citizen_id_that_cannot_be_right_is_invalid(line, problem):
    fv = one(line, "applicant_id_number")
    assert not fv.valid and problem in fv.problem and fv.confidence < 0.5


def test_citizen_id_must_agree_with_birth_year():
    text = "Ngày sinh: 12/03/1993\nSố CCCD: 074095001656"
    fv = one(text, "applicant_id_number")
    assert not fv.valid and "birth" in fv.problem
    text = "Ngày sinh: 12/03/1995\nSố CCCD: 074095001656"
    assert one(text, "applicant_id_number").valid


@pytest.mark.parametrize("line, value", [
    ("Ngày, tháng, năm sinh: 05/03/1990", "1990-03-05"),
    ("Ngày sinh: 5/3/1990", "1990-03-05"),
    ("Ngay sinh: O5/O3/199O", "1990-03-05"),
    ("Ngày, tháng, năm sinh: ngày 05 tháng 03 năm 1990", "1990-03-05"),
    ("Ngày sinh: 05 - 03 - 1990", "1990-03-05"),
    ("Ngày, tháng, năm sinh: 05/03/1990 (Ngày năm tháng ba năm một nghìn chín trăm chín mươi)", "1990-03-05"),
])
def test_applicant_birth_date(line, value):
    assert one(line, "applicant_birth_date").value == value


def test_blank_template_date_is_not_a_value():
    assert one("Ngày, tháng, năm sinh: ……/……/………", "applicant_birth_date") is None
    page = "Họ và tên người đề nghị: Lê Văn Tám\n…………, ngày …… tháng …… năm ……"
    assert one(page, "signed_date") is None


@pytest.mark.parametrize("text, value", [
    ("Nơi cư trú: Số 12, đường Trần Hưng Đạo, phường Phú Cường,\nthành phố Thủ Dầu Một, tỉnh Bình Dương",
     "Số 12, đường Trần Hưng Đạo, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương"),
    ("Địa chỉ thường trú: ấp Hưng Lộc, xã Phước Hòa, huyện Phú Giáo, tỉnh Bình\nDương\nĐiện thoại liên hệ: 0912345678",
     "ấp Hưng Lộc, xã Phước Hòa, huyện Phú Giáo, tỉnh Bình Dương"),
    ("Địa chỉ liên hệ: Số 5, khu phố 2, phường Dĩ An, thành phố Dĩ An, tỉnh Bình Dương\n"
     "Tôi cam đoan những nội dung khai trên đây là đúng sự thật.",
     "Số 5, khu phố 2, phường Dĩ An, thành phố Dĩ An, tỉnh Bình Dương"),
    ("Địa chỉ thửa đất: Tổ 4, ấp Cây Chanh, xã Định An, huyện Dầu Tiếng, tỉnh Bình Dương\n"
     "Nội dung biến động: Chuyển mục đích sử dụng đất", "Tổ 4, ấp Cây Chanh, xã Định An, huyện Dầu Tiếng, tỉnh Bình Dương"),
])
def test_addresses_join_wrapped_lines_and_stop_at_the_next_line(text, value):
    key = "land_address" if "thửa đất" in text else "applicant_address"
    assert one(text, key).value == value


@pytest.mark.parametrize("line, value, valid", [
    ("Số điện thoại: 0912 345 678", "0912345678", True),
    ("Điện thoại liên hệ: 0912.345.678", "0912345678", True),
    ("So dien thoai: +84 912 345 678", "0912345678", True),
    ("Số điện thoại: (0274) 3822 123", "02743822123", True),
    ("Số điện thoại: O9l2345678", "0912345678", True),
    ("Số điện thoại: 0112345678", "0112345678", False),
])
def test_phone(line, value, valid):
    fv = one(line, "phone")
    assert (fv.value, fv.valid) == (value, valid)


@pytest.mark.parametrize("line, value, valid", [
    ("Mã số thuế: 3700000000", "3700000000", True),
    ("Mã số thuế: 0100109106", "0100109106", True),
    ("Ma so thue: O1OO1O91O6", "0100109106", True),
    ("Mã số thuế: 0100109107", "0100109107", False),  # check digit
    ("Mã số thuế: 0100109106-001", "0100109106001", True),
])
def test_tax_code(line, value, valid):
    fv = one(line, "tax_code")
    assert (fv.value, fv.valid) == (value, valid)


def test_parcel_and_sheet_on_one_line_and_in_decision_text():
    fields = extract_fields([ocr_page("Thửa đất số: l23; Tờ bản đồ số: 4S")])
    assert (fields["parcel_number"].value, fields["map_sheet_number"].value) == ("123", "45")
    body = ("Điều 1. Cấp giấy phép xây dựng nhà ở riêng lẻ cho ông NGUYỄN ĐỨC TOÀN, tại thửa đất số\n"
            "1659, tờ bản đồ số 80, địa chỉ Số 12, đường Yersin, phường Phú Cường.")
    fields = extract_fields([ocr_page(body)])
    assert (fields["parcel_number"].value, fields["map_sheet_number"].value) == ("1659", "80")
    assert fields["applicant_name"].value == "Nguyễn Đức Toàn"


def test_applicant_in_decision_is_the_requester_not_the_deceased():
    body = ("Điều 1. Đăng ký khai tử cho bà NGUYỄN THỊ LAN, chết ngày 05/03/2021, theo yêu cầu\n"
            "của ông TRẦN VĂN HÙNG.")
    assert one(body, "applicant_name").value == "Trần Văn Hùng"


def test_form_sections_decide_whose_gender_and_name():
    text = ("I. THÔNG TIN NGƯỜI YÊU CẦU\nHọ, chữ đệm, tên người yêu cầu: Trần Anh Quân\nGiới tính: Nam\n"
            "II. THÔNG TIN NGƯỜI ĐƯỢC KHAI SINH\nGiới tính: Nữ\nHọ, chữ đệm, tên: TRẦN THU HÀ\n"
            "Ngày, tháng, năm sinh: 01/09/2020")
    fields = extract_fields([ocr_page(text)])
    assert fields["applicant_name"].value == "Trần Anh Quân"
    assert fields["subject_gender"].value == "Nữ"
    assert fields["subject_name"].value == "Trần Thu Hà"
    assert fields["subject_birth_date"].value == "2020-09-01"
    assert "applicant_birth_date" not in fields


def test_death_date_from_time_of_death():
    fv = one("Chết vào lúc: 10 giờ 30 phút, ngày 05/03/2021", "death_date")
    assert fv.value == "2021-03-05"


def test_value_stops_at_the_next_label():
    fields = extract_fields([ocr_page("Ngày sinh: 01/02/1990   Giới tính: Nam   Dân tộc: Kinh")])
    assert fields["applicant_birth_date"].raw == "01/02/1990"


DECISION_OCR = """UBND THÀNH PHỐ THỦ DẦU MỘT CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
ỦY BAN NHÂN DÂN Độc lập - Tự do - Hạnh phúc
PHƯỜNG PHÚ CƯỜNG
Sô: O5/QD-UBND Phú Cường, ngày 05 tháng 0l năm 2020
QUYÉT ĐỊNH
Vê việc đăng ký khai sinh
CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG PHÚ CƯỜNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"""


def test_decision_header_merged_by_ocr_with_damage():
    fields = extract_fields([ocr_page(DECISION_OCR)])
    assert fields["document_number"].value == "05/QĐ-UBND"
    assert fields["document_number"].confidence < 0.93  # O→0 and QD→QĐ were guesses
    assert fields["issuing_agency"].value == "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ CƯỜNG"
    assert fields["document_type"].value == "QUYẾT ĐỊNH"
    assert fields["signed_date"].value == "2020-01-05"
    assert fields["subject_line"].raw.endswith("đăng ký khai sinh")


def test_form_date_outranks_the_decision_date_in_a_mixed_dossier():
    form = "TỜ KHAI ĐĂNG KÝ KHAI SINH\nHọ tên người khai: Lê Văn Tám\nPhú Cường, ngày 02 tháng 01 năm 2020"
    fields = extract_fields([ocr_page(form), ocr_page(DECISION_OCR, number=2)])
    assert fields["signed_date"].value == "2020-01-02" and fields["signed_date"].page == 1
    assert fields["document_type"].value == "QUYẾT ĐỊNH" and fields["document_type"].page == 2


def test_low_ocr_confidence_is_never_certain():
    fv = one("Họ và tên người đề nghị: Nguyễn Văn Ân", "applicant_name", low={"Ân": 35.0})
    assert fv.value == "Nguyễn Văn Ân" and fv.confidence < 0.8


def test_provenance_points_at_the_value_words():
    fv = one("Mã số thuế: 3700000000", "tax_code")
    assert fv.page == 1
    x0, y0, x1, y1 = fv.bbox
    assert x0 > 100 + 18 * 2  # starts after the label words, on the value


def test_places_keep_the_printed_value_and_carry_todays_unit():
    text = ("Nơi cư trú: Số 12, đường Yersin, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương\n"
            "Số điện thoại: 0912345678")
    fv = one(text, "applicant_address")
    assert fv.value.endswith("thành phố Thủ Dầu Một, tỉnh Bình Dương")  # as printed
    # Phú Cường merged into phường Thủ Dầu Một, Bình Dương into Hồ Chí Minh, the district abolished
    assert fv.mapped == "Số 12, đường Yersin, phường Thủ Dầu Một, thành phố Hồ Chí Minh"
    assert fv.mapped_candidates == []


def test_provincial_agency_maps_to_the_merged_province_lower_levels_do_not():
    from extraction.units import map_agency
    assert map_agency("UBND TỈNH BÌNH DƯƠNG").mapped == "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
    assert map_agency("ỦY BAN NHÂN DÂN TỈNH THANH HÓA").mapped == "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"
    assert map_agency("ỦY BAN NHÂN DÂN THỊ XÃ TÂN UYÊN") == (None, ())  # districts abolished: no successor


def test_value_printed_under_its_label():
    fields = extract_fields([ocr_page("Họ và tên người đề nghị:\nNGUYỄN VĂN AN\nSố điện thoại:\n0912 345 678")])
    assert fields["applicant_name"].value == "Nguyễn Văn An"
    assert fields["phone"].value == "0912345678"
    # a heading under an empty label is no name
    fields = extract_fields([ocr_page("Họ và tên người đề nghị:\nII. THÔNG TIN NGƯỜI ĐƯỢC KHAI SINH")])
    assert "applicant_name" not in fields


@pytest.mark.parametrize("line, value", [
    ("Số điện thoại:.........0912345678......", "0912345678"),
    ("Họ và tên người đề nghị: Nguyễn Văn An………………", "Nguyễn Văn An"),
    ("Số CMND: 280123456 cấp ngày 05/06/2010 tại Công an tỉnh Bình Dương", "280123456"),  # old 9-digit ID
    ("Sinh ngày 05/03/1990 tại Bệnh viện Đa khoa tỉnh Bình Dương", "1990-03-05"),
])
def test_leaders_and_trailing_text(line, value):
    fields = extract_fields([ocr_page(line)])
    assert value in {fv.value for fv in fields.values()}


def test_blank_form_yields_nothing():
    blank = ("Họ, chữ đệm, tên người yêu cầu: ……………………………\nSố định danh cá nhân: ……………………\n"
             "Ngày, tháng, năm sinh: ……/……/…………\nSố điện thoại: …………………\n"
             "…………, ngày …… tháng …… năm ……")
    assert extract_fields([ocr_page(blank)]) == {}


def test_slashed_zero_and_wrapped_worded_date():
    fields = extract_fields([ocr_page("Số CCCD: Ø74093470619\nNgày, tháng, năm sinh: ngày 02 tháng 12 năm\n2022")])
    assert fields["applicant_id_number"].value == "074093470619"
    assert fields["applicant_birth_date"].value == "2022-12-02"


def test_a_name_spelled_two_ways_in_the_dossier_is_not_certain():
    form = "Họ tên người khai: NGUYỄN DIỄM HUYỂN\nNGƯỜI YÊU CẦU\nNGUYỄN DIỄM HUYỀN"
    fv = extract_fields([ocr_page(form, conf=96.0)])["applicant_name"]
    assert fv.confidence < 0.8
    same = "Họ tên người khai: NGUYỄN DIỄM HUYỀN\nNGƯỜI YÊU CẦU\nNGUYỄN DIỄM HUYỀN"
    assert extract_fields([ocr_page(same, conf=80.0)])["applicant_name"].confidence > 0.8


def test_date_wrapped_before_the_year_and_place_misread_with_a_digit():
    fields = extract_fields([ocr_page(
        "Ngày, tháng, năm sinh của người được khai sinh: ngày 09 tháng 09\nnăm 2022\n"
        "1ân Vĩnh Hiệp, ngày 22 tháng 11 năm 2023")])
    assert fields["subject_birth_date"].value == "2022-09-09"
    assert fields["signed_date"].value == "2023-11-22"


def test_a_misread_name_repeated_elsewhere_stays_uncertain():
    text = "Họ tên người khai: NGUYÊN DUY TẤN NAM\nNGƯỜI YÊU CẦU\nNGUYÊN DUY TẤN NAM"
    assert extract_fields([ocr_page(text, conf=97.0)])["applicant_name"].confidence < 0.8


def test_sections_in_sentence_case_carry_over_to_the_next_page():
    p1 = ocr_page("Phần I. Thông tin người yêu cầu\nHọ, chữ đệm, tên người yêu cầu: NGUYỄN ANH TÍN\nGiới tính: Nam")
    p2 = ocr_page("Phần II. Thông tin người được khai sinh\nGiới tính: Nữ\n"
                  "Ngày, tháng, năm sinh của người được khai sinh: 28/07/2020", number=2)
    fields = extract_fields([p1, p2])
    assert fields["subject_gender"].value == "Nữ" and fields["subject_gender"].page == 2


def test_a_cited_act_is_not_the_document_number_when_the_number_line_is_unreadable():
    """The "Số:" line lost to OCR: the decree cited in the body must not stand in for it."""
    lost_number = DECISION_OCR.replace("Sô: O5/QD-UBND ", "S~ ,,/ ")
    text = lost_number + "\nCăn cứ Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ;"
    fields = extract_fields([ocr_page(text)])
    assert "document_number" not in fields or fields["document_number"].value != "123/2015/NĐ-CP"
    ok = extract_fields([ocr_page(DECISION_OCR + "\nCăn cứ Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015;")])
    assert ok["document_number"].value == "05/QĐ-UBND"


LOST_NUMBER_OCR = """ỦY BAN NHÂN DÂN
PHƯỜNG VĨNH PHÚ
Số:
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Vĩnh Phú, ngày 1 tháng 1 năm 2023
QUYẾT ĐỊNH
Về việc đăng ký khai tử
CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG VĨNH PHÚ
Xét đề nghị của Công chức Tư pháp - Hộ tịch tại Tờ trình số 257/TTr-UBND ngày"""


def test_a_bare_number_label_still_anchors_the_header_and_a_report_number_is_not_taken():
    """OCR lost the number after 'Số:': the agency ends above it, and the number of the report
    cited in the body is not the decision's."""
    fields = extract_fields([ocr_page(LOST_NUMBER_OCR)], reread=RereadOptions(enabled=False))
    assert fields["issuing_agency"].value == "ỦY BAN NHÂN DÂN PHƯỜNG VĨNH PHÚ"
    assert "document_number" not in fields  # no reading of the page image here
    assert fields["subject_line"].value == "Về việc đăng ký khai tử"
    assert check_required(fields, ["document_number"], 0.8) == [("document_number", "missing")]


def test_a_ward_name_is_not_a_document_title():
    fields = extract_fields([ocr_page(LOST_NUMBER_OCR.replace("VĨNH PHÚ", "AN BÌNH").replace("Vĩnh Phú", "An Bình")
                                      .replace("Số:", "Số: 3073/QĐ-UBND"))])
    assert fields["document_number"].value == "3073/QĐ-UBND"  # 'PHƯỜNG AN …' ended no header as 'HƯỚNG DẪN'
    assert fields["document_type"].value == "QUYẾT ĐỊNH"


def test_a_place_date_line_cut_after_ngay_is_joined():
    form = "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\nHọ và tên người đề nghị: Nguyễn Xuân Tài\nThuận An, ngày 11\ntháng 02 năm 2020"
    fv = extract_fields([ocr_page(form)])["signed_date"]
    assert fv.value == "2020-02-11"


def test_an_unreadable_form_date_goes_to_review_not_the_decision_date():
    """The application's date is the dossier's: when OCR garbled its month, the decision filed
    with it must not stand in with confidence."""
    form = "TỜ KHAI ĐĂNG KÝ KHAI SINH\nHọ tên người khai: Lê Văn Tám\nPhú Cường, ngày 17 tháng 0§ năm 2020"
    fields = extract_fields([ocr_page(form), ocr_page(DECISION_OCR, number=2)], reread=RereadOptions(enabled=False))
    fv = fields["signed_date"]
    assert fv.page == 1 and not fv.valid
    assert check_required(fields, ["signed_date"], 0.8)[0][0] == "signed_date"


def test_a_place_name_printed_alike_twice_elsewhere_respells_the_agency_but_stays_uncertain():
    text = LOST_NUMBER_OCR.replace("Số:", "Số: 12/QĐ-UBND").replace("PHƯỜNG VĨNH PHÚ\n", "XÃ HIỂU LIÊM\n", 1)
    text = text.replace("Vĩnh Phú, ngày", "Hiếu Liêm, ngày").replace("PHƯỜNG VĨNH PHÚ", "XÃ HIẾU LIÊM")
    fv = extract_fields([ocr_page(text)])["issuing_agency"]
    assert fv.value == "ỦY BAN NHÂN DÂN XÃ HIẾU LIÊM" and fv.confidence < 0.8
    once = text.replace("Hiếu Liêm, ngày", "Vĩnh Phú, ngày")  # one other spelling is no majority,
    fv = extract_fields([ocr_page(once)])["issuing_agency"]  # but the communes' list knows one spelling
    assert fv.value == "ỦY BAN NHÂN DÂN XÃ HIẾU LIÊM" and fv.confidence < 0.8


def test_an_agency_header_that_lost_its_unit_line_is_not_certain_and_the_authority_line_names_it():
    text = LOST_NUMBER_OCR.replace("PHƯỜNG VĨNH PHÚ\nSố:", "Số: 12/QĐ-UBND")
    fv = extract_fields([ocr_page(text)])["issuing_agency"]
    assert fv.value == "ỦY BAN NHÂN DÂN PHƯỜNG VĨNH PHÚ" and fv.confidence < 0.8  # from 'CHỦ TỊCH ỦY BAN …'
    no_authority = text.replace("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG VĨNH PHÚ\n", "")
    fv = extract_fields([ocr_page(no_authority)])["issuing_agency"]
    assert fv.value == "ỦY BAN NHÂN DÂN" and not fv.valid and fv.problem == "agency without its unit"


@pytest.mark.parametrize("line, value, certain", [
    ("Thửa đất số: 511", "511", True),
    ("Thửa đất số: 51 l", "511", False),  # a digit OCR split off as a letter: guessed, to review
    ("Thửa đất số: 5l1", "511", False),
])
def test_parcel_numbers_with_split_or_look_alike_digits(line, value, certain):
    fv = extract_fields([ocr_page(line)])["parcel_number"]
    assert fv.value == value and (fv.confidence >= 0.8) == certain


def test_the_signature_title_under_a_complete_date_is_not_part_of_it():
    form = "TỜ KHAI ĐĂNG KÝ KHAI SINH\nHọ tên người khai: Lê Văn Tám\nAn Phú, ngày 24 tháng 08 năm 2018\nNGƯỜI YÊU CẦU"
    fv = extract_fields([ocr_page(form)])["signed_date"]
    assert fv.value == "2018-08-24" and fv.raw == "An Phú, ngày 24 tháng 08 năm 2018"
    wrapped = form.replace(" năm 2018\n", " năm\n2018\n")  # the year did wrap: joined
    assert extract_fields([ocr_page(wrapped)])["signed_date"].value == "2018-08-24"


def test_a_decision_sentence_ending_like_a_label_names_no_business():
    """'… về đăng ký doanh nghiệp;' ends like the label 'Tên doanh nghiệp' but follows real words:
    a citation, not a label, so the next line is no business name."""
    body = ("Căn cứ Nghị định số 01/2021/NĐ-CP ngày 04 tháng 01 năm 2021 của\n"
            "Chính phủ về đăng ký doanh nghiệp;\n"
            "Xét đề nghị của Trưởng phòng Tài chính - Kế hoạch tại Tờ trình số")
    assert "business_name" not in extract_fields([ocr_page(body)], reread=RereadOptions(enabled=False))
    # OCR junk of a margin before a real label still lets the label through
    junk = one("li Œœ Ưin U) > Tên doanh nghiệp: CÔNG TY TNHH AN PHÚ", "business_name")
    assert junk is not None and junk.value == "CÔNG TY TNHH AN PHÚ"


def test_an_agency_named_after_no_known_commune_is_doubted_and_stray_marks_dropped():
    """'XÃ BÌNHMỸ ˆ': a speck read as a lone accent is no part of the name; a commune no list of
    communes holds is a misread name, so the value is less sure than the same header spelled right."""
    right = extract_fields([ocr_page(DECISION_OCR.replace("PHƯỜNG PHÚ CƯỜNG\n", "XÃ BÌNH MỸ\n", 1))])
    glued = extract_fields([ocr_page(DECISION_OCR.replace("PHƯỜNG PHÚ CƯỜNG\n", "XÃ BÌNHMỸ ˆ\n", 1))])
    assert right["issuing_agency"].value == "ỦY BAN NHÂN DÂN XÃ BÌNH MỸ"
    assert glued["issuing_agency"].value == "ỦY BAN NHÂN DÂN XÃ BÌNHMỸ"
    assert glued["issuing_agency"].confidence < 0.8 * right["issuing_agency"].confidence


@pytest.mark.parametrize("act", ["Thông tư", "Thông ae"])  # the act's type as printed, or as OCR misread it
def test_the_act_a_form_was_issued_with_is_no_document_number(act):
    page = ocr_page(f"Mẫu CT01 ban hành kèm theo {act} số 66/2023/TT-BCA ngày 17/11/2023 của Bộ trưởng Bộ Công an\n"
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")
    assert "document_number" not in extract_fields([page])


def _date_candidate(flagged: set[str], month: str = "9"):
    from extraction.candidates import Candidate
    from extraction.values import parse
    from sohoa.documents import Word

    text = f"ngày 27 tháng {month} năm 2020"
    words = [Word(text=t, conf=96, bbox=(100 * i, 0, 100 * i + 80, 40), handwritten=t in flagged)
             for i, t in enumerate(text.split())]
    return Candidate("signed_date", text, parse("signed_date", text), 1, words, 1.0, (1, 0), 0.96)


def test_a_value_is_handwritten_when_half_of_its_own_words_are():
    from extraction.extract import handwritten

    assert not handwritten(_date_candidate(set()))
    assert not handwritten(_date_candidate({"27"}))  # one printed number flagged among three
    assert not handwritten(_date_candidate({"ngày", "tháng", "27"}))  # printed keywords say nothing
    assert not handwritten(_date_candidate({"27"}, month="S"))  # a misread month still carries the date
    assert handwritten(_date_candidate({"27", "9"}))
    assert handwritten(_date_candidate({"27", "9", "2020"}))


@pytest.mark.parametrize("text,value", [
    ("ngày I]I tháng 01 năm 2022", "2022-01-11"),  # italic '11' with a stroke read as a character
    ("ngày 1Š tháng 01 năm 2016", None),  # 15 or 18: the calendar cannot tell, no value
    ("ngày 111 tháng 01 năm 2022", None),  # three plain digits are no day
])
def test_a_day_read_with_a_split_stroke(text, value):
    from extraction.normalise import worded_date

    assert worded_date(text)[0] == value
