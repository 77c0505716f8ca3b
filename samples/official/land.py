"""Land registration (Mẫu số 04/ĐK, 11/ĐK of Nghị định 101/2024/NĐ-CP) and the construction permit
application (Nghị định 175/2024/NĐ-CP, Phụ lục II, Mẫu số 01, nhà ở riêng lẻ)."""
from __future__ import annotations

from samples.official import sources
from samples.official.core import F, Sheet
from samples.people import format_phone

NOTES_04 = [
    ("1", "Cá nhân: Ghi họ và tên bằng chữ in hoa, năm sinh theo giấy tờ nhân thân."),
    ("2", "Ghi số định danh cá nhân hoặc số, ngày cấp và nơi cấp hộ chiếu."),
    ("3", "Cá nhân: Ghi địa chỉ nơi đăng ký thường trú."),
    ("4", "Ghi số hiệu của thửa đất và số tờ bản đồ địa chính hoặc ghi số hiệu thửa đất và số hiệu mảnh trích đo "
          "bản đồ địa chính (nếu có thông tin)."),
    ("5", "Ghi tên khu vực (xứ đồng, điểm dân cư,...); số nhà, tên đường phố (nếu có), thôn, tổ dân phố, tên đơn "
          "vị hành chính cấp xã, cấp huyện, cấp tỉnh nơi có thửa đất."),
]
OFFICE = "Văn phòng đăng ký đất đai tỉnh Bình Dương - Chi nhánh {}"
PLEDGE = ("Tôi xin cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn chịu trách nhiệm "
          "trước pháp luật.")


def _land_user(sh: Sheet, case) -> None:
    p = case.applicant
    sh.line(F("Tên", f"{p.name.upper()}, năm sinh {p.birth_date.year}", "applicant_name", p.name, mark="1"),
            num="1.1")
    sh.line(F("Giấy tờ nhân thân", f"Số định danh cá nhân {p.id_number}", "applicant_id_number", p.id_number,
              mark="2"), num="1.2")
    sh.line(F("Địa chỉ", p.address.line, "applicant_address", mark="3"), num="1.3")
    sh.line(F("Điện thoại liên hệ (nếu có)", format_phone(sh.rnd, p.phone), "phone", p.phone),
            F("Hộp thư điện tử (nếu có)"), num="1.4")


def _parcel(sh: Sheet, case, num: tuple[str, str, str]) -> None:
    sh.line(F("Thửa đất số", str(case.parcel), "parcel_number"), F("Tờ bản đồ số", str(case.sheet),
                                                                      "map_sheet_number", mark="4"), num=num[0])
    sh.line(F("Địa chỉ tại", case.land_address.line, "land_address", mark="5"), num=num[1])
    sh.line(F("Diện tích", f"{case.area} m²"), F("sử dụng riêng", f"{case.area} m²"), F("sử dụng chung", "0 m²"),
            num=num[2])


def _opening(sh: Sheet, case, title: str, code: str) -> None:
    """Both land forms open alike: title, the applicant's part, the land user's block."""
    sh.header(title, code=code, addressee=OFFICE.format(case.land_address.district))
    sh.text("PHẦN KÊ KHAI CỦA NGƯỜI ĐĂNG KÝ", bold=True, align="center", space_before=3)
    sh.text(f"{'1. ' if sh.pr.numbering != 'none' else ''}Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất",
            bold=True, space_before=1.5)
    sh.number = 1
    _land_user(sh, case)


def land_first(sh: Sheet, case) -> tuple[str, dict]:
    _opening(sh, case, "ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT", "Mẫu số 04/ĐK")
    sh.choice_line("Đề nghị:", [("Đăng ký đất đai", True), ("Cấp Giấy chứng nhận đối với thửa đất", True)],
                   num="2")
    sh.text(f"{'3. ' if sh.pr.numbering != 'none' else ''}Thông tin thửa đất đăng ký", bold=True, space_before=1.5)
    _parcel(sh, case, ("3.1", "3.2", "3.3"))
    sh.line(F("Sử dụng vào mục đích", case.land_use), F("từ thời điểm", str(case.extra["since"])), num="3.4")
    sh.line(F("Thời hạn đề nghị được sử dụng đất", "Lâu dài" if "ở" in case.land_use else "đến ngày 01/7/2064"),
            num="3.5")
    sh.line(F("Nguồn gốc sử dụng", sh.rnd.choice(["Nhận chuyển nhượng", "Được thừa kế", "Tự khai phá"])),
            num="3.6")
    return sources.LAND_FIRST, _close(sh, case)


def _close(sh: Sheet, case) -> dict:
    """Pledge, place-date, signature and footnotes the two land forms end with; their roles."""
    sh.text(PLEDGE, indent=10, space_before=4)
    date_line = sh.place_date(case.land_address.commune, case.filed)
    sh.signature(date_line, "Người viết đơn", "(Ký, ghi rõ họ tên và đóng dấu nếu có)", case.applicant.name)
    sh.footnotes(NOTES_04)
    roles = {"land_user": ["applicant_name", "applicant_id_number", "applicant_address", "phone"],
             "parcel": ["parcel_number", "map_sheet_number", "land_address"]}
    return roles


def land_change(sh: Sheet, case) -> tuple[str, dict]:
    _opening(sh, case, "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT", "Mẫu số 11/ĐK")
    sh.text(f"{'2. ' if sh.pr.numbering != 'none' else ''}Giấy chứng nhận đã cấp", bold=True, space_before=1.5)
    sh.number = 2
    _parcel(sh, case, ("2.1", "2.2", "2.3"))
    sh.line(F("Số phát hành Giấy chứng nhận", case.certificate_no), num="2.4")
    sh.line(F("Số vào sổ cấp Giấy chứng nhận", f"CS{sh.rnd.randint(1, 20000):05d}"), num="2.5")
    sh.line(F("Nội dung biến động", case.change[0]), num="3")
    sh.line(F("Lý do biến động", case.change[1]), num="4")
    return sources.LAND_CHANGE, _close(sh, case)


def construction(sh: Sheet, case) -> tuple[str, dict]:
    p, st, site = case.applicant, sh.style, case.land_address
    kinds = ["Không theo tuyến", "Theo tuyến trong đô thị", "Tín ngưỡng, tôn giáo", "Nhà ở riêng lẻ",
             "Sửa chữa, cải tạo"]
    sh.header("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", code="Mẫu số 01",
              subtitle="(Sử dụng cho công trình: " + "/".join(kinds) + ")",
              addressee=f"Ủy ban nhân dân {site.district_label}")
    sh.choice_line("Loại công trình đề nghị cấp phép:", [("Nhà ở riêng lẻ", True)])
    sh.text(f"{'1. ' if sh.pr.numbering != 'none' else ''}Thông tin về chủ đầu tư:", bold=True, space_before=1.5)
    sh.number = 1
    sh.line(F("Tên chủ đầu tư (tên chủ hộ)", st.name(p.name), "applicant_name", p.name))
    sh.line(F("Người đại diện"), F("Chức vụ (nếu có)"))
    sh.line(F("Địa chỉ liên hệ", p.address.line, "applicant_address"))
    sh.line(F("Số điện thoại", format_phone(sh.rnd, p.phone), "phone", p.phone))
    sh.text(f"{'2. ' if sh.pr.numbering != 'none' else ''}Thông tin công trình:", bold=True, space_before=1.5)
    sh.number = 2
    sh.line(F("Địa điểm xây dựng", site.line, "construction_address"))
    # the template's "Lô đất số" is where people write the parcel and sheet of their land certificate
    sh.line(F("Lô đất số", f"thửa đất số {case.parcel}, tờ bản đồ số {case.sheet}"),
            F("Diện tích", f"{case.area} m²"))
    sh.record(F("Thửa đất số", str(case.parcel), "parcel_number"))
    sh.record(F("Tờ bản đồ số", str(case.sheet), "map_sheet_number"))
    sh.text(f"{'3. ' if sh.pr.numbering != 'none' else ''}Nội dung đề nghị cấp phép:", bold=True, space_before=1.5)
    sh.number = 3
    sh.line(F("Cấp công trình", "Cấp III"))
    sh.line(F("Diện tích xây dựng tầng 1 (tầng trệt)", f"{case.area} m²"))
    sh.line(F("Tổng diện tích sàn", f"{case.area} m² x {case.floors}"))
    sh.line(F("Chiều cao công trình", f"{3.6 * case.floors + 1.2:.1f} m".replace(".", ",")))
    sh.line(F("Số tầng", str(case.floors)))
    sh.line(F("Dự kiến thời gian hoàn thành công trình", f"{sh.rnd.choice([6, 8, 10, 12])} tháng"), num="4")
    sh.text("Tôi xin cam kết làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu trách nhiệm và bị "
            "xử lý theo quy định của pháp luật.", indent=10, space_before=4)
    sh.text("Gửi kèm theo Đơn này các tài liệu:", space_before=2)
    sh.text(f"1 - Bản sao Giấy chứng nhận quyền sử dụng đất số {case.certificate_no}", indent=5)
    sh.text("2 - Hai bộ bản vẽ thiết kế xây dựng", indent=5)
    date_line = sh.place_date(site.district, case.filed)
    sh.signature(date_line, "NGƯỜI LÀM ĐƠN", "(Ký, ghi rõ họ tên, đóng dấu (nếu có))", p.name)
    roles = {"investor": ["applicant_name", "applicant_address", "phone"],
             "site": ["construction_address", "parcel_number", "map_sheet_number"]}
    return sources.CONSTRUCTION, roles
