"""Real OCR text of generated scanned dossiers, for the classifier's degraded evaluation.

    .venv/bin/python bench/classifier_ocr.py --count 60 --seed 31 --form-layouts 4 --decision-layouts 3

Generates a batch with `samples.generate` (held-out template variants when asked), runs
`ocr.pipeline.read_file` on every file and writes bench/out/classifier_ocr_<name>.jsonl: per dossier
the truth procedure, layout, degradations and the OCR page texts. OCR results are cached by file
SHA-256 + options + first page under bench/out/ocr_cache/ (the key the extraction bench uses, so
batches it already read are not read again). Prints counts only, never text.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def sha256(path: Path) -> str:
    from storage.objects import sha256_file

    return sha256_file(path)[0]


def ocr_file(path: Path, first_page: int, opts, workdir: Path) -> list[str]:
    from ocr.pipeline import read_file

    key = hashlib.sha256(f"{sha256(path)}|{opts.model_dump_json()}|{first_page}".encode()).hexdigest()
    cache = OUT / "ocr_cache" / f"{key}.json"
    if cache.exists():
        return [p["text"] for p in json.loads(cache.read_text())]
    pages = read_file(path, opts, workdir / key[:12], first_page=first_page)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([p.model_dump() for p in pages], ensure_ascii=False))
    return [p.text for p in pages]


def dossier_texts(batch: Path, rec: dict, opts, workdir: Path) -> list[str]:
    src = batch / rec["source"].rstrip("/")
    files = sorted(p for p in src.iterdir() if p.is_file()) if src.is_dir() else [src]
    texts: list[str] = []
    for f in files:
        texts += ocr_file(f, len(texts) + 1, opts, workdir)
    return texts


def read_batch(batch: Path, out_path: Path, opts) -> int:
    from sohoa.errors import QuarantineError

    recs = [json.loads(line) for line in (batch / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    recs = [r for r in recs if r.get("procedure") and not r.get("tags")]  # good dossiers only
    done = 0
    with open(out_path, "w", encoding="utf-8") as fh:
        for i, rec in enumerate(recs, 1):
            t0 = time.perf_counter()
            try:
                texts = dossier_texts(batch, rec, opts, OUT / "ocr_work")
            except QuarantineError as e:
                print(f"{i}/{len(recs)} quarantined: {e.reason}", flush=True)
                continue
            row = {k: rec.get(k) for k in ("source", "procedure", "kind", "layout", "degradations", "format")}
            row.update(batch=batch.name, ocr_pages=texts)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            fh.flush()
            done += 1
            print(f"{i}/{len(recs)} {rec['procedure']} {time.perf_counter() - t0:.1f}s", flush=True)
    return done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--form-layouts", type=int, nargs="*")
    ap.add_argument("--decision-layouts", type=int, nargs="*")
    ap.add_argument("--batch", type=Path, help="OCR an existing batch folder instead of generating one")
    args = ap.parse_args()
    from ocr.options import OcrOptions

    opts = OcrOptions(workers=1)
    if args.batch:
        batch = args.batch
    else:
        import samples

        tag = "".join(f"_f{x}" for x in args.form_layouts or []) + "".join(f"_d{x}" for x in args.decision_layouts or [])
        batch = OUT / f"classifier_batch_s{args.seed}_n{args.count}{tag}"
        if not (batch / "truth.jsonl").exists():
            samples.generate(batch, args.count, seed=args.seed, form_layouts=args.form_layouts,
                             decision_layouts=args.decision_layouts)
    out = OUT / f"classifier_ocr_{batch.name}.jsonl"
    n = read_batch(batch, out, opts)
    print(f"wrote {n} dossiers to {out}")


if __name__ == "__main__":
    main()
