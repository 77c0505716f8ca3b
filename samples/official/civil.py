"""Residence (mẫu CT01) and the certified-copy request slip."""
from __future__ import annotations

from samples.official import sources
from samples.official.core import F, Sheet, id_document
from samples.people import dmy, format_phone


def residence(sh: Sheet, case) -> tuple[str, dict]:
    p, st, rnd = case.applicant, sh.style, sh.rnd
    target, head, members = case.extra["target"], case.extra["head"], case.extra["members"]
    code = ("Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA ngày 17/11/2023 của Bộ trưởng Bộ Công an"
            if sh.pr.wording == "current" else
            "Mẫu CT01 ban hành kèm theo Thông tư số 56/2021/TT-BCA ngày 15/5/2021 của Bộ trưởng Bộ Công an")
    police = f"Công an {target.commune}, {target.district_label}, tỉnh Bình Dương"
    sh.header("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", code=code, addressee=police, addressee_mark="1")
    sh.line(F("Họ, chữ đệm và tên", st.name(p.name), "applicant_name", p.name), num="1")
    sh.line(F("Ngày, tháng, năm sinh", dmy(p.birth_date), "applicant_birth_date", p.birth_date.isoformat()),
            F("Giới tính", p.sex), num="2")
    id_label = "Số định danh cá nhân" if sh.pr.wording == "current" else "Số định danh cá nhân/CMND"
    sh.line(F(id_label, p.id_number, "applicant_id_number"), num="4")
    sh.line(F("Số điện thoại liên hệ", format_phone(rnd, p.phone), "phone", p.phone), F("Email"), num="5")
    if sh.pr.wording == "previous":  # the 2021 text also asked the places of residence and the job
        sh.line(F("Nơi thường trú"), num="7")
        sh.line(F("Nơi tạm trú"), num="8")
        sh.line(F("Nơi ở hiện tại", target.line), num="9")
        sh.line(F("Nghề nghiệp, nơi làm việc", rnd.choice(["Công nhân", "Kinh doanh", "Nhân viên văn phòng"])),
                num="10")
    head_name = p.name if head is None else head.name
    head_id = p.id_number if head is None else head.id_number
    sh.line(F("Họ, chữ đệm và tên chủ hộ", st.name(head_name)), F("Mối quan hệ với chủ hộ", case.relation),
            num="7" if sh.pr.wording == "current" else "11")
    sh.line(F("Số định danh cá nhân của chủ hộ", head_id), num="9" if sh.pr.wording == "current" else "13")
    sh.line(F("Nội dung đề nghị", f"Đăng ký thường trú tại {target.line}", "applicant_address", target.line,
              mark="2"), num="10" if sh.pr.wording == "current" else "14")
    sh.line(F("Những thành viên trong hộ gia đình cùng thay đổi"), num="11" if sh.pr.wording == "current" else "15")
    m = sh.pr.margins
    width = 210 - m.left - m.right
    widths = [w * width for w in (0.07, 0.28, 0.17, 0.12, 0.2, 0.16)]
    sh.table_row(["TT", "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính", "Số định danh cá nhân",
                  "Mối quan hệ với chủ hộ"], widths, bold=True)
    for i, (mem, rel) in enumerate(members, 1):
        sh.table_row([str(i), st.name(mem.name), dmy(mem.birth_date), mem.sex, mem.id_number, rel], widths)
    date_line = sh.place_date(target.commune, case.filed)
    sh.signature(date_line, "NGƯỜI KÊ KHAI", "(Ký, ghi rõ họ tên)", p.name)
    roles = {"declarant": ["applicant_name", "applicant_birth_date", "applicant_id_number", "phone",
                           "applicant_address"]}
    return sources.RESIDENCE, roles


def certified_copy(sh: Sheet, case) -> tuple[str, dict]:
    p, st, rnd = case.applicant, sh.style, sh.rnd
    idd = id_document(rnd, p, case.filed)
    sh.header("PHIẾU YÊU CẦU CHỨNG THỰC BẢN SAO",
              addressee=f"Ủy ban nhân dân {p.address.commune}, {p.address.district_label}")
    sh.line(F("Họ và tên người yêu cầu chứng thực", st.name(p.name), "applicant_name", p.name), num="1")
    sh.line(F("Số giấy tờ tùy thân", idd.number, "applicant_id_number"), F("Ngày cấp", dmy(idd.issued)),
            num="2")
    sh.line(F("Nơi cấp", idd.issuer))
    sh.line(F("Địa chỉ", p.address.line, "applicant_address"), num="3")
    sh.line(F("Số điện thoại", format_phone(rnd, p.phone), "phone", p.phone), num="4")
    sh.text("Yêu cầu chứng thực bản sao từ bản chính các giấy tờ, văn bản sau:", space_before=2)
    m = sh.pr.margins
    width = 210 - m.left - m.right
    widths = [w * width for w in (0.1, 0.6, 0.3)]
    sh.table_row(["STT", "Tên giấy tờ, văn bản", "Số bản sao"], widths, bold=True)
    for i, (name, n) in enumerate(case.extra["documents"], 1):
        sh.table_row([str(i), name, f"{n:02d}"], widths)
    sh.text("Tôi cam đoan bản chính giấy tờ, văn bản xuất trình là hợp pháp và chịu trách nhiệm trước pháp luật "
            "về nội dung của giấy tờ, văn bản đề nghị chứng thực.", indent=10, space_before=4)
    date_line = sh.place_date(p.address.commune, case.filed)
    sh.signature(date_line, "NGƯỜI YÊU CẦU", "(Ký, ghi rõ họ tên)", p.name)
    roles = {"requester": ["applicant_name", "applicant_id_number", "applicant_address", "phone"]}
    return sources.CERTIFIED_COPY, roles
