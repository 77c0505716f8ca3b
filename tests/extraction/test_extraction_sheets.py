"""Drawings and maps are documents of their own: typed by their text, never mined for form fields."""
from __future__ import annotations

from extraction import read_dossier
from extraction.reread import RereadOptions
from extraction.sheets import sheet_kind, tag_sheets, text_pages
from extraction_helpers import ocr_page
from sohoa.documents import sheet_pages

FORM = """ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG
Họ và tên người đề nghị: Trần Thị Bích Ngọc
Thửa đất số: 215
Tờ bản đồ số: 18
Bình Dương, ngày 05 tháng 3 năm 2024"""

DRAWING = """CÔNG TY TNHH TƯ VẤN XÂY DỰNG AN KHANG
Số: 12/2023/TK
MẶT BẰNG TẦNG 1
Thủ Dầu Một, ngày 11 tháng 12 năm 2023
CHỦ ĐẦU TƯ: BÀ NGUYỄN THỊ LAN
ĐỊA ĐIỂM: Thửa đất số 999, tờ bản đồ số 77"""

MAP = """TRICH LUC BAN DO DIA CHINH
Tờ bản đồ số: 77 Tỷ lệ 1:1000
Thửa đất số: 999"""

SHEET = """BẢN ĐỒ ĐỊA CHÍNH
Tờ bản đồ số: 77 Tỷ lệ 1:1000"""


def _sheet(text: str, number: int):
    page = ocr_page(text, number)
    page.flags = ["downsampled", "line_art"]
    return page


def test_line_art_pages_are_typed_by_what_they_print():
    """A line-art page naming the cadastral map is a map (an extract when it says trích lục, read with
    its tone marks lost too); any other line-art page is a drawing, though its title block names the
    parcel's map sheet; a page of text is none of them, whatever it prints."""
    assert sheet_kind(_sheet(DRAWING, 2)) == "drawing"
    assert sheet_kind(_sheet(MAP, 3)) == "map_extract"
    assert sheet_kind(_sheet(SHEET, 4)) == "cadastral_map"
    assert sheet_kind(ocr_page(SHEET, 5)) is None


def test_sheets_are_flagged_once_and_listed_by_kind():
    pages = [ocr_page(FORM, 1), _sheet(DRAWING, 2), _sheet(DRAWING, 3), _sheet(MAP, 4)]
    tag_sheets(pages)
    tag_sheets(pages)
    assert [p.flags for p in pages] == [[], ["downsampled", "line_art", "drawing"], ["downsampled", "line_art", "drawing"],
                                        ["downsampled", "line_art", "map_extract"]]
    assert text_pages(pages) == pages[:1]
    assert sheet_pages({p.number: p.flags for p in pages}) == [
        {"kind": "drawing", "TypeName": "Bản vẽ", "pages": [2, 3]},
        {"kind": "map_extract", "TypeName": "Trích lục bản đồ địa chính", "pages": [4]}]


def test_a_drawing_is_not_mined_for_fields_or_headers():
    """GIVEN an application form and, after it, a drawing whose title block prints a design firm, a
    drawing number ("Số: 12/2023/TK"), a place and date, another name and parcel
    WHEN the dossier is read THEN every value comes from the form and there is no official document;
    read as a page of text, the title block would pass for a document's Decree 30 header."""
    form, drawing = ocr_page(FORM, 1), _sheet(DRAWING, 2)
    reading = read_dossier([form, drawing], RereadOptions(enabled=False))
    f = reading.fields
    assert {k: v.page for k, v in f.items()} == dict.fromkeys(f, 1)
    assert (f["parcel_number"].value, f["map_sheet_number"].value) == ("215", "18")
    assert f["signed_date"].value == "2024-03-05"
    assert reading.official_documents == [] and "document_number" not in f
    drawing.flags = []
    as_text = read_dossier([form, drawing], RereadOptions(enabled=False))
    assert as_text.fields["document_number"].value == "12/2023/TK" and len(as_text.official_documents) == 1


def test_a_downsampled_page_is_read_again_in_its_own_frame(tmp_path):
    """A large page read downsampled keeps word boxes in the original's pixels while its image is
    smaller: a second reading crops the image brought back to the page's size."""
    from PIL import Image

    from extraction.reread import PageImage

    page = ocr_page(FORM, 1)
    Image.new("L", (page.width // 2, page.height // 2), 255).save(tmp_path / "p.jpg")
    page.image_path = str(tmp_path / "p.jpg")
    img = PageImage(page).load()
    assert img.image.size == (page.width, page.height) and img.width == page.width


def test_drawings_and_maps_are_documents_of_their_own_in_the_dossier_split():
    """GIVEN a form, two sheets of one drawing and a map extract WHEN the dossier is read THEN its
    documents cover every page once: the form, one drawing of two pages (a run of one kind is one
    paper), the map extract; the sheets carry their 7197 kind and own no field."""
    pages = [ocr_page(FORM, 1), _sheet(DRAWING, 2), _sheet(DRAWING, 3), _sheet(MAP, 4)]
    docs = read_dossier(pages, RereadOptions(enabled=False)).documents
    assert [(d["kind"], d["first_page"], d["last_page"]) for d in docs] == [
        ("form", 1, 1), ("drawing", 2, 3), ("map_extract", 4, 4)]
    assert [d["metadata"]["TypeName"] for d in docs[1:]] == ["Bản vẽ", "Trích lục bản đồ địa chính"]
    assert docs[1]["fields"] == docs[2]["fields"] == [] and "parcel_number" in docs[0]["fields"]
