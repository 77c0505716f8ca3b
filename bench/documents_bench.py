"""Documents-inside-a-dossier benchmark: page boundaries, kinds, field owners, dossier codes, boxes.

    .venv/bin/python bench/documents_bench.py --split documents-tune --seed 3101 --count 20 --boxes 3
    .venv/bin/python bench/documents_bench.py --split documents-test --seed 3301 --count 30 --boxes 5
    .venv/bin/python bench/documents_bench.py --split documents-calibrate --seed 3201 --count 30 --boxes 4 --fit

Generates multi-document dossiers and box files (samples.multidoc, with the template printing,
typeface and name source of the split: bench/splits.py), reads every file with the real OCR stage
(barcodes included; cached in bench/out/ocr_cache like extraction_bench.py), cuts box files at
their separator sheets and reads each dossier with extraction.read_dossier. It prints:

- page boundaries: pages whose document (first and last page) is the truth's;
- kinds: truth documents found with the right page range and kind;
- field owners: extracted fields of the truth whose page lies in the document that owns them
  (the applicant's from the form, the number's from the decision: extraction/ownership.py);
- dossier codes: dossiers whose receipt or cover prints a code, read exactly (and read wrongly);
- boxes: box files cut into exactly the truth's dossiers.
`--fit` writes extraction/data/segments.json: per pair of cues (what opened a document, what named
its kind), how many documents were right, which the segmenter turns into a measured confidence.
Nothing here prints field values.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction_bench import OUT, NotCached, ocr_file  # noqa: E402
from bench.splits import SPLITS  # noqa: E402
from extraction import ownership, read_dossier, segment  # noqa: E402
from sohoa.documents import Page  # noqa: E402


def make_batch(split: str, seed: int, count: int, boxes: int) -> tuple[Path, list[dict]]:
    from samples.multidoc import generate

    batch = OUT / f"docs_{split}_s{seed}_n{count}_b{boxes}"
    truth = batch / "truth.jsonl"
    if not truth.exists():
        generate(batch, count, seed=seed, boxes=boxes, **SPLITS[split])
    return batch, [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]


def renumbered(pages: list[Page]) -> list[Page]:
    return [p.model_copy(update={"number": n}) for n, p in enumerate(pages, 1)]


def truth_owner(rec: dict, key: str) -> dict | None:
    for kind in ownership.owners(key):
        for d in rec["documents"]:
            if d["kind"] == kind and key in d["fields"]:
                return d
    return None


class Score:
    def __init__(self) -> None:
        self.c: Counter = Counter()
        self.cues: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.kind_confusion: Counter = Counter()

    def dossier(self, rec: dict, pages: list[Page]) -> None:
        reading = read_dossier(pages)
        got = {(d["first_page"], d["last_page"]): d for d in reading.documents}
        want = {(d["pages"][0], d["pages"][-1]): d for d in rec["documents"]}
        span_of = {p: r for r in want for p in range(r[0], r[1] + 1)}
        got_of = {p: r for r in got for p in range(r[0], r[1] + 1)}
        for p in span_of:
            self.c["pages"] += 1
            self.c["pages_right"] += got_of.get(p) == span_of[p]
        for r, d in want.items():
            self.c["docs"] += 1
            g = got.get(r)
            self.c["docs_kind_right"] += bool(g and g["kind"] == d["kind"])
            self.kind_confusion[(d["kind"], g["kind"] if g else "(boundary)")] += 1
        for r, g in got.items():
            right = r in want and want[r]["kind"] == g["kind"]
            self.cues[g["cues"]][0] += right
            self.cues[g["cues"]][1] += 1
        for key in rec["fields"]:
            fv = reading.fields.get(key)
            owner = truth_owner(rec, key)
            if fv is None or owner is None or fv.page is None:
                continue
            self.c["fields"] += 1
            self.c["fields_owner"] += fv.page in owner["pages"]
        if rec.get("dossier_code"):
            self.c["codes"] += 1
            code = reading.dossier_code or {}
            self.c["codes_right"] += code.get("value") == rec["dossier_code"]
            self.c["codes_wrong"] += bool(code.get("value")) and code.get("value") != rec["dossier_code"]
        self.c["dossiers"] += 1

    def box(self, rec: dict, pages: list[Page]) -> None:
        parts, sheets = segment.split_box(pages)
        self.c["boxes"] += 1
        got = [[p.number for p in run] for run in parts]
        want = [part["box_pages"] for part in rec["parts"]]
        self.c["boxes_right"] += got == want and sheets == rec["separator_pages"]
        for p in rec["separator_pages"]:
            self.c["pages"] += 1
            self.c["pages_right"] += p in sheets
        for part in rec["parts"]:
            run = next((r for r in parts if [p.number for p in r] == part["box_pages"]), None)
            if run is None:  # a wrong cut: every page and document of the part counts as missed
                self.c["pages"] += len(part["box_pages"])
                self.c["docs"] += len(part["documents"])
                continue
            self.dossier(part, renumbered(run))

    def report(self, label: str) -> None:
        c = self.c

        def pct(a: str, b: str) -> str:
            return f"{100 * c[a] / c[b]:.1f} % ({c[a]}/{c[b]})" if c[b] else "n/a"

        print(f"\n{label}")
        print(f"  page boundaries right      {pct('pages_right', 'pages')}")
        print(f"  document kinds right       {pct('docs_kind_right', 'docs')}")
        print(f"  fields from their document {pct('fields_owner', 'fields')}")
        print(f"  dossier codes read         {pct('codes_right', 'codes')}; read wrong: {c['codes_wrong']}")
        print(f"  box files cut right        {pct('boxes_right', 'boxes')}")
        misses = {k: v for k, v in self.kind_confusion.items() if k[0] != k[1]}
        if misses:
            print("  misses (truth kind -> found):", dict(sorted(misses.items())))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=[s for s in SPLITS if s.startswith("documents")], default="documents-tune")
    ap.add_argument("--seed", type=int, default=3101)
    ap.add_argument("--count", type=int, default=20, help="multi-document dossiers")
    ap.add_argument("--boxes", type=int, default=3, help="box files of 2-4 dossiers each")
    ap.add_argument("--workers", type=int, default=1, help="OCR workers per file (pages in parallel)")
    ap.add_argument("--cached-only", action="store_true")
    ap.add_argument("--fit", action="store_true", help="write the cue table to extraction/data/segments.json")
    args = ap.parse_args(argv)
    from ocr.options import OcrOptions

    t0 = time.time()
    batch, records = make_batch(args.split, args.seed, args.count, args.boxes)
    opts = OcrOptions(workers=args.workers)
    score, skipped = Score(), 0
    for rec in records:
        try:
            pages = ocr_file(batch / rec["source"], 1, opts, OUT / "ocr_work", args.cached_only)
        except NotCached:
            skipped += 1
            continue
        score.box(rec, pages) if rec.get("box") else score.dossier(rec, pages)
    score.report(f"{args.split} seed {args.seed}: {score.c['dossiers']} dossiers ({args.boxes} box files), "
                 f"{time.time() - t0:.0f} s" + (f", {skipped} files not cached" if skipped else ""))
    print("  cues (opened+named: right/n):",
          {k: tuple(v) for k, v in sorted(score.cues.items(), key=lambda kv: -kv[1][1])})
    if args.fit:
        segment.TABLE_PATH.parent.mkdir(parents=True, exist_ok=True)
        segment.TABLE_PATH.write_text(json.dumps({"fitted_on": f"{args.split} seed {args.seed}",
                                                  "cues": {k: v for k, v in sorted(score.cues.items())}},
                                                 indent=1) + "\n", encoding="utf-8")
        print(f"  wrote {segment.TABLE_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
