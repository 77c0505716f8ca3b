"""OCR benchmark: sohoa's OCR stage vs plain `tesseract -l vie` vs OCRmyPDF, on one generated batch.

    .venv/bin/python bench/ocr_batch.py --out bench/out/ocr_batch
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_bench.py bench/out/ocr_batch [--engines sohoa,tesseract,ocrmypdf]

Each engine runs over each variant in a fresh subprocess (one page at a time, one thread), so seconds per
page and peak memory (max RSS of the Python process and of its largest child) are comparable.
CER = Levenshtein distance / truth length over NFC text with whitespace collapsed.
WER (order-free word error) = (words missing + words extra) / words printed, the multiset difference
of word tokens, so a reading-order convention (two header blocks read line by line) does not count.
A token is a maximal run of letters, digits and combining marks after NFC: punctuation and spaces
separate tokens and are not scored ('Số: 12/QĐ-UBND' -> Số 12 QĐ UBND; '152,4' -> 152 4). Case counts.
Time: the summary prints sohoa's CPU seconds over plain Tesseract's on the scanned pages (born-digital
variants, which sohoa does not OCR, left out); the issue's bound is 1.3x.
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
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cer(got: str, want: str) -> tuple[int, int]:
    g, w = norm(got), norm(want)
    return Levenshtein.distance(g, w), len(w)


TOKEN = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*")


def words(text: str) -> Counter:
    return Counter(TOKEN.findall(unicodedata.normalize("NFC", text)))


def word_error(got: str, want: str) -> tuple[int, int]:
    """(words missing + words extra, words printed): order-free, see the module doc."""
    g, w = words(got), words(want)
    return sum((w - g).values()) + sum((g - w).values()), sum(w.values())


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


def run_sohoa(files: list[Path], tmp: Path, options: dict | None = None) -> tuple[list[str], float]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ocr.options import OcrOptions
    from ocr.pipeline import read_file

    opts = OcrOptions(**(options or {}))
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


def child(engine: str, batch: Path, variant: str, options: dict) -> None:
    truth = [json.loads(l) for l in (batch / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [t for t in truth if t["variant"] == variant]
    with tempfile.TemporaryDirectory() as tmp:
        files = [batch / r["file"] for r in rows]
        texts, seconds, cpu = (run_sohoa(files, Path(tmp), options) if engine == "sohoa"
                               else ENGINES[engine](files, Path(tmp)))
    errs = [cer(t, r["text"]) for t, r in zip(texts, rows)]
    werrs = [word_error(t, r["text"]) for t, r in zip(texts, rows)]
    print(json.dumps({
        "engine": engine, "variant": variant, "pages": len(rows), "seconds": seconds, "cpu": cpu,
        "edits": sum(e for e, _ in errs), "chars": sum(n for _, n in errs),
        "word_errs": sum(e for e, _ in werrs), "words": sum(n for _, n in werrs),
        "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "per_page": [round(e / max(1, n), 4) for e, n in errs],
        "per_page_wer": [round(e / max(1, n), 4) for e, n in werrs],
        "files": [r["file"] for r in rows], "texts": texts,
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("batch", type=Path)
    ap.add_argument("--engines", default="sohoa,tesseract,ocrmypdf")
    ap.add_argument("--variants", default="")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--rescore", type=Path, help="score the results --json wrote instead of running the engines")
    ap.add_argument("--dump", default="", help="print each page's missed (-) and extra (+) words of these engines")
    ap.add_argument("--options", default="{}", help="OcrOptions fields for sohoa as JSON, to compare settings "
                    "('{\"read_dpi\": 0}')")
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "VARIANT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        return child(a.child[0], a.batch, a.child[1], json.loads(a.options))
    truth = [json.loads(l) for l in (a.batch / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    variants = a.variants.split(",") if a.variants else list(dict.fromkeys(t["variant"] for t in truth))
    results = json.loads(a.rescore.read_text(encoding="utf-8")) if a.rescore else []
    for v in ([] if a.rescore else variants):  # engines side by side per variant, so they share the machine's load conditions
        for engine in a.engines.split(","):
            out = subprocess.run([sys.executable, __file__, str(a.batch), "--child", engine, v, "--options", a.options],
                                 capture_output=True, text=True)
            if out.returncode:
                print(f"{engine} {v} failed: {out.stderr[-500:]}", file=sys.stderr)
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(f"{engine:10s} {v:13s} CER {pct(r['edits'], r['chars']):6.2f} %  WER {pct(r['word_errs'], r['words']):6.2f} %  "
                  f"{r['seconds'] / r['pages']:5.2f} s/page wall {r['cpu'] / r['pages']:5.2f} cpu  peak {r['rss_self_mb']:.0f}+{r['rss_child_mb']:.0f} MB  {r['per_page_wer']}",
                  flush=True)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    if a.dump:
        dump(results, truth, a.dump.split(","))
    summary(results, variants)


def dump(results: list[dict], truth: list[dict], engines: list[str]) -> None:
    """Per page: the words printed but not read (-) and read but not printed (+), for error classes.
    Look only at a tune split's pages: a test split's errors, once seen, make it a tune split."""
    want = {t["file"]: t["text"] for t in truth}
    for r in results:
        if r["engine"] not in engines:
            continue
        for f, text in zip(r["files"], r["texts"]):
            g, w = words(text), words(want[f])
            miss, extra = sorted((w - g).elements()), sorted((g - w).elements())
            if miss or extra:
                print(f"{r['engine']} {f}: -{' -'.join(miss) if miss else ''}  +{' +'.join(extra) if extra else ''}")


def pct(n: int, d: int) -> float:
    return 100 * n / max(1, d)


def summary(results: list[dict], variants: list[str]) -> None:
    by = defaultdict(dict)
    for r in results:
        by[r["engine"]][r["variant"]] = r
    for title, err, tot in (("CER", "edits", "chars"), ("order-free WER", "word_errs", "words")):
        print(f"\n{title}\nengine      " + " ".join(f"{v[:9]:>9s}" for v in variants) + "   overall  wall-s/p  cpu-s/p  peakMB")
        for engine, rs in by.items():
            cells = " ".join(f"{pct(rs[v][err], rs[v][tot]):8.2f}%" if v in rs else f"{'-':>9s}" for v in variants)
            e, n = sum(r[err] for r in rs.values()), sum(r[tot] for r in rs.values())
            pages = sum(r["pages"] for r in rs.values())
            sec = sum(r["seconds"] for r in rs.values()) / pages
            cpu = sum(r["cpu"] for r in rs.values()) / pages
            peak = max(r["rss_self_mb"] + r["rss_child_mb"] for r in rs.values())
            print(f"{engine:10s}  {cells}  {pct(e, n):7.2f}%  {sec:8.2f}  {cpu:7.2f}  {peak:6.0f}")
    s, t = by.get("sohoa", {}), by.get("tesseract", {})
    scanned = [v for v in variants if v in s and v in t and not v.startswith("born")]
    if scanned:
        ratio = sum(s[v]["cpu"] for v in scanned) / max(1e-9, sum(t[v]["cpu"] for v in scanned))
        print(f"\nsohoa CPU time / plain tesseract on the scanned pages: {ratio:.2f}x (bound 1.3x)")
    o = by.get("ocrmypdf", {})
    worse = [v for v in variants if v in s and v in o and
             pct(s[v]["word_errs"], s[v]["words"]) > pct(o[v]["word_errs"], o[v]["words"])]
    if o:
        print("variants where sohoa's WER is above OCRmyPDF's: " + (", ".join(worse) or "none"))


if __name__ == "__main__":
    main()
