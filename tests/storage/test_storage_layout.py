"""Object keys and the national naming rule for digitised copies."""
from __future__ import annotations

from datetime import date

import pytest

from storage import layout
from storage.objects import check_key


def test_original_keys_are_content_addressed():
    sha = "ab" + "0" * 62
    assert layout.original_key(sha) == f"originals/ab/{sha}"


def test_guideline_file_name():
    code = layout.doc_code("G06.01", "CV", 21)
    assert code == "G06.01_CV_000021_V1"
    name = layout.digitised_name(code, date(2025, 2, 2), "Số hóa tài liệu")
    assert name == "G06.01_CV_000021_V1_20250202_SoHoaTaiLieu.pdf"
    assert layout.is_guideline_name(name)
    assert layout.is_guideline_name("G06.01_CV_000021_V1_20250202_SohoaTailieu.pdf")  # the 7197 example
    assert not layout.is_guideline_name("1a2b3c4d_" + name)
    assert not layout.is_guideline_name("G06.01_CV_21_V1_20250202_X.pdf")
    assert layout.doc_code("000.00.00.H30", "QĐ", 7, version=2) == "000.00.00.H30_QD_000007_V2"
    assert layout.doc_code_of(name) == code
    assert layout.doc_code_of("1a2b3c4d_" + name) is None


def test_pdf_key_keeps_the_guideline_name_unique_per_dossier():
    name = "G06.01_CV_000021_V1_20250202_HoSo.pdf"
    k1, k2 = layout.pdf_key("lô 1", name, "d1"), layout.pdf_key("lô 1", name, "d2")
    assert k1 != k2 and k1.endswith("/" + name) and k1.startswith("pdf/lo_1/d1/")
    assert layout.pdf_key("b", name) == f"pdf/b/{name}"


def test_keys_are_safe_on_every_backend():
    keys = [layout.master_key("Lô tháng 1/2019", "d1", 3), layout.ocr_key("../b", "d1"),
            layout.quarantine_key("b", "f" * 64, "../../etc/Tờ khai.pdf"), layout.pdf_key("b/../c", "x.pdf", "d")]
    for key in keys:
        assert check_key(key) == key and key.isascii()
    assert layout.master_key("b", "d1", 3) == "masters/b/d1/0003.png"
    with pytest.raises(ValueError):
        layout.master_key("b", "d1", 1, ext="jpg")  # masters are lossless


from hypothesis import given, strategies as st  # noqa: E402


@given(batch=st.text(max_size=60), name=st.text(max_size=200), did=st.text(alphabet="0123456789abcdef",
                                                                           min_size=1, max_size=32))
def test_any_batch_or_file_name_gives_a_valid_key(batch, name, did):
    sha = "c" * 64
    for key in (layout.quarantine_key(batch, sha, name), layout.ocr_key(batch, did),
                layout.master_key(batch, did, 1), layout.pdf_key(batch, "x.pdf", did)):
        assert check_key(key) == key and key.isascii()
