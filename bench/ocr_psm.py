"""Choose Tesseract's page segmentation mode by measurement: CER and seconds per page of sohoa's OCR
stage with --psm 3 (auto), 4 (one column), 6 (one block), 11 (sparse) on a generated batch.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_psm.py bench/out/ocr_batch [--every 3]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocr_bench import cer  # noqa: E402

from ocr.options import OcrOptions  # noqa: E402
from ocr.pipeline import read_file  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("batch", type=Path)
    ap.add_argument("--every", type=int, default=3, help="use every n-th scanned page")
    ap.add_argument("--modes", default="3,4,6,11")
    a = ap.parse_args()
    truth = [json.loads(l) for l in (a.batch / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [t for t in truth if t["variant"] != "born_digital"][:: a.every]
    for psm in map(int, a.modes.split(",")):
        opts = OcrOptions(psm=psm)
        edits = chars = 0
        seconds = 0.0
        with tempfile.TemporaryDirectory() as tmp:
            for i, r in enumerate(rows):
                t = time.perf_counter()
                pages = read_file(a.batch / r["file"], opts, Path(tmp) / str(i))
                seconds += time.perf_counter() - t
                e, n = cer("\n".join(p.text for p in pages), r["text"])
                edits, chars = edits + e, chars + n
        print(f"psm {psm:2d}: CER {100 * edits / chars:5.2f} %  {seconds / len(rows):5.2f} s/page  ({len(rows)} pages)", flush=True)


if __name__ == "__main__":
    main()
