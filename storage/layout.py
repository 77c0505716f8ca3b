"""Object key layout and the national file-naming rule for digitised copies.

originals/<sha[:2]>/<sha>                      immutable, content-addressed
masters/<batch>/<dossier_id>/<page:04d>.<ext>  lossless page masters (PNG/TIFF)
pdf/<batch>/<dossier_id>/<DocCode>_<YYYYMMDD>_<desc>.pdf  digitised PDF/A (Công văn 7197, §4.4)
ocr/<batch>/<dossier_id>.json                  OCR JSON (pages, words, confidences)
quarantine/<batch>/<sha>/<original name>       (older runs) second copies of unusable files; quarantine
                                               is now by reference to the original
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_segment(text: str, max_len: int = 80) -> str:
    """ASCII, no slashes: one key segment that works on every filesystem and S3."""
    nfkd = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = nfkd.encode("ascii", "ignore").decode()
    seg = _SAFE.sub("_", ascii_text).strip("._") or "x"
    return seg[:max_len]


def original_key(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256}"


def master_key(batch: str, dossier_id: str, page: int, ext: str = "png") -> str:
    if ext not in ("png", "tif", "tiff"):
        raise ValueError(f"page masters are lossless (png/tiff), not {ext}")
    return f"masters/{safe_segment(batch)}/{dossier_id}/{page:04d}.{ext}"


def ocr_key(batch: str, dossier_id: str) -> str:
    return f"ocr/{safe_segment(batch)}/{dossier_id}.json"


def quarantine_key(batch: str, sha256: str, original_name: str) -> str:
    return f"quarantine/{safe_segment(batch)}/{sha256}/{safe_segment(original_name, 120)}"


def pdf_key(batch: str, file_name: str, dossier_id: str | None = None) -> str:
    """With dossier_id the file keeps its guideline name and stays unique across dossiers:
    pdf/<batch>/<dossier_id>/<DocCode>_<YYYYMMDD>_<desc>.pdf."""
    if dossier_id:
        return f"pdf/{safe_segment(batch)}/{dossier_id}/{file_name}"
    return f"pdf/{safe_segment(batch)}/{file_name}"


GUIDELINE_NAME = re.compile(r"^[A-Za-z0-9.]+_[A-Za-z]+_\d{6}_V\d+_\d{8}_[A-Za-z0-9]+\.pdf$")


def is_guideline_name(file_name: str) -> bool:
    """MCQ_LV_STT_PB_YYYYMMDD_Desc.pdf as in Công văn 7197 (e.g. G06.01_CV_000021_V1_20250202_SohoaTailieu.pdf)."""
    return bool(GUIDELINE_NAME.match(file_name))


DOC_SEQUENCE_MAX = 999_999  # STT has six digits


def doc_code_prefix(agency_code: str, type_abbr: str) -> str:
    """MCQ_LV of a DocCode: what its running number is counted under (storage.doc_numbers)."""
    return f"{safe_segment(agency_code, 30)}_{safe_segment(type_abbr, 10)}"


def doc_code(agency_code: str, type_abbr: str, sequence: int, version: int = 1) -> str:
    """7197 DocCode MCQ_LV_STT_PB, e.g. G06.01_CV_000021_V1 (V1 = raw scan)."""
    if not 1 <= sequence <= DOC_SEQUENCE_MAX:
        raise ValueError(f"a DocCode's running number is 1 to {DOC_SEQUENCE_MAX}, not {sequence}")
    return f"{doc_code_prefix(agency_code, type_abbr)}_{sequence:06d}_V{version}"


def digitised_name(code: str, scan_date: date, desc: str) -> str:
    """<DocCode>_<YYYYMMDD>_<desc>.pdf, desc in CamelCase ASCII (e.g. SohoaTailieu)."""
    words = safe_segment(desc, 200).replace("-", "_").split("_")
    camel = "".join(w[:1].upper() + w[1:] for w in words if w)[:60] or "Sohoa"
    return f"{code}_{scan_date:%Y%m%d}_{camel}.pdf"


def doc_code_of(file_name: str) -> str | None:
    """The DocCode of a guideline-named file (G06.01_CV_000021_V1 from G06.01_CV_000021_V1_20250202_X.pdf)."""
    if not is_guideline_name(file_name):
        return None
    return "_".join(file_name.split("_")[:4])
