"""Tesseract kept loaded in the process (ocr/tess_engine.py) answers exactly as the `tesseract` command:
same TSV bytes for a page and for crops read again with a whitelist, on one thread and several."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from ocr import tess_engine, tesseract

pytestmark = pytest.mark.real_tesseract


def _both(monkeypatch, image, *args, **kwargs) -> tuple[str, str]:
    monkeypatch.setattr(tesseract, "IN_PROCESS", False)
    command = tesseract.run_tsv(image, *args, **kwargs)
    monkeypatch.setattr(tesseract, "IN_PROCESS", True)
    return command, tesseract.run_tsv(image, *args, **kwargs)


@pytest.fixture(scope="module")
def page(decision_page) -> Image.Image:
    return decision_page.image.crop((0, 0, decision_page.image.width, 1100))  # header and first lines


def test_engine_is_the_commands_library():
    assert tess_engine.available(tesseract.version())
    assert not tess_engine.available("0.0.0")  # another version: the command is used


def test_page_and_crops_read_alike(monkeypatch, page):
    command, engine = _both(monkeypatch, page, "vie", 3, 60, dpi=300)
    assert engine == command
    words = tesseract.parse_tsv(engine)
    assert any(w["text"] == "8506/QĐ-UBND" for w in words)
    number = next(w for w in words if "8506" in w["text"])
    x0, y0, x1, y1 = number["bbox"]
    crop = page.crop((x0 - 8, y0 - 8, x1 + 8, y1 + 8))
    # the whitelist must not stay set on the engine for the next call
    for args, kwargs in (((crop, "vie", 8, 10), {"whitelist": "0123456789/"}), ((crop, "vie", 7, 10), {}),
                         ((crop.convert("RGB"), "vie", 8, 10), {"dpi": 600})):
        command, engine = _both(monkeypatch, *args, **kwargs)
        assert engine == command


def test_threads_have_their_own_engine(page):
    line = page.crop((0, 0, page.width, 400))
    expected = tesseract.run_tsv(line, "vie", 3, 60)
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(lambda _: tesseract.run_tsv(line, "vie", 3, 60), range(4))) == [expected] * 4


def test_an_ended_threads_engine_is_freed_and_diagnostics_stay_quiet(capfd):
    import gc
    import threading

    blank = Image.new("L", (300, 80), 255)  # Tesseract prints statistics of an empty line to its debug output
    seen = []

    def read() -> None:
        tesseract.run_tsv(blank, "vie", 7, 10)
        seen.extend(tess_engine._local.engines.values())

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    gc.collect()
    assert len(seen) == 1 and seen[0].api is None  # freed with its thread
    out, err = capfd.readouterr()
    assert "Total count" not in out + err


def test_deadline_stops_recognition(decision_page):
    # CPU time of this process, not wall time: other test workers loading the machine slow the
    # wall clock of both reads unevenly (a CI run saw 0.71 s stopped against 1.09 s whole)
    image = decision_page.image
    began = time.process_time()
    expected = tesseract.run_tsv(image, "vie", 3, 60)
    whole = time.process_time() - began
    began = time.process_time()
    with pytest.raises(tesseract.OcrTimeout):
        tesseract.run_tsv(image, "vie", 3, whole / 10)
    stopped = time.process_time() - began
    assert tesseract.run_tsv(image, "vie", 3, 60) == expected  # the engine reads on afterwards
    assert stopped < whole / 2  # stopped at the deadline, not run to the end
