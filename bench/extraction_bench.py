"""Field-extraction benchmark on a generated batch with ground truth.

    .venv/bin/python bench/extraction_bench.py --count 60 --seed 7

Generates the batch with `samples.generate` (once per seed/count), runs the real OCR stage
(`ocr.pipeline.read_file`) on every file — cached in bench/out/ocr_cache/ by file SHA-256 and
OCR options, so reruns only re-extract — then compares `extraction.extract_fields` with the
truth. Per field it prints: exact-match accuracy (value equal, whatever the confidence),
accepted-and-exact, share abstained (missing, invalid or under the threshold: sent to review)
and wrong values emitted as certain (valid, confidence >= threshold). ID numbers and dates are
also scored on dossiers whose OCR character error rate is under 1 %.

`--text-truth` skips OCR and feeds the printed text (text_layer pages): a ceiling for the
extractor alone. Nothing here prints field values, only counts.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# One OpenMP thread per Tesseract, as `sohoa` sets it, before libtesseract loads: with `--workers` the
# page processes are forked from this one after its own Tesseract calls (extraction's re-reads), and a
# child forked from a process whose OpenMP pool is running waits forever in libgomp.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from extraction import document_metadata, extract_fields  # noqa: E402
from bench.splits import SPLITS  # noqa: E402
from sohoa.documents import Page  # noqa: E402

OUT = ROOT / "bench" / "out"
ID_KEYS = {"applicant_id_number", "subject_id_number", "tax_code"}
DATE_KEYS = {"applicant_birth_date", "subject_birth_date", "death_date", "signed_date"}


def sha256(path: Path) -> str:
    from storage.objects import sha256_file

    return sha256_file(path)[0]


class NotCached(Exception):
    pass


def ocr_code() -> str:
    """Hash of the OCR stage's source: a change to preprocessing must not replay stale readings."""
    h = hashlib.sha256()
    for f in sorted((ROOT / "ocr").glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def ocr_file(path: Path, first_page: int, opts, workdir: Path, cached_only: bool = False) -> list[Page]:
    """Real OCR of one file, cached by content hash + options (+ first page number)."""
    from ocr.pipeline import read_file

    key = hashlib.sha256(f"{sha256(path)}|{opts.model_dump_json()}|{first_page}|{ocr_code()}".encode()).hexdigest()
    cache = OUT / "ocr_cache" / f"{key}.json"
    if cache.exists():
        return [Page.model_validate(p) for p in json.loads(cache.read_text())]
    if cached_only:
        raise NotCached(str(path))
    pages = read_file(path, opts, workdir / key[:12], first_page=first_page)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([p.model_dump() for p in pages], ensure_ascii=False))
    return pages


def _review_reasons(rec: dict, pages: list[Page], fields: dict, threshold: float) -> list[tuple[str, str]]:
    """Why the dossier would go to review: (field, problem) of each required field not certain,
    the required fields chosen as the pipeline does (a result document alone needs its own).
    Empty: it loads with no review."""
    from classifiers.catalog import load_catalog
    from classifiers.decide import required_fields
    from extraction import check_required

    catalog = load_catalog()
    if rec.get("procedure") not in catalog.keys:
        return [("procedure", "unknown")]
    return check_required(fields, required_fields([p.text for p in pages], catalog, rec["procedure"]), threshold)


def make_batch(split: str | None, seed: int, count: int) -> tuple[Path, Path]:
    """The generated batch of a split and seed (generated once, then reused)."""
    import samples

    batch = OUT / (f"batch_{split}_s{seed}_n{count}" if split else f"batch_s{seed}_n{count}")
    truth_path = batch / "truth.jsonl"
    if not truth_path.exists():
        samples.generate(batch, count, seed=seed, **(SPLITS[split] if split else {}))
    return batch, truth_path


def dossier_files(batch: Path, rec: dict) -> list[Path]:
    src = batch / rec["source"].rstrip("/")
    if src.is_dir():
        return sorted(p for p in src.iterdir() if p.is_file())
    return [src]


def dossier_pages(batch: Path, rec: dict, opts, workdir: Path, text_truth: bool,
                  cached_only: bool = False) -> list[Page]:
    if text_truth:
        return [Page(number=i + 1, width=2480, height=3508, dpi=300, source="text_layer", text=t)
                for i, t in enumerate(rec["text"].split("\f"))]
    pages: list[Page] = []
    for path in dossier_files(batch, rec):
        pages += ocr_file(path, len(pages) + 1, opts, workdir, cached_only)
    return pages


LEADER = re.compile(r"(?:\.{3,}|…+)[.…]*")


def plain(text: str) -> str:
    """Text without dotted leaders and blank space: leaders are paper, not content, and the OCR
    stage removes them from the page image before reading."""
    lines = (" ".join(LEADER.sub(" ", line).split()) for line in text.replace("\f", "\n").splitlines())
    return "\n".join(line for line in lines if line)


def cer(pages: list[Page], truth_text: str) -> float:
    truth = plain(truth_text)
    got = plain("\n".join(p.text for p in pages))
    return Levenshtein.distance(got, truth) / max(1, len(truth))


def score(records, results, threshold: float) -> dict:
    per = defaultdict(lambda: defaultdict(int))
    for rec, (fields, page_cer) in zip(records, results):
        for key, truth in rec["fields"].items():
            if truth in (None, ""):
                continue
            s = per[key]
            s["n"] += 1
            fv = fields.get(key)
            certain = fv is not None and fv.valid and fv.confidence >= threshold
            exact = fv is not None and fv.value == str(truth)
            s["exact"] += exact
            s["accepted_exact"] += exact and certain
            s["abstained"] += not certain
            s["wrong_certain"] += certain and not exact
            if page_cer < 0.01:
                s["lowcer_n"] += 1
                s["lowcer_exact"] += exact
        for key, fv in fields.items():
            if key not in rec["fields"] and fv.valid and fv.confidence >= threshold:
                per[key]["spurious_certain"] += 1
    return per


META_TRUTH = {"CodeNumber": "document_number", "CodeNotation": "document_number", "IssuedDate": "signed_date",
              "OrganName": "issuing_agency", "Subject": "subject_line", "TypeName": "document_type"}


def meta_truth(doc_fields: dict) -> dict:
    number, _, notation = doc_fields.get("document_number", "").partition("/")
    dt = doc_fields.get("document_type", "")
    return {"CodeNumber": number, "CodeNotation": notation, "IssuedDate": doc_fields.get("signed_date"),
            "OrganName": doc_fields.get("issuing_agency"), "Subject": doc_fields.get("subject_line"),
            "TypeName": dt[:1] + dt[1:].lower() if dt else None}


def score_metadata(rec: dict, pages: list[Page], meta_stats: dict, threshold: float) -> None:
    """7197 metadata of each decision in the dossier, from its own pages, against its truth."""
    for doc in rec.get("documents", []):
        if doc["kind"] != "decision":
            continue
        own = [p for p in pages if p.number in doc["pages"]]
        meta = document_metadata(own)
        truth = meta_truth(doc["fields"])
        certain = meta["confidence"] >= threshold and not meta["missing"]
        meta_stats["docs"] += 1
        meta_stats["all_exact"] += all(meta[k] == v for k, v in truth.items())
        meta_stats["all_exact_certain"] += certain and all(meta[k] == v for k, v in truth.items())
        meta_stats["wrong_certain"] += certain and not all(meta[k] == v for k, v in truth.items())
        for k, v in truth.items():
            meta_stats[f"{k}_exact"] += meta[k] == v


# a form's own title ('TỜ KHAI') is a right reading of a key form truth does not list
UNSCORED_IF_ABSENT = {"document_type"}
BINS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0001)


def reliability(records, results) -> list[tuple[float, bool]]:
    """(confidence, right) of every valid value emitted for a field the truth has or lacks."""
    out = []
    for rec, (fields, _) in zip(records, results):
        for key, fv in fields.items():
            if not fv.valid or not fv.value:
                continue
            truth = rec["fields"].get(key)
            if truth in (None, "") and key in UNSCORED_IF_ABSENT:
                continue
            out.append((fv.confidence, truth not in (None, "") and fv.value == str(truth)))
    return out


def print_reliability(pairs: list[tuple[float, bool]], max_wrong: float = 0.005,
                      min_band_right: float = 0.95) -> float | None:
    """Confidence bin → share right, and the lowest threshold above which at most `max_wrong`
    of the values are wrong, within a bin whose own values are at least `min_band_right` right
    and above the confidence the rules give values they hold never certain.

    The share above a threshold is diluted by the many sure values: without the band rule a bin
    of values right 5 times in 6 is taken whenever enough sure values sit above it, and a batch
    with fewer sure values (other templates, other typefaces) then shows its errors."""
    from extraction.calibration import NEVER_CERTAIN

    print(f"\nreliability ({len(pairs)} valid values emitted)\n{'confidence':>12} {'n':>6} {'mean conf':>10} {'right':>7}")
    band_right = {}
    for lo, hi in zip(BINS, BINS[1:]):
        b = [(c, r) for c, r in pairs if lo <= c < hi]
        if b:
            band_right[lo] = sum(r for _, r in b) / len(b)
            print(f"{lo:5.2f}–{min(hi, 1):4.2f} {len(b):6d} {sum(c for c, _ in b) / len(b):10.3f} "
                  f"{band_right[lo]:7.1%}")
    best = None
    for t in sorted({round(c, 2) for c, _ in pairs if c > NEVER_CERTAIN}, reverse=True):
        above = [r for c, r in pairs if c >= t]
        band = max(lo for lo in BINS if lo <= t)
        if above and 1 - sum(above) / len(above) <= max_wrong and band_right.get(band, 1.0) >= min_band_right:
            best = t
        elif above:
            break
    print(f"lowest threshold with ≤ {max_wrong:.1%} wrong above it, in a bin ≥ {min_band_right:.0%} right: {best}")
    return best


def report(per: dict, results, elapsed: float, args) -> dict:
    rows = []
    tot = defaultdict(int)
    print(f"\n{'field':24} {'n':>5} {'exact':>7} {'acc+ex':>7} {'abst':>6} {'wrong>thr':>9} {'lowCER ex':>10} {'spur':>5}")
    for key in sorted(per):
        s = per[key]
        for k, v in s.items():
            tot[k] += v
        n = s["n"]
        if not n:
            print(f"{key:24} {0:5d} {'':>7} {'':>7} {'':>6} {'':>9} {'':>10} {s['spurious_certain']:5d}")
            continue
        low = f"{s['lowcer_exact'] / s['lowcer_n']:.1%}" if s["lowcer_n"] else "-"
        print(f"{key:24} {n:5d} {s['exact'] / n:7.1%} {s['accepted_exact'] / n:7.1%} {s['abstained'] / n:6.1%} "
              f"{s['wrong_certain'] / n:9.2%} {low:>10} {s['spurious_certain']:5d}")
        rows.append({"field": key, **s})
    n = tot["n"] or 1
    id_date = [per[k] for k in per if k in ID_KEYS | DATE_KEYS]
    ln = sum(s["lowcer_n"] for s in id_date)
    le = sum(s["lowcer_exact"] for s in id_date)
    cers = [c for _, c in results]
    summary = {
        "dossiers": len(results), "fields": tot["n"], "exact": tot["exact"] / n,
        "accepted_exact": tot["accepted_exact"] / n, "abstained": tot["abstained"] / n,
        "wrong_certain": tot["wrong_certain"] / n, "spurious_certain": tot["spurious_certain"],
        "id_date_lowcer_exact": (le / ln) if ln else None, "id_date_lowcer_n": ln,
        "dossiers_cer_lt_1pct": sum(c < 0.01 for c in cers),
        "mean_cer": sum(cers) / max(1, len(cers)), "threshold": args.threshold,
        "text_truth": args.text_truth, "seconds": round(elapsed, 1),
    }
    print(f"\n{'ALL':24} {tot['n']:5d} {summary['exact']:7.1%} {summary['accepted_exact']:7.1%} "
          f"{summary['abstained']:6.1%} {summary['wrong_certain']:9.2%}")
    print(f"ID numbers + dates on dossiers with CER < 1 %: "
          f"{summary['id_date_lowcer_exact'] if ln else float('nan'):.1%} of {ln}  "
          f"(dossiers CER<1%: {summary['dossiers_cer_lt_1pct']}/{len(cers)}, mean CER {summary['mean_cer']:.2%})")
    print(f"threshold {args.threshold}, {elapsed:.0f} s")
    return {"summary": summary, "fields": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threshold", type=float, default=None,
                    help="review threshold (default: the installed confidence model's, else 0.80)")
    ap.add_argument("--text-truth", action="store_true", help="feed the printed text instead of OCR output")
    ap.add_argument("--workers", type=int, default=1, help="OCR workers per file (pages in parallel)")
    ap.add_argument("--kind", default=None, help="only dossiers of this truth kind (form|decision|mixed)")
    ap.add_argument("--ocr-option", action="append", default=[], metavar="KEY=VALUE",
                    help="OcrOptions field (repeatable), e.g. osd_min_conf=2.0; part of the cache key")
    ap.add_argument("--cached-only", action="store_true", help="score only dossiers whose OCR is cached")
    ap.add_argument("--dump", action="store_true", help="write per-dossier mismatches (contain values) to bench/out")
    ap.add_argument("--split", choices=sorted(SPLITS), default=None,
                    help="generate the batch with this split's templates, typefaces and names (bench/splits.py)")
    args = ap.parse_args(argv)
    if args.threshold is None:
        from extraction.calibration import review_threshold
        args.threshold = review_threshold()

    from ocr.options import OcrOptions

    batch, truth_path = make_batch(args.split, args.seed, args.count)
    records = [json.loads(line) for line in truth_path.read_text().splitlines() if line.strip()]
    records = [r for r in records if r.get("fields") and (args.kind is None or r.get("kind") == args.kind)]
    overrides = dict(kv.split("=", 1) for kv in args.ocr_option)
    opts = OcrOptions(**{"workers": args.workers, **overrides})
    workdir = OUT / "ocr_work"
    t0 = time.time()
    results = []
    mismatches = []
    scored = []
    dossier_texts: list[list[Page]] = []
    meta_stats: dict = defaultdict(int)
    for i, rec in enumerate(records):
        try:
            pages = dossier_pages(batch, rec, opts, workdir, args.text_truth, args.cached_only)
        except NotCached:
            continue
        scored.append(rec)
        fields = extract_fields(pages)
        score_metadata(rec, pages, meta_stats, args.threshold)
        c = 0.0 if args.text_truth else cer(pages, rec["text"])
        results.append((fields, c))
        dossier_texts.append(pages)
        if args.dump:
            for key, truth in rec["fields"].items():
                fv = fields.get(key)
                if fv is None or fv.value != str(truth) or fv.confidence < args.threshold or not fv.valid:
                    mismatches.append({"source": rec["source"], "key": key, "truth": truth, "cer": round(c, 4),
                                       "got": fv.model_dump() if fv else None})
        print(f"\r{i + 1}/{len(records)} dossiers", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    out = report(score(scored, results, args.threshold), results, time.time() - t0, args)
    n = meta_stats["docs"] or 1
    print(f"7197 metadata of {meta_stats['docs']} decisions: all six exact {meta_stats['all_exact'] / n:.1%}, "
          f"certain and exact {meta_stats['all_exact_certain'] / n:.1%}, certain but wrong "
          f"{meta_stats['wrong_certain'] / n:.1%}; per key " + ", ".join(
              f"{k} {meta_stats[k + '_exact'] / n:.0%}" for k in META_TRUTH))
    out["metadata"] = dict(meta_stats)
    out["threshold_for_half_percent"] = print_reliability(reliability(scored, results))
    reasons = [_review_reasons(rec, pages, fields, args.threshold)
               for rec, pages, (fields, _) in zip(scored, dossier_texts, results)]
    loaded = sum(1 for r in reasons if not r)
    print(f"good dossiers whose required fields are all certain (loaded with no review): {loaded}/{len(scored)}")
    held = defaultdict(int)
    for r in reasons:
        for key, problem in r:
            held[f"{key} {problem.split()[0]}"] += 1
    if held:
        print("held for review by: " + ", ".join(f"{k} {v}" for k, v in sorted(held.items(), key=lambda kv: -kv[1])))
    out["loaded_without_review"] = loaded
    tag = ("text" if args.text_truth else "ocr") + (f"_{args.split}" if args.split else "") + f"_s{args.seed}_n{args.count}"
    (OUT / f"extraction_report_{tag}.json").write_text(json.dumps(out, indent=1, ensure_ascii=False))
    if args.dump:
        (OUT / f"extraction_mismatches_{tag}.jsonl").write_text(
            "\n".join(json.dumps(m, ensure_ascii=False) for m in mismatches))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
