"""Helpers for the station tests (a plain module: `conftest` names clash across test folders)."""
from __future__ import annotations

import hashlib
import io
import re
from html import unescape as html_unescape
from datetime import date

from PIL import Image, ImageDraw

from sohoa.config import Settings
from sohoa.documents import Classification, FieldValue, Page
from storage import layout
from storage.objects import open_store
from storage.pipeline_db import PipelineDB

PASSWORD = "mật-khẩu-thử-{role}"  # test-only accounts in a throw-away SOHOA_HOME
BATCH = "web-1"
# a birth registration as the ingest leaves it: unsure of the birth date (why it is in review)
MACHINE = {
    "applicant_name": FieldValue(value="Nguyễn Văn An", raw="NGUYỄN VĂN AN", confidence=0.97, page=1,
                                 bbox=(300, 300, 900, 350)),
    "applicant_id_number": FieldValue(value="001085000123", raw="001085000123", confidence=0.95, page=1,
                                      bbox=(300, 380, 800, 430)),
    "applicant_birth_date": FieldValue(value="1985-04-02", raw="02/04/1985", confidence=0.93, page=1,
                                       bbox=(300, 460, 600, 510)),
    "subject_name": FieldValue(value="Nguyễn Thị Bình", raw="NGUYỄN THỊ BÌNH", confidence=0.92, page=1,
                               bbox=(300, 540, 900, 590)),
    "subject_birth_date": FieldValue(value="2024-02-29", raw="29/02/2O24", confidence=0.61, page=1,
                                     bbox=(300, 620, 600, 670)),
}


UNSURE = ("field_uncertain", "subject_birth_date: low confidence 0.61 < 0.80")


def seed_dossier(source: str = "khai-sinh.png", batch: str = BATCH, pdf: bool = False, fields: dict | None = None,
                 reason: tuple[str, str] = UNSURE) -> str:
    """One dossier in review (field_uncertain by default) with a page master in the store, as the ingest
    leaves it; with `pdf`, its PDF/A too, named by the 7197 rule."""
    settings = Settings()
    db = PipelineDB(settings.pipeline_db_url)
    try:
        db.start_batch(batch)
        d = db.begin_dossier(batch, source, "file", sha256=hashlib.sha256(source.encode()).hexdigest())
        key = layout.master_key(batch, d, 1)
        obj = open_store(settings).put_bytes(key, _page_png())
        db.record_object(obj.key, obj.sha256, obj.size, "master", batch=batch, dossier_id=d)
        if pdf:
            name = layout.digitised_name(layout.doc_code(settings.agency_code, "HS", len(source)), date(2026, 12, 1),
                                         "HoSo")
            obj = open_store(settings).put_bytes(layout.pdf_key(batch, name, d), _pdf())
            db.record_object(obj.key, obj.sha256, obj.size, "pdf", batch=batch, dossier_id=d)
            db.set_artifact(d, "pdf", obj.key)
        db.set_pages(d, [Page(number=1, width=1240, height=1754, dpi=150, source="ocr",
                              text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỜ KHAI ĐĂNG KÝ KHAI SINH")],
                     master_keys={1: key})
        db.set_fields(d, fields or MACHINE)
        db.set_classification(d, Classification(key="birth_registration", code="1.001193", sector="ho_tich",
                                                confidence=0.9, method="rules"))
        db.finish_dossier(d, "review", *reason)
        return d
    finally:
        db.close()


def _page_png() -> bytes:
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    for f in MACHINE.values():
        draw.rectangle(f.bbox, outline=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _pdf() -> bytes:
    import pikepdf

    doc = pikepdf.new()
    doc.add_blank_page(page_size=(595, 842))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, name: str, password: str) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"name": name, "password": password, "csrf": token, "next": "/"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/").text)


def state_of(did: str) -> tuple:
    """Everything a refused request must leave as it was."""
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        v = db.dossier_view(did)
        return (v.state, v.reason, v.fields, v.classification, len(db.open_reviews(None)),
                [(e.step, e.outcome, e.agent) for e in db.events(dossier_id=did)])
    finally:
        db.close()


# the 7197 metadata the machine read from a decision in the dossier (as the ingest stores it)
DECISION_METADATA = {"TypeName": "Quyết định", "CodeNumber": "15", "CodeNotation": "QĐ-UBND",
                     "IssuedDate": "2024-03-05", "OrganName": None, "Subject": "Về việc đăng ký khai sinh",
                     "PageAmount": 1, "Language": "vi", "missing": ["OrganName"], "confidence": 0.9}


def add_pdf(did: str, seq: int = 1, batch: str = BATCH) -> str:
    """The dossier's digitised PDF/A under its 7197 name, as the ingest writes it; returns its DocCode."""
    import tempfile
    from datetime import date
    from pathlib import Path

    from ocr.pdfa import write_pdfa

    settings = Settings()
    code = layout.doc_code(settings.agency_code, "HS", seq)
    with tempfile.TemporaryDirectory() as tmp:
        png, pdf = Path(tmp) / "p1.png", Path(tmp) / "d.pdf"
        png.write_bytes(_page_png())
        assert write_pdfa([Page(number=1, width=1240, height=1754, dpi=150, source="ocr", text="",
                                image_path=str(png))], pdf, title=did) == []
        key = layout.pdf_key(batch, layout.digitised_name(code, date.today(), "HoSo"), did)
        obj = open_store(settings).put_file(key, pdf)
    db = PipelineDB(settings.pipeline_db_url)
    try:
        db.record_object(obj.key, obj.sha256, obj.size, "pdf", batch=batch, dossier_id=did)
        db.set_artifact(did, "pdf", key)
        db.set_official_documents(did, [DECISION_METADATA])
    finally:
        db.close()
    return code


def form_of(html: str) -> dict[str, str]:
    """The decision form's fields as the page fills them (what a reviewer who changes nothing sends)."""
    form = html[html.index('id="decision"'):]
    fields = dict(re.findall(r'name="(f\.[a-z_]+)" value="([^"]*)"', form))
    chosen = re.search(r'id="procedure" name="procedure" list="procedure-list" value="([^"]*)"', form)
    return {**fields, "procedure": html_unescape(chosen.group(1)) if chosen else "", "csrf": csrf_of(html)}
