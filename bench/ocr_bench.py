"""OCR benchmark: sohoa's OCR stage vs plain `tesseract -l vie` vs OCRmyPDF, on one generated batch.

    .venv/bin/python bench/ocr_batch.py --out bench/out/ocr_batch
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_bench.py bench/out/ocr_batch [--engines sohoa,tesseract,ocrmypdf]

Each engine runs over each variant in a fresh subprocess (one page at a time, one thread), so seconds per
page and peak memory (max RSS of the Python process and of its largest child) are comparable.
CER = Levenshtein distance / truth length over NFC text with whitespace collapsed.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cer(got: str, want: str) -> tuple[int, int]:
    g, w = norm(got), norm(want)
    return Levenshtein.distance(g, w), len(w)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children: steadier than wall time on a shared box."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _raster(path: Path, tmp: Path) -> Path:
    """PDF page -> PNG at 300 dpi for plain Tesseract, which cannot read PDF (not timed)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = tmp / (path.stem + ".png")
    pdf[0].render(scale=300 / 72).to_pil().save(out, dpi=(300, 300))
    pdf.close()
    return out


def run_sohoa(files: list[Path], tmp: Path) -> tuple[list[str], float]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ocr.options import OcrOptions
    from ocr.pipeline import read_file

    opts = OcrOptions()
    texts, total, cpu = [], 0.0, 0.0
    for i, f in enumerate(files):
        t, c = time.perf_counter(), cpu_seconds()
        pages = read_file(f, opts, tmp / f"w{i}")
        total, cpu = total + time.perf_counter() - t, cpu + cpu_seconds() - c
        texts.append("\n".join(p.text for p in pages))
    return texts, total, cpu


def run_tesseract(files: list[Path], tmp: Path) -> tuple[list[str], float]:
    texts, total, cpu = [], 0.0, 0.0
    for f in files:
        src = _raster(f, tmp) if f.suffix.lower() == ".pdf" else f
        t, c = time.perf_counter(), cpu_seconds()
        out = subprocess.run(["tesseract", str(src), "-", "-l", "vie"], capture_output=True, text=True, check=True)
        total, cpu = total + time.perf_counter() - t, cpu + cpu_seconds() - c
        texts.append(out.stdout)
    return texts, total, cpu


def run_ocrmypdf(files: list[Path], tmp: Path) -> tuple[list[str], float]:
    import pdfplumber

    texts, total, cpu = [], 0.0, 0.0
    for i, f in enumerate(files):
        out, side = tmp / f"o{i}.pdf", tmp / f"o{i}.txt"
        cmd = [sys.executable, "-m", "ocrmypdf", "--rotate-pages", "--deskew", "-l", "vie", "--jobs", "1",
               "--skip-text", "--output-type", "pdf", "--sidecar", str(side), "--image-dpi", "300", str(f), str(out)]
        t, c = time.perf_counter(), cpu_seconds()
        subprocess.run(cmd, capture_output=True, text=True, check=True)
        total, cpu = total + time.perf_counter() - t, cpu + cpu_seconds() - c
        text = side.read_text(encoding="utf-8")
        if "[OCR skipped on page" in text:  # born-digital page: its own text layer is the answer
            with pdfplumber.open(out) as pdf:
                text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        texts.append(text)
    return texts, total, cpu


ENGINES = {"sohoa": run_sohoa, "tesseract": run_tesseract, "ocrmypdf": run_ocrmypdf}


def child(engine: str, batch: Path, variant: str) -> None:
    truth = [json.loads(l) for l in (batch / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [t for t in truth if t["variant"] == variant]
    with tempfile.TemporaryDirectory() as tmp:
        texts, seconds, cpu = ENGINES[engine]([batch / r["file"] for r in rows], Path(tmp))
    errs = [cer(t, r["text"]) for t, r in zip(texts, rows)]
    print(json.dumps({
        "engine": engine, "variant": variant, "pages": len(rows), "seconds": seconds, "cpu": cpu,
        "edits": sum(e for e, _ in errs), "chars": sum(n for _, n in errs),
        "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "per_page": [round(e / max(1, n), 4) for e, n in errs],
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("batch", type=Path)
    ap.add_argument("--engines", default="sohoa,tesseract,ocrmypdf")
    ap.add_argument("--variants", default="")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "VARIANT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        return child(a.child[0], a.batch, a.child[1])
    truth = [json.loads(l) for l in (a.batch / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    variants = a.variants.split(",") if a.variants else list(dict.fromkeys(t["variant"] for t in truth))
    results = []
    for v in variants:  # engines side by side per variant, so they share the machine's load conditions
        for engine in a.engines.split(","):
            out = subprocess.run([sys.executable, __file__, str(a.batch), "--child", engine, v],
                                 capture_output=True, text=True)
            if out.returncode:
                print(f"{engine} {v} failed: {out.stderr[-500:]}", file=sys.stderr)
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(f"{engine:10s} {v:13s} CER {100 * r['edits'] / r['chars']:6.2f} %  "
                  f"{r['seconds'] / r['pages']:5.2f} s/page wall {r['cpu'] / r['pages']:5.2f} cpu  peak {r['rss_self_mb']:.0f}+{r['rss_child_mb']:.0f} MB  {r['per_page']}",
                  flush=True)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))
    print("\nengine      " + " ".join(f"{v[:9]:>9s}" for v in variants) + "   overall  wall-s/p  cpu-s/p  peakMB")
    by = defaultdict(dict)
    for r in results:
        by[r["engine"]][r["variant"]] = r
    for engine, rs in by.items():
        cells = " ".join(f"{100 * rs[v]['edits'] / rs[v]['chars']:8.2f}%" if v in rs else f"{'-':>9s}" for v in variants)
        e, n = sum(r["edits"] for r in rs.values()), sum(r["chars"] for r in rs.values())
        pages = sum(r["pages"] for r in rs.values())
        sec = sum(r["seconds"] for r in rs.values()) / pages
        cpu = sum(r["cpu"] for r in rs.values()) / pages
        peak = max(r["rss_self_mb"] + r["rss_child_mb"] for r in rs.values())
        print(f"{engine:10s}  {cells}  {100 * e / n:7.2f}%  {sec:8.2f}  {cpu:7.2f}  {peak:6.0f}")


if __name__ == "__main__":
    main()
