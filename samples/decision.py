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
