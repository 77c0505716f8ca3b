"""Text-only dossiers for the classifier benchmark, in layout/wording families.

Independent of samples/ on purpose: the model trains on some families here and is then tested on
held-out families, on samples/' own generator (layouts it never saw) and on real OCR of its scans.
A family fixes the heading style, the label variant of each field, the field order, the title
wording and the decision's subject wording, so holding out a family holds out a template.
"""
from __future__ import annotations

import random

FAMILIES = ("a", "b", "c", "d", "e")

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Kim", "Đức", "Hoàng", "Bảo"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam",
         "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]
COMMUNES = ["Tân Phú", "An Bình", "Hòa Lợi", "Phú Mỹ", "Thới Hòa", "Long Nguyên", "Định Hòa", "Tân Định",
            "Chánh Phú Hòa", "An Điền", "Lai Uyên", "Tân Hiệp"]
DISTRICTS = ["Bến Cát", "Tân Uyên", "Dĩ An", "Thuận An", "Bàu Bàng", "Phú Giáo", "Dầu Tiếng", "Bắc Tân Uyên"]
STREETS = ["Đại lộ Bình Dương", "Cách Mạng Tháng Tám", "Yersin", "Nguyễn Văn Tiết", "Lý Thường Kiệt", "ĐT 741"]


def name(r: random.Random) -> str:
    return f"{r.choice(FAMILY_NAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"


def cid(r: random.Random) -> str:
    return "0" + str(r.choice([74, 79, 70, 72])) + str(r.randint(0, 3)) + f"{r.randint(0, 99):02d}" + f"{r.randint(0, 999999):06d}"


def dmy(r: random.Random, lo: int = 1950, hi: int = 2024) -> str:
    return f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(lo, hi)}"


def addr(r: random.Random) -> str:
    return f"Số {r.randint(1, 300)}, {r.choice(STREETS)}, khu phố {r.randint(1, 9)}, phường {r.choice(COMMUNES)}, thành phố {r.choice(DISTRICTS)}, tỉnh Bình Dương"


def long_date(r: random.Random) -> str:
    return f"{r.choice(DISTRICTS)}, ngày {r.randint(1, 28)} tháng {r.randint(1, 12)} năm {r.randint(2012, 2025)}"


# Per procedure: form titles by family (held-out families print wordings the train set never had),
# fields as (label variants, value maker), result headings/subjects, and the legal ground cited.
P = {
    "birth_registration": dict(
        titles=["TỜ KHAI ĐĂNG KÝ KHAI SINH", "TỜ KHAI ĐĂNG KÝ KHAI SINH", "TỜ KHAI\nĐĂNG KÝ KHAI SINH",
                "TỜ KHAI ĐĂNG KÝ KHAI SINH\n(Dùng cho trường hợp đăng ký khai sinh đúng hạn)", "TỜ KHAI ĐĂNG KÝ KHAI SINH"],
        fields=[(["Họ, chữ đệm, tên người được khai sinh", "Họ và tên người được khai sinh", "Họ tên trẻ"], name),
                (["Ngày, tháng, năm sinh của người được khai sinh", "Ngày sinh của trẻ", "Sinh ngày"], lambda r: dmy(r, 2010, 2025)),
                (["Giới tính", "Giới tính của trẻ"], lambda r: r.choice(["Nam", "Nữ"])),
                (["Nơi sinh", "Nơi sinh của trẻ"], lambda r: f"Trạm Y tế phường {r.choice(COMMUNES)}"),
                (["Họ, chữ đệm, tên người mẹ", "Họ tên mẹ"], name), (["Họ, chữ đệm, tên người cha", "Họ tên cha"], name),
                (["Quan hệ với người được khai sinh", "Quan hệ với trẻ"], lambda r: r.choice(["Cha", "Mẹ", "Ông nội", "Bà ngoại"]))],
        results=["GIẤY KHAI SINH", "TRÍCH LỤC KHAI SINH", "TRÍCH LỤC ĐĂNG KÝ KHAI SINH"],
        subjects=["đăng ký khai sinh cho trẻ em", "đăng ký khai sinh", "cấp trích lục khai sinh", "đăng ký khai sinh đúng hạn", "đăng ký khai sinh cho cháu"],
        law="Luật Hộ tịch ngày 20 tháng 11 năm 2014"),
    "marriage_registration": dict(
        titles=["TỜ KHAI ĐĂNG KÝ KẾT HÔN", "TỜ KHAI ĐĂNG KÝ KẾT HÔN", "TỜ KHAI\nĐĂNG KÝ KẾT HÔN", "TỜ KHAI ĐĂNG KÝ KẾT HÔN", "TỜ KHAI ĐĂNG KÝ KẾT HÔN"],
        fields=[(["Họ, chữ đệm, tên bên nữ", "Họ và tên bên vợ", "Họ tên người vợ"], name),
                (["Ngày, tháng, năm sinh bên nữ", "Ngày sinh bên vợ"], lambda r: dmy(r, 1970, 2004)),
                (["Số CCCD bên vợ", "Giấy tờ tùy thân bên nữ"], cid),
                (["Họ, chữ đệm, tên bên nam", "Họ và tên bên chồng"], name),
                (["Ngày, tháng, năm sinh bên nam", "Ngày sinh bên chồng"], lambda r: dmy(r, 1965, 2002)),
                (["Kết hôn lần thứ mấy", "Số lần kết hôn"], lambda r: r.choice(["Lần đầu", "Lần thứ hai"]))],
        results=["GIẤY CHỨNG NHẬN KẾT HÔN", "TRÍCH LỤC KẾT HÔN", "GIẤY CHỨNG NHẬN KẾT HÔN"],
        subjects=["đăng ký kết hôn", "đăng ký kết hôn cho công dân", "cấp giấy chứng nhận kết hôn", "đăng ký kết hôn", "đăng ký kết hôn trong nước"],
        law="Luật Hộ tịch ngày 20 tháng 11 năm 2014; Luật Hôn nhân và gia đình năm 2014"),
    "death_registration": dict(
        titles=["TỜ KHAI ĐĂNG KÝ KHAI TỬ", "TỜ KHAI ĐĂNG KÝ KHAI TỬ", "TỜ KHAI\nĐĂNG KÝ KHAI TỬ", "TỜ KHAI ĐĂNG KÝ KHAI TỬ", "TỜ KHAI ĐĂNG KÝ KHAI TỬ"],
        fields=[(["Họ, chữ đệm, tên người chết", "Họ và tên người đã chết", "Họ tên người mất"], name),
                (["Ngày, tháng, năm sinh người chết", "Ngày sinh người chết"], lambda r: dmy(r, 1925, 1970)),
                (["Ngày, tháng, năm chết", "Chết vào lúc", "Ngày mất"], lambda r: f"{r.randint(0, 23)} giờ {r.randint(0, 59)} phút, ngày {dmy(r, 2015, 2025)}"),
                (["Nơi chết", "Nơi mất"], lambda r: r.choice(["Tại nhà", "Bệnh viện đa khoa tỉnh Bình Dương"])),
                (["Nguyên nhân chết", "Nguyên nhân"], lambda r: r.choice(["Già yếu", "Bệnh", "Tai nạn"])),
                (["Số định danh cá nhân người chết", "Số CCCD của người chết"], cid),
                (["Quan hệ với người chết", "Quan hệ với người đã mất"], lambda r: r.choice(["Con", "Vợ", "Chồng", "Cháu"]))],
        results=["TRÍCH LỤC KHAI TỬ", "TRÍCH LỤC ĐĂNG KÝ KHAI TỬ", "TRÍCH LỤC KHAI TỬ"],
        subjects=["đăng ký khai tử", "đăng ký khai tử cho người chết", "cấp trích lục khai tử", "đăng ký khai tử", "đăng ký khai tử đúng hạn"],
        law="Luật Hộ tịch ngày 20 tháng 11 năm 2014"),
    "permanent_residence_registration": dict(
        titles=["TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", "TỜ KHAI\nTHAY ĐỔI THÔNG TIN CƯ TRÚ",
                "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ\n(Mẫu CT01)", "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"],
        fields=[(["Nội dung đề nghị", "Đề nghị"], lambda r: r.choice(["Đăng ký thường trú", "Đăng ký thường trú vào hộ gia đình", "Đăng ký thường trú tại chỗ ở hợp pháp"])),
                (["Họ, chữ đệm và tên chủ hộ", "Họ tên chủ hộ"], name),
                (["Quan hệ với chủ hộ", "Mối quan hệ với chủ hộ"], lambda r: r.choice(["Con", "Vợ", "Cháu", "Con dâu"])),
                (["Nơi thường trú mới", "Địa chỉ đăng ký thường trú"], addr),
                (["Số định danh cá nhân của chủ hộ", "Số CCCD chủ hộ"], cid),
                (["Ý kiến của chủ hộ", "Ý kiến của chủ sở hữu chỗ ở hợp pháp"], lambda r: "Đồng ý cho đăng ký thường trú")],
        results=["XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", "THÔNG BÁO KẾT QUẢ ĐĂNG KÝ THƯỜNG TRÚ", "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ"],
        subjects=["đăng ký thường trú", "xác nhận đăng ký thường trú", "giải quyết đăng ký thường trú", "đăng ký thường trú", "đăng ký thường trú cho công dân"],
        law="Luật Cư trú ngày 13 tháng 11 năm 2020"),
    "certified_copy": dict(
        titles=["PHIẾU YÊU CẦU CHỨNG THỰC", "PHIẾU YÊU CẦU CHỨNG THỰC", "PHIẾU YÊU CẦU\nCHỨNG THỰC",
                "PHIẾU YÊU CẦU CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH", "PHIẾU YÊU CẦU CHỨNG THỰC"],
        fields=[(["Giấy tờ, văn bản yêu cầu chứng thực", "Tên giấy tờ đề nghị chứng thực", "Loại giấy tờ"],
                 lambda r: r.choice(["Bằng tốt nghiệp trung học phổ thông", "Học bạ", "Sổ hộ khẩu", "Giấy phép lái xe", "Bằng đại học", "Hợp đồng lao động"])),
                (["Số bản sao yêu cầu", "Số lượng bản sao"], lambda r: f"{r.randint(1, 10):02d} bản"),
                (["Số chứng thực", "Số chứng thực bản sao"], lambda r: f"{r.randint(1, 9999)}"),
                (["Quyển số", "Sổ chứng thực số"], lambda r: f"{r.randint(1, 20):02d}/{r.randint(2015, 2025)}-SCT/BS"),
                (["Lệ phí", "Phí chứng thực"], lambda r: f"{r.choice([2, 4, 6, 10])}.000 đồng")],
        results=["CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH", "Chứng thực bản sao đúng với bản chính", "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH"],
        subjects=["chứng thực bản sao từ bản chính", "chứng thực bản sao đúng với bản chính", "chứng thực bản sao từ bản chính giấy tờ", "chứng thực bản sao", "chứng thực bản sao từ bản chính"],
        law="Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính"),
    "enterprise_registration": dict(
        titles=["GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP TƯ NHÂN", "GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP TƯ NHÂN",
                "GIẤY ĐỀ NGHỊ\nĐĂNG KÝ DOANH NGHIỆP TƯ NHÂN", "GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP TƯ NHÂN", "GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP TƯ NHÂN"],
        fields=[(["Tên doanh nghiệp viết bằng tiếng Việt", "Tên doanh nghiệp"], lambda r: f"DOANH NGHIỆP TƯ NHÂN {r.choice(GIVEN).upper()} {r.choice(['PHÁT', 'THỊNH', 'LỘC'])}"),
                (["Tên doanh nghiệp viết bằng tiếng nước ngoài", "Tên tiếng Anh"], lambda r: f"{r.choice(GIVEN).upper()} PRIVATE ENTERPRISE"),
                (["Địa chỉ trụ sở chính", "Trụ sở chính"], addr),
                (["Vốn đầu tư", "Vốn đầu tư của chủ doanh nghiệp tư nhân"], lambda r: f"{r.randint(1, 50) * 100}.000.000 đồng"),
                (["Ngành, nghề kinh doanh", "Ngành nghề"], lambda r: r.choice(["Bán buôn vật liệu xây dựng", "Vận tải hàng hóa bằng đường bộ", "Sản xuất đồ gỗ"])),
                (["Thông tin đăng ký thuế", "Mã số thuế"], lambda r: f"{r.randint(3700000000, 3799999999)}")],
        results=["GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP\nDOANH NGHIỆP TƯ NHÂN", "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP"],
        subjects=["đăng ký thành lập doanh nghiệp tư nhân", "cấp giấy chứng nhận đăng ký doanh nghiệp", "đăng ký doanh nghiệp tư nhân", "thành lập doanh nghiệp tư nhân", "đăng ký thành lập doanh nghiệp tư nhân"],
        law="Luật Doanh nghiệp ngày 17 tháng 6 năm 2020"),
    "household_business_registration": dict(
        titles=["GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", "GIẤY ĐỀ NGHỊ\nĐĂNG KÝ HỘ KINH DOANH",
                "GIẤY ĐỀ NGHỊ ĐĂNG KÝ THÀNH LẬP HỘ KINH DOANH", "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"],
        fields=[(["Tên hộ kinh doanh", "Tên hộ kinh doanh dự kiến"], lambda r: f"{r.choice(['Tạp hóa', 'Quán cơm', 'Tiệm may', 'Nhà thuốc'])} {r.choice(GIVEN)}"),
                (["Địa điểm kinh doanh", "Địa chỉ kinh doanh"], addr),
                (["Ngành, nghề kinh doanh", "Ngành nghề kinh doanh"], lambda r: r.choice(["Bán lẻ lương thực, thực phẩm", "Dịch vụ ăn uống", "May trang phục"])),
                (["Vốn kinh doanh", "Tổng số vốn"], lambda r: f"{r.randint(3, 50) * 10}.000.000 đồng"),
                (["Số lượng lao động", "Số lao động"], lambda r: str(r.randint(1, 9))),
                (["Mã số thuế", "Mã số hộ kinh doanh"], lambda r: f"{r.randint(3700000000, 3799999999)}")],
        results=["GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"],
        subjects=["đăng ký thành lập hộ kinh doanh", "cấp giấy chứng nhận đăng ký hộ kinh doanh", "đăng ký hộ kinh doanh", "thành lập hộ kinh doanh", "đăng ký thành lập hộ kinh doanh"],
        law="Nghị định số 01/2021/NĐ-CP về đăng ký doanh nghiệp"),
    "land_first_certificate": dict(
        titles=["ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT", "ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
                "ĐƠN ĐĂNG KÝ ĐẤT ĐAI,\nTÀI SẢN GẮN LIỀN VỚI ĐẤT",
                "ĐƠN ĐĂNG KÝ, CẤP GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT,\nQUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
                "ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT"],
        fields=[(["Thửa đất số", "Thửa số"], lambda r: str(r.randint(1, 1999))),
                (["Tờ bản đồ số", "Tờ bản đồ"], lambda r: str(r.randint(1, 120))),
                (["Địa chỉ thửa đất", "Địa chỉ tại"], addr),
                (["Diện tích", "Diện tích thửa đất"], lambda r: f"{r.randint(50, 3000)} m2"),
                (["Mục đích sử dụng đất", "Sử dụng vào mục đích"], lambda r: r.choice(["Đất ở tại nông thôn", "Đất trồng cây lâu năm"])),
                (["Nguồn gốc sử dụng", "Nguồn gốc sử dụng đất"], lambda r: r.choice(["Nhận chuyển nhượng năm 1998", "Khai hoang trước năm 1993", "Ông bà để lại"])),
                (["Đề nghị", "Nội dung đề nghị"], lambda r: "Đăng ký quyền sử dụng đất và đề nghị cấp Giấy chứng nhận")],
        results=["GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT"] * 3,
        subjects=["cấp giấy chứng nhận quyền sử dụng đất lần đầu", "công nhận quyền sử dụng đất và cấp giấy chứng nhận",
                  "cấp giấy chứng nhận quyền sử dụng đất", "cấp giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình", "công nhận quyền sử dụng đất"],
        law="Luật Đất đai ngày 18 tháng 01 năm 2024"),
    "land_change_registration": dict(
        titles=["ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT", "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
                "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG\nĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT", "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
                "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT"],
        fields=[(["Thửa đất số", "Thửa số"], lambda r: str(r.randint(1, 1999))),
                (["Tờ bản đồ số", "Tờ bản đồ"], lambda r: str(r.randint(1, 120))),
                (["Số vào sổ cấp Giấy chứng nhận", "Số phát hành Giấy chứng nhận"], lambda r: f"CS {r.randint(1, 99999):05d}"),
                (["Nội dung biến động", "Biến động"], lambda r: r.choice(["Chuyển nhượng quyền sử dụng đất", "Tặng cho quyền sử dụng đất", "Thừa kế quyền sử dụng đất", "Chuyển mục đích sử dụng đất"])),
                (["Lý do biến động", "Lý do"], lambda r: r.choice(["Nhận chuyển nhượng", "Nhận tặng cho", "Nhận thừa kế"])),
                (["Diện tích", "Diện tích biến động"], lambda r: f"{r.randint(50, 3000)} m2")],
        results=["XÁC NHẬN THAY ĐỔI", "TRANG BỔ SUNG GIẤY CHỨNG NHẬN", "XÁC NHẬN THAY ĐỔI"],
        subjects=["đăng ký biến động đất đai", "cho phép chuyển mục đích sử dụng đất", "chuyển nhượng quyền sử dụng đất",
                  "cấp đổi giấy chứng nhận quyền sử dụng đất", "đăng ký biến động quyền sử dụng đất"],
        law="Luật Đất đai ngày 18 tháng 01 năm 2024"),
    "construction_permit": dict(
        titles=["ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", "ĐƠN ĐỀ NGHỊ\nCẤP GIẤY PHÉP XÂY DỰNG",
                "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\n(Sử dụng cho nhà ở riêng lẻ)", "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"],
        fields=[(["Địa điểm xây dựng", "Địa chỉ công trình"], addr),
                (["Lô đất số", "Thửa đất số"], lambda r: str(r.randint(1, 1999))),
                (["Loại công trình", "Công trình"], lambda r: "Nhà ở riêng lẻ"),
                (["Diện tích xây dựng tầng 1", "Diện tích xây dựng"], lambda r: f"{r.randint(40, 250)} m2"),
                (["Tổng diện tích sàn", "Diện tích sàn"], lambda r: f"{r.randint(80, 600)} m2"),
                (["Số tầng", "Chiều cao công trình"], lambda r: str(r.randint(1, 5))),
                (["Đơn vị thiết kế", "Tổ chức tư vấn thiết kế"], lambda r: f"Công ty TNHH Tư vấn {r.choice(GIVEN)}")],
        results=["GIẤY PHÉP XÂY DỰNG", "GIẤY PHÉP XÂY DỰNG\n(Sử dụng cho nhà ở riêng lẻ)", "GIẤY PHÉP XÂY DỰNG"],
        subjects=["cấp giấy phép xây dựng", "cấp giấy phép xây dựng nhà ở riêng lẻ", "cấp phép xây dựng nhà ở", "cấp giấy phép xây dựng công trình nhà ở", "cấp giấy phép xây dựng"],
        law="Luật Xây dựng ngày 18 tháng 6 năm 2014"),
}
KEYS = list(P)

APPLICANT = [["Họ, chữ đệm, tên người yêu cầu", "Họ và tên người đề nghị", "Họ tên người khai", "Người đề nghị", "Họ và tên"],
             ["Số định danh cá nhân", "Số CCCD", "Số căn cước công dân", "Số giấy tờ tùy thân", "Số định danh"],
             ["Nơi cư trú", "Địa chỉ thường trú", "Địa chỉ liên hệ", "Nơi ở hiện nay", "Địa chỉ"],
             ["Số điện thoại", "Điện thoại liên hệ", "Số điện thoại", "Điện thoại", "SĐT"]]
AGENCY = [["ỦY BAN NHÂN DÂN", "PHƯỜNG {c}"], ["UBND THÀNH PHỐ {d}", "PHÒNG KINH TẾ"], ["ỦY BAN NHÂN DÂN XÃ {c}"],
          ["UBND TỈNH BÌNH DƯƠNG", "SỞ TƯ PHÁP"], ["ỦY BAN NHÂN DÂN THÀNH PHỐ {d}"]]
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
PLEDGE = ["Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
          "Tôi xin cam đoan lời khai trên là đúng sự thật.",
          "Đề nghị cơ quan có thẩm quyền xem xét giải quyết.",
          "Tôi chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác của nội dung kê khai.",
          "Kính đề nghị quý cơ quan xem xét, giải quyết theo quy định."]


def _header(r: random.Random, fam: int) -> list[str]:
    agency = [x.format(c=r.choice(COMMUNES).upper(), d=r.choice(DISTRICTS).upper()) for x in AGENCY[fam]]
    if fam in (1, 3):
        return MOTTO + agency
    if fam == 4:
        return list(MOTTO)
    return agency + MOTTO


def form_page(r: random.Random, key: str, fam: int) -> str:
    p = P[key]
    lines = _header(r, fam)
    if fam == 2:
        lines.append(f"Mẫu số {r.randint(1, 12):02d}")
    lines += [p["titles"][fam], f"Kính gửi: Ủy ban nhân dân phường {r.choice(COMMUNES)}"]
    applicant = [(v[fam % len(v)], f) for v, f in zip(APPLICANT, [name, cid, addr, lambda r: f"09{r.randint(10**7, 10**8 - 1)}"])]
    own = [(labels[fam % len(labels)], f) for labels, f in p["fields"]]
    if fam in (3, 4):
        r.shuffle(own)
    rows = applicant + own if fam != 1 else own[:2] + applicant + own[2:]
    lines += [f"{label}: {f(r)}" for label, f in rows]
    lines += [PLEDGE[fam], long_date(r), "NGƯỜI YÊU CẦU" if fam % 2 == 0 else "NGƯỜI ĐỀ NGHỊ", "(Ký, ghi rõ họ tên)", name(r)]
    return "\n".join(lines)


def result_page(r: random.Random, key: str, fam: int) -> str:
    p = P[key]
    agency = [x.format(c=r.choice(COMMUNES).upper(), d=r.choice(DISTRICTS).upper()) for x in AGENCY[fam]]
    if r.random() < 0.6:  # a decision (quyết định) with its subject line
        subject = p["subjects"][fam]
        lines = agency + [f"Số: {r.randint(1, 9999)}/QĐ-UBND"] + MOTTO + [long_date(r), "QUYẾT ĐỊNH",
                 f"Về việc {subject}" if fam != 3 else f"V/v {subject}",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN", f"Căn cứ {p['law']};", f"Xét đề nghị của ông/bà {name(r)},",
                 "QUYẾT ĐỊNH:", f"Điều 1. Chấp thuận {subject} cho ông/bà {name(r)}, số định danh cá nhân {cid(r)}.",
                 "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "CHỦ TỊCH", name(r)]
    else:  # a certificate or extract with its own heading
        heading = p["results"][fam % 3]
        own = [(labels[fam % len(labels)], f) for labels, f in p["fields"]]
        lines = MOTTO + agency + [heading, f"Số: {r.randint(1, 999)}/{r.randint(2012, 2025)}"]
        lines += [f"{label}: {f(r)}" for label, f in own[:4]] + [long_date(r), "NGƯỜI KÝ", name(r)]
    return "\n".join(lines)


def dossier(r: random.Random, key: str, fam: int) -> tuple[str, str]:
    """(text with pages joined by \\f, kind)."""
    roll = r.random()
    if roll < 0.55:
        return form_page(r, key, fam), "form"
    if roll < 0.8:
        return result_page(r, key, fam), "result"
    pages = [form_page(r, key, fam), result_page(r, key, fam)]
    if r.random() < 0.5:
        pages.reverse()
    return "\f".join(pages), "mixed"


def corpus(n: int, families: tuple[int, ...], seed: int = 0) -> tuple[list[str], list[str], list[str]]:
    """n dossiers spread over procedures and the given family indexes: (texts, labels, kinds)."""
    r = random.Random(seed)
    texts, labels, kinds = [], [], []
    for i in range(n):
        key = KEYS[i % len(KEYS)]
        text, kind = dossier(r, key, r.choice(families))
        texts.append(text)
        labels.append(key)
        kinds.append(kind)
    return texts, labels, kinds
