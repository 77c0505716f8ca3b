"""Where a page's time goes (issue 12): CPU seconds per page of each part of a dossier's work.

    .venv/bin/python bench/page_profile.py bench/out/scale/drop-100-12 --pages 20

Runs the dossier work item (`pipeline.work.work_on`: claim, store, OCR, PDF/A, extraction,
classification, databases) on the first N single-page scans in this one process, one page at a time
(SOHOA_PAGE_WORKERS=1, OMP_THREAD_LIMIT=1), without Prefect or Dask: those are measured by
`bench/scale_bench.py`. Each part is a span around the function that does it; a span's time excludes
the spans inside it (a Tesseract call inside preprocessing counts as Tesseract). CPU is this
process's plus its children's (Tesseract runs as a child process), so the figures hold on a loaded
machine better than wall time, which is printed too.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Spans:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list] = []  # [label, cpu start, wall start, cpu of inner spans, wall of inner]

    def wrap(self, module: str, name: str, label: str | None = None, by_caller: bool = False) -> None:
        mod = importlib.import_module(module)
        owner, attr = mod, name
        if "." in name:
            cls, attr = name.split(".")
            owner = getattr(mod, cls)
        inner = getattr(owner, attr)
        spans = self

        @functools.wraps(inner)
        def timed(*args, **kwargs):
            lab = label or name
            if by_caller:
                f = sys._getframe(1)
                lab = f"{lab} from {Path(f.f_code.co_filename).parent.name}/{Path(f.f_code.co_filename).stem}.{f.f_code.co_name}"
            spans._stack.append([lab, _cpu(), time.perf_counter(), 0.0, 0.0])
            try:
                return inner(*args, **kwargs)
            finally:
                lab, c0, w0, ic, iw = spans._stack.pop()
                dc, dw = _cpu() - c0, time.perf_counter() - w0
                spans.cpu[lab] += dc - ic
                spans.wall[lab] += dw - iw
                spans.calls[lab] += 1
                if spans._stack:
                    spans._stack[-1][3] += dc
                    spans._stack[-1][4] += dw

        setattr(owner, attr, timed)


PARTS = [
    # (module, attribute, label)
    ("ocr.tesseract", "run_tsv", "tesseract TSV", True),
    ("ocr.tesseract", "run_osd", "tesseract OSD", True),
    ("ocr.pipeline", "load_image", "decode page image", False),
    ("ocr.pipeline", "barcodes", None, False),  # placeholder, replaced below
    ("ocr.pipeline", "prepare", "OpenCV preprocessing", False),
    ("ocr.pipeline", "upright_original", "upright original", False),
    ("ocr.pipeline", "save_page_image", "save page image", False),
    ("ocr.pipeline", "_assemble", "layout (reading lines)", False),
    ("ocr.recheck", "second_look", "second look (ocr/recheck.py)", False),
    ("ocr.rescore", "rescore", "letter choices rescored (ocr/rescore.py)", False),
    ("ocr.places", "fix_place_names", "place names after their unit (ocr/places.py)", False),
    ("ocr.fixups", "repair", "word fix-ups", False),
    ("ocr.pipeline", "mark_handwritten", "handwriting marks", False),
    ("ocr.pipeline", "drop_marks", "drop marks", False),
    ("ocr.pdfa", "check_pdfa", "PDF/A check", False),
    ("pipeline.dossier", "write_pdfa", "PDF/A write", False),
    ("pipeline.dossier", "read_dossier", "extraction (without re-reads)", False),
    ("extraction.reread", "read_region", "region re-read (crop, scale)", False),
    ("pipeline.dossier", "_classify", "classification", False),
    ("pipeline.dossier", "_store_masters", "page masters", False),
    ("pipeline.dossier", "_put_artifact", "store PDF + OCR JSON", False),
    ("pipeline.dossier", "_store_original", "store original", False),
    ("pipeline.kept_pages", "StoredPages.put", "kept pages (put)", False),
    ("pipeline.work", "forget", "kept pages (forget)", False),
    ("pipeline.dossier", "_load", "sector DB load", False),
]


def install(spans: Spans) -> None:
    for module, attr, label, by_caller in PARTS:
        if attr == "barcodes":
            spans.wrap("ocr.barcodes", "read_codes", "barcodes")
            continue
        spans.wrap(module, attr, label, by_caller)
    from storage.pipeline_db import PipelineDB

    for name in dir(PipelineDB):  # every pipeline database call
        if not name.startswith("_") and callable(getattr(PipelineDB, name)) and name not in ("close",):
            spans.wrap("storage.pipeline_db", f"PipelineDB.{name}", "pipeline DB")
    for name in ("claim", "complete", "release", "renew"):
        spans.wrap("storage.work_items", name, "pipeline DB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("drop", type=Path)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--plain", action="store_true",
                    help="then plain `tesseract -l vie --psm 3` over the same files, for a load-independent ratio")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="sohoa-profile-"))
    os.environ.update(SOHOA_HOME=str(home), SOHOA_PAGE_WORKERS="1", OMP_THREAD_LIMIT="1")
    sys.path.insert(0, str(REPO))
    from drops.sources import find_dossiers
    from pipeline.context import shared_context
    import pipeline.work as work

    spans = Spans()
    install(spans)
    ctx = shared_context("profile")
    found = find_dossiers(str(args.drop), ctx.settings, max_bytes=ctx.ocr.max_file_bytes)
    dossiers = found.dossiers[:args.pages]
    ctx.db.start_batch("profile", source_dir=str(args.drop))
    # warm-up outside the window: imports, fonts, model, first Tesseract start
    spans.wrap("pipeline.work", "work_on", "whole work item")
    c0, w0 = _cpu(), time.perf_counter()
    states = defaultdict(int)
    for seq, d in enumerate(dossiers, start=1):
        states[work.work_on(d, "profile", seq).state] += 1
    total_cpu, total_wall = _cpu() - c0, time.perf_counter() - w0
    n = len(dossiers)
    print(f"{n} single-page dossiers ({dict(states)}); load average {os.getloadavg()[0]:.2f} at the end")
    print(f"total: {total_cpu / n:.2f} CPU s/page, {total_wall / n:.2f} wall s/page")
    print("| part | calls/page | CPU s/page | share | wall s/page |")
    print("|---|---|---|---|---|")
    labels = sorted(spans.cpu, key=lambda k: -spans.cpu[k])
    for lab in labels:
        shown = "other (work item: claim, hashing, JSON, glue)" if lab == "whole work item" else lab
        print(f"| {shown} | {spans.calls[lab] / n:.1f} | {spans.cpu[lab] / n:.3f} | "
              f"{100 * spans.cpu[lab] / total_cpu:.0f} % | {spans.wall[lab] / n:.3f} |")
    if args.plain:
        plain = plain_tesseract(sorted(p for p in args.drop.iterdir() if p.is_file())[:n])
        print(f"plain tesseract over the same {n} files: {plain:.2f} CPU s/page (load average "
              f"{os.getloadavg()[0]:.2f}); sohoa / plain {total_cpu / n / plain:.2f}")


def plain_tesseract(files: list[Path]) -> float:
    """CPU s/page of the `tesseract` command alone, one file at a time: CPU seconds grow with the
    machine's load (shared caches, clock), so only a ratio measured at the same time compares runs."""
    import subprocess

    t0 = os.times()
    for f in files:
        subprocess.run(["tesseract", str(f), "-", "-l", "vie", "--psm", "3"], capture_output=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=True)
    t1 = os.times()
    return (t1.children_user + t1.children_system - t0.children_user - t0.children_system) / len(files)


if __name__ == "__main__":
    main()
