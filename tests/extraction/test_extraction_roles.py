"""Whose value is it: person blocks under shared labels, side-by-side columns, lead-in phrases."""
import pytest

from extraction import extract_fields
from extraction_helpers import ocr_page
from sohoa.documents import Page, Word

DEATH = """TỜ KHAI ĐĂNG KÝ KHAI TỬ
Kính gửi: (1) Ủy ban nhân dân phường Phú Cường
Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN AN
Nơi cư trú: (2) số 12 đường Yersin, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương
Giấy tờ tùy thân: (3) Căn cước công dân số 074085001234 do Cục Cảnh sát QLHC về TTXH cấp ngày 20/11/2021
Quan hệ với người đã chết: Con
Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:
Họ, chữ đệm, tên: TRẦN THỊ BÌNH
Ngày, tháng, năm sinh: 12/03/1940
Giới tính: Nữ Dân tộc: Kinh Quốc tịch: Việt Nam
Nơi cư trú cuối cùng: (2) số 12 đường Yersin, phường Phú Cường, thành phố Thủ Dầu Một
Giấy tờ tùy thân: (3) Căn cước công dân số 074140000123 do Cục Cảnh sát QLHC về TTXH cấp ngày 10/05/2021
Đã chết vào lúc: 14 giờ 30 phút, ngày 05 tháng 03 năm 2021
Nơi chết: Tại nhà
Làm tại: Thủ Dầu Một, ngày 08 tháng 03 năm 2021"""

BIRTH = """TỜ KHAI ĐĂNG KÝ KHAI SINH
Họ, chữ đệm, tên người yêu cầu: Lê Văn Hùng
Nơi cư trú: (2) ấp 3, xã An Sơn, thành phố Thuận An, tỉnh Bình Dương
Giấy tờ tùy thân: (3) CCCD số 074090004567 do Cục Cảnh sát QLHC về TTXH cấp ngày 02/02/2022
Quan hệ với người được khai sinh: Cha
Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:
Họ, chữ đệm, tên: Lê Minh Khang
Ngày, tháng, năm sinh: 15/08/2022 ghi bằng chữ: Ngày mười lăm, tháng tám, năm hai nghìn không trăm hai mươi hai
Giới tính: Nam Dân tộc: Kinh Quốc tịch: Việt Nam
Họ, chữ đệm, tên người mẹ: Phạm Thị Hoa
Năm sinh: (5) 1992 Dân tộc: Kinh Quốc tịch: Việt Nam
Nơi cư trú: (2) khu phố 2, phường Lái Thiêu, thành phố Thuận An, tỉnh Bình Dương
Họ, chữ đệm, tên người cha: Lê Văn Hùng
Năm sinh: (5) 1990 Dân tộc: Kinh Quốc tịch: Việt Nam
Làm tại: Thuận An, ngày 20 tháng 08 năm 2022"""


def values(text: str) -> dict:
    return {k: (f.value, f.confidence) for k, f in extract_fields([ocr_page(text)]).items()}


def test_requester_and_deceased_under_the_same_labels():
    v = values(DEATH)
    assert v["applicant_name"][0] == "Nguyễn Văn An" and v["applicant_id_number"][0] == "074085001234"
    assert v["subject_name"][0] == "Trần Thị Bình" and v["subject_id_number"][0] == "074140000123"
    assert v["subject_birth_date"][0] == "1940-03-12" and v["subject_gender"][0] == "Nữ"
    assert v["death_date"][0] == "2021-03-05"
    assert v["applicant_address"][0].endswith("tỉnh Bình Dương")  # the requester's, not the last one
    assert "applicant_birth_date" not in v
    assert all(c >= 0.8 for _, c in v.values())


def test_a_lost_hand_over_line_leaves_the_second_person_nobodys_for_sure():
    v = values(DEATH.replace("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:\n", ""))
    assert v["applicant_name"][0] == "Nguyễn Văn An"
    assert v["applicant_id_number"][0] == "074085001234"  # read before the second person began
    assert "subject_name" not in v
    # the deceased's birth date lands on no one with confidence
    assert v.get("applicant_birth_date", ("", 0.0))[1] < 0.8


def test_child_mother_and_father_blocks():
    v = values(BIRTH)
    assert v["subject_name"][0] == "Lê Minh Khang" and v["subject_birth_date"][0] == "2022-08-15"
    assert v["mother_name"][0] == "Phạm Thị Hoa" and v["father_name"][0] == "Lê Văn Hùng"
    assert v["applicant_name"][0] == "Lê Văn Hùng" and v["applicant_id_number"][0] == "074090004567"
    # the mother's residence is not the requester's
    assert "xã An Sơn" in v["applicant_address"][0]


@pytest.mark.parametrize("printed", [
    "Căn cước công dân số 074090004567 do Cục Cảnh sát QLHC về TTXH cấp ngày 02/02/2022",
    "CCCD số: 074090004567", "Số định danh cá nhân 074090004567", "(3) Thẻ căn cước số 074090004567",
    "074090004567 cấp ngày 02/02/2022",
])
def test_id_number_inside_a_lead_in_phrase(printed):
    v = values(f"Họ, chữ đệm, tên người yêu cầu: Lê Văn Hùng\nGiấy tờ tùy thân: {printed}")
    assert v["applicant_id_number"] == ("074090004567", pytest.approx(0.93))


def test_a_passport_is_no_citizen_id():
    v = extract_fields([ocr_page("Họ, chữ đệm, tên người yêu cầu: Lê Văn Hùng\nGiấy tờ tùy thân: Hộ chiếu số C1234567")])
    assert not v["applicant_id_number"].valid


ROWS = [("", "Bên nữ", "Bên nam"), ("Họ, chữ đệm, tên", "PHẠM THỊ LAN", "TRẦN VĂN AN"),
        ("Ngày, tháng, năm", "12/03/1995", "05/07/1993"), ("sinh", "", ""), ("Dân tộc", "Kinh", "Kinh"),
        ("Nơi cư trú", "ấp 2, xã An Sơn,", "khu phố 1, phường Lái"),
        ("", "thành phố Thuận An", "Thiêu, thành phố Thuận An"),
        ("Giấy tờ tùy thân", "CCCD số", "CCCD số"), ("", "074195001234", "074093004321"),
        ("Kết hôn lần thứ mấy", "Thứ nhất", "Thứ nhất"), ("Chúng tôi cam đoan những lời khai trên đây là đúng", "", "")]


def table_page(by_columns: bool) -> Page:
    """A side-by-side table as word boxes; the text in row order or in column order, as
    Tesseract gives one or the other."""
    words = []
    for r, cells in enumerate(ROWS):
        x_starts = (150, 1100, 1800) if r else (150, 1200, 1900)
        for c, cell in enumerate(cells):
            x = x_starts[c]
            for tok in cell.split():
                words.append(Word(text=tok, conf=92, bbox=(x, 400 + 60 * r, x + 20 * len(tok), 440 + 60 * r)))
                x += 20 * len(tok) + 14
    if by_columns:
        text = [cells[c] for c in range(3) for cells in ROWS if cells[c]]
    else:
        text = [" ".join(x for x in cells if x) for cells in ROWS]
    return Page(number=1, width=2480, height=3508, dpi=300, source="ocr", words=words,
                text="TỜ KHAI ĐĂNG KÝ KẾT HÔN\n" + "\n".join(text))


@pytest.mark.parametrize("by_columns", [False, True])
def test_bride_and_groom_side_by_side(by_columns):
    f = extract_fields([table_page(by_columns)])
    got = {k: f[k].value for k in f}
    assert got["subject_name"] == "Phạm Thị Lan" and got["applicant_name"] == "Trần Văn An"
    assert got["subject_birth_date"] == "1995-03-12" and got["applicant_birth_date"] == "1993-07-05"
    assert got["subject_id_number"] == "074195001234" and got["applicant_id_number"] == "074093004321"
    assert got["applicant_address"] == "khu phố 1, phường Lái Thiêu, thành phố Thuận An"
    assert f["subject_name"].bbox[0] >= 1100 and f["applicant_name"].bbox[0] >= 1800
