"""Personal data never reaches the logs: not the ID number, not the name, not in problems either."""
import logging

from extraction import check_required, document_metadata, extract_fields
from extraction_helpers import ocr_page

ID = "074093001656"
TEXT = f"""TỜ KHAI ĐĂNG KÝ KHAI SINH
Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN AN
Số định danh cá nhân: {ID}
Ngày sinh: 12/03/1991
Số CCCD bên vợ: 07409300165
Thủ Dầu Một, ngày 12 tháng 03 năm 2024"""


def test_no_citizen_id_or_name_in_logs(caplog):
    caplog.set_level(logging.DEBUG)
    pages = [ocr_page(TEXT)]
    fields = extract_fields(pages)
    problems = check_required(fields, ["applicant_id_number", "subject_id_number", "subject_name"], 0.8)
    document_metadata(pages, fields)
    assert fields["applicant_id_number"].value == ID  # it was read...
    assert any(r.name.startswith("extraction") for r in caplog.records)  # ...and the stage did log
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert ID not in logged and "07409300165" not in logged
    assert "Nguyễn" not in logged and "NGUYỄN" not in logged
    # the birth year disagrees with the ID: the problem says so without quoting either
    assert dict(problems)["applicant_id_number"].startswith("invalid")
    assert all(ID not in p and "0740930016" not in p for _, p in problems)
