"""Archive staff upload batches through the station: a zip or the files of a folder become a drop folder
that a background `sohoa ingest` processes; hostile or oversized uploads are refused in Vietnamese
with nothing kept; each upload is a provenance event in the uploader's name."""
from __future__ import annotations

import io
import time
import zipfile

from web_helpers import PASSWORD, csrf_of, sign_in

from sohoa.config import Settings
from storage.pipeline_db import PipelineDB
from storage.users import Users


def as_role(client, accounts, role):
    client.cookies.clear()
    return sign_in(client, accounts[role], PASSWORD.format(role=role))


def zipped(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def wait_done(client, upload_id: int, timeout: float = 240.0):
    records = client.app.state.station.records
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        upload = records.upload(upload_id)
        if upload.state in ("done", "failed"):
            return upload
        time.sleep(0.5)
    raise AssertionError(f"upload {upload_id} still {upload.state}")


def upload_events() -> list[tuple]:
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        return [(e.outcome, e.agent, e.batch, e.detail) for e in db.events() if e.step == "upload"]
    finally:
        db.close()


def test_a_zip_is_unpacked_and_ingested_in_the_background(client, accounts):
    """GIVEN archive staff WHEN they upload a zip of a batch folder holding an empty scan and a note that
    is not a scan THEN the station answers at once, the batch is ingested by a child process, each file
    ends in its state with the reason said as what to do next, and the upload is an event in their name."""
    token = as_role(client, accounts, "archive")
    data = zipped({"lo-01/rong.pdf": b"", "lo-01/ghi-chu.txt": "không phải bản quét".encode()})
    r = client.post("/uploads", data={"csrf": token, "batch": "lo-01"},
                    files=[("files", ("lo-01.zip", data, "application/zip"))], follow_redirects=False)
    assert r.status_code == 303, r.text
    upload_id = int(r.headers["location"].split("received=")[1])
    page = client.get(r.headers["location"]).text
    assert "Đã nhận lô lo-01: 2 tệp" in page
    upload = wait_done(client, upload_id)
    assert (upload.state, upload.reason, upload.counts) == ("done", None, {"quarantined": 2})
    detail = client.get(f"/uploads/{upload_id}").text
    assert "Tệp rỗng (0 byte): chép lại hoặc quét lại tệp rồi tải lên." in detail
    assert "Không phải tệp quét (chỉ nhận PDF, TIFF, JPEG, PNG)" in detail
    size = len("không phải bản quét".encode())
    assert upload_events() == [("received", "archive1", "lo-01", {"batch": "lo-01", "files": 2, "bytes": size,
                                                                   "zip": True})]
    log = Settings().uploads_root / "logs" / "lo-01.log"
    assert "batch lo-01: 2 dossiers" in log.read_text(encoding="utf-8")


def test_hostile_or_oversized_uploads_are_refused_in_vietnamese_and_nothing_is_kept(client, accounts, monkeypatch):
    token = as_role(client, accounts, "archive")
    r = client.post("/uploads", data={"csrf": token, "batch": "lo-02"},
                    files=[("files", ("x.zip", zipped({"../../etc/cron.d/x": b"boom", "d1.pdf": b"%PDF"}),
                                      "application/zip"))])
    assert r.status_code == 422 and "Có mục trỏ ra ngoài thư mục lô («../../etc/cron.d/x»)" in r.text
    r = client.post("/uploads", data={"csrf": token, "batch": "lo-02"},
                    files=[("files", ("d1.pdf", b"%PDF-1.4", "application/pdf")),
                           ("files", ("../d2.pdf", b"%PDF-1.4", "application/pdf"))])
    assert r.status_code == 422 and "trỏ ra ngoài thư mục lô" in r.text
    r = client.post("/uploads", data={"csrf": token, "batch": "lô 2"},
                    files=[("files", ("d1.pdf", b"%PDF-1.4", "application/pdf"))])
    assert r.status_code == 422 and "Tên lô chỉ gồm chữ cái không dấu" in r.text
    r = client.post("/uploads", data={"csrf": token, "batch": "lo-02"}, files=[("files", ("", b"", "text/plain"))])
    assert r.status_code == 422 and "Chưa có tệp nào" in r.text
    assert not (Settings().uploads_root / "lo-02").exists()
    records = client.app.state.station.records
    assert [(u.state, u.reason) for u in records.uploads("archive1")] == [
        ("refused", "empty_upload"), ("refused", "bad_batch_name"), ("refused", "path_traversal"),
        ("refused", "path_traversal")]
    assert [(o, a, d["reason"]) for o, a, _, d in upload_events()] == [
        ("refused", "archive1", "path_traversal"), ("refused", "archive1", "path_traversal"),
        ("refused", "archive1", "bad_batch_name"), ("refused", "archive1", "empty_upload")]
    big = b"x" * 30_000
    monkeypatch.setattr(client.app.state.station, "settings", Settings(upload_max_mb=0.01))
    token = csrf_of(client.get("/uploads").text)
    r = client.post("/uploads", data={"csrf": token, "batch": "lo-03"},
                    files=[("files", ("d1.pdf", big, "application/pdf"))] * 40)
    assert r.status_code == 413 and "Lô vượt giới hạn 0.01 MB: chia thành nhiều lô nhỏ hơn." in r.text
    assert not (Settings().uploads_root / "lo-03").exists()


def test_archive_staff_see_their_own_uploads_and_operators_see_all(client, accounts):
    users = Users(Settings().pipeline_db_url)
    users.add("archive2", "archive", PASSWORD.format(role="archive"), by="test-setup")
    users.close()
    records = client.app.state.station.records
    mine = records.add_upload("lo-a", "archive1", "refused", reason="zip_corrupt")
    theirs = records.add_upload("lo-b", "archive2", "refused", reason="zip_corrupt")
    as_role(client, accounts, "archive")
    page = client.get("/uploads").text
    assert "lo-a" in page and "lo-b" not in page
    assert "Tệp nén bị hỏng hoặc không đọc được" in page
    assert client.get(f"/uploads/{theirs}").status_code == 404
    as_role(client, accounts, "operator")
    page = client.get("/uploads").text
    assert "lo-a" in page and "lo-b" in page and "archive2" in page
    assert mine != theirs
