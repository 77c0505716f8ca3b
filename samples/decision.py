"""Result documents: a quyết định laid out per Decree 30/2020 (agency | motto header, number,
place-date, "QUYẾT ĐỊNH", "Về việc ...", căn cứ lines, articles, recipients | signature)."""
from __future__ import annotations

import random
from datetime import timedelta

from samples.cases import Case
from samples.forms import Doc, Style, motto
from samples.people import long_date
from samples.fonts import family, text_width_pt
from samples.render import MM, Block, Line, Row, Signature

LAYOUTS = 3
HO_TICH = ("birth_registration", "marriage_registration", "death_registration")

SUBJECTS = {
    "birth_registration": ["Về việc đăng ký khai sinh", "Về việc đăng ký khai sinh quá hạn"],
    "marriage_registration": ["Về việc đăng ký kết hôn"],
    "death_registration": ["Về việc đăng ký khai tử"],
    "household_business_registration": ["Về việc cấp Giấy chứng nhận đăng ký hộ kinh doanh"],
    "construction_permit": ["Về việc cấp giấy phép xây dựng nhà ở riêng lẻ"],
    "land_change_registration": ["Về việc đăng ký biến động quyền sử dụng đất",
                                 "Về việc cho phép chuyển mục đích sử dụng đất"],
}
BASES = {
    "common": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
               "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
               "quyền địa phương ngày 22 tháng 11 năm 2019;"],
    "ho_tich": ["Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;",
                "Căn cứ Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi tiết "
                "một số điều và biện pháp thi hành Luật Hộ tịch;"],
    "household_business_registration": ["Căn cứ Nghị định số 01/2021/NĐ-CP ngày 04 tháng 01 năm 2021 của "
                                        "Chính phủ về đăng ký doanh nghiệp;"],
    "construction_permit": ["Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;",
                            "Căn cứ Nghị định số 15/2021/NĐ-CP ngày 03 tháng 3 năm 2021 của Chính phủ quy định "
                            "chi tiết một số nội dung về quản lý dự án đầu tư xây dựng;"],
    "land_change_registration": ["Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;",
                                 "Căn cứ Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ quy "
                                 "định chi tiết thi hành một số điều của Luật Đất đai;"],
}
OFFICE = {
    "household_business_registration": "Trưởng phòng Tài chính - Kế hoạch",
    "construction_permit": "Trưởng phòng Quản lý đô thị",
    "land_change_registration": "Trưởng phòng Tài nguyên và Môi trường",
}


def _honorific(sex: str) -> str:
    return "ông" if sex == "Nam" else "bà"


def _article1(case: Case, st: Style) -> tuple[str, dict[str, str]]:
    a = case.applicant
    who = f"{_honorific(a.sex)} {st.name(a.name)}"
    fields = {"applicant_name": a.name}
    p = case.procedure
    if p == "birth_registration":
        s = case.subject
        text = (f"Đăng ký khai sinh cho {st.name(s.name)}, sinh ngày {s.birth_date.day:02d}/{s.birth_date.month:02d}/"
                f"{s.birth_date.year}, theo yêu cầu của {who}.")
    elif p == "marriage_registration":
        text = (f"Đăng ký kết hôn giữa {who}, số định danh cá nhân {a.id_number} và bà "
                f"{st.name(case.subject.name)}, số định danh cá nhân {case.subject.id_number}.")
    elif p == "death_registration":
        d = case.death_date
        text = (f"Đăng ký khai tử cho {_honorific(case.subject.sex)} {st.name(case.subject.name)}, chết ngày "
                f"{d.day:02d}/{d.month:02d}/{d.year}, theo yêu cầu của {who}.")
    elif p == "household_business_registration":
        text = (f"Cấp Giấy chứng nhận đăng ký hộ kinh doanh cho {who}, chủ hộ kinh doanh "
                f"\"{case.business_name}\", địa điểm kinh doanh tại {case.business_address.line}.")
    elif p == "construction_permit":
        text = (f"Cấp giấy phép xây dựng nhà ở riêng lẻ cho {who}, tại thửa đất số {case.parcel}, "
                f"tờ bản đồ số {case.sheet}, địa chỉ {case.land_address.line}.")
        fields.update(parcel_number=str(case.parcel), map_sheet_number=str(case.sheet))
    else:
        text = (f"Chấp thuận nội dung biến động \"{case.change[0].lower()}\" đối với thửa đất số {case.parcel}, "
                f"tờ bản đồ số {case.sheet}, tại {case.land_address.line}, người sử dụng đất là {who}.")
        fields.update(parcel_number=str(case.parcel), map_sheet_number=str(case.sheet))
    return text, fields


def build_decision(case: Case, rnd: random.Random, layout: int, style: Style | None = None,
                   font: str = "freeserif") -> Doc:
    if not 1 <= layout <= LAYOUTS:
        raise ValueError(f"layout must be 1..{LAYOUTS}")
    st = style or Style.draw(rnd)
    p = case.procedure
    a = case.applicant
    if p in HO_TICH:
        parent = f"UBND {a.address.district_label.upper()}"
        commune = a.address.commune
        agency_lines = ["ỦY BAN NHÂN DÂN", commune.upper()]
        place = commune.split(" ", 1)[1]
        office = "Công chức Tư pháp - Hộ tịch"
    else:
        addr = case.land_address or case.business_address or a.address
        parent = "UBND TỈNH BÌNH DƯƠNG"
        agency_lines = ["ỦY BAN NHÂN DÂN", addr.district_label.upper()]
        place = addr.district
        office = OFFICE[p]
    one_line = " ".join(agency_lines)
    if rnd.random() < 0.4 and text_width_pt(family(font).bold, 12.5, one_line) < 70 * MM:
        agency_lines = [one_line]
    number = f"{case.decision_no:02d}/QĐ-UBND"
    subject = rnd.choice(SUBJECTS[p])
    left = ([Line(parent, 12.5, align="center")] if layout != 2 else []) + \
        [Line(t, 12.5, bold=True, align="center", underline=0.4 if i == len(agency_lines) - 1 else 0)
         for i, t in enumerate(agency_lines)] + [Line(f"Số: {number}", 13, align="center", space_before=3)]
    right = motto(st, 13) + [Line(f"{place}, {long_date(case.decided, st.date_style)}", 13, italic=True,
                                  align="center", space_before=3)]
    items = [Row([Block(left, x0=20, x1=92), Block(right, x0=92, x1=195)])]
    items.append(Line("QUYẾT ĐỊNH", 14, bold=True, align="center", space_before=10))
    items.append(Line(subject, 14, bold=True, align="center", underline=0.35))
    authority = "CHỦ TỊCH ỦY BAN NHÂN DÂN " + " ".join(agency_lines).replace("ỦY BAN NHÂN DÂN ", "", 1)
    items.append(Line(authority, 13.5, bold=True, align="center", space_before=6))
    bases = BASES["common"] + BASES["ho_tich" if p in HO_TICH else p]
    for b in bases:
        items.append(Line(b, 13, italic=layout != 3, indent=12, space_before=1.5))
    report_no = rnd.randint(1, 999)
    asked = case.decided - timedelta(days=rnd.randint(1, 3))
    items.append(Line(f"Xét đề nghị của {office} tại Tờ trình số {report_no:02d}/TTr-UBND ngày "
                      f"{asked.day:02d}/{asked.month:02d}/{asked.year}.", 13,
                      italic=layout != 3, indent=12, space_before=1.5))
    items.append(Line("QUYẾT ĐỊNH:", 14, bold=True, align="center", space_before=5))
    art1, fields = _article1(case, st)
    items.append(Line(f"Điều 1. {art1}", 13, indent=12, space_before=2))
    items.append(Line("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", 13, indent=12, space_before=2))
    items.append(Line(f"Điều 3. Chánh Văn phòng Ủy ban nhân dân, {office} và {_honorific(a.sex)} "
                      f"{st.name(a.name)} chịu trách nhiệm thi hành Quyết định này./.", 13, indent=12, space_before=2))
    titles = rnd.choice([["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                         ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["CHỦ TỊCH"]])
    sign = Block([Line(t, 13, bold=True, align="center") for t in titles]
                 + [Signature(height=22, seed=rnd.randrange(10**6)), Line(case.signer, 13, bold=True, align="center")],
                 x0=110, x1=195)
    recipients = Block([Line("Nơi nhận:", 12, bold=True, italic=True),
                        Line("- Như Điều 3;", 11), Line(f"- {office};", 11), Line("- Lưu: VT.", 11)], x0=30, x1=105)
    if layout == 3:
        items += [Block(sign.items, x0=110, x1=195), recipients]
    else:
        items.append(Row([recipients, sign], space_before=6))
    fields.update(document_number=number, issuing_agency=" ".join(agency_lines), document_type="QUYẾT ĐỊNH",
                  subject_line=subject, signed_date=case.decided.isoformat())
    seal = {"text": f"ỦY BAN NHÂN DÂN {' '.join(agency_lines[-1:]).replace('ỦY BAN NHÂN DÂN ', '')} * "
                    f"{parent.replace('UBND ', '')} *"}
    return Doc("decision", p, f"{p}/decision-v{layout}", items, fields, {}, seal)


# ---- other kinds of official document (Decree 30 layout, for the document-kind tests and bench) ----
# kind name → (agency lines, notation, title or None for a công văn, subject, authority lines)
OFFICIAL = {
    "Nghị quyết": (["HỘI ĐỒNG NHÂN DÂN", "TỈNH BÌNH DƯƠNG"], "{y}/NQ-HĐND", "NGHỊ QUYẾT",
                   "Quy định mức thu, chế độ thu, nộp lệ phí đăng ký hộ tịch trên địa bàn tỉnh",
                   ["HỘI ĐỒNG NHÂN DÂN TỈNH BÌNH DƯƠNG", "KHÓA X, KỲ HỌP THỨ MƯỜI HAI"]),
    "Thông tư": (["BỘ TƯ PHÁP"], "{y}/TT-BTP", "THÔNG TƯ",
                 "Quy định chi tiết một số điều của Luật Hộ tịch", []),
    "Công điện": (["ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG"], "CĐ-UBND", "CÔNG ĐIỆN",
                  "Về việc tập trung ứng phó với bão số 3", ["CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:"]),
    "Kế hoạch": (["UBND TỈNH BÌNH DƯƠNG", "ỦY BAN NHÂN DÂN", "THỊ XÃ BẾN CÁT"], "KH-UBND", "KẾ HOẠCH",
                 "Triển khai số hóa hồ sơ thủ tục hành chính năm 2024", []),
    "Công văn": (["UBND TỈNH BÌNH DƯƠNG", "SỞ TƯ PHÁP"], "STP-HCTP", None,
                 "V/v hướng dẫn số hóa hồ sơ hộ tịch", []),
    "Nghị định": (["CHÍNH PHỦ"], "{y}/NĐ-CP", "NGHỊ ĐỊNH",
                  "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", ["CHÍNH PHỦ"]),
    "Chỉ thị": (["ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG"], "CT-UBND", "CHỈ THỊ",
                "Về việc tăng cường công tác văn thư, lưu trữ", []),
    "Hợp đồng": (["SỞ TƯ PHÁP", "TỈNH BÌNH DƯƠNG"], "HĐ-STP", "HỢP ĐỒNG",
                 "Về việc thuê dịch vụ số hóa tài liệu lưu trữ", []),
    "Thông báo": (["ỦY BAN NHÂN DÂN", "HUYỆN PHÚ GIÁO"], "TB-UBND", "THÔNG BÁO",
                  "Kết luận của Chủ tịch Ủy ban nhân dân huyện tại cuộc họp giao ban", []),
    "Thông cáo": (["BỘ NGOẠI GIAO"], "TC-BNG", "THÔNG CÁO", "Về kết quả chuyến thăm chính thức", []),
    "Quyết định": (["UBND TỈNH BÌNH DƯƠNG", "ỦY BAN NHÂN DÂN", "HUYỆN BÀU BÀNG"], "QĐ-UBND", "QUYẾT ĐỊNH",
                   "Về việc ban hành Quy chế làm việc", ["CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN BÀU BÀNG"]),
    "Tờ trình": (["PHÒNG TƯ PHÁP", "HUYỆN DẦU TIẾNG"], "TTr-PTP", "TỜ TRÌNH",
                 "Về việc đề nghị phê duyệt danh mục hồ sơ năm 2024", []),
    "Báo cáo": (["ỦY BAN NHÂN DÂN", "XÃ AN LẬP"], "BC-UBND", "BÁO CÁO",
                "Kết quả thực hiện cải cách thủ tục hành chính quý I", []),
    "Giấy mời": (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ THỦ DẦU MỘT"], "GM-UBND", "GIẤY MỜI",
                 "Dự họp triển khai kế hoạch chuyển đổi số", []),
    "Lệnh": (["CHỦ TỊCH NƯỚC"], "{y}/L-CTN", "LỆNH", "Về việc công bố Luật", []),
    "Thông tư liên tịch": (["BỘ TƯ PHÁP - BỘ NỘI VỤ"], "{y}/TTLT-BTP-BNV", "THÔNG TƯ LIÊN TỊCH",
                           "Hướng dẫn chức năng, nhiệm vụ của Sở Tư pháp", []),
}
# Titles of kinds sohoa does not know, with notations an agency might give them: the reading must
# abstain (or stay below review level), never name the nearest known kind.
UNKNOWN_TITLES = {"BẢN CAM KẾT": "CK-UBND", "TUYÊN BỐ": "TBo-UBND", "THÔNG TRI": "TT-TU",
                  "ĐIỀU LỆ": "ĐL-HTX", "LỜI KÊU GỌI": "UBND-VP"}


def build_official(kind: str, rnd: random.Random, style: Style | None = None, font: str = "freeserif",
                   title: str | None = None) -> Doc:
    """One Decree 30 document of `kind` (a key of OFFICIAL). `title` overrides the printed title
    (an unknown kind's, from UNKNOWN_TITLES); the truth's document_type is then that title."""
    st = style or Style.draw(rnd)
    agency, notation, printed, subject, authority = OFFICIAL[kind]
    if title is not None:
        printed, notation = title, UNKNOWN_TITLES.get(title, notation)
    year = rnd.randint(2016, 2025)
    day = rnd.randint(1, 28)
    number = f"{rnd.randint(1, 999):02d}/{notation.format(y=year)}"
    label = {"Luật": "Luật số", "Pháp lệnh": "Pháp lệnh số"}.get(kind, "Số")
    from datetime import date as _date
    issued = _date(year, rnd.randint(1, 12), day)
    place = rnd.choice(["Thủ Dầu Một", "Hà Nội", "Bến Cát", "Phú Giáo"])
    left = [Line(t, 12.5, bold=i == len(agency) - 1, align="center", underline=0.4 if i == len(agency) - 1 else 0)
            for i, t in enumerate(agency)] + [Line(f"{label}: {number}", 13, align="center", space_before=3)]
    if printed is None:  # a công văn: its subject stands under the number, no title
        left.append(Line(subject, 12, align="center"))
    right = motto(st, 13) + [Line(f"{place}, {long_date(issued, st.date_style)}", 13, italic=True,
                                  align="center", space_before=3)]
    items = [Row([Block(left, x0=20, x1=92), Block(right, x0=92, x1=195)])]
    if printed is not None:
        items.append(Line(printed, 14, bold=True, align="center", space_before=10))
        shown = subject.upper() if rnd.random() < 0.3 and not subject.startswith("Về") else subject
        items.append(Line(shown, 14, bold=True, align="center", underline=0.35))
    else:
        items.append(Line("Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố", 13, align="center",
                          space_before=8))
    for t in authority:
        items.append(Line(t, 13.5, bold=True, align="center", space_before=4))
    items.append(Line("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", 13,
                      italic=True, indent=12, space_before=4))
    items.append(Line("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
                      "văn thư;", 13, italic=True, indent=12, space_before=1.5))
    items.append(Line("Các cơ quan, đơn vị có liên quan chịu trách nhiệm tổ chức thực hiện./.", 13, indent=12,
                      space_before=3))
    sign = Block([Line(t, 13, bold=True, align="center") for t in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")]
                 + [Signature(height=20, seed=rnd.randrange(10**6)), Line("Nguyễn Văn Bình", 13, bold=True,
                                                                           align="center")], x0=110, x1=195)
    recipients = Block([Line("Nơi nhận:", 12, bold=True, italic=True), Line("- Như trên;", 11),
                        Line("- Lưu: VT.", 11)], x0=30, x1=105)
    items.append(Row([recipients, sign], space_before=6))
    fields = {"document_number": number, "issuing_agency": " ".join(agency[-1:]),
              "document_type": printed or "CÔNG VĂN", "subject_line": subject,
              "signed_date": issued.isoformat()}
    return Doc("official", kind, f"official/{kind}", items, fields, {}, None)
