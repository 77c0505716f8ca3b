"""Shared fixtures for the OCR stage: rendered Vietnamese pages and a content-keyed Tesseract replay.

Replay: `ocr.tesseract.run_tsv` / `run_osd` results are stored under tests/ocr/cache/ keyed by the SHA-256
of the image pixels, the arguments and the Tesseract version; ocr.region.read_region goes through `run_tsv`
too, so its crops are replayed alike (keyed also by their character whitelist). A preprocessing change
changes the pixels, so the cache misses and real Tesseract runs. Tests marked `real_tesseract` bypass the cache.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import ocr_replay
from ocr.options import OcrOptions
from samples.render import Block, Line, Row, render

CACHE = Path(__file__).parent / "cache"

BODY = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Xét đề nghị của Trưởng phòng Tài nguyên và Môi trường tại Tờ trình số 1245/TTr-TNMT.",
    "Điều 1. Công nhận quyền sử dụng đất đối với thửa đất số 215, tờ bản đồ số 18.",
    "Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Hồng Nhung",
    "Nơi cư trú: ấp Bến Sắn, xã Tân Lập, tỉnh Bình Dương",
    "Điều 2. Giao Phòng Tài nguyên và Môi trường hướng dẫn người sử dụng đất thực hiện nghĩa vụ tài chính.",
]


def decision_items() -> list:
    return [
        Row([Block([Line("UBND TỈNH BÌNH DƯƠNG", size=12, align="center"),
                    Line("ỦY BAN NHÂN DÂN XÃ TÂN LẬP", size=12, bold=True, align="center"),
                    Line("Số: 8506/QĐ-UBND", size=12, align="center")], x0=20, x1=85),
             Block([Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center", wrap=False),
                    Line("Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center"),
                    Line("Tân Lập, ngày 5 tháng 3 năm 2024", size=13, italic=True, align="center")], x0=88, x1=200)]),
        Line("QUYẾT ĐỊNH", size=14, bold=True, align="center", space_before=8),
        *[Line(t, size=13, space_before=2) for t in BODY],
    ]


@pytest.fixture(scope="session")
def decision_page():
    """A rendered Decree-30 style page (mode L, 300 dpi) with its exact text."""
    return render(decision_items(), "freeserif", 300)[0]


@pytest.fixture(scope="session")
def opts() -> OcrOptions:
    return OcrOptions(timeout=60)


@pytest.fixture(autouse=True)
def tesseract_replay(request, monkeypatch):
    if request.node.get_closest_marker("real_tesseract"):
        return
    ocr_replay.install(monkeypatch, CACHE, request.node.nodeid)


def pytest_configure(config):
    config.addinivalue_line("markers", "real_tesseract: runs Tesseract itself, bypassing the replay cache")
