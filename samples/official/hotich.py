"""Civil-status declarations of Thông tư 04/2020/TT-BTP (as amended by 04/2024): khai sinh, khai tử,
kết hôn. Labels and printed phrases are the template's; values are filled in as people write them.
"""
from __future__ import annotations

from samples import people
from samples.official import sources
from samples.official.core import F, Sheet, checkbox, id_document, id_phrase
from samples.people import dmy
from samples.render import Block, Line, Row, Signature

PLEDGE = ("Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật "
          "về cam đoan của mình.")
NOTE_RESIDENCE = ("Chỉ ghi trong trường hợp người có yêu cầu đăng ký hộ tịch chưa có/không cung cấp số định danh "
                  "cá nhân/căn cước công dân/thẻ căn cước/chứng minh nhân dân; không cung cấp đầy đủ thông tin "
                  "ngày, tháng, năm sinh. Trường hợp phải cung cấp thông tin “Nơi cư trú” thì ghi theo nơi đăng ký "
                  "thường trú; nếu không có nơi đăng ký thường trú thì ghi theo nơi đăng ký tạm trú; trường hợp "
                  "không có nơi đăng ký thường trú và nơi đăng ký tạm trú thì ghi theo nơi ở hiện tại.")
NOTE_ID = ("Ghi số định danh cá nhân/căn cước công dân/thẻ căn cước (ví dụ: Căn cước công dân số 025188001010 do "
           "Cục Cảnh sát QLHC về TTXH cấp ngày 20/11/2021). Trường hợp không có số định danh cá nhân/căn cước "
           "công dân/thẻ căn cước thì ghi giấy tờ hợp lệ thay thế (hộ chiếu, chứng minh nhân dân,...).")
NOTE_COPY = "Đề nghị đánh dấu X vào ô nếu có yêu cầu cấp bản sao và ghi rõ số lượng."
NOTE_DEATH_NOTICE = ("Nếu ghi theo Giấy báo tử, thì gạch cụm từ “Giấy tờ thay thế Giấy báo tử”; nếu ghi theo số "
                     "Giấy tờ thay thế Giấy báo tử thì ghi rõ tên, số giấy tờ và gạch cụm từ “Giấy báo tử”; "
                     "trường hợp không có thì mục này để trống.")

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _words_2(n: int) -> str:
    """1..99 in words as dates are spelled out ("mười lăm", "hai mươi mốt", "ba mươi")."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if units == 0:
        return head
    unit = {1: "mốt" if tens > 1 else "một", 4: "tư" if tens > 1 else "bốn", 5: "lăm"}.get(units, _DIGITS[units])
    return f"{head} {unit}"


def date_in_words(d) -> str:
    year = d.year
    thousands, rest = divmod(year, 1000)
    hundreds, tail = divmod(rest, 100)
    y = f"{_DIGITS[thousands]} nghìn {_DIGITS[hundreds]} trăm"
    if tail:
        y += f" linh {_DIGITS[tail]}" if tail < 10 else f" {_words_2(tail)}"
    return f"ngày {_words_2(d.day)}, tháng {_words_2(d.month)}, năm {y}"


def _addressee(case) -> str:
    a = case.applicant.address
    return f"Ủy ban nhân dân {a.commune}, {a.district_label}"


def _requester(sh: Sheet, case, relation_label: str) -> None:
    p = case.applicant
    idd = id_document(sh.rnd, p, case.filed)
    sh.line(F("Họ, chữ đệm, tên người yêu cầu", sh.style.name(p.name), "applicant_name", p.name))
    if sh.pr.wording == "current":  # the 2024 text asks it only when no personal ID number is given
        sh.line(F("Ngày, tháng, năm sinh", mark="2"))
    sh.line(F("Nơi cư trú", p.address.line, "applicant_address", mark="2"))
    sh.line(F("Giấy tờ tùy thân", id_phrase(idd, sh.pr.id_style), "applicant_id_number", p.id_number, mark="3"))
    sh.line(F(relation_label, case.relation))


def _copies_left(sh: Sheet, mark: str) -> list[Line]:
    n = sh.rnd.choice([0, 1, 2, 2, 3])
    m = f" ({mark})" if sh.pr.footnotes else ""
    text = (f"Đề nghị cấp bản sao{m}: Có {checkbox(n > 0, sh.font)}, Không {checkbox(n == 0, sh.font)}")
    qty = f"Số lượng: {n:02d} bản" if n else "Số lượng: ....bản"
    return [Line(text, sh.size - 0.5, space_before=4), Line(qty, sh.size - 0.5)]


def _place(case) -> str:
    return case.applicant.address.commune


def birth(sh: Sheet, case) -> tuple[str, dict]:
    s, rnd, st = case.subject, sh.rnd, sh.style
    sh.header("TỜ KHAI ĐĂNG KÝ KHAI SINH", addressee=_addressee(case), addressee_mark="1")
    _requester(sh, case, "Quan hệ với người được khai sinh")
    sh.text("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", bold=True, space_before=2)
    sh.line(F("Họ, chữ đệm, tên", st.name(s.name), "subject_name", s.name))
    sh.line(F("Ngày, tháng, năm sinh", dmy(s.birth_date), "subject_birth_date", s.birth_date.isoformat()),
            F("ghi bằng chữ", date_in_words(s.birth_date)))
    sh.line(F("Giới tính", s.sex, "subject_gender"), F("Dân tộc", "Kinh"), F("Quốc tịch", "Việt Nam"))
    sh.line(F("Nơi sinh", rnd.choice(["Bệnh viện Đa khoa tỉnh Bình Dương", "Bệnh viện Hùng Vương",
                                      f"Trạm Y tế {case.applicant.address.commune}",
                                      "Bệnh viện Quốc tế Becamex"])))
    sh.line(F("Quê quán", f"tỉnh {case.applicant.birthplace}" if not case.applicant.birthplace.startswith("Thành")
              else case.applicant.birthplace))
    fam = s.name.split()[0]
    if case.relation == "Mẹ":
        mother = case.applicant
        father_name = people.person_name(rnd, "Nam", fam, sh.names)
        father_year = mother.birth_date.year - rnd.randint(-2, 8)
        blocks = [("người mẹ", mother.name, mother.birth_date.year, mother.address.line, "mother_name"),
                  ("người cha", father_name, father_year, mother.address.line, "father_name")]
    else:
        father = case.applicant
        mother_name = people.person_name(rnd, "Nữ", None, sh.names)
        blocks = [("người mẹ", mother_name, father.birth_date.year + rnd.randint(-2, 8), father.address.line,
                   "mother_name"),
                  ("người cha", father.name, father.birth_date.year, father.address.line, "father_name")]
    for who, name, year, addr, key in blocks:
        sh.line(F(f"Họ, chữ đệm, tên {who}", st.name(name), key, name), space=2.0)
        sh.line(F("Năm sinh", str(year)), F("Dân tộc", "Kinh"), F("Quốc tịch", "Việt Nam"))
        sh.line(F("Nơi cư trú", addr, mark="2"))
    sh.text(PLEDGE, indent=10, space_before=4)
    date_line = sh.place_date(_place(case), case.filed, made_at=True)
    sh.signature(date_line, "Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)", case.applicant.name,
                 left=_copies_left(sh, "4"))
    sh.footnotes([("1", "Ghi rõ tên cơ quan đăng ký khai sinh."), ("2", NOTE_RESIDENCE), ("3", NOTE_ID),
                  ("4", NOTE_COPY)])
    roles = {"requester": ["applicant_name", "applicant_address", "applicant_id_number"],
             "child": ["subject_name", "subject_birth_date", "subject_gender"],
             "mother": ["mother_name"], "father": ["father_name"]}
    return sources.BIRTH, roles


def death(sh: Sheet, case) -> tuple[str, dict]:
    s, rnd, st = case.subject, sh.rnd, sh.style
    sh.header("TỜ KHAI ĐĂNG KÝ KHAI TỬ", addressee=_addressee(case), addressee_mark="1")
    _requester(sh, case, "Quan hệ với người đã chết")
    sh.text("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:", bold=True, space_before=2)
    sh.line(F("Họ, chữ đệm, tên", st.name(s.name), "subject_name", s.name))
    sh.line(F("Ngày, tháng, năm sinh", dmy(s.birth_date), "subject_birth_date", s.birth_date.isoformat()))
    sh.line(F("Giới tính", s.sex, "subject_gender"), F("Dân tộc", "Kinh"), F("Quốc tịch", "Việt Nam"))
    sh.line(F("Nơi cư trú cuối cùng", s.address.line, mark="2"))
    idd = id_document(rnd, s, case.death_date)
    sh.line(F("Giấy tờ tùy thân", id_phrase(idd, sh.pr.id_style), "subject_id_number", s.id_number, mark="3"))
    h, m = case.death_at
    d = case.death_date
    sh.line(F("Đã chết vào lúc", f"{h:02d} giờ {m:02d} phút, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}",
              "death_date", d.isoformat()))
    place = rnd.choice(["Tại nhà", "Bệnh viện Đa khoa tỉnh Bình Dương", f"Trung tâm Y tế {s.address.district_label}"])
    sh.line(F("Nơi chết", place if place != "Tại nhà" else f"Tại nhà, {s.address.line}"))
    sh.line(F("Nguyên nhân chết", rnd.choice(["Bệnh", "Già yếu", "Bệnh tim mạch", "Tai biến mạch máu não"])))
    issuer = "Trạm Y tế " + s.address.commune if place == "Tại nhà" else place
    notice_day = d + (case.filed - d) / 2
    sh.line(F("Số Giấy báo tử/Giấy tờ thay thế Giấy báo tử",
              f"{rnd.randint(1, 999):03d}/GBT do {issuer} cấp ngày {dmy(notice_day)}", mark="4"))
    sh.text(PLEDGE, indent=10, space_before=4)
    date_line = sh.place_date(_place(case), case.filed, made_at=True)
    sh.signature(date_line, "Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)", case.applicant.name,
                 left=_copies_left(sh, "5"))
    sh.footnotes([("1", "Ghi rõ tên cơ quan đăng ký khai tử."), ("2", NOTE_RESIDENCE), ("3", NOTE_ID),
                  ("4", NOTE_DEATH_NOTICE), ("5", NOTE_COPY)])
    roles = {"requester": ["applicant_name", "applicant_address", "applicant_id_number"],
             "deceased": ["subject_name", "subject_birth_date", "subject_gender", "subject_id_number", "death_date"]}
    return sources.DEATH, roles


def marriage(sh: Sheet, case) -> tuple[str, dict]:
    wife, husband, rnd, st = case.subject, case.applicant, sh.rnd, sh.style
    sh.header("TỜ KHAI ĐĂNG KÝ KẾT HÔN", addressee=_addressee(case), addressee_mark="3")
    m = sh.pr.margins
    width = 210 - m.left - m.right
    widths = [width * 0.28, width * 0.36, width * 0.36]
    sh.table_row(["Thông tin", "Bên nữ", "Bên nam"], widths, bold=True, space=4)
    ids = {p.id_number: id_phrase(id_document(rnd, p, case.filed), sh.pr.id_style) for p in (wife, husband)}
    mk = (lambda n: f" ({n})") if sh.pr.footnotes else (lambda n: "")
    rows = [("Họ, chữ đệm, tên", lambda p: st.name(p.name), ("subject_name", "applicant_name"),
             lambda p: p.name),
            ("Ngày, tháng, năm sinh", lambda p: dmy(p.birth_date), ("subject_birth_date", "applicant_birth_date"),
             lambda p: p.birth_date.isoformat()),
            ("Dân tộc", lambda p: "Kinh", (None, None), None),
            ("Quốc tịch", lambda p: "Việt Nam", (None, None), None),
            ("Nơi cư trú" + mk(4), lambda p: p.address.line, (None, "applicant_address"), lambda p: p.address.line),
            ("Giấy tờ tùy thân" + mk(5), lambda p: ids[p.id_number], ("subject_id_number", "applicant_id_number"),
             lambda p: p.id_number),
            ("Kết hôn lần thứ mấy", lambda p: rnd.choice(["Thứ nhất", "Thứ nhất", "Thứ hai"]), (None, None), None)]
    for label, shown, keys, truth in rows:
        sh.table_row([label, shown(wife), shown(husband)], widths)
        for p, key in zip((wife, husband), keys):
            if key:
                sh.record(F(label, "x", key, truth(p)))
    sh.text("Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự "
            "nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.", indent=10, space_before=4)
    sh.text("Chúng tôi chịu hoàn toàn trách nhiệm trước pháp luật về lời cam đoan của mình.", indent=10)
    for ln in _copies_left(sh, "6"):
        sh.add(ln)
    date_line = sh.place_date(_place(case), case.filed, made_at=True)
    sh.text(date_line, italic=True, align="center" if sh.pr.signature != "left" else "left", space_before=3)
    signers = []
    for title, p in (("Bên nữ", wife), ("Bên nam", husband)):
        signers.append(Block([Line(title, sh.size, bold=True, align="center"),
                              Line("(Ký, ghi rõ họ, chữ đệm, tên)", sh.size - 1, italic=True, align="center"),
                              Signature(seed=rnd.randrange(10**6)),
                              Line(st.name(p.name), sh.size, bold=True, align="center")],
                             x0=m.left + (0 if title == "Bên nữ" else width / 2), x1=m.left + width / (2 if title == "Bên nữ" else 1)))
    sh.add(Row(signers, space_before=2))
    sh.footnotes([("3", "Ghi rõ tên cơ quan đăng ký kết hôn."), ("4", NOTE_RESIDENCE), ("5", NOTE_ID),
                  ("6", NOTE_COPY)])
    roles = {"bên nam": ["applicant_name", "applicant_birth_date", "applicant_address", "applicant_id_number"],
             "bên nữ": ["subject_name", "subject_birth_date", "subject_id_number"]}
    return sources.MARRIAGE, roles
