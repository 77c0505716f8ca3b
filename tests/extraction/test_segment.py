"""Documents inside a dossier (extraction/segment.py): the pages of one scanned dossier split into
papers with a kind, every page in exactly one, and each field taken from the paper that owns it.

Pages here are the printed text of generated papers (samples/multidoc.py) as OCR words; the
codes a paper prints are the page's codes, as the OCR stage reads them. Real Tesseract on the
same kind of dossier: test_segment_real_ocr.py.
"""
from __future__ import annotations

import pytest

from extraction import read_dossier, segment
from extraction.dossier_code import find, parse
from samples import papers
from samples.cases import make_case
from samples.forms import Style
from segment_helpers import multi, pages_of, text_page
from sohoa.documents import Code

PROCEDURES = ["birth_registration", "marriage_registration", "death_registration",
              "household_business_registration", "construction_permit", "land_change_registration"]


def spans(reading) -> list[tuple[str, int, int]]:
    return [(d["kind"], d["first_page"], d["last_page"]) for d in reading.documents]


@pytest.mark.parametrize("seed", range(12))
def test_a_multi_document_dossier_splits_into_its_papers(seed):
    """GIVEN a dossier scanned in one pass (receipt first or last, form, ID copy, other papers,
    decision or certificate, perhaps a cover sheet) WHEN it is read THEN its documents are the
    papers printed, in page order, every page in exactly one, each of the right kind."""
    docs, code = multi(seed, PROCEDURES[seed % len(PROCEDURES)], cover=0.3)
    pages, truth = pages_of(docs)
    reading = read_dossier(pages)
    assert spans(reading) == truth
    covered = [p for d in reading.documents for p in range(d["first_page"], d["last_page"] + 1)]
    assert covered == list(range(1, len(pages) + 1))
    for d in reading.documents:
        assert set(d) >= {"kind", "first_page", "last_page", "title", "confidence", "metadata"}
        assert 0 < d["confidence"] <= 1
        assert (d["metadata"] is None) == (d["kind"] in ("separator", "cover"))
    assert (reading.dossier_code or {}).get("value") == code


@pytest.mark.parametrize("seed", range(6))
def test_fields_come_from_the_document_that_owns_them(seed):
    """GIVEN a form, an ID copy, a result paper and a receipt that all print the applicant's name
    and a date WHEN the dossier is read THEN the applicant and the signing date come from the
    form, the number and the issuing agency from the decision or certificate."""
    docs, _ = multi(seed, PROCEDURES[seed], id_copy=1.0, result=1.0, receipt=1.0, other=0.0)
    pages, truth = pages_of(docs)
    pages_of_kind = {k: range(a, b + 1) for k, a, b in truth}
    result = "decision" if "decision" in pages_of_kind else "certificate"
    fields = read_dossier(pages).fields
    form = next(d for d in docs if d.kind == "form")
    for key in ("applicant_name", "signed_date"):
        assert fields[key].page in pages_of_kind["form"], key
        assert fields[key].value == form.fields[key]
    for key in ("document_number", "issuing_agency"):
        assert fields[key].page in pages_of_kind[result], key
    owners = {d["kind"]: d["fields"] for d in read_dossier(pages).documents}
    assert "applicant_name" in owners["form"] and "document_number" in owners[result]


def _page(number: int, lines: list[str], **kw):
    return text_page(number, "\n".join(lines), **kw)


MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
FORM_P1 = MOTTO + ["TỜ KHAI ĐĂNG KÝ KHAI SINH", "Kính gửi: Ủy ban nhân dân phường An Bình",
                   "Họ, chữ đệm, tên người yêu cầu: Nguyễn Văn An", "Nơi cư trú: phường An Bình, thành phố Dĩ An"]
# a continuation page whose top line reads like a result paper's title
FORM_P2 = ["GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT KÈM THEO", "Họ, chữ đệm, tên người được khai sinh: Nguyễn Văn Bình",
           "Dĩ An, ngày 05 tháng 3 năm 2024"]


def test_page_numbering_keeps_a_continuation_page_with_the_paper_it_continues():
    """GIVEN a form's second page that opens with a caps line reading like a certificate's title
    WHEN the form prints 'Trang 1/2', 'Trang 2/2' THEN the two pages are one form; without the
    numbering the title cue opens a second paper."""
    numbered = [_page(1, FORM_P1 + ["Trang 1/2"]), _page(2, FORM_P2 + ["Trang 2/2"])]
    assert spans(read_dossier(numbered)) == [("form", 1, 2)]
    bare = [_page(1, FORM_P1), _page(2, FORM_P2)]
    assert spans(read_dossier(bare)) == [("form", 1, 1), ("certificate", 2, 2)]
    first_says_two = [_page(1, FORM_P1 + ["Trang 1/2"]), _page(2, FORM_P2)]
    assert spans(read_dossier(first_says_two)) == [("form", 1, 2)]


def test_a_decisions_articles_heading_and_a_blank_page_open_no_paper():
    """'QUYẾT ĐỊNH:' heading the articles on a decision's second page is no title, and a blank page
    (the back of a sheet) stays with the paper before it."""
    p1 = ["UBND TỈNH BÌNH DƯƠNG", "ỦY BAN NHÂN DÂN THỊ XÃ BẾN CÁT", "Số: 125/QĐ-UBND"] + MOTTO + [
        "Bến Cát, ngày 05 tháng 3 năm 2024", "QUYẾT ĐỊNH", "Về việc đăng ký khai sinh"]
    p2 = ["QUYẾT ĐỊNH:", "Điều 1. Đăng ký khai sinh cho Nguyễn Văn Bình.", "Điều 2. Quyết định có hiệu lực."]
    pages = [_page(1, FORM_P1), _page(2, p1), _page(3, p2), text_page(4, "", flags=["blank_page"])]
    assert spans(read_dossier(pages)) == [("form", 1, 1), ("decision", 2, 4)]


def test_separator_and_cover_sheets_are_papers_of_their_own_and_cut_box_files():
    """A cover sheet opens its dossier as a document of kind cover; separator sheets cut a box file
    into runs of pages (split_box), the sheets belonging to no run."""
    cover = text_page(1, "", [Code(format="QRCode", text="BIAHS:000.00.31.H12-220801-0001")], ["cover_sheet"])
    reading = read_dossier([cover, _page(2, FORM_P1)])
    assert spans(reading) == [("cover", 1, 1), ("form", 2, 2)]
    assert reading.dossier_code["value"] == "000.00.31.H12-220801-0001"
    sep = ["separator_sheet"]
    box = [text_page(1, "", flags=sep), _page(2, FORM_P1), _page(3, FORM_P2), text_page(4, "", flags=sep),
           _page(5, FORM_P1), text_page(6, "", flags=sep)]
    runs, sheets = segment.split_box(box)
    assert [[p.number for p in r] for r in runs] == [[2, 3], [5]] and sheets == [1, 4, 6]
    assert segment.split_box(box[1:3]) == ([box[1:3]], [])


def test_the_dossier_code_is_read_from_codes_first_and_never_chosen_between_two():
    code = "000.00.31.H12-220801-0001"
    assert parse(f"https://motcua.example.vn/tra-cuu?mahoso={code}") == code
    assert parse("000.00.31.H12-221301-0001") is None  # month 13: not a receipt date
    assert parse("074190012345|123456789|Nguyễn Văn An") is None
    rnd_case = make_case(__import__("random").Random(3), "birth_registration")
    slip = papers.receipt(rnd_case, __import__("random").Random(4), code, Style.draw(__import__("random").Random(5)))
    pages, _ = pages_of([slip])
    got = find(pages)
    assert got["value"] == code and got["source"] == "barcode" and got["confidence"] >= 0.99
    text_only = [p.model_copy(update={"codes": []}) for p in pages]
    got = find(text_only)
    assert got["value"] == code and got["source"] == "text" and got["confidence"] < 0.9  # never certain alone
    misread = text_only[0].model_copy(update={"text": text_only[0].text.replace(code, "000.00.3l.H12-22O801-0001")})
    assert find([misread])["value"] == code  # look-alike letters read back as digits, still uncertain
    other = "000.00.31.H12-220802-0007"
    two = [pages[0], pages[0].model_copy(update={"number": 2, "codes": [Code(format="QRCode", text=other)]})]
    got = find(two)
    assert got["value"] is None and got["candidates"] == sorted([code, other])
    assert find([_page(1, FORM_P1)]) is None


def test_another_paper_format_opens_a_paper_but_a_turned_or_deskewed_page_does_not():
    """An A5 page after an A4 one is another paper; a landscape page (a table, or a page the OCR
    stage could not turn upright) and a page a few per cent larger from deskewing are not."""
    body = ["Điều 3. Các cơ quan có liên quan chịu trách nhiệm thi hành."]

    def sized(n, w, h):
        return _page(n, FORM_P1 if n == 1 else body).model_copy(update={"width": w, "height": h})

    assert spans(read_dossier([sized(1, 2480, 3508), sized(2, 1748, 2480)])) == [("form", 1, 1), ("other", 2, 2)]
    assert spans(read_dossier([sized(1, 2480, 3508), sized(2, 3508, 2480)])) == [("form", 1, 2)]
    assert spans(read_dossier([sized(1, 2480, 3508), sized(2, 2708, 3665)])) == [("form", 1, 2)]


def test_a_value_only_a_receipt_or_id_copy_gives_is_kept_but_never_certain():
    """GIVEN a form without a phone number and a receipt that prints the filer's WHEN the dossier is
    read THEN the phone comes from the receipt, as a stand-in below any review threshold (the filer
    may be a proxy), while the form's own values keep their confidence."""
    import random

    case = make_case(random.Random(8), "birth_registration")
    slip = papers.receipt(case, random.Random(9), "000.00.31.H12-220801-0001", Style.draw(random.Random(1)))
    receipt_pages, _ = pages_of([slip])
    pages = [_page(1, FORM_P1), receipt_pages[0].model_copy(update={"number": 2})]
    fields = read_dossier(pages).fields
    assert fields["phone"].page == 2 and fields["phone"].value == case.applicant.phone
    assert fields["phone"].confidence < 0.6
    assert fields["applicant_name"].page == 1 and fields["applicant_name"].confidence > 0.8
