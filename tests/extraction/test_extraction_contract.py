"""The stage contract the flow calls: extract_fields, check_required, document_metadata."""
from extraction import check_required, document_metadata, extract_fields
from extraction_helpers import ocr_page

BIRTH_FORM = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TỜ KHAI ĐĂNG KÝ KHAI SINH
Kính gửi: Ủy ban nhân dân phường Phú Cường
Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN AN
Số định danh cá nhân: 074093001656
Nơi cư trú: Số 12, đường Trần Hưng Đạo, phường Phú Cường, thành phố Thủ Dầu Một,
tỉnh Bình Dương
Số điện thoại: 0912 345 678
Họ, chữ đệm, tên người được khai sinh: Nguyễn Thị Bình
Ngày, tháng, năm sinh của người được khai sinh: 05/03/2024  Giới tính: Nữ
Thủ Dầu Một, ngày 12 tháng 03 năm 2024
Người yêu cầu"""

DECISION = """UBND TỈNH BÌNH DƯƠNG
ỦY BAN NHÂN DÂN THỊ XÃ TÂN UYÊN
Số: 8506/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân Uyên, ngày 05 tháng 01 năm 2020
QUYẾT ĐỊNH
Về việc cấp Giấy chứng nhận quyền sử dụng đất
cho hộ ông Nguyễn Văn An
ỦY BAN NHÂN DÂN THỊ XÃ TÂN UYÊN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"""


def test_birth_form_fields_are_normalised_with_provenance():
    fields = extract_fields([ocr_page(BIRTH_FORM)])
    assert fields["applicant_name"].value == "Nguyễn Văn An"
    assert fields["applicant_name"].raw == "NGUYỄN VĂN AN"
    assert fields["applicant_id_number"].value == "074093001656"
    assert fields["applicant_address"].value == (
        "Số 12, đường Trần Hưng Đạo, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương")
    assert fields["phone"].value == "0912345678"
    assert fields["subject_name"].value == "Nguyễn Thị Bình"
    assert fields["subject_birth_date"].value == "2024-03-05"
    assert fields["signed_date"].value == "2024-03-12"
    fv = fields["applicant_id_number"]
    assert fv.page == 1 and fv.bbox is not None and fv.valid and 0.8 < fv.confidence <= 1


def test_decision_header_fields_and_7197_metadata():
    pages = [ocr_page(DECISION)]
    fields = extract_fields(pages)
    assert fields["document_number"].value == "8506/QĐ-UBND"
    assert fields["issuing_agency"].value == "ỦY BAN NHÂN DÂN THỊ XÃ TÂN UYÊN"
    assert fields["document_type"].value == "QUYẾT ĐỊNH"
    assert fields["signed_date"].value == "2020-01-05"
    assert fields["subject_line"].value == (
        "Về việc cấp Giấy chứng nhận quyền sử dụng đất cho hộ ông Nguyễn Văn An")
    meta = document_metadata(pages, fields)
    assert meta["TypeName"] == "Quyết định"
    assert (meta["CodeNumber"], meta["CodeNotation"]) == ("8506", "QĐ-UBND")
    assert meta["IssuedDate"] == "2020-01-05"
    assert meta["OrganName"] == "ỦY BAN NHÂN DÂN THỊ XÃ TÂN UYÊN"
    assert meta["PageAmount"] == 1 and meta["missing"] == []


def test_check_required_names_missing_invalid_and_uncertain_fields():
    text = BIRTH_FORM.replace("074093001656", "074093001").replace("Nguyễn Thị Bình", "Nguyễn Thị Bình")
    page = ocr_page(text.replace("Số định danh cá nhân: 074093001", "Số định danh cá nhân: 07409300165"),
                    low={"Bình": 40.0})
    fields = extract_fields([page])
    problems = dict(check_required(fields, ["applicant_id_number", "subject_name", "tax_code",
                                            "applicant_name"], 0.8))
    assert problems["applicant_id_number"].startswith("invalid")
    assert problems["subject_name"].startswith("low confidence")
    assert problems["tax_code"] == "missing"
    assert "applicant_name" not in problems
    assert "07409300165" not in " ".join(problems.values())  # problems never carry the value


def test_metadata_of_a_decision_filed_with_a_form_uses_the_decisions_own_date():
    from extraction import official_documents

    pages = [ocr_page(BIRTH_FORM), ocr_page(DECISION, number=2)]
    fields = extract_fields(pages)
    assert fields["signed_date"].value == "2024-03-12"  # the dossier's date: the application's
    meta = document_metadata(pages, fields)
    assert meta["IssuedDate"] == "2020-01-05" and meta["CodeNumber"] == "8506"
    docs = official_documents(pages)
    assert len(docs) == 1 and docs[0]["PageAmount"] == 1 and docs[0]["IssuedDate"] == "2020-01-05"
    # a form alone is no official document: nothing of the minimum set is there
    assert document_metadata([ocr_page(BIRTH_FORM)])["missing"] == [
        "TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "OrganName", "Subject"]
