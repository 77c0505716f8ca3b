"""Document kinds: every kind of the table read from its title and its notation, OCR noise still
read, unknown caps titles abstain, near neighbours kept apart, title and notation weighed."""
import random

import pytest

from extraction import document_metadata, extract_fields
from extraction import doc_kinds as dk
from extraction.official import doc_type, find_doc_number
from extraction.text import Line
from extraction_helpers import ocr_page
from samples.decision import OFFICIAL, UNKNOWN_TITLES, build_official
from samples.render import layout
from samples.textnoise import noisy, stripped

TITLED = [k for k in dk.KINDS if k.titled]


def test_the_table_holds_the_29_administrative_kinds_and_the_normative_ones():
    admin = [k.name for k in dk.KINDS if k.group == dk.ADMINISTRATIVE]
    assert len(admin) == 29 and admin[0] == "Nghị quyết" and admin[-1] == "Thư công"
    assert {"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch",
            "Nghị quyết liên tịch"} <= {k.name for k in dk.KINDS if k.group == dk.NORMATIVE}
    # Phụ lục III: 27 administrative abbreviations; công văn and thư công have none
    assert len([k for k in dk.KINDS if k.group == dk.ADMINISTRATIVE and k.abbrevs]) == 27
    assert not dk.BY_NAME["Công văn"].abbrevs and not dk.BY_NAME["Thư công"].abbrevs
    assert len(dk.ABBREVIATIONS) == sum(len(k.abbrevs) for k in dk.KINDS)  # no abbreviation twice


@pytest.mark.parametrize("kind", TITLED, ids=lambda k: k.name)
def test_every_title_is_read_as_its_kind(kind):
    assert doc_type(kind.title) == (kind.title, pytest.approx(0.95))
    # OCR lost every mark and the stroke of Đ: still the same kind, still certain enough
    r = dk.read_title(stripped(kind.title))
    assert r.kind is kind and r.score >= 0.9


@pytest.mark.parametrize("abbrev", sorted(dk.ABBREVIATIONS), ids=str)
def test_every_notation_names_its_kind(abbrev):
    kind = dk.ABBREVIATIONS[abbrev]
    read = dk.notation_kinds(f"{abbrev}-UBND")
    # one kind, unless the abbreviation is another one's with Đ read as D (HD: Hướng dẫn or Hợp đồng)
    twins = {k.name for a, k in dk.ABBREVIATIONS.items() if a.upper().replace("Đ", "D") == abbrev.upper()}
    assert read == ({kind.name} if "Đ" in abbrev else twins) and kind.name in read
    assert dk.notation_kinds(f"{abbrev}-HĐND-VP") == read


def test_notations_of_the_legislature_and_of_a_cong_van():
    assert dk.notation_kinds("QH15") == {"Luật", "Bộ luật", "Nghị quyết"}
    assert dk.notation_kinds("UBTVQH15") == {"Pháp lệnh", "Nghị quyết"}
    assert dk.notation_kinds("BNV-VP") == frozenset()  # a công văn: agency, then unit
    assert dk.notation_kinds("UBND") == frozenset()
    # OCR lost the stroke: both kinds it could be, not a guess
    assert dk.notation_kinds("HD-UBND") == {"Hướng dẫn", "Hợp đồng"}
    assert dk.notation_kinds("DA-UBND") == {"Dự án", "Đề án"}
    assert dk.notation_kinds("QD-UBND") == {"Quyết định"} and dk.notation_kinds("CTR-UBND") == {"Chương trình"}


def test_a_law_prints_its_own_number_after_its_kind():
    dn = find_doc_number(Line(1, 0, "Luật số: 64/2025/QH15", []))
    assert dn is not None and dn.notation == "QH15" and dn.year == "2025"
    assert find_doc_number(Line(1, 0, "Căn cứ Luật số 80/2015/QH13 ngày 22/6/2015;", [])) is None


@pytest.mark.parametrize("seed", range(40))
def test_ocr_noise_on_titles_is_still_read(seed):
    rnd = random.Random(seed)
    for kind in TITLED:
        text = noisy(kind.title, rnd, p=0.2)
        r = dk.read_title(text)
        assert r.kind is kind, (kind.title, text)
        assert r.score > 0.5


@pytest.mark.parametrize("text,kind", [
    ("QUYÉT ĐỊNH", "Quyết định"), ("QUYẾT ÐỊNH", "Quyết định"), ("QUYT ĐỊNH", "Quyết định"),
    ("THONG TU", "Thông tư"), ("NGHI QUYET", "Nghị quyết"), ("NGHl QUYẾT", "Nghị quyết"),
    ("CONG DIEN", "Công điện"), ("HOP DONG", "Hợp đồng"), ("CHI THI", "Chỉ thị"), ("THONG CAO", "Thông cáo"),
    ("THÔNG BÁO", "Thông báo"), ("NGHỊ ĐỊNH", "Nghị định"), ("QUY ĐỊNH", "Quy định"),
    ("THÔNG TƯ LIÊN TỊCH", "Thông tư liên tịch"), ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "Tờ khai"),
    ("GIẤY CHỨNG NHẬN KẾT HÔN", "Giấy chứng nhận kết hôn"), ("GIẤY PHÉP XÂY DỰNG", "Giấy phép"),
])
def test_near_neighbours_are_told_apart(text, kind):
    assert dk.read_title(text).kind is dk.BY_NAME[kind]


@pytest.mark.parametrize("text", [
    "BẢN CAM KẾT", "TUYÊN BỐ", "THÔNG TRI", "ĐIỀU LỆ", "LỜI KÊU GỌI", "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG",
    "SỞ TƯ PHÁP", "CÔNG AN TỈNH BÌNH DƯƠNG", "PHƯỜNG AN BÌNH", "NGUYỄN VĂN AN", "TRẦN THỊ HỢP",
    "LUẬT SƯ LÊ VĂN TÁM", "ĐƠN VỊ TÍNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
])
def test_unknown_caps_titles_abstain(text):
    assert doc_type(text) is None


def test_a_caps_subject_line_counts_less_than_a_title_alone():
    assert dk.read_title("QUY ĐỊNH CHUNG").score < 0.8  # a chapter heading or a subject
    assert dk.read_title("QUY ĐỊNH").score >= 0.9


def test_title_and_notation_are_weighed():
    title = dk.read_title("NGHỊ QUYẾT")
    agree = dk.combine(title, "NQ-HĐND")
    assert agree.kind.name == "Nghị quyết" and agree.confidence > title.score and agree.how == "title+notation"
    alone = dk.combine(title, "UBND-VP")
    assert alone.confidence == title.score
    disagree = dk.combine(title, "QĐ-UBND")
    assert disagree.confidence < 0.8 and disagree.how == "disagree"
    unknown = dk.combine(dk.read_title("TUYÊN BỐ"), "QĐ-UBND")  # the notation proposes, never certain
    assert unknown.kind.name == "Quyết định" and unknown.confidence < 0.8
    assert dk.combine(dk.read_title("TUYÊN BỐ"), "UBND-VP").kind is None
    assert dk.combine(None, "BNV-VP", subject_vv=True).kind is dk.CONG_VAN
    assert dk.combine(None, "BNV-VP", subject_vv=True).confidence >= 0.8
    assert dk.combine(None, "CT-TTHT", subject_vv=True).confidence < 0.8  # Cục Thuế's notation looks like CT


def _text(kind: str, seed: int, title: str | None = None) -> tuple[str, dict]:
    doc = build_official(kind, random.Random(seed), title=title)
    return layout(doc.items)[0].text, doc.fields


@pytest.mark.parametrize("kind", sorted(OFFICIAL))
def test_metadata_of_each_kind_from_its_page(kind):
    text, truth = _text(kind, 7)
    meta = document_metadata([ocr_page(text)])
    assert meta["TypeName"] == kind and meta["TypeNameConfidence"] >= 0.8
    assert meta["CodeNotation"].endswith(truth["document_number"].split("/")[-1])
    fields = extract_fields([ocr_page(text)])
    assert fields["document_type"].value == truth["document_type"]
    if kind == "Công văn":
        assert meta["Subject"].startswith("V/v")


@pytest.mark.parametrize("title", sorted(UNKNOWN_TITLES))
def test_a_document_of_an_unknown_kind_is_not_given_a_known_one(title):
    text, _ = _text("Quyết định", 3, title=title)
    meta = document_metadata([ocr_page(text)])
    assert meta["TypeName"] is None or meta["TypeNameConfidence"] < 0.8


def test_a_title_that_disagrees_with_the_notation_goes_to_review():
    text, _ = _text("Chỉ thị", 5)
    text = text.replace("/CT-UBND", "/HĐ-UBND")
    meta = document_metadata([ocr_page(text)])
    assert meta["TypeName"] == "Chỉ thị" and meta["TypeNameConfidence"] < 0.8 and meta["confidence"] < 0.8


def test_a_caps_subject_under_a_lost_title_is_not_taken_for_the_kind():
    """THÔNG TƯ lost by OCR; its subject printed in caps starts with QUY ĐỊNH."""
    text, _ = _text("Thông tư", 1)
    text = text.replace("THÔNG TƯ\n", "").replace("Quy định chi tiết", "QUY ĐỊNH CHI TIẾT").replace(
        "một số điều của Luật Hộ tịch", "MỘT SỐ ĐIỀU CỦA LUẬT HỘ TỊCH")
    meta = document_metadata([ocr_page(text)])
    assert meta["TypeName"] != "Quy định" or meta["TypeNameConfidence"] < 0.8


@pytest.mark.parametrize("seed", range(12))
def test_noisy_pages_never_give_a_wrong_kind_with_confidence(seed):
    rnd = random.Random(seed)
    for kind in sorted(OFFICIAL):
        text, _ = _text(kind, seed)
        meta = document_metadata([ocr_page(noisy(text, rnd, p=0.15, letters=0.2))])
        assert meta["TypeName"] in (kind, None) or meta["TypeNameConfidence"] < 0.8, (kind, meta["TypeName"])
