"""Does the administrative vocabulary help Tesseract? sohoa's OCR stage run with each choice of
`ocr.tesseract.run_tsv(vocabulary=...)` ('' none, 'words', 'patterns', 'both') over the same pages.

    .venv/bin/python bench/ocr_batch.py --out bench/out/ocr_batch
    .venv/bin/python bench/real_batch.py --out bench/out/real_batch
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_vocab.py bench/out/ocr_batch:freeserif bench/out/real_batch

A batch given as DIR:FONT keeps only that typeface's pages (freeserif = the tune split of bench/splits.py).
Prints per batch and choice: CER (Levenshtein / truth length over NFC text, whitespace collapsed),
order-free word error (bench/ocr_bench.word_error: (words missing + words extra) / words printed, tokens
= runs of letters and digits, so neither reading order nor punctuation counts) and CPU seconds per page.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from collections import Counter
from functools import partial
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocr_bench import norm, word_error  # noqa: E402  (bench/ is this script's directory)
from ocr import tesseract  # noqa: E402
from ocr.options import OcrOptions  # noqa: E402
from ocr.pipeline import read_file  # noqa: E402


def cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def pages(spec: str, skip: set[str]) -> tuple[Path, list[dict]]:
    path, _, font = spec.partition(":")
    batch = Path(path)
    rows = [json.loads(l) for l in (batch / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    return batch, [r for r in rows if (not font or r["font"] == font) and r["variant"] not in skip]


def run(batch: Path, rows: list[dict], vocabulary: str, dump: Path | None = None) -> dict[str, dict]:
    """Figures per variant and over all pages ('all')."""
    real = tesseract.run_tsv
    tesseract.run_tsv = partial(real, vocabulary=vocabulary)  # the one seam every OCR call goes through
    try:
        sums: dict[str, Counter] = {}
        texts = {}
        with tempfile.TemporaryDirectory() as tmp:
            for i, r in enumerate(rows):
                t0 = cpu()
                got = texts[r["file"]] = "\n".join(p.text for p in read_file(batch / r["file"], OcrOptions(), Path(tmp) / f"w{i}"))
                seconds = cpu() - t0
                e, n = word_error(got, r["text"])
                for key in ("all", r["variant"]):
                    sums.setdefault(key, Counter()).update({
                        "edits": Levenshtein.distance(norm(got), norm(r["text"])), "chars": len(norm(r["text"])),
                        "werr": e, "words": n, "seconds": seconds, "pages": 1})
        if dump:  # the readings, to see which words a choice fixed or broke
            dump.mkdir(parents=True, exist_ok=True)
            (dump / f"{batch.name}-{vocabulary or 'none'}.json").write_text(json.dumps(texts, ensure_ascii=False, indent=0))
        return {k: {"cer": c["edits"] / c["chars"], "wer": c["werr"] / c["words"], "cpu_per_page": c["seconds"] / c["pages"],
                    "pages": c["pages"]} for k, c in sums.items()}
    finally:
        tesseract.run_tsv = real


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("batches", nargs="+", help="DIR or DIR:FONT")
    ap.add_argument("--vocabularies", default=",words,patterns,both")
    ap.add_argument("--by-variant", action="store_true", help="also print each variant's figures")
    ap.add_argument("--dump", type=Path, help="write each choice's readings here")
    ap.add_argument("--skip-variants", default="born_digital", help="pages read from their text layer, not OCR")
    a = ap.parse_args()
    for spec in a.batches:
        batch, rows = pages(spec, set(a.skip_variants.split(",")))
        for v in a.vocabularies.split(","):
            for variant, r in run(batch, rows, v, a.dump).items():
                if a.by_variant or variant == "all":
                    print(f"{spec:34s} {variant:13s} {v or 'none':9s} pages {r['pages']:3d}  CER {100 * r['cer']:5.2f} %  "
                          f"word error {100 * r['wer']:5.2f} %  {r['cpu_per_page']:5.2f} cpu-s/page", flush=True)


if __name__ == "__main__":
    main()
