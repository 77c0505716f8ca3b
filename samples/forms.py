"""Application forms (tờ khai / đơn / giấy đề nghị) as render items plus their truth fields.

A form is built from a Case, a template variant `layout` (1..LAYOUTS) and a random source for the
per-dossier choices (label variants, date and name styles). The layout fixes header style, section
headings, field order and page breaks, so a test can hold out whole layouts.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from samples.cases import Case
from samples.people import dmy, format_phone, long_date
from samples.fonts import family, text_width_pt
from samples.render import A4_MM, MM, Block, Gap, Item, Line, Margins, PageBreak, Row, Signature

LAYOUTS = 5
DEFAULT_LAYOUTS = (1, 2, 3, 4)  # layout 5 (numbered lines, dot leaders, two-line title) only on request

LABELS = {
    "applicant_name": ["Họ, chữ đệm, tên người yêu cầu", "Họ và tên người đề nghị", "Họ tên người khai"],
    "applicant_id_number": ["Số định danh cá nhân", "Số CCCD", "Số căn cước công dân", "Số giấy tờ tùy thân"],
    "applicant_birth_date": ["Ngày, tháng, năm sinh", "Ngày sinh"],
    "applicant_address": ["Nơi cư trú", "Địa chỉ thường trú", "Địa chỉ liên hệ"],
    "phone": ["Số điện thoại", "Điện thoại liên hệ"],
    "death_date": ["Ngày, tháng, năm chết", "Chết vào lúc"],
}
TITLES = {
    "birth_registration": ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "(Dùng cho đăng ký khai sinh đúng hạn)"),
    "marriage_registration": ("TỜ KHAI ĐĂNG KÝ KẾT HÔN", "(Dùng cho công dân Việt Nam cư trú trong nước)"),
    "death_registration": ("TỜ KHAI ĐĂNG KÝ KHAI TỬ", "(Dùng cho người đi khai tử)"),
    "household_business_registration": ("GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", "(Đăng ký thành lập mới)"),
    "construction_permit": ("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", "(Sử dụng cho nhà ở riêng lẻ)"),
    "land_change_registration": ("ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT", ""),
}
FORM_CODES = {
    "birth_registration": "Mẫu số 01/TKKS", "marriage_registration": "Mẫu số 02/TKKH",
    "death_registration": "Mẫu số 03/TKKT", "household_business_registration": "Phụ lục III-1",
    "construction_permit": "Mẫu số 01", "land_change_registration": "Mẫu số 09/ĐK",
}
SIGNER = {
    "birth_registration": ["NGƯỜI YÊU CẦU", "NGƯỜI ĐI KHAI SINH"],
    "marriage_registration": ["NGƯỜI YÊU CẦU", "BÊN CHỒNG"],
    "death_registration": ["NGƯỜI YÊU CẦU", "NGƯỜI ĐI KHAI TỬ"],
    "household_business_registration": ["CHỦ HỘ KINH DOANH", "NGƯỜI ĐỀ NGHỊ"],
    "construction_permit": ["NGƯỜI ĐỀ NGHỊ", "NGƯỜI LÀM ĐƠN"],
    "land_change_registration": ["NGƯỜI VIẾT ĐƠN", "NGƯỜI ĐỀ NGHỊ"],
}
PLEDGE = {
    "ho_tich": "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp "
               "luật về cam đoan của mình.",
    "household_business_registration": "Tôi cam kết bản thân không thuộc diện pháp luật cấm kinh doanh và "
               "chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác, trung thực của nội dung đăng ký trên.",
    "construction_permit": "Tôi xin cam kết làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu "
               "trách nhiệm và bị xử lý theo quy định của pháp luật.",
    "land_change_registration": "Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn "
               "toàn chịu trách nhiệm trước pháp luật.",
}


@dataclass
class Entry:
    key: str | None  # field key, None for a printed line that is not a truth field
    label: str
    shown: str  # value as printed
    value: str = ""  # normalised truth value


@dataclass
class Doc:
    kind: str  # form | decision | official | certificate | id_copy | receipt | other | cover | separator
    procedure: str
    layout: str  # e.g. "birth_registration/form-v2"
    items: list[Item]
    fields: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)
    seal: dict | None = None  # rim text for the seal stamped on the (first) signature
    meta: dict = field(default_factory=dict)  # official templates: template, template_source, printing, roles
    marks: list[dict] = field(default_factory=list)  # codes and shapes drawn on the pages (samples/codes.py)
    title: str = ""  # the printed title line, as the truth of a document's title


@dataclass
class Style:
    upper_names: bool
    long_dates: bool
    date_style: str  # long_date style of the place-date line
    motto_hoa: str  # "HÒA" | "HOÀ"
    dash: str  # "-" | "–"

    @classmethod
    def draw(cls, rnd: random.Random) -> "Style":
        return cls(rnd.random() < 0.35, rnd.random() < 0.25,
                   rnd.choices(["decree", "full", "legacy"], weights=[6, 3, 1])[0],
                   rnd.choice(["HÒA", "HÒA", "HOÀ"]), rnd.choice(["-", "-", "–"]))

    def name(self, n: str) -> str:
        return n.upper() if self.upper_names else n

    def date(self, d) -> str:
        return long_date(d, "full") if self.long_dates else dmy(d)


def motto(style: Style, size: float = 13.0) -> list[Line]:
    return [Line(f"CỘNG {style.motto_hoa} XÃ HỘI CHỦ NGHĨA VIỆT NAM", size - 0.5, bold=True, align="center", wrap=False),
            Line(f"Độc lập {style.dash} Tự do {style.dash} Hạnh phúc", size, bold=True, align="center", underline=1.0)]


def _pick(rnd: random.Random, key: str, applicant_label: str | None = None) -> str:
    if key == "applicant_name" and applicant_label:
        return applicant_label
    return rnd.choice(LABELS[key])


def _applicant(case: Case, rnd: random.Random, st: Style, name_label: str | None = None,
               birth: bool = True, phone: bool = True, gender: bool = True) -> list[Entry]:
    p = case.applicant
    out = [Entry("applicant_name", _pick(rnd, "applicant_name", name_label), st.name(p.name), p.name)]
    if birth:
        out.append(Entry("applicant_birth_date", _pick(rnd, "applicant_birth_date"), st.date(p.birth_date),
                         p.birth_date.isoformat()))
    if gender:  # birth and death forms do not ask the requester's sex (the subject's "Giới tính" is a field)
        out.append(Entry(None, "Giới tính", p.sex))
    out.append(Entry("applicant_id_number", _pick(rnd, "applicant_id_number"), p.id_number, p.id_number))
    out.append(Entry("applicant_address", _pick(rnd, "applicant_address"), p.address.line, p.address.line))
    if phone:
        out.append(Entry("phone", _pick(rnd, "phone"), format_phone(rnd, p.phone), p.phone))
    return out


def _sections(case: Case, rnd: random.Random, st: Style) -> tuple[list[tuple[str, list[Entry]]], str]:
    """Sections (heading, entries) and the 'Kính gửi' addressee."""
    proc, a, s = case.procedure, case.applicant, case.subject
    commune_body = f"Ủy ban nhân dân {a.address.commune}"
    if proc == "birth_registration":
        child = [Entry("subject_name", "Họ, chữ đệm, tên người được khai sinh", st.name(s.name), s.name),
                 Entry("subject_gender", "Giới tính", s.sex, s.sex),
                 Entry("subject_birth_date", "Ngày, tháng, năm sinh của người được khai sinh", st.date(s.birth_date),
                       s.birth_date.isoformat()),
                 Entry(None, "Nơi sinh", rnd.choice(["Bệnh viện Đa khoa tỉnh Bình Dương", "Bệnh viện Hùng Vương",
                                                      f"Trạm Y tế {a.address.commune}", "Bệnh viện Quốc tế Becamex"])),
                 Entry(None, "Dân tộc", "Kinh"), Entry(None, "Quốc tịch", "Việt Nam")]
        app = _applicant(case, rnd, st, birth=False, gender=False) + [
            Entry(None, "Quan hệ với người được khai sinh", case.relation)]
        return [("I. THÔNG TIN NGƯỜI YÊU CẦU", app), ("II. THÔNG TIN NGƯỜI ĐƯỢC KHAI SINH", child)], commune_body
    if proc == "marriage_registration":
        wife = [Entry("subject_name", "Họ và tên bên vợ", st.name(s.name), s.name),
                Entry("subject_birth_date", "Ngày sinh bên vợ", st.date(s.birth_date), s.birth_date.isoformat()),
                Entry(None, "Dân tộc bên vợ", "Kinh"),
                Entry("subject_id_number", "Số CCCD bên vợ", s.id_number, s.id_number),
                Entry(None, "Nơi cư trú bên vợ", s.address.line)]
        app = _applicant(case, rnd, st) + [Entry(None, "Dân tộc", "Kinh"),
                                           Entry(None, "Kết hôn lần thứ", rnd.choice(["Nhất", "Nhất", "Hai"]))]
        return [("I. THÔNG TIN BÊN CHỒNG", app), ("II. THÔNG TIN BÊN VỢ", wife)], commune_body
    if proc == "death_registration":
        if rnd.random() < 0.5:
            dd = Entry("death_date", "Ngày, tháng, năm chết", st.date(case.death_date), case.death_date.isoformat())
        else:
            h, m = case.death_at
            dd = Entry("death_date", "Chết vào lúc", f"{h:02d} giờ {m:02d} phút, ngày {dmy(case.death_date)}",
                       case.death_date.isoformat())
        dead = [Entry("subject_name", "Họ, chữ đệm, tên người chết", st.name(s.name), s.name),
                Entry("subject_birth_date", "Ngày sinh người chết", st.date(s.birth_date), s.birth_date.isoformat()),
                Entry("subject_gender", "Giới tính người chết", s.sex, s.sex),
                Entry("subject_id_number", "Số định danh cá nhân người chết", s.id_number, s.id_number),
                dd,
                Entry(None, "Nơi chết", rnd.choice(["Tại nhà", "Bệnh viện Đa khoa tỉnh Bình Dương",
                                                     "Trung tâm Y tế " + a.address.district_label])),
                Entry(None, "Nguyên nhân chết", rnd.choice(["Bệnh", "Già yếu", "Bệnh tim mạch"]))]
        app = _applicant(case, rnd, st, birth=False, gender=False) + [Entry(None, "Quan hệ với người chết", case.relation)]
        return [("I. THÔNG TIN NGƯỜI YÊU CẦU", app), ("II. THÔNG TIN NGƯỜI CHẾT", dead)], commune_body
    if proc == "household_business_registration":
        app = _applicant(case, rnd, st, name_label="Họ và tên chủ hộ kinh doanh") + [
            Entry(None, "Dân tộc", "Kinh"), Entry(None, "Quốc tịch", "Việt Nam")]
        biz = [Entry("business_name", "Tên hộ kinh doanh", case.business_name, case.business_name),
               Entry("business_address", "Địa điểm kinh doanh", case.business_address.line, case.business_address.line),
               Entry(None, "Ngành, nghề kinh doanh", case.business_activity),
               Entry(None, "Vốn kinh doanh", f"{case.capital:,}".replace(",", ".") + " đồng"),
               Entry(None, "Số lượng lao động", str(rnd.randint(1, 9))),
               Entry("tax_code", "Mã số thuế", case.tax_code, case.tax_code)]
        body = f"Phòng Tài chính - Kế hoạch {case.business_address.district_label}"
        return [("I. THÔNG TIN CHỦ HỘ KINH DOANH", app), ("II. THÔNG TIN HỘ KINH DOANH", biz)], body
    if proc == "construction_permit":
        app = _applicant(case, rnd, st)
        site = [Entry("construction_address", "Địa điểm xây dựng", case.land_address.line, case.land_address.line),
                Entry("parcel_number", "Thửa đất số", str(case.parcel), str(case.parcel)),
                Entry("map_sheet_number", "Tờ bản đồ số", str(case.sheet), str(case.sheet)),
                Entry(None, "Giấy chứng nhận quyền sử dụng đất số", case.certificate_no),
                Entry(None, "Loại công trình", "Nhà ở riêng lẻ"),
                Entry(None, "Diện tích xây dựng tầng 1", f"{case.area} m²"),
                Entry(None, "Số tầng", str(case.floors))]
        body = f"Ủy ban nhân dân {a.address.district_label}"
        return [("I. THÔNG TIN CHỦ ĐẦU TƯ", app), ("II. THÔNG TIN CÔNG TRÌNH", site)], body
    if proc == "land_change_registration":
        app = _applicant(case, rnd, st)
        land = [Entry("parcel_number", "Thửa đất số", str(case.parcel), str(case.parcel)),
                Entry("map_sheet_number", "Tờ bản đồ số", str(case.sheet), str(case.sheet)),
                Entry("land_address", "Địa chỉ thửa đất", case.land_address.line, case.land_address.line),
                Entry(None, "Diện tích", f"{case.area} m²"),
                Entry(None, "Mục đích sử dụng", case.land_use),
                Entry(None, "Số phát hành Giấy chứng nhận", case.certificate_no),
                Entry(None, "Nội dung biến động", case.change[0]),
                Entry(None, "Lý do biến động", case.change[1])]
        body = f"Văn phòng đăng ký đất đai tỉnh Bình Dương - Chi nhánh {case.land_address.district}"
        return [("I. NGƯỜI SỬ DỤNG ĐẤT", app), ("II. THÔNG TIN THỬA ĐẤT VÀ NỘI DUNG BIẾN ĐỘNG", land)], body
    raise ValueError(proc)


def _heading(heading: str, layout: int) -> str:
    """Same section, worded per template: "II. THÔNG TIN ..." / "Phần II. Thông tin ..." / "B. THÔNG TIN ..."."""
    roman, text = heading.split(". ", 1)
    if layout == 3:
        return f"Phần {roman}. {text[0]}{text[1:].lower()}"
    if layout == 4:
        return f"{'ABCD'[['I', 'II', 'III', 'IV'].index(roman)]}. {text}"
    return heading


def _split_title(title: str) -> list[str]:
    for head in ("TỜ KHAI", "ĐƠN ĐỀ NGHỊ", "GIẤY ĐỀ NGHỊ"):
        if title.startswith(head + " "):
            return [head, title[len(head) + 1:]]
    if ", " in title:
        a, b = title.split(", ", 1)
        return [a + ",", b]
    return [title]


def _with_leader(text: str, font: str, size: float, width_pt: float) -> str:
    """Dots after the value up to the right margin, as on a filled-in printed form."""
    path = family(font).regular
    room = width_pt - 3 - text_width_pt(path, size, text + " ")
    n = int(room / text_width_pt(path, size, "."))
    return f"{text} {'.' * n}" if n >= 5 else text


def build_form(case: Case, rnd: random.Random, layout: int, style: Style | None = None,
               font: str = "freeserif") -> Doc:
    if not 1 <= layout <= LAYOUTS:
        raise ValueError(f"layout must be 1..{LAYOUTS}")
    st = style or Style.draw(rnd)
    proc = case.procedure
    sections, addressee = _sections(case, rnd, st)
    order_rnd = random.Random(f"{proc}/form-v{layout}")  # the template, not the dossier, fixes the order
    if layout in (3, 4):
        sections = [(h, order_rnd.sample(es, len(es)) if layout == 4 else es[1:] + es[:1] if i == 1 else es)
                    for i, (h, es) in enumerate(sections)]
    title, subtitle = TITLES[proc]
    items: list[Item] = []
    if layout == 4:
        items.append(Row([Block([Line(FORM_CODES[proc], 11, italic=True, align="center")], x0=20, x1=80),
                          Block(motto(st, 12.5), x0=85, x1=195)]))
    else:
        if layout == 2:
            items.append(Block([Line(FORM_CODES[proc], 11, italic=True, align="right")]))
        items.extend(motto(st))
    for k, part in enumerate(_split_title(title) if layout == 5 else [title]):
        items.append(Line(part, 14, bold=True, align="center", space_before=8 if k == 0 else 0))
    if subtitle and layout in (2, 3):
        items.append(Line(subtitle, 12, italic=True, align="center"))
    items.append(Line(f"Kính gửi: {addressee}", 13, align="center" if layout not in (3, 5) else "left",
                      space_before=5, indent=15 if layout == 3 else 0))
    fields: dict[str, str] = {}
    labels: dict[str, str] = {}
    size = 13 if layout != 4 else 12.5
    number = 0
    width_pt = (A4_MM[0] - Margins().left - Margins().right) * MM
    for i, (heading, entries) in enumerate(sections):
        if layout == 3 and i == 1:
            items.append(PageBreak())
        if layout in (2, 3, 4):
            items.append(Line(_heading(heading, layout), size, bold=True, space_before=4))
        else:
            items.append(Gap(3))
        land_pair = layout == 4 and {e.key for e in entries} >= {"parcel_number", "map_sheet_number"}
        for e in entries:
            if land_pair and e.key == "map_sheet_number":
                continue
            if land_pair and e.key == "parcel_number":
                sheet = next(x for x in entries if x.key == "map_sheet_number")
                items.append(Line(f"{e.label}: {e.shown}; {sheet.label}: {sheet.shown}", size, space_before=1.5))
                fields[sheet.key], labels[sheet.key] = sheet.value, sheet.label
            elif layout == 5:
                number += 1
                text = _with_leader(f"{number}. {e.label}: {e.shown}", font, size, width_pt)
                items.append(Line(text, size, space_before=1.5))
            else:
                items.append(Line(f"{e.label}: {e.shown}", size, space_before=1.5))
            if e.key:
                fields[e.key], labels[e.key] = e.value, e.label
    pledge = PLEDGE.get(proc, PLEDGE["ho_tich"])
    items.append(Line(pledge, size, indent=10, space_before=5))
    place = (case.applicant.address.commune.split(" ", 1)[1]
             if proc in ("birth_registration", "marriage_registration", "death_registration")
             else (case.land_address or case.business_address or case.applicant.address).district)
    date_line = f"{place}, {long_date(case.filed, st.date_style)}"
    fields["signed_date"] = case.filed.isoformat()
    x0, x1 = (105, 195) if layout != 2 else (60, 150)
    items.append(Block([Line(date_line, 13, italic=True, align="center", space_before=6),
                        Line(rnd.choice(SIGNER[proc]), 13, bold=True, align="center", space_before=1),
                        Line("(Ký, ghi rõ họ, tên)", 12, italic=True, align="center"),
                        Signature(seed=rnd.randrange(10**6)),
                        Line(st.name(case.applicant.name), 13, bold=True, align="center")], x0=x0, x1=x1))
    return Doc("form", proc, f"{proc}/form-v{layout}", items, fields, labels)
