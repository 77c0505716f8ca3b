"""Business registration: doanh nghiệp tư nhân (Phụ lục I-1) and hộ kinh doanh (Phụ lục III-1)."""
from __future__ import annotations

from samples.official import sources
from samples.official.core import F, Sheet, id_document
from samples.people import dmy, format_phone, long_date


def _owner(sh: Sheet, case) -> None:
    """The individual's block the business forms print under 'Tôi là'."""
    p, rnd = case.applicant, sh.rnd
    idd = id_document(rnd, p, case.filed)
    sh.line(F("Tôi là (ghi họ tên bằng chữ in hoa)", p.name.upper(), "applicant_name", p.name))
    sh.line(F("Giới tính", p.sex), F("Sinh ngày", dmy(p.birth_date), "applicant_birth_date",
                                     p.birth_date.isoformat()))
    sh.line(F("Dân tộc", "Kinh"), F("Quốc tịch", "Việt Nam"))
    sh.choice_line("Loại giấy tờ pháp lý của cá nhân:",
                   [("Căn cước công dân", idd.kind == "Căn cước công dân"), ("Thẻ căn cước", idd.kind != "Căn cước công dân"),
                    ("Hộ chiếu", False)])
    sh.line(F("Số giấy tờ pháp lý của cá nhân", idd.number, "applicant_id_number"))
    sh.line(F("Ngày cấp", dmy(idd.issued)), F("Nơi cấp", idd.issuer))
    sh.line(F("Địa chỉ thường trú", p.address.line, "applicant_address"))
    sh.line(F("Địa chỉ liên lạc", p.address.line))
    sh.line(F("Điện thoại", format_phone(rnd, p.phone), "phone", p.phone), F("Thư điện tử (nếu có)"))


def enterprise(sh: Sheet, case) -> tuple[str, dict]:
    city = case.business_address.district
    sh.header("GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP\nDOANH NGHIỆP TƯ NHÂN", code="Phụ lục I-1",
              date_top=f"{city}, {long_date(case.filed, sh.style.date_style)}",
              addressee="Phòng Đăng ký kinh doanh - Sở Kế hoạch và Đầu tư tỉnh Bình Dương")
    sh.fields["signed_date"] = case.filed.isoformat()
    _owner(sh, case)
    sh.text("Đăng ký doanh nghiệp tư nhân do tôi là chủ doanh nghiệp với các nội dung sau:", space_before=2)
    sh.choice_line("Tình trạng thành lập (đánh dấu X vào ô thích hợp):", [("Thành lập mới", True)], num="1")
    sh.line(F("Tên doanh nghiệp viết bằng tiếng Việt (ghi bằng chữ in hoa)", case.business_name, "business_name"),
            num="2")
    sh.line(F("Tên doanh nghiệp viết bằng tiếng nước ngoài (nếu có)"))
    sh.line(F("Tên doanh nghiệp viết tắt (nếu có)"))
    sh.line(F("Địa chỉ trụ sở chính", case.business_address.line, "business_address"), num="3")
    sh.line(F("Điện thoại", format_phone(sh.rnd, case.applicant.phone)), F("Thư điện tử (nếu có)"))
    sh.line(F("Ngành, nghề kinh doanh", case.business_activity), num="4")
    sh.line(F("Vốn đầu tư", f"{case.capital:,}".replace(",", ".") + " đồng"), num="5")
    sh.text("Tôi cam kết:", space_before=3)
    sh.text("- Là chủ doanh nghiệp tư nhân và không đồng thời là chủ hộ kinh doanh, thành viên hợp danh của công "
            "ty hợp danh;", indent=5)
    sh.text("- Chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác và trung thực của nội dung Giấy đề "
            "nghị này.", indent=5)
    sh.signature(None, "CHỦ DOANH NGHIỆP", "(Ký và ghi họ tên)", case.applicant.name)
    roles = {"owner": ["applicant_name", "applicant_birth_date", "applicant_id_number", "applicant_address",
                       "phone"]}
    return sources.ENTERPRISE, roles


def household(sh: Sheet, case) -> tuple[str, dict]:
    dist = case.business_address.district_label
    sh.header("GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", code="Phụ lục III-1",
              date_top=f"{case.business_address.district}, {long_date(case.filed, sh.style.date_style)}",
              addressee=f"Phòng Tài chính - Kế hoạch {dist}")
    sh.fields["signed_date"] = case.filed.isoformat()
    _owner(sh, case)
    sh.choice_line("Là (đánh dấu X vào ô thích hợp):", [("Chủ hộ kinh doanh", True),
                                                         ("Thành viên hộ gia đình đăng ký hộ kinh doanh", False)])
    sh.text("Đăng ký hộ kinh doanh với các nội dung sau:", space_before=2)
    name = case.business_name.upper()
    sh.line(F("Tên hộ kinh doanh (ghi bằng chữ in hoa)", name, "business_name"), num="1")
    sh.line(F("Địa chỉ trụ sở hộ kinh doanh", case.business_address.line, "business_address"), num="2")
    sh.line(F("Điện thoại", format_phone(sh.rnd, case.applicant.phone)), F("Email (nếu có)"))
    sh.line(F("Ngành, nghề kinh doanh", case.business_activity), num="3")
    sh.line(F("Vốn kinh doanh", f"{case.capital:,}".replace(",", ".") + " đồng"), num="4")
    sh.line(F("Số lượng lao động (dự kiến)", str(sh.rnd.randint(1, 9))), num="5")
    sh.text("Tôi cam kết:", space_before=3)
    sh.text("- Bản thân không thuộc diện pháp luật cấm kinh doanh;", indent=5)
    sh.text("- Chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác, trung thực của nội dung đăng ký trên.",
            indent=5)
    sh.signature(None, "CHỦ HỘ KINH DOANH", "(Ký và ghi họ tên)", case.applicant.name)
    roles = {"owner": ["applicant_name", "applicant_birth_date", "applicant_id_number", "applicant_address",
                       "phone"]}
    return sources.HOUSEHOLD, roles
