"""Inputs the pipeline must quarantine, each recorded with the reason code from sohoa.errors."""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pikepdf
from reportlab.pdfgen import canvas

from samples.render import Line, layout, render
from samples.writers import write_text_pdf


def _page_bytes(fmt: str, seed: int) -> bytes:
    rnd = random.Random(seed)
    page = render([Line("GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", 14, bold=True, align="center"),
                   Line(f"Số hồ sơ: {rnd.randint(1000, 9999)}", 13, space_before=4)], "freeserif", 150)[0]
    buf = io.BytesIO()
    page.image.save(buf, fmt, **({"quality": 80} if fmt == "JPEG" else {}))
    return buf.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    # a fixed time stamp: writestr() with a bare name stamps the current time, so the same seed
    # gave another file whenever two runs fell in different seconds
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(_entry("[Content_Types].xml"),
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr(_entry("word/document.xml"),
                   '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.'
                   'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Tờ khai đăng ký khai sinh</w:t>'
                   '</w:r></w:p></w:body></w:document>')
    return buf.getvalue()


def _encrypted_pdf(path: Path) -> None:
    plain = io.BytesIO()
    c = canvas.Canvas(plain, invariant=1)
    c.drawString(72, 720, "Quyet dinh so 12/QD-UBND")
    c.showPage()
    c.save()
    plain.seek(0)
    # RC4 (R=4) with a static ID: AES would add a random IV and break same-seed-same-bytes
    enc = pikepdf.Encryption(owner="owner-secret", user="user-secret", R=4, aes=False, metadata=False)
    with pikepdf.open(plain) as pdf:
        pdf.save(path, encryption=enc, static_id=True)


def write_bad_files(out_dir: Path, seed: int) -> list[dict]:
    """Write the bad inputs into out_dir; returns their truth records."""
    recs = []

    def rec(name: str, fmt: str, reason: str) -> None:
        recs.append({"source": name, "procedure": None, "kind": "bad", "pages": 0, "text": "", "fields": {},
                     "degradations": [], "format": fmt, "files": [{"name": name, "pages": 0}],
                     "expect": {"state": "quarantined", "reason": reason}, "seed": seed})

    (out_dir / "x01_empty.pdf").write_bytes(b"")
    rec("x01_empty.pdf", "pdf", "empty_file")
    jpg = _page_bytes("JPEG", seed)
    (out_dir / "x02_truncated.jpg").write_bytes(jpg[: len(jpg) // 2])
    rec("x02_truncated.jpg", "jpeg", "unreadable_image")
    png = _page_bytes("PNG", seed + 1)
    (out_dir / "x03_truncated.png").write_bytes(png[: len(png) // 2])
    rec("x03_truncated.png", "png", "unreadable_image")
    (out_dir / "x04_really_png.pdf").write_bytes(_page_bytes("PNG", seed + 2))
    rec("x04_really_png.pdf", "pdf", "type_mismatch")
    (out_dir / "x05_to_khai.docx").write_bytes(_docx_bytes())
    rec("x05_to_khai.docx", "docx", "unsupported_type")
    (out_dir / "x06_ghi_chu.txt").write_text("Hồ sơ bổ sung: nộp bản chính CCCD.\n", encoding="utf-8")
    rec("x06_ghi_chu.txt", "txt", "unsupported_type")
    _encrypted_pdf(out_dir / "x07_encrypted.pdf")
    rec("x07_encrypted.pdf", "pdf", "encrypted_pdf")
    good = io.BytesIO()
    write_text_pdf(layout([Line("QUYẾT ĐỊNH", 14, bold=True, align="center")]), good, "freeserif")
    data = good.getvalue()
    (out_dir / "x08_corrupt.pdf").write_bytes(data[:9] + bytes(random.Random(seed).randbytes(400)))
    rec("x08_corrupt.pdf", "pdf", "corrupt_pdf")
    return recs
