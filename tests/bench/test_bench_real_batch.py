"""bench/real_batch.py: the real pages' truth is the source text that was printed on them."""
import importlib.util
import json
import re
import unicodedata
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("real_batch", ROOT / "bench" / "real_batch.py")
real_batch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(real_batch)


def words(text: str) -> str:
    return " ".join(text.split())


def test_paragraphs_joins_wrapped_lines_and_drops_running_heads():
    dump = ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ \n"
            "sung một số điều;\n \n6 CÔNG BÁO/Số 11 + 12/Ngày 10-01-2023\n"
            "Chương I \nQUY ĐỊNH CHUNG \nĐiều 1. Phạm vi điều chỉnh \nNghị định này quy định về thực hiện hợp đồng \n"
            "7\nlao động.\n")
    assert real_batch.paragraphs(dump) == [
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều;",
        "Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh",
        "Nghị định này quy định về thực hiện hợp đồng lao động."]


def test_real_batch_pages_carry_the_source_text(tmp_path):
    truth = real_batch.make(tmp_path, text_docs=1, pdf_docs=1)
    source = json.loads((real_batch.DATA / "texts.jsonl").read_text(encoding="utf-8").splitlines()[0])
    printed = words(" ".join(source["paragraphs"]))
    text_pages = [t for t in truth if t["variant"] == "real_text"]
    scans = [t for t in truth if t["variant"] == "real_rescan"]
    assert len(text_pages) == real_batch.TEXT_PAGES_PER_DOC and len(scans) == real_batch.PDF_PAGES_PER_DOC
    # the two rendered pages are consecutive stretches of the source paragraphs, word for word
    both = words(" ".join(t["text"] for t in text_pages))
    assert len(both) > 2500 and both in printed
    pdf = real_batch.DATA / "pdf" / f"{json.loads((real_batch.DATA / 'pdfs.json').read_text())[0]['doc']}.pdf"
    for i, t in enumerate(scans):
        assert t["text"] == real_batch.pdf_page_text(pdf, i) and len(t["text"]) > 1000
    for t in truth:
        assert unicodedata.is_normalized("NFC", t["text"]) and re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỷỹđ]", t["text"])
        img = Image.open(tmp_path / t["file"])
        assert img.mode == "L" and abs(img.width - 2480) <= 2 and abs(img.height - 3508) <= 2
        assert round(img.info["dpi"][0]) == 300
    lines = (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(l)["file"] for l in lines] == [t["file"] for t in truth]
