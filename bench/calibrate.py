"""Fit the confidence model (extraction/calibration.py) on the calibration split.

    .venv/bin/python bench/calibrate.py --count 60 --seed 1001

Generates the calibration split's batch (bench/splits.py: templates, typefaces and names no
extraction rule was tuned on), reads it with the real OCR stage (cached like
bench/extraction_bench.py), records the typed evidence behind every valid value extraction emits
and whether the value is right, fits a logistic regression (scikit-learn) and writes its
coefficients to bench/out/calibration.json (`--install`: extraction/data/calibration.json, where
extraction loads it; without that file confidences stay the rule-based scores). The reliability
table printed at the end, and the review threshold read off it, are out-of-fold (each value scored
by a model fitted without its dossier); the held-out one is printed by
`bench/extraction_bench.py --split test`.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction_bench import (OUT, UNSCORED_IF_ABSENT, dossier_pages, make_batch,  # noqa: E402
                                    print_reliability)
from extraction import calibration, extract_fields  # noqa: E402


def collect(split: str, seed: int, count: int, workers: int = 1) -> tuple[list[dict], list[bool], list[str]]:
    from ocr.options import OcrOptions

    batch, truth_path = make_batch(split, seed, count)
    records = [json.loads(x) for x in truth_path.read_text().splitlines() if x.strip()]
    opts = OcrOptions(workers=workers)
    X, y, groups = [], [], []
    for i, rec in enumerate(r for r in records if r.get("fields")):
        pages = dossier_pages(batch, rec, opts, OUT / "ocr_work", False)
        ev: dict = {}
        fields = extract_fields(pages, evidence=ev)
        for key, fv in fields.items():
            if not fv.valid or not fv.value or key not in ev:
                continue
            truth = rec["fields"].get(key)
            if truth in (None, "") and key in UNSCORED_IF_ABSENT:
                continue
            X.append(ev[key])
            y.append(truth not in (None, "") and fv.value == str(truth))
            groups.append(f"{seed}:{rec['source']}")
        print(f"\r{i + 1} dossiers", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return X, y, groups


def out_of_fold(X: list[dict], y: list[bool], groups: list[str], c: float, features: list[str] | None,
                folds: int = 5) -> list[float]:
    """Each value's probability from a model fitted without its dossier: the reliability table
    and the threshold read off it are then measured, not the fit's own data echoed back."""
    from sklearn.model_selection import GroupKFold

    probs = [0.0] * len(y)
    for train, held in GroupKFold(n_splits=folds).split(X, y, groups):
        model = fit([X[i] for i in train], [y[i] for i in train], c, features)
        for i in held:
            probs[i] = calibration.probability(X[i], model)
    return probs


def fit(X: list[dict], y: list[bool], c: float, features: list[str] | None = None) -> dict:
    from sklearn.linear_model import LogisticRegression

    names = sorted(features or {k for row in X for k in row})
    matrix = [[row.get(n, 0.0) for n in names] for row in X]
    model = LogisticRegression(C=c, max_iter=2000).fit(matrix, y)
    return {"intercept": float(model.intercept_[0]),
            "weights": {n: round(float(w), 6) for n, w in zip(names, model.coef_[0])},
            "fitted_on": {"n": len(y), "right": int(sum(y))}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, action="append", default=None)
    ap.add_argument("--split", default="calibrate")
    ap.add_argument("--workers", type=int, default=1, help="OCR workers per file (pages in parallel)")
    ap.add_argument("--features", default="hand,role_ambiguous,agrees,reread_disagree",
                    help="comma-separated evidence names the model uses ('all': every one); few wrong "
                         "values in the fitting data cannot support many weights")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--install", action="store_true",
                    help="write the model where extraction loads it (extraction/data/calibration.json); "
                         "by default it goes to bench/out/ so a fit is checked before it is used")
    args = ap.parse_args(argv)
    X, y, groups = [], [], []
    for seed in args.seed or [1001]:
        xs, ys, gs = collect(args.split, seed, args.count, args.workers)
        X, y, groups = X + xs, y + ys, groups + gs
    feats = None if args.features == "all" else [f.strip() for f in args.features.split(",") if f.strip()]
    model = fit(X, y, args.C, feats)
    model["fitted_on"].update({"split": args.split, "seeds": args.seed or [1001], "count": args.count})
    # the review threshold is read off the out-of-fold table (5 folds by dossier): the lowest
    # confidence above which at most 0.5 % of values, each scored by a model that never saw its
    # dossier, are wrong
    pairs = list(zip(out_of_fold(X, y, groups, args.C, feats), y))
    print("out-of-fold reliability (5 folds by dossier)")
    model["review_threshold"] = print_reliability(pairs) or 0.99
    path = calibration.MODEL_PATH if args.install else OUT / "calibration.json"
    path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"fitted on {len(y)} values ({sum(y)} right), review threshold {model['review_threshold']} "
          f"-> {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
