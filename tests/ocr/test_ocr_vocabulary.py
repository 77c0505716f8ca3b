"""The administrative vocabulary: shipped as built, handed to Tesseract, and OCR still reads with it."""
import importlib.util
import os
import shutil
import stat
from pathlib import Path

import pytest

from ocr import tesseract
from samples.render import render_lines

ROOT = Path(__file__).resolve().parents[2]
LINE = "Số: 1245/QĐ-UBND ngày 12/3/2024 của UBND tỉnh Bình Dương"


def _builder():
    spec = importlib.util.spec_from_file_location("build_ocr_words", ROOT / "scripts" / "build_ocr_words.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_shipped_lists_are_what_the_script_builds():
    words, patterns = _builder().build()
    assert tesseract.USER_WORDS.read_text(encoding="utf-8").splitlines() == words
    assert tesseract.USER_PATTERNS.read_text(encoding="utf-8").splitlines() == patterns
    # one entry from each source: document kinds, agencies, places (old and new units), notations
    for w in ("NGHỊ", "Quyết", "Ủy", "TỈNH", "Đắk", "Phường", "QĐ-UBND", "NĐ-CP"):
        assert w in words, w
    assert r"\d\d/\d\d/\d\d\d\d" in patterns and r"\d\*/\d\d\d\d/NĐ-CP" in patterns


def test_vocabulary_args():
    assert tesseract.vocabulary_args("") == ""
    assert tesseract.vocabulary_args("words").split() == ["--user-words", str(tesseract.USER_WORDS)]
    assert tesseract.vocabulary_args("both").split() == ["--user-words", str(tesseract.USER_WORDS),
                                                          "--user-patterns", str(tesseract.USER_PATTERNS)]
    with pytest.raises(ValueError):
        tesseract.vocabulary_args("all")


@pytest.fixture
def logged_tesseract(tmp_path, monkeypatch):
    """The real tesseract behind a wrapper, first on PATH, that records its arguments and error output."""
    log = tmp_path / "calls.log"
    real = shutil.which("tesseract")
    wrapper = tmp_path / "bin" / "tesseract"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "ARGS $*" >> {log}\nexec {real} "$@" 2>> {log}\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    return log


@pytest.mark.real_tesseract
def test_user_words_reach_tesseract_and_a_line_still_reads(logged_tesseract):
    image = render_lines([LINE]).image.crop((0, 0, 2480, 400))
    words = tesseract.parse_tsv(tesseract.run_tsv(image, "vie", 6, 60, vocabulary="both"))
    log = logged_tesseract.read_text(encoding="utf-8")
    assert f"--user-words {tesseract.USER_WORDS}" in log and f"--user-patterns {tesseract.USER_PATTERNS}" in log
    assert "failed to load" not in log and "Error" not in log
    assert " ".join(w["text"] for w in words) == LINE


@pytest.mark.real_tesseract
def test_a_list_tesseract_cannot_load_shows_in_its_output(logged_tesseract, monkeypatch):
    # the log above would catch a list Tesseract never loaded: here the path is wrong on purpose
    monkeypatch.setattr(tesseract, "USER_WORDS", Path("/nonexistent/vie_admin_words.txt"))
    image = render_lines([LINE]).image.crop((0, 0, 2480, 400))
    tesseract.run_tsv(image, "vie", 6, 60, vocabulary="words")
    assert "failed to load /nonexistent/vie_admin_words.txt" in logged_tesseract.read_text(encoding="utf-8")
