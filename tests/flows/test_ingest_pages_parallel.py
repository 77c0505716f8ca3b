"""The pages of one dossier are read at the same time (SOHOA_PAGE_WORKERS threads of the process,
sharing ocr/'s pixel budget), and the dossier comes out as when its pages are read one by one.

The dossier is a folder holding a scanned 2-page PDF and a JPEG scan: 3 pages in 2 files, each file
with a "page 1". Tesseract is the real one behind a wrapper that logs when each call starts and ends."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from flow_helpers import COUNT_COMMAND_CALLS, cli, use_real_tesseract

from storage.pipeline_db import PipelineDB, dossier_id

_TIMING = """#!/bin/bash
# the real Tesseract, plus one line per call: start, end (seconds) and its options
start=$(date +%s.%N)
{real} "$@"
rc=$?
echo "$start $(date +%s.%N) ${{@:3}}" >> {log}
exit $rc
"""
BATCH = "pages"


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory) -> Path:
    from samples import generate

    src = tmp_path_factory.mktemp("gen")
    records = generate(src, count=2, seed=5)
    assert [r["pages"] for r in records] == [1, 2] and not any(r["born_digital"] for r in records)
    drop = tmp_path_factory.mktemp("drop3") / "drop"
    (drop / "hs01").mkdir(parents=True)
    for r in records:
        shutil.move(src / r["source"], drop / "hs01" / r["source"])
    return drop


def page_passes(log: Path) -> list[tuple[float, float]]:
    """(start, end) of each whole-page OCR pass (--psm 3; OSD and region re-reads are other calls)."""
    out = []
    for line in log.read_text().splitlines():
        start, end, opts = line.split(" ", 2)
        if "--psm 3" in opts and "whitelist" not in opts:
            out.append((float(start), float(end)))
    return sorted(out)


def overlapping(passes: list[tuple[float, float]]) -> int:
    return sum(1 for (_, end), (start, _) in zip(passes, passes[1:]) if start < end)


def ingest(drop: Path, tmp: Path, **env: str) -> dict:
    """`sohoa ingest` of the drop in a home of its own; what it stored about the dossier."""
    from sohoa.config import Settings
    from storage.objects import open_store

    tmp.mkdir(parents=True)
    log = tmp / "tesseract.log"
    log.touch()
    wrapper = tmp / "bin" / "tesseract"
    wrapper.parent.mkdir()
    wrapper.write_text(_TIMING.format(real=shutil.which("tesseract"), log=log))
    wrapper.chmod(0o755)
    mp = pytest.MonkeyPatch()
    try:
        for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL"):
            mp.delenv(var, raising=False)
        mp.setenv("SOHOA_HOME", str(tmp / "home"))
        mp.setenv("PATH", f"{wrapper.parent}:{shutil.os.environ['PATH']}")
        for k, v in COUNT_COMMAND_CALLS.items():  # the wrapper times the command's calls
            mp.setenv(k, v)
        use_real_tesseract(mp)
        for k, v in env.items():
            mp.setenv(k, v)
        cli("ingest", str(drop), "--batch", BATCH, "--workers", "1")
        settings = Settings()
        db = PipelineDB(settings.pipeline_db_url)
        view = db.dossier_view(dossier_id(BATCH, "hs01/"))
        db.close()
        store = open_store(settings)
        pdf = tmp / "dossier.pdf"
        store.get_file(view.artifacts["pdf"], pdf)
        return {"view": view, "ocr_json": store.get_bytes(view.artifacts["ocr_json"]),
                "images": rendered_pages(pdf), "passes": page_passes(log)}
    finally:
        mp.undo()


def rendered_pages(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [hashlib.sha256(doc[i].render(scale=0.25).to_pil().tobytes()).hexdigest() for i in range(len(doc))]
    finally:
        doc.close()


@pytest.fixture(scope="module")
def one_by_one(three_pages, tmp_path_factory) -> dict:
    return ingest(three_pages, tmp_path_factory.mktemp("seq") / "run", SOHOA_PAGE_WORKERS="1")


def same_dossier(a: dict, b: dict) -> None:
    assert a["ocr_json"] == b["ocr_json"]  # every page's text, words, boxes, flags, rotation, skew
    for key in ("state", "reason", "classification", "fields", "page_texts", "page_flags"):
        assert getattr(a["view"], key) == getattr(b["view"], key), key
    assert a["images"] == b["images"]


def test_one_by_one_the_pages_never_overlap_and_each_keeps_its_own_image(one_by_one):
    assert len(one_by_one["passes"]) == 3 and overlapping(one_by_one["passes"]) == 0
    assert len(one_by_one["view"].page_texts) == 3
    # two files each have a "page 1": the PDF/A shows three different scans, not one of them thrice
    assert len(set(one_by_one["images"])) == 3


def test_pages_of_a_dossier_read_at_once_give_the_same_dossier(three_pages, one_by_one, tmp_path):
    parallel = ingest(three_pages, tmp_path / "run", SOHOA_PAGE_WORKERS="3")
    assert len(parallel["passes"]) == 3 and overlapping(parallel["passes"]) >= 1
    same_dossier(parallel, one_by_one)


def test_pages_read_at_once_share_the_pixel_budget(three_pages, one_by_one, tmp_path):
    from PIL import Image

    # room for one A4 page at 300 dpi (8.7 MP), not two: three threads, one page at a time
    page = Image.open(next((three_pages / "hs01").glob("*.jpg")))
    limit = 1.5 * page.size[0] * page.size[1] / 1e6
    tight = ingest(three_pages, tmp_path / "run", SOHOA_PAGE_WORKERS="3", SOHOA_MAX_MEGAPIXELS=f"{limit:.3f}")
    assert len(tight["passes"]) == 3 and overlapping(tight["passes"]) == 0
    same_dossier(tight, one_by_one)
