"""Document-kind benchmark: is the 7197 TypeName right, abstained, or wrong with confidence?

    .venv/bin/python bench/doc_kind_bench.py --per-kind 40 --seed 5
    .venv/bin/python bench/doc_kind_bench.py --per-kind 2 --ocr        # real Tesseract, slow

Renders N Decree 30 documents per kind (samples.decision.build_official: the kinds of OFFICIAL and
the unknown titles of UNKNOWN_TITLES), takes their printed text, damages it with the OCR-noise
generator of the tests (samples.textnoise: tone marks lost or swapped, Đ→D, a look-alike letter),
and reads it with `extraction.document_metadata`. With `--ocr` the pages are drawn and read by
`ocr.pipeline.read_file` instead (no text noise added: Tesseract's own). Per kind it prints:
right (TypeName equal, confidence ≥ threshold), right but sent to review, abstained (None),
wrong under the threshold (review) and wrong at ≥ threshold — the count that must stay 0.
For an unknown title any TypeName at ≥ threshold is wrong.

`--code DIR` reads with the `extraction` package of another checkout (for before/after figures;
metadata without TypeNameConfidence is judged by its overall confidence).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.decision import OFFICIAL, UNKNOWN_TITLES, build_official  # noqa: E402
from samples.render import layout, render  # noqa: E402
from samples.textnoise import noisy, ocr_like_page  # noqa: E402
from sohoa.documents import Page  # noqa: E402


def text_page(text: str) -> Page:
    """The printed text as OCR-like words (confidence 93), one Word per token."""
    return ocr_like_page(text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--noise", type=float, default=0.15, help="rate of damaged marks (text mode)")
    ap.add_argument("--letters", type=float, default=0.2, help="share of lines with one look-alike letter")
    ap.add_argument("--threshold", type=float, default=0.80)
    ap.add_argument("--ocr", action="store_true", help="draw the pages and OCR them with Tesseract")
    ap.add_argument("--code", type=Path, help="checkout whose extraction/ to measure")
    args = ap.parse_args()
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    from extraction import document_metadata
    if args.ocr:
        from ocr.options import OcrOptions
        from ocr.pipeline import read_file

    cases = [(k, k, None) for k in sorted(OFFICIAL)] + [(f"? {t}", "Quyết định", t) for t in sorted(UNKNOWN_TITLES)]
    rows, total = [], Counter()
    t0 = time.time()
    for label, kind, title in cases:
        c = Counter()
        for i in range(args.per_kind):
            rnd = random.Random(f"{args.seed}/{label}/{i}")
            doc = build_official(kind, rnd, title=title)
            if args.ocr:
                with tempfile.TemporaryDirectory() as tmp:
                    [img] = render(doc.items, "freeserif", 300)
                    path = Path(tmp) / "scan.png"
                    img.image.save(path, dpi=(300, 300))
                    pages = read_file(path, OcrOptions(timeout=120), Path(tmp) / "w")
            else:
                pages = [text_page(noisy(layout(doc.items)[0].text, rnd, args.noise, args.letters))]
            meta = document_metadata(pages)
            got = meta["TypeName"]
            conf = meta.get("TypeNameConfidence", meta["confidence"])
            want = None if title else kind
            sure = conf >= args.threshold
            if got is None:
                c["abstained"] += 1
            elif got == want:
                c["right" if sure else "right, review"] += 1
            else:
                c["wrong>=thr" if sure else "wrong, review"] += 1
        rows.append((label, c))
        total.update(c)
    cols = ["right", "right, review", "abstained", "wrong, review", "wrong>=thr"]
    print(f"{'kind':28} " + " ".join(f"{h:>14}" for h in cols))
    for label, c in rows + [("TOTAL", total)]:
        print(f"{label:28} " + " ".join(f"{c[h]:>14}" for h in cols))
    n = sum(total.values())
    known = sum(sum(c.values()) for label, c in rows if not label.startswith("?"))
    right = sum(c["right"] for label, c in rows if not label.startswith("?"))
    print(f"\nknown kinds right at >= {args.threshold:.2f}: {right}/{known} = {100 * right / max(known, 1):.1f} %; "
          f"wrong at >= threshold: {total['wrong>=thr']}/{n}; {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
