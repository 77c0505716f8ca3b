"""Read-only listings and the report summary (storage.overview), API tokens and the document metadata
a person sets, on every supported database (SQLite, PostgreSQL, MariaDB)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import update
from sqlalchemy.orm import Session

from sohoa.documents import Classification
from storage import doc_metadata, overview
from storage.api_tokens import ApiTokens
from storage.pipeline_db import PipelineDB
from storage.pipeline_models import Dossier
from storage.station_db import StationDB
from storage.users import Users

BIRTH = Classification(key="birth_registration", code="1.001193", sector="ho_tich", confidence=0.9, method="rules")


def seeded(url: str) -> tuple[PipelineDB, dict[str, str]]:
    """Two batches: a loaded birth registration received on the last evening of January (UTC), one in
    review and one quarantined received in February."""
    db = PipelineDB(url)
    ids = {}
    for batch, source, state, reason in (("b1", "a.pdf", "loaded", None), ("b1", "b.pdf", "review", "field_invalid"),
                                         ("b2", "c.pdf", "quarantined", "empty_file")):
        db.start_batch(batch)
        ids[source] = d = db.begin_dossier(batch, source, "file")
        if state != "quarantined":
            db.set_classification(d, BIRTH)
        db.finish_dossier(d, state, reason)
    with Session(db.engine) as s, s.begin():
        for source, at in (("a.pdf", datetime(2026, 1, 31, 23, 30, tzinfo=timezone.utc)),
                           ("b.pdf", datetime(2026, 2, 1, 0, 30, tzinfo=timezone.utc)),
                           ("c.pdf", datetime(2026, 2, 14, 9, 0, tzinfo=timezone.utc))):
            s.execute(update(Dossier).where(Dossier.id == ids[source]).values(received_at=at))
    return db, ids


def test_summary_counts_by_procedure_sector_month_and_state(any_db_url):
    db, ids = seeded(any_db_url)
    try:
        got = overview.summary(db.engine)
        assert got["total"] == 3 and got["by_state"] == {"loaded": 1, "quarantined": 1, "review": 1}
        assert [(m["month"], m["by_state"]) for m in got["by_month"]] == [
            ("2026-01", {"loaded": 1}), ("2026-02", {"quarantined": 1, "review": 1})]
        assert [(p["procedure"], p["code"], p["total"]) for p in got["by_procedure"]] == [
            ("birth_registration", "1.001193", 2), (None, None, 1)]
        assert [(s["sector"], s["by_state"]) for s in got["by_sector"]] == [
            ("ho_tich", {"loaded": 1, "review": 1}), (None, {"quarantined": 1})]
        assert overview.summary(db.engine, batch="b2")["by_state"] == {"quarantined": 1}
        if db.engine.dialect.name == "postgresql":  # months stay UTC whatever the session's time zone
            from sqlalchemy.engine import make_url

            from storage.engines import make_engine

            u = make_url(any_db_url)
            local = make_engine(u.update_query_dict({"options": u.query["options"] + " -ctimezone=Asia/Ho_Chi_Minh"})
                                .render_as_string(hide_password=False))
            try:
                assert [m["month"] for m in overview.summary(local)["by_month"]] == ["2026-01", "2026-02"]
            finally:
                local.dispose()

        batches = overview.batches(db.engine)
        assert [(b.id, b.total, b.by_state) for b in batches] == [
            ("b1", 2, {"loaded": 1, "review": 1}), ("b2", 1, {"quarantined": 1})]
        rows, total = overview.dossiers(db.engine, batch="b1", state="review")
        assert total == 1 and [r.id for r in rows] == [ids["b.pdf"]]
        rows, total = overview.dossiers(db.engine, id_prefix=ids["c.pdf"][:6])
        assert [r.id for r in rows] == [ids["c.pdf"]]
        assert overview.dossiers(db.engine, limit=1, offset=1)[1] == 3
    finally:
        db.close()


def test_tokens_and_document_metadata_on_each_database(any_db_url):
    db, ids = seeded(any_db_url)
    users = Users(any_db_url)
    try:
        users.add("lan", "archive", "mật-khẩu-đủ-dài", by="test")
        tokens = ApiTokens(db)
        info, token = tokens.add("lan", "kho", by="admin")
        account, token_id = tokens.account(token)
        assert (account.name, account.role, token_id) == ("lan", "archive", info.id)
        assert tokens.list("lan")[0].last_used_at is not None
        tokens.revoke(info.id, by="admin")
        assert tokens.account(token) is None and tokens.account("sohoa_nope") is None

        did = ids["a.pdf"]
        db.set_artifact(did, "pdf", f"pdf/b1/{did}/000.00.00.H00_HS_000001_V1_20260131_HoSo.pdf")
        db.set_official_documents(did, [{"TypeName": "Quyết định", "CodeNumber": "7", "Subject": None}])
        assert doc_metadata.find(db, "000.00.00.H00_HS_000001_V1") == [did]
        assert doc_metadata.find(db, "000.00.00.H00_HS_000001_V") == []  # whole codes only
        doc = doc_metadata.document(db, did)
        assert (doc.metadata["TypeName"], doc.metadata["Subject"], doc.missing[0]) == ("Quyết định", None,
                                                                                     "CodeNotation")
        doc_metadata.set_metadata(db, doc, {"Subject": "Về việc khai sinh", "Keyword": "hộ tịch"}, user="lan")
        doc_metadata.set_metadata(db, doc, {"Keyword": None}, user="lan")
        doc = doc_metadata.document(db, did)
        assert (doc.metadata["Subject"], doc.metadata["Keyword"], doc.updated_by) == ("Về việc khai sinh", None, "lan")
        assert doc.set_by_person == ["Keyword", "Subject"]
        log = StationDB(db.engine)  # the API's reads go to the one access log
        log.log_access("lan", "api_document", did, address="10.0.0.7")
        assert [(a.user, a.dossier_id, a.action, a.source) for a in log.access_log(action="api_document")] == [
            ("lan", did, "api_document", "a.pdf")]
    finally:
        users.close()
        db.close()
