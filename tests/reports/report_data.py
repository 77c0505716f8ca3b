"""A small pipeline database with hand-counted figures (a plain module: conftest names clash across
test folders). Times are UTC; the report's zone is Vietnam (UTC+7), so 31/10 18:00 UTC is in November.

Period October–November 2026 (local months), all sectors:
  received 7 (d1..d6, d8; d7 is a duplicate, d9 is in September)
  loaded 4 (d1 d2 d3 d6) · review 1 (d4) · quarantined 1 (d5) · rejected 1 (d8)
  result attached 3 (d1 decision, d2 extract, d6 certificate; d4 has a decision but waits for review)
  components + result 2 (d1: 3 pages, 1 of them the decision; d6: 4 pages, 2 the certificate;
                         d2 is its extract alone)
  -> 766 rate 4.1 = 3/7, rate 4.2 = 2/7
  pages 13 (3+1+2+2+0+4+1) · October: d1-d4 (4 received, 3 digitised, 2 results) ·
  November: d5 d6 d8 (3 received, 1 digitised, 1 result)
  runs: 10/10 01:00-01:30 (8 pages), 01/11 02:00-02:10 (5 pages); a run started 20/11 never finished
  review: open now d4 (field_uncertain); opened in the period 3 (d3's was superseded by a re-run,
          d8's rejected by lan after 30 hours)
  quarantine: d5 corrupt_pdf (whole dossier), d8 one unreadable_image file
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from storage.pipeline_db import PipelineDB, dossier_id
from storage.pipeline_models import Batch, Document, Dossier, Event, FieldRow, ReviewItem

BATCH = "lt-2026-10"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def decision(pages: int = 1, organ: str | None = None) -> dict:
    return {"TypeName": "Quyết định", "PageAmount": pages, "OrganName": organ}


DOSSIERS = [
    # id, state, reason, procedure, sector, pages, official documents, received (UTC), agency field
    ("d1", "loaded", None, "birth_registration", "ho_tich", 3, [decision(1, "UBND XÃ KHÁC")],
     utc(2026, 10, 10, 1, 5), "ỦY BAN NHÂN DÂN  XÃ AN BÌNH"),
    ("d2", "loaded", None, "birth_registration", "ho_tich", 1,
     [{"TypeName": "Trích lục", "PageAmount": 1, "OrganName": "UBND XÃ TÂN HÒA"}], utc(2026, 10, 10, 1, 6), None),
    ("d3", "loaded", None, "land_first_certificate", "dat_dai", 2, [], utc(2026, 10, 10, 1, 7), None),
    ("d4", "review", "field_uncertain", "land_first_certificate", "dat_dai", 2, [decision(1)],
     utc(2026, 10, 10, 1, 8), None),
    ("d5", "quarantined", "corrupt_pdf", None, None, 0, [], utc(2026, 11, 1, 2, 1), None),
    ("d6", "loaded", None, "land_change_registration", "dat_dai", 4,
     [{"TypeName": "Công văn", "PageAmount": 1, "OrganName": "SỞ TÀI NGUYÊN"},
      {"TypeName": "Giấy chứng nhận quyền sử dụng đất", "PageAmount": 2}],
     utc(2026, 10, 31, 18, 0), "ỦY BAN NHÂN DÂN HUYỆN PHÚ GIÁO"),
    ("d7", "duplicate", None, "birth_registration", "ho_tich", 0, [], utc(2026, 11, 1, 2, 3), None),
    ("d8", "rejected", "rejected_by_reviewer", "birth_registration", "ho_tich", 1, [], utc(2026, 11, 1, 2, 4), None),
    ("d9", "loaded", None, "birth_registration", "ho_tich", 2, [decision(1)], utc(2026, 9, 5, 3, 0), None),
]


def build(url: str) -> dict[str, str]:
    """The database above at `url`; returns short name -> dossier id."""
    PipelineDB(url).close()  # migrate
    db = PipelineDB(url, migrate=False)
    ids = {}
    with Session(db.engine) as s, s.begin():
        s.add(Batch(id=BATCH, started_at=utc(2026, 9, 5, 2, 0), runs=4))
        s.flush()
        for name, state, reason, proc, sector, pages, docs, received, agency in DOSSIERS:
            did = ids[name] = dossier_id(BATCH, name + ".pdf")
            s.add(Dossier(id=did, batch_id=BATCH, source=name + ".pdf", kind="file", sha256=name * 8,
                          state=state, reason=reason, procedure_key=proc, sector=sector, page_count=pages,
                          official_documents=docs, received_at=received, updated_at=received))
            if agency:
                s.add(FieldRow(dossier_id=did, key="issuing_agency", value=agency, confidence=0.9))
        s.flush()
        s.add(FieldRow(dossier_id=ids["d3"], key="issuing_agency", value="ỦY BAN", confidence=0.4,
                       valid=False, problem="bare authority line"))  # invalid: not an agency
        s.add(Document(dossier_id=ids["d5"], name="d5.pdf", sha256="5" * 64, size=10, state="quarantined",
                       reason="corrupt_pdf"))
        s.add(Document(dossier_id=ids["d8"], name="d8/2.png", sha256="8" * 64, size=10, state="quarantined",
                       reason="unreadable_image", received_at=utc(2026, 11, 1, 2, 5)))
        s.add(ReviewItem(dossier_id=ids["d4"], reason="field_uncertain", created_at=utc(2026, 10, 10, 1, 9)))
        s.add(ReviewItem(dossier_id=ids["d3"], reason="sector_db_unavailable", created_at=utc(2026, 10, 10, 1, 8),
                         resolved_at=utc(2026, 10, 12, 1, 0), resolved_by="sohoa 0.1.0",
                         resolution="superseded: loaded"))
        s.add(ReviewItem(dossier_id=ids["d8"], reason="bad_file_in_dossier", created_at=utc(2026, 11, 2, 8, 0),
                         resolved_at=utc(2026, 11, 3, 14, 0), resolved_by="lan",
                         resolution="reject; không phải tờ khai"))
        events = [("batch", "started", utc(2026, 9, 5, 2, 0), None, None),
                  ("ocr", "ok", utc(2026, 9, 5, 2, 5), "d9", 2),
                  ("batch", "finished", utc(2026, 9, 5, 2, 10), None, None),
                  ("batch", "started", utc(2026, 10, 10, 1, 0), None, None),
                  ("ocr", "ok", utc(2026, 10, 10, 1, 5), "d1", 3), ("ocr", "ok", utc(2026, 10, 10, 1, 6), "d2", 1),
                  ("ocr", "ok", utc(2026, 10, 10, 1, 7), "d3", 2), ("ocr", "ok", utc(2026, 10, 10, 1, 8), "d4", 2),
                  ("batch", "finished", utc(2026, 10, 10, 1, 30), None, None),
                  ("batch", "started", utc(2026, 11, 1, 2, 0), None, None),
                  ("ocr", "ok", utc(2026, 11, 1, 2, 2), "d6", 4), ("ocr", "ok", utc(2026, 11, 1, 2, 4), "d8", 1),
                  ("batch", "finished", utc(2026, 11, 1, 2, 10), None, None),
                  ("batch", "started", utc(2026, 11, 20, 2, 0), None, None)]  # killed: never finished
        for step, outcome, at, name, pages in events:
            s.add(Event(at=at, batch_id=BATCH, dossier_id=ids.get(name), step=step, outcome=outcome,
                        agent="sohoa 0.1.0", detail={"pages": pages} if pages else None))
    db.close()
    return ids
