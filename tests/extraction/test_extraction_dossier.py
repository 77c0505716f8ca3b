"""read_dossier: the fields and the official documents from one reading, as the two calls gave them."""

import pytest

from extraction import extract_fields, official_documents, read_dossier
from extraction_helpers import ocr_page
from ocr import tesseract
from test_extraction_contract import BIRTH_FORM, DECISION
from test_extraction_fields import DECISION_OCR
from test_extraction_reread import FONT, printed_line


def test_a_form_and_a_decision_give_the_same_fields_and_documents_as_the_two_calls():
    pages = [ocr_page(BIRTH_FORM), ocr_page(DECISION, number=2, low={"8506/QĐ-UBND": 40.0})]
    got = read_dossier(pages)
    assert got.fields == extract_fields(pages) and got.official_documents == official_documents(pages)
    assert got.fields["signed_date"].value == "2024-03-12"  # the form's date
    assert [d["IssuedDate"] for d in got.official_documents] == ["2020-01-05"]  # the decision's own


def test_a_damaged_header_alone():
    pages = [ocr_page(DECISION_OCR)]
    got = read_dossier(pages)
    assert got.fields == extract_fields(pages) and got.official_documents == official_documents(pages)
    assert got.official_documents and got.fields["document_number"].value


@pytest.mark.skipif(not FONT.exists(), reason="FreeSerif font not installed")
def test_a_header_read_again_from_the_image_is_read_once(tmp_path, monkeypatch):
    page = printed_line(tmp_path, "Số: 3618/QĐ-UBND", {1: None})  # OCR lost the number
    page.text = "ỦY BAN NHÂN DÂN\nPHƯỜNG VĨNH PHÚ\n" + page.text + "\nQUYẾT ĐỊNH"
    for w in page.words:
        w.line = 2
    real, calls = tesseract.run_tsv, []
    monkeypatch.setattr(tesseract, "run_tsv", lambda *a, **k: calls.append(1) or real(*a, **k))

    fields, docs = extract_fields([page]), official_documents([page])
    apart = len(calls)
    calls.clear()
    got = read_dossier([page])
    assert got.fields == fields and got.official_documents == docs
    assert got.fields["document_number"].value == "3618/QĐ-UBND" == docs[0]["CodeNumber"] + "/" + docs[0]["CodeNotation"]
    assert apart == 2 * len(calls) > 0  # the box after 'Số:' read once, for both
