"""Search over loaded dossiers answers the same on SQLite, PostgreSQL and MariaDB: names without tone
marks, citizen IDs, document numbers, DocCodes and words of the page text; only loaded dossiers;
a changed dossier is found by its new values, not its old ones."""
from __future__ import annotations

from datetime import date

import pytest

from sohoa.documents import FieldValue, Page
from storage import layout
from storage.pipeline_db import PipelineDB
from storage.search_index import BadQuery, search


def field(value: str) -> FieldValue:
    return FieldValue(value=value, raw=value, confidence=0.99, page=1)


def add(db: PipelineDB, source: str, state: str, fields: dict[str, str], text: str, seq: int) -> str:
    did = db.begin_dossier("b1", source, "file", sha256=f"{seq:064x}")
    db.set_pages(did, [Page(number=1, width=100, height=100, dpi=300, source="ocr", text=text)])
    db.set_fields(did, {k: field(v) for k, v in fields.items()})
    name = layout.digitised_name(layout.doc_code("000.00.00.H29", "HS", seq), date(2026, 12, 1), "HoSo")
    db.set_artifact(did, "pdf", layout.pdf_key("b1", name, did))
    db.set_official_documents(did, [{"TypeName": "Quyết định", "CodeNumber": "8506", "CodeNotation": "QĐ-UBND"}]
                              if seq == 1 else [])
    db.finish_dossier(did, state, None if state == "loaded" else "field_uncertain")
    return did


@pytest.fixture
def db(any_db_url):
    d = PipelineDB(any_db_url)
    d.start_batch("b1")
    yield d
    d.close()


def ids(db, kind, query):
    hits, more = search(db.engine, kind, query)
    assert not more
    return sorted(h.source for h in hits)


def test_every_kind_of_search_on_every_database(db):
    add(db, "giay-phep.pdf", "loaded", {"applicant_name": "Trần Thị Đào", "applicant_id_number": "079190012345",
                                        "document_number": "8506/QĐ-UBND"},
        "QUYẾT ĐỊNH Về việc cấp giấy phép xây dựng cho bà Trần Thị Đào", 1)
    add(db, "khai-sinh.pdf", "loaded", {"applicant_name": "Nguyễn Văn An", "subject_name": "Nguyễn Thị Bình",
                                        "applicant_id_number": "001085000123"},
        "TỜ KHAI ĐĂNG KÝ KHAI SINH", 2)
    add(db, "cho-kiem-tra.pdf", "review", {"applicant_name": "Nguyễn Văn An"}, "TỜ KHAI ĐĂNG KÝ KHAI SINH", 3)
    assert ids(db, "name", "tran thi dao") == ["giay-phep.pdf"]
    assert ids(db, "name", "NGUYỄN VĂN AN") == ["khai-sinh.pdf"]  # the one in review is not searched
    assert ids(db, "name", "thi") == ["giay-phep.pdf", "khai-sinh.pdf"]
    assert ids(db, "id_number", "079190012345") == ["giay-phep.pdf"]
    assert ids(db, "document_number", "8506/qđ-ubnd") == ["giay-phep.pdf"]
    assert ids(db, "document_number", "8506") == ["giay-phep.pdf"]
    assert ids(db, "doc_code", "000.00.00.h29_hs_000002") == ["khai-sinh.pdf"]
    assert ids(db, "doc_code", "000.00.00.H29_HS_00000_") == []  # "_" is a character, not a wildcard
    assert ids(db, "text", "giay phep xay") == ["giay-phep.pdf"]
    assert ids(db, "text", "khai sinh") == ["khai-sinh.pdf"]
    assert ids(db, "text", "100%") == []
    with pytest.raises(BadQuery):
        search(db.engine, "id_number", "0791900")


def test_a_changed_or_no_longer_loaded_dossier_is_found_as_it_is_now(db):
    did = add(db, "khai-sinh.pdf", "loaded", {"applicant_name": "Nguyễn Văn An"}, "TỜ KHAI", 2)
    assert ids(db, "name", "nguyen van an") == ["khai-sinh.pdf"]
    db.begin_dossier("b1", "khai-sinh.pdf", "file")  # a re-run of changed content
    db.set_fields(did, {"applicant_name": field("Lê Văn Tám")})
    db.finish_dossier(did, "loaded")
    assert ids(db, "name", "le van tam") == ["khai-sinh.pdf"]
    assert ids(db, "name", "nguyen van an") == []
    db.begin_dossier("b1", "khai-sinh.pdf", "file")  # processing again: out of the search
    assert ids(db, "name", "le van tam") == []
    db.finish_dossier(did, "loaded")
    db.set_fields(did, {"applicant_name": field("Đỗ Thị Hoa")})  # fields changed in place
    assert ids(db, "name", "do thi hoa") == ["khai-sinh.pdf"]
