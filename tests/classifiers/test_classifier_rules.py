"""Rules stage and the decision: OCR-damaged titles, subject lines, abstention."""
import pytest

from classifiers import classify, load_catalog
from classifiers.text import strip_tones

CAT = load_catalog()
HEAD = "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
BODY = "Họ, chữ đệm, tên người yêu cầu: Trần Thị Mai\nSố định danh cá nhân: 079123456789\nNơi cư trú: ấp 3"


@pytest.mark.parametrize("key", [p.key for p in CAT.procedures if p.form_titles])
def test_each_form_title_classifies_even_without_tone_marks(key):
    title = CAT.get(key).form_titles[0]
    for t in (title, strip_tones(title).upper()):
        c = classify([HEAD + t + "\n" + BODY], CAT)
        assert (c.key, c.method, c.reason) == (key, "rules", None)
        assert c.sector == CAT.get(key).sector and c.confidence >= 0.5


def test_ocr_confusions_in_title_still_match():
    c = classify([HEAD + "T0 KHAI ĐANG KY KÊT H0N\n" + BODY], CAT)
    assert c.key == "marriage_registration"


def test_close_sibling_titles_are_told_apart():
    first = classify([HEAD + "ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT\n" + BODY], CAT)
    change = classify([HEAD + "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI\nSẢN GẮN LIỀN VỚI ĐẤT\n" + BODY], CAT)
    assert (first.key, change.key) == ("land_first_certificate", "land_change_registration")


def test_decision_alone_is_classified_by_its_subject_line():
    page = ("ỦY BAN NHÂN DÂN\nTHỊ XÃ BẾN CÁT\nSố: 8506/QĐ-UBND\nBến Cát, ngày 12 tháng 3 năm 2021\n"
            "QUYẾT ĐỊNH\nVề việc cho phép chuyển mục đích sử dụng đất\ncủa hộ ông Nguyễn Văn Bình\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ")
    c = classify([page], CAT)
    assert (c.key, c.sector) == ("land_change_registration", "dat_dai")


def test_form_on_second_page_decides_a_multi_document_dossier():
    cover = "Bìa hồ sơ\nGhi chú: nộp tại bộ phận một cửa, thời hạn giải quyết 05 ngày làm việc"
    c = classify([cover, HEAD + "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\n" + BODY], CAT)
    assert c.key == "construction_permit"


@pytest.mark.parametrize("pages", [[], [""], ["   \n\f  "], ["Số: 12", "a b c"]])
def test_blank_or_near_empty_text_is_never_classified(pages):
    c = classify(pages, CAT)
    assert (c.key, c.reason) == (None, "no_text")


def test_near_empty_page_with_a_title_alone_is_not_classified():
    c = classify(["TỜ KHAI ĐĂNG KÝ KHAI SINH"], CAT)
    assert (c.key, c.reason) == (None, "no_text")


def test_text_with_no_cue_abstains_as_uncertain():
    page = "Biên bản họp tổ dân phố\nNội dung: bàn về vệ sinh môi trường và trật tự khu phố trong tháng"
    c = classify([page], CAT)
    assert (c.key, c.reason) == (None, "procedure_uncertain")


def test_two_conflicting_titles_abstain():
    page = HEAD + "TỜ KHAI ĐĂNG KÝ KHAI TỬ\n" + BODY + "\nGIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"
    c = classify([page], CAT)
    assert (c.key, c.reason) == (None, "procedure_uncertain")


def test_required_fields_follow_the_documents_present():
    from classifiers import required_fields

    form = HEAD + "TỜ KHAI ĐĂNG KÝ KHAI SINH\n" + BODY
    decision = "QUYẾT ĐỊNH\nVề việc đăng ký khai sinh cho cháu Trần Văn Bé\nSố: 12/QĐ-UBND"
    assert required_fields([form, decision], CAT, "birth_registration") == list(CAT.get("birth_registration").required_fields)
    assert required_fields([decision], CAT, "birth_registration") == ["document_number", "signed_date"]


def test_changed_land_certificate_subject_is_not_taken_for_a_first_certificate():
    page = "QUYẾT ĐỊNH\nVề việc cấp đổi Giấy chứng nhận quyền sử dụng đất\ncho hộ ông Nguyễn Văn Ba tại thửa đất số 12"
    assert classify([page], CAT).key in (None, "land_change_registration")
