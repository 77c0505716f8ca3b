"""Large pages (issue 16): tiles vs reduced reading of generated drawings and maps, and a worker's peak memory.

    .venv/bin/python bench/large_pages.py [--out bench/out/large]

For each sheet (A1 drawing at 300 dpi, A0 map at 200 dpi, A2 drawing at 300 dpi, A1 map extract at
200 dpi) the page is loaded within the pixel budget and prepared as the OCR stage does, then read both
ways (ocr/recognise.py): in tiles and whole at tile_megapixels. Printed per reading: seconds (wall
and this process's CPU; Tesseract's own CPU is in the children's), the confident-text score the
stage chooses by, and the share of the printed words (truth) found. Then every sheet is read by
the whole stage in one process (tests/ocr/peak_reader.py, real Tesseract): Python's and Tesseract's
peak memory.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr.loader import list_pages, load_image  # noqa: E402
from ocr.options import OcrOptions  # noqa: E402
from ocr.pipeline import SPARSE_PSM, prepare  # noqa: E402
from ocr.recognise import read_reduced, read_tiles, score  # noqa: E402
from samples.cases import make_case  # noqa: E402
from samples.drawings import cadastral_map, construction_drawing  # noqa: E402

SHEETS = [("drawing", "A1", 300, "jpg"), ("cadastral_map", "A0", 200, "tif"), ("drawing", "A2", 300, "tif"),
          ("map_extract", "A1", 200, "jpg")]


def make(out: Path) -> list[tuple[Path, str]]:
    made = []
    for i, (kind, paper, dpi, ext) in enumerate(SHEETS):
        rnd = random.Random(1600 + i)
        if kind == "drawing":
            sheet = construction_drawing(rnd, make_case(rnd, "construction_permit"), paper, dpi)
        else:
            sheet = cadastral_map(rnd, make_case(rnd, "land_change_registration"), paper, dpi,
                                  extract=kind == "map_extract")
        path = out / f"{kind}_{paper}_{dpi}.{ext}"
        if ext == "tif":
            sheet.image.convert("1").save(path, compression="group4", dpi=(dpi, dpi))
        else:
            sheet.image.save(path, quality=75, dpi=(dpi, dpi))
        made.append((path, sheet.text))
    return made


def recall(words: list[dict], truth: str) -> float:
    want = Counter(truth.split())
    got = Counter(w["text"] for w in words)
    return sum(min(n, got[t]) for t, n in want.items()) / max(1, sum(want.values()))


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "large")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    opts = OcrOptions()
    sheets = make(args.out)
    print("| sheet | working image | reading | s (wall) | s (CPU, with Tesseract) | score | words of truth found | kept |")
    print("|---|---|---|---|---|---|---|---|")
    for path, truth in sheets:
        (ref,) = list_pages(path, path.suffix.lstrip(".").replace("jpg", "jpeg").replace("tif", "tiff"), opts)
        image, dpi = load_image(ref, opts)
        prep = prepare(image, dpi, opts)
        psm = SPARSE_PSM if "line_art" in prep.flags else opts.psm
        rows = []
        for name, fn in (("tiles", read_tiles), ("reduced", read_reduced)):
            t0, c0 = time.monotonic(), cpu()
            words, error = fn(prep.ocr, int(dpi * prep.scale), opts, psm)
            rows.append((name, time.monotonic() - t0, cpu() - c0, score(words), recall(words, truth), error))
        kept = "tiles" if rows[0][3] > rows[1][3] else "reduced"
        for name, wall, cpu_s, sc, rc, error in rows:
            print(f"| {path.name} | {image.size[0]}x{image.size[1]} at {dpi} dpi{' line art' if psm == SPARSE_PSM else ''} "
                  f"| {name} | {wall:.1f} | {cpu_s:.1f} | {sc:.0f} | {rc:.1%}{' ' + error if error else ''} "
                  f"| {'✓' if name == kept else ''} |")
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "ocr" / "peak_reader.py"), *(str(p) for p, _ in sheets)],
                         capture_output=True, text=True, cwd=ROOT)
    report = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"\nwhole stage, {len(sheets)} sheets on {len(sheets)} threads of one process: Python peak "
          f"{report['python_mb']} MB, Tesseract peak {report['tesseract_mb']} MB, worker bound {report['worker_mb']} MB, "
          f"{report['seconds']} s; flags {json.dumps({Path(k).name: v for k, v in report['results'].items()}, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
