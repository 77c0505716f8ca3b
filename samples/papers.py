"""The other papers a one-stop dossier holds, and the sheets a scanning office adds.

- `id_copy`: a photocopy of the applicant's citizen ID card, front and back, on one A4 page (the
  front carries the card's QR code: ID number | old ID number | name | birth date | sex | address
  | issue date, separated by '|').
- `receipt`: the one-stop unit's receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết
  quả), with the dossier code (mã hồ sơ) printed, as a Code 128 barcode and as a QR code.
- `certificate`: a result paper (birth extract, marriage certificate, permit...) with a Decree 30
  header.
- `other`: a supporting paper of no kind sohoa knows (a site plan, a commitment).
- `cover_sheet` / `separator_sheet`: what the scanning office puts in: a dossier's cover with its
  code, and the sheet between two dossiers in one scanned box file (a barcode of SEPARATOR_CODE,
  as paperless-ngx's PATCH-T sheets).

Wording is ours, modelled on the layout of the published forms (receipt: Mẫu số 01, Thông tư
01/2018/TT-VPCP); the dossier code's shape `<agency id>-<yymmdd>-<sequence>` follows
../shared/domain/vietnam-digitisation.md §4.1 (format unconfirmed there, so one plausible form).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from samples.cases import Case
from samples.decision import HO_TICH, OFFICE
from samples.forms import Doc, Style, motto
from samples.official.core import id_document
from samples.people import dmy, format_phone, long_date
from samples.render import Block, Gap, Line, Row, Signature

SEPARATOR_CODE = "PATCHT"  # the default of SOHOA_SEPARATOR_CODE
COVER_PREFIX = "BIAHS"  # the default of SOHOA_COVER_CODE_PREFIX
RECEIPT_TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
PROCEDURE_NAMES = {
    "birth_registration": "Đăng ký khai sinh", "marriage_registration": "Đăng ký kết hôn",
    "death_registration": "Đăng ký khai tử", "household_business_registration": "Đăng ký thành lập hộ kinh doanh",
    "construction_permit": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "land_change_registration": "Đăng ký biến động quyền sử dụng đất",
}
FORM_NAMES = {
    "birth_registration": "Tờ khai đăng ký khai sinh", "marriage_registration": "Tờ khai đăng ký kết hôn",
    "death_registration": "Tờ khai đăng ký khai tử",
    "household_business_registration": "Giấy đề nghị đăng ký hộ kinh doanh",
    "construction_permit": "Đơn đề nghị cấp giấy phép xây dựng",
    "land_change_registration": "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất",
}
# result paper per procedure: title, notation of its number, what the body grants
CERTIFICATES = {
    "birth_registration": ("TRÍCH LỤC KHAI SINH", "TLKS-BS", "Đã đăng ký khai sinh cho"),
    "marriage_registration": ("GIẤY CHỨNG NHẬN KẾT HÔN", "GCNKH", "Chứng nhận kết hôn giữa"),
    "death_registration": ("TRÍCH LỤC KHAI TỬ", "TLKT-BS", "Đã đăng ký khai tử cho"),
    "household_business_registration": ("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", "GCN-HKD",
                                        "Chứng nhận đăng ký hộ kinh doanh cho"),
    "construction_permit": ("GIẤY PHÉP XÂY DỰNG", "GPXD", "Cấp cho"),
    "land_change_registration": ("GIẤY CHỨNG NHẬN", "GCN-VPĐK", "Chứng nhận biến động quyền sử dụng đất của"),
}


def dossier_code(rnd: random.Random, received: date) -> str:
    """'000.00.31.H12-220801-0001': receiving agency's id, receipt date (yymmdd), sequence."""
    agency = f"000.{rnd.choice(['00', '20', '21', '22'])}.{rnd.randint(1, 99):02d}.H{rnd.randint(1, 63):02d}"
    return f"{agency}-{received:%y%m%d}-{rnd.randint(1, 9999):04d}"


def _agency(case: Case) -> tuple[str, str, str]:
    """(parent body, agency, place) of the commune or district that handles the case."""
    unit, parent, place = _unit(case)
    return parent, f"ỦY BAN NHÂN DÂN {unit.upper()}", place


def _unit(case: Case) -> tuple[str, str, str]:
    """('phường An Bình', parent body, place): the commune or district that handles the case."""
    a = case.applicant
    if case.procedure in HO_TICH:
        return a.address.commune, f"UBND {a.address.district_label.upper()}", a.address.commune.split(" ", 1)[1]
    addr = case.land_address or case.business_address or a.address
    return addr.district_label, "UBND TỈNH BÌNH DƯƠNG", addr.district


def receipt(case: Case, rnd: random.Random, code: str, st: Style, url_qr: bool = False) -> Doc:
    unit, _, place = _unit(case)
    a = case.applicant
    received = case.filed
    left = [Line(f"UBND {unit.upper()}", 12, align="center"),
            Line("BỘ PHẬN TIẾP NHẬN", 12, bold=True, align="center"),
            Line("VÀ TRẢ KẾT QUẢ", 12, bold=True, align="center", underline=0.4),
            Line(f"Mã hồ sơ: {code}", 11, align="center", space_before=3, wrap=False)]
    right = motto(st, 12.5) + [Line(f"{place}, {long_date(received, st.date_style)}", 12.5, italic=True,
                                    align="center", space_before=3)]
    due = received + timedelta(days=rnd.choice([3, 5, 7, 15]))
    items = [Gap(18), Row([Block(left, x0=20, x1=98), Block(right, x0=98, x1=195)]),
             Line(RECEIPT_TITLE, 14, bold=True, align="center", space_before=8),
             Line(f"Bộ phận tiếp nhận và trả kết quả Ủy ban nhân dân {unit} tiếp nhận hồ sơ của:", 13,
                  space_before=4),
             Line(f"Ông/bà: {st.name(a.name)}", 13, space_before=1.5),
             Line(f"Địa chỉ: {a.address.line}", 13, space_before=1.5),
             Line(f"Số điện thoại: {format_phone(rnd, a.phone)}", 13, space_before=1.5),
             Line(f"Nội dung yêu cầu giải quyết: {PROCEDURE_NAMES[case.procedure]}", 13, space_before=1.5),
             Line("1. Thành phần hồ sơ nộp gồm:", 13, space_before=1.5),
             Line(f"- {FORM_NAMES[case.procedure]} (bản chính);", 13, indent=8),
             Line("- Căn cước công dân (bản sao);", 13, indent=8),
             Line("2. Số lượng hồ sơ: 01 (bộ)", 13, space_before=1.5),
             Line(f"3. Thời gian nhận hồ sơ: {rnd.randint(7, 10):02d} giờ {rnd.choice([0, 15, 30, 45]):02d} phút, "
                  f"ngày {dmy(received)}", 13, space_before=1.5),
             Line(f"4. Thời gian trả kết quả: {rnd.randint(13, 16):02d} giờ 00 phút, ngày {dmy(due)}", 13,
                  space_before=1.5),
             Line("Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: " + code[-4:], 13, space_before=1.5)]
    clerk = Block([Line("NGƯỜI TIẾP NHẬN HỒ SƠ", 12.5, bold=True, align="center"),
                   Line("(Ký và ghi rõ họ tên)", 11.5, italic=True, align="center"),
                   Signature(height=16, seed=rnd.randrange(10**6)), Line(case.signer, 12.5, bold=True, align="center")],
                  x0=110, x1=195)
    filer = Block([Line("NGƯỜI NỘP HỒ SƠ", 12.5, bold=True, align="center"),
                   Line("(Ký và ghi rõ họ tên)", 11.5, italic=True, align="center"),
                   Signature(height=16, seed=rnd.randrange(10**6)), Line(st.name(a.name), 12.5, bold=True,
                                                                          align="center")], x0=20, x1=100)
    items.append(Row([filer, clerk], space_before=5))
    qr_text = f"https://motcua.example.vn/tra-cuu?mahoso={code}" if url_qr else code
    marks = [{"page": 0, "kind": "code128", "text": code, "box": (30, 9, 140, 21)},
             {"page": 0, "kind": "qr", "text": qr_text, "box": (174, 6, 196, 28)}]
    return Doc("receipt", case.procedure, "receipt/tt01-2018", items, {}, {}, None, marks=marks, title=RECEIPT_TITLE)


def id_copy(case: Case, rnd: random.Random, st: Style) -> Doc:
    """Front and back of the applicant's card, photocopied side by side with the page's long edge."""
    p = case.applicant
    card = id_document(rnd, p, case.filed)
    title = "CĂN CƯỚC CÔNG DÂN" if card.kind == "Căn cước công dân" else "CĂN CƯỚC"
    x0, x1 = 48.0, 160.0  # text column of the card, right of the photo
    front = [Line(f"CỘNG {st.motto_hoa} XÃ HỘI CHỦ NGHĨA VIỆT NAM", 9.5, bold=True, align="center", wrap=False),
             Line("Độc lập - Tự do - Hạnh phúc", 9.5, bold=True, align="center", wrap=False),
             Line(title, 12, bold=True, align="center", space_before=1.5, wrap=False),
             Line("Citizen Identity Card" if title != "CĂN CƯỚC" else "Identity Card", 9, italic=True,
                  align="center", wrap=False),
             Line(f"Số / No.: {p.id_number}", 11, bold=True, space_before=1.5, wrap=False),
             Line("Họ và tên / Full name:", 9, wrap=False),
             Line(p.name.upper(), 10.5, bold=True, wrap=False),
             Line(f"Ngày sinh / Date of birth: {dmy(p.birth_date)}", 9, wrap=False),
             Line(f"Giới tính / Sex: {p.sex}     Quốc tịch / Nationality: Việt Nam", 9, wrap=False),
             Line(f"Quê quán / Place of origin: {p.birthplace}", 9, wrap=False),
             Line("Nơi thường trú / Place of residence:", 9, wrap=False),
             Line(p.address.line, 8.5, wrap=False)]
    back = [Line("Đặc điểm nhân dạng / Personal identification:", 9, wrap=False),
            Line(rnd.choice(["Nốt ruồi C: 1cm trên trước mép trái", "Sẹo chấm C: 2cm dưới sau mép phải",
                             "Nốt ruồi C: 1,5cm dưới trước cánh mũi phải"]), 9, wrap=False),
            Line(f"Ngày, tháng, năm / Date, month, year: {dmy(card.issued)}", 9, space_before=2, wrap=False),
            Line("CỤC TRƯỞNG CỤC CẢNH SÁT" if card.kind == "Căn cước công dân" else "BỘ CÔNG AN", 9.5, bold=True,
                 align="center", wrap=False),
            Line("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI" if card.kind == "Căn cước công dân" else "", 9.5, bold=True,
                 align="center", wrap=False),
            Signature(height=10, seed=rnd.randrange(10**6)),
            Line(case.signer, 9.5, bold=True, align="center", wrap=False)]
    back = [b for b in back if not isinstance(b, Line) or b.text]
    n_front = len(front)
    items = [Gap(12), Block(front, x0=x0, x1=x1), Gap(28), Block(back, x0=x0, x1=x1)]
    n_back = sum(1 for b in back if isinstance(b, Line))
    old_id = "".join(str(rnd.randint(0, 9)) for _ in range(9)) if rnd.random() < 0.6 else ""
    qr_text = "|".join([p.id_number, old_id, p.name, p.birth_date.strftime("%d%m%Y"), p.sex, p.address.line,
                        card.issued.strftime("%d%m%Y")])
    marks = [{"page": 0, "kind": "frame", "lines": (0, n_front - 1), "box": (18, 0, 172, 0), "pad": 4},
             {"page": 0, "kind": "frame", "lines": (n_front, n_front + n_back - 1), "box": (18, 0, 172, 0), "pad": 4},
             {"page": 0, "kind": "photo", "box": (22, 40, 45, 70)},
             {"page": 0, "kind": "qr", "text": qr_text, "box": (22, 74, 45, 97)}]
    fields = {"applicant_name": p.name, "applicant_id_number": p.id_number,
              "applicant_birth_date": p.birth_date.isoformat()}
    return Doc("id_copy", case.procedure, "id_copy/cccd", items, fields, {}, None, marks=marks, title=title)


def certificate(case: Case, rnd: random.Random, st: Style) -> Doc:
    """A result paper: Decree 30 header with its number, the title, who it is for, the signature."""
    parent, agency, place = _agency(case)
    title, notation, grant = CERTIFICATES[case.procedure]
    a = case.applicant
    number = f"{rnd.randint(1, 999):02d}/{notation}"
    agency_lines = ["ỦY BAN NHÂN DÂN", agency.replace("ỦY BAN NHÂN DÂN ", "")]
    left = [Line(parent, 12.5, align="center")] + \
        [Line(t, 12.5, bold=True, align="center", underline=0.4 if i else 0) for i, t in enumerate(agency_lines)] + \
        [Line(f"Số: {number}", 13, align="center", space_before=3)]
    right = motto(st, 13) + [Line(f"{place}, {long_date(case.decided, st.date_style)}", 13, italic=True,
                                  align="center", space_before=3)]
    items = [Row([Block(left, x0=20, x1=92), Block(right, x0=92, x1=195)]),
             Line(title, 15, bold=True, align="center", space_before=12)]
    if title == "GIẤY CHỨNG NHẬN":
        items.append(Line("Quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất", 12.5,
                          italic=True, align="center"))
    who = f"{'Ông' if a.sex == 'Nam' else 'Bà'} {st.name(a.name)}"
    items += [Line(f"{grant}: {who}", 13, space_before=6),
              Line(f"Ngày, tháng, năm sinh: {st.date(a.birth_date)}", 13, space_before=1.5),
              Line(f"Số định danh cá nhân: {a.id_number}", 13, space_before=1.5),
              Line(f"Nơi cư trú: {a.address.line}", 13, space_before=1.5)]
    if case.subject is not None:
        items.append(Line(f"Họ và tên: {st.name(case.subject.name)}", 13, space_before=1.5))
    if case.parcel:
        items.append(Line(f"Thửa đất số: {case.parcel}; Tờ bản đồ số: {case.sheet}", 13, space_before=1.5))
    if case.business_name:
        items.append(Line(f"Tên hộ kinh doanh: {case.business_name}", 13, space_before=1.5))
    office = OFFICE.get(case.procedure, "Công chức Tư pháp - Hộ tịch")
    sign = Block([Line("TM. ỦY BAN NHÂN DÂN", 13, bold=True, align="center"),
                  Line(rnd.choice(["CHỦ TỊCH", "KT. CHỦ TỊCH"]), 13, bold=True, align="center"),
                  Signature(height=20, seed=rnd.randrange(10**6)), Line(case.signer, 13, bold=True, align="center")],
                 x0=110, x1=195)
    items.append(Row([Block([Line("Nơi nhận:", 12, bold=True, italic=True), Line(f"- {office};", 11),
                             Line("- Lưu: VT.", 11)], x0=30, x1=105), sign], space_before=8))
    fields = {"document_number": number, "issuing_agency": " ".join(agency_lines), "document_type": title,
              "signed_date": case.decided.isoformat()}
    seal = {"text": f"{agency} * {parent.replace('UBND ', '')} *"}
    return Doc("certificate", case.procedure, f"certificate/{case.procedure}", items, fields, {}, seal, title=title)


def other_paper(case: Case, rnd: random.Random, st: Style) -> Doc:
    """A supporting paper sohoa has no kind for: a site plan of the parcel, or a commitment."""
    a = case.applicant
    if case.parcel:
        title = "SƠ ĐỒ VỊ TRÍ THỬA ĐẤT"
        items = [Line(title, 14, bold=True, align="center", space_before=4),
                 Line(f"Thửa đất số: {case.parcel}; Tờ bản đồ số: {case.sheet}", 13, align="center", space_before=3),
                 Line(f"Diện tích: {case.area} m²", 13, align="center", space_before=1.5),
                 Gap(110),
                 Line("Ghi chú: sơ đồ không theo tỷ lệ, kích thước các cạnh tính bằng mét.", 12, italic=True,
                      space_before=2),
                 Block([Line("NGƯỜI VẼ SƠ ĐỒ", 13, bold=True, align="center"),
                        Signature(height=16, seed=rnd.randrange(10**6)),
                        Line(st.name(a.name), 13, bold=True, align="center")], x0=110, x1=195)]
        marks = [{"page": 0, "kind": "frame", "box": (55, 52, 160, 142)},
                 {"page": 0, "kind": "frame", "box": (80, 70, 130, 120)}]
        return Doc("other", case.procedure, "other/site-plan", items, {}, {}, None, marks=marks, title=title)
    title = "BẢN CAM KẾT"
    items = motto(st) + [Line(title, 14, bold=True, align="center", space_before=8),
                         Line(f"Tôi tên là: {st.name(a.name)}", 13, space_before=5),
                         Line(f"Nơi cư trú: {a.address.line}", 13, space_before=1.5),
                         Line("Tôi xin cam kết các giấy tờ nộp kèm theo hồ sơ là bản sao đúng với bản chính; nếu "
                              "sai tôi xin hoàn toàn chịu trách nhiệm trước pháp luật.", 13, indent=10, space_before=3),
                         Block([Line("NGƯỜI CAM KẾT", 13, bold=True, align="center", space_before=8),
                                Signature(height=16, seed=rnd.randrange(10**6)),
                                Line(st.name(a.name), 13, bold=True, align="center")], x0=110, x1=195)]
    return Doc("other", case.procedure, "other/commitment", items, {}, {}, None, title=title)


def cover_sheet(case: Case, code: str) -> Doc:
    """The cover the one-stop unit prints for a dossier: its code as a QR code, and what it is."""
    _, agency, _ = _agency(case)
    items = [Gap(60), Line(agency, 14, bold=True, align="center"),
             Line("HỒ SƠ THỦ TỤC HÀNH CHÍNH", 18, bold=True, align="center", space_before=10),
             Line(f"Thủ tục: {PROCEDURE_NAMES[case.procedure]}", 14, align="center", space_before=6),
             Line(f"Mã hồ sơ: {code}", 14, align="center", space_before=3)]
    marks = [{"page": 0, "kind": "qr", "text": f"{COVER_PREFIX}:{code}", "box": (80, 160, 130, 210)}]
    return Doc("cover", case.procedure, "cover", items, {}, {}, None, marks=marks)


def separator_sheet(code: str = SEPARATOR_CODE) -> Doc:
    items = [Gap(40), Line("TỜ PHÂN CÁCH HỒ SƠ", 20, bold=True, align="center"),
             Line("(Không số hóa trang này)", 14, italic=True, align="center", space_before=4)]
    marks = [{"page": 0, "kind": "code128", "text": code, "box": (60, 120, 150, 150)}]
    return Doc("separator", "", "separator", items, {}, {}, None, marks=marks)
