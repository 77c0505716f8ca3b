"""Whole forms as Tesseract 5 (vie) really printed them from generated scans (fictional people):
photocopy/bilevel/blur damage, wrapped addresses, 'II' read as 'I', the year of the date line
wrapped, signature scribbles read as text."""
from extraction import extract_fields
from extraction_helpers import ocr_page

MARRIAGE_P1 = """CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TỜ KHAI ĐĂNG KÝ KẾT HÔN
(Dùng cho công dân Việt Nam cư trú trong nước)
Kính gửi: Ủy ban nhân dân xã Phước Hòa
I. THÔNG TIN BÊN CHỒNG
Họ và tên người đề nghị: ĐẶNG THANH TÍN
Ngày, tháng, năm sinh: 30/08/1974
Giới tính: Nam
Số căn cước công dân: 074074938420
Nơi cư trú: ấp Bến Sắn, xã Phước Hòa, huyện Phú Giáo, tỉnh Bình
Dương
Số điện thoại: 0969 841 714
Dân tộc: Kinh
Kết hôn lần thứ: Nhất"""
MARRIAGE_P2 = """II. THÔNG TIN BÊN VỢ
Ngày sinh bên vợ: 26/07/1990
Dân tộc bên vợ: Kinh
Số CCCD bên vợ: 074190849296
Nơi cư trú bên vợ: ấp Đồng Sặc, xã Long Nguyên, huyện Bàu Bàng,
tỉnh Bình Dương
Họ và tên bên vợ: NGUYỄN THỊ TUYẾT
Tôi cam đoan những nội dung khai trên đây là đúng sự thật và
chịu trách nhiệm trước pháp luật về cam đoan của mình.
Phước Hòa, ngày 26 tháng 11 năm
2018
NGƯỜI YÊU CẦU
(Ký, ghi rõ họ, tên)
/ZYY.
ĐẶNG THANH TÍN"""
BUSINESS = """Phụ lục IH-I
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH
(Đăng ký thành lập mới)
Kính gửi: Phòng Tài chính - Kế hoạch thị xã Bến Cát
I. THÔNG TIN CHỦ HỘ KINH DOANH
Họ và tên chủ hộ kinh doanh: Lê Minh Hằng
Ngày sinh: 20/09/1967
Giới tính: Nữ
Số giấy tờ tùy thân: 074167802516
Địa chỉ liên hệ: Số 397, đường Nguyễn Văn Linh, khu phố 2, phường An Phú, thành phố
Thuận An, tỉnh Bình Dương
Số điện thoại: 0886 876 954
Dân tộc: Kinh
Quốc tịch: Việt Nam
I. THÔNG TIN HỘ KINH DOANH
Tên hộ kinh doanh: Tạp hóa Hằng
Địa điểm kinh doanh: Số 328/29, đường 30 Tháng 4, khu phố 2, phường Mỹ Phước, thị
xã Bến Cát, tỉnh Bình Dương
Ngành, nghề kinh doanh: Bán lẻ lương thực, thực phẩm, đồ uống
Vốn kinh doanh: 80.000.000 đồng
Số lượng lao động: I
Mã số thuế: 3720019835
Tôi cam kết bản thân không thuộc diện pháp luật cấm kinh doanh và chịu trách
nhiệm trước pháp luật về tính hợp pháp, chính xác, trung thực của nội dung đăng ký trên.
Bến Cát, ngày 22 tháng 8 năm 2022
NGƯỜI ĐỀ NGHỊ
(Ký, ghi rõ họ, tên)
⁄⁄1⁄ˆ
Lê Minh Hằng"""


def values(fields):
    return {k: fv.value for k, fv in fields.items()}


def test_marriage_form_over_two_pages():
    got = values(extract_fields([ocr_page(MARRIAGE_P1), ocr_page(MARRIAGE_P2, number=2)]))
    assert got == {
        "applicant_name": "Đặng Thanh Tín", "applicant_birth_date": "1974-08-30",
        "applicant_id_number": "074074938420",
        "applicant_address": "ấp Bến Sắn, xã Phước Hòa, huyện Phú Giáo, tỉnh Bình Dương",
        "phone": "0969841714", "subject_birth_date": "1990-07-26", "subject_id_number": "074190849296",
        "subject_name": "Nguyễn Thị Tuyết", "signed_date": "2018-11-26", "document_type": "TỜ KHAI",
    }


def test_household_business_form():
    got = values(extract_fields([ocr_page(BUSINESS)]))
    assert got == {
        "applicant_name": "Lê Minh Hằng", "applicant_birth_date": "1967-09-20",
        "applicant_id_number": "074167802516",
        "applicant_address": "Số 397, đường Nguyễn Văn Linh, khu phố 2, phường An Phú, thành phố Thuận An, "
                             "tỉnh Bình Dương",
        "phone": "0886876954", "business_name": "Tạp hóa Hằng",
        "business_address": "Số 328/29, đường 30 Tháng 4, khu phố 2, phường Mỹ Phước, thị xã Bến Cát, "
                            "tỉnh Bình Dương",
        "tax_code": "3720019835", "signed_date": "2022-08-22", "document_type": "GIẤY ĐỀ NGHỊ",
    }
