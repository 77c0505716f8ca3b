"""Classifier benchmark: held-out templates, real OCR of degraded scans, cost of training.

    .venv/bin/python bench/classifier_bench.py [--train 10000] [--test 2000]

Training set (10,000 dossiers by default): this bench's own corpus families a-c (all ten
procedures, bench/classifier_corpus.py) plus samples/' form layouts 1-3 and decision layouts 1-2
(text only, no drawing), every text passed through simulated OCR damage at a random level.
Evaluated on templates the model never saw:
  heldout_families  corpus families d-e (other headings, labels, field order, subject wordings)
  heldout_samples   samples/ form layout 4 and decision layout 3, clean and damaged, and with the
                    top 8 lines of every page cut off (no title: the model alone must carry it)
  degraded_ocr      real OCR (ocr.pipeline.read_file) of scans from samples.generate, every
                    degradation profile, from bench/out/classifier_ocr_*.jsonl (bench/classifier_ocr.py)
Prints accuracy (of the dossiers classified), abstention rate, confident-error rate, rules-only
figures, ms per dossier, and training time and peak memory (training runs in a child process so
its peak RSS is its own). Writes bench/out/classifier_report.json and the model artefact.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import classifier_corpus as corpus  # noqa: E402
from classifiers import Model, evaluate, load_catalog, train  # noqa: E402
from classifiers.noise import degrade_text  # noqa: E402

OUT = ROOT / "bench" / "out"
TRAIN_FAMILIES, TEST_FAMILIES = (0, 1, 2), (3, 4)
TRAIN_FORMS, TEST_FORMS = (1, 2, 3), (4,)
TRAIN_DECISIONS, TEST_DECISIONS = (1, 2), (3,)


def samples_texts(n: int, form_layouts, decision_layouts, seed: int) -> tuple[list[str], list[str]]:
    """Dossier texts from samples/' own templates, laid out but not drawn."""
    from samples import decision, forms
    from samples.cases import PROCEDURES, make_case
    from samples.forms import Style
    from samples.render import layout

    texts, labels = [], []
    for i in range(n):
        rnd = random.Random(f"clf:{seed}:{i}")
        proc = PROCEDURES[i % len(PROCEDURES)]
        case, style = make_case(rnd, proc), Style.draw(rnd)
        kind = rnd.choices(["form", "mixed", "decision"], weights=[55, 30, 15])[0]
        docs = []
        if kind in ("form", "mixed"):
            docs.append(forms.build_form(case, rnd, rnd.choice(form_layouts), style))
        if kind in ("decision", "mixed"):
            docs.append(decision.build_decision(case, rnd, rnd.choice(decision_layouts), style))
        pages = [pl.text for d in docs for pl in layout(d.items, "freeserif")]
        texts.append("\f".join(pages))
        labels.append(proc)
    return texts, labels


def damage(texts: list[str], seed: int, levels=(0.0, 0.3, 0.6, 1.0)) -> list[str]:
    r = random.Random(seed)
    return [degrade_text(t, r, r.choice(levels)) for t in texts]


def build_train(n: int, seed: int = 1) -> tuple[list[str], list[str]]:
    n_samples = n * 2 // 5  # samples/ covers 6 procedures, the corpus all 10
    xs, ys = samples_texts(n_samples, TRAIN_FORMS, TRAIN_DECISIONS, seed)
    xc, yc, _ = corpus.corpus(n - n_samples, TRAIN_FAMILIES, seed=seed)
    return damage(xs + xc, seed), ys + yc


def _train_child(n: int, path: str, q) -> None:
    t0 = time.perf_counter()
    texts, labels = build_train(n)
    t_data = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    model = train(texts, labels)
    t_train, c_train = time.perf_counter() - t1, time.process_time() - c1
    Path(path).write_bytes(model.to_bytes())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    q.put({"n": len(texts), "data_seconds": round(t_data, 1), "train_seconds": round(t_train, 1), "train_cpu_seconds": round(c_train, 1),
           "load_average": [round(x, 1) for x in __import__("os").getloadavg()],
           "peak_rss_mb": round(peak_mb), "version": model.version, "metrics": model.metrics})


def train_in_child(n: int, path: Path) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_train_child, args=(n, str(path), q))
    p.start()
    out = q.get()
    p.join()
    return out


def degraded_set() -> tuple[list[str], list[str], list[dict]]:
    texts, labels, meta = [], [], []
    for f in sorted(OUT.glob("classifier_ocr_*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append("\f".join(row["ocr_pages"]))
            labels.append(row["procedure"])
            meta.append(row)
    return texts, labels, meta


def line(name: str, rep) -> str:
    return (f"{name:<26} n={rep.n:<5} accuracy {rep.accuracy:7.2%}  abstention {rep.abstention_rate:6.2%}  "
            f"confident errors {rep.confident_errors} ({rep.confident_error_rate:.2%})  {rep.ms_per_dossier:5.1f} ms/dossier")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=int, default=10000)
    ap.add_argument("--test", type=int, default=2000)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    cat = load_catalog()
    model_path = OUT / "classifier_model.bin"

    cost = train_in_child(args.train, model_path)
    print(f"training: {cost['n']} dossiers, fit {cost['train_seconds']} s wall / {cost['train_cpu_seconds']} s CPU "
          f"(load average {cost['load_average']}; + {cost['data_seconds']} s to generate "
          f"the texts), peak RSS {cost['peak_rss_mb']} MB, model {cost['version']}, "
          f"artefact {model_path.stat().st_size / 2**20:.1f} MB")
    print(f"training holdout (same templates): {cost['metrics']}")
    model = Model.from_bytes(model_path.read_bytes())

    sets = {}
    xf, yf, _ = corpus.corpus(args.test, TEST_FAMILIES, seed=7)
    sets["heldout_families_clean"] = (xf, yf)
    sets["heldout_families_damaged"] = (damage(xf, 8, (0.5, 1.0)), yf)
    xs, ys = samples_texts(args.test // 2, TEST_FORMS, TEST_DECISIONS, seed=9)
    sets["heldout_samples_clean"] = (xs, ys)
    sets["heldout_samples_damaged"] = (damage(xs, 10, (0.5, 1.0)), ys)
    # the header lost (torn, cropped or unreadable top of every page): no title, often no subject
    # line; what is left is the body, where the rules have little to go on
    headless = ["\f".join("\n".join(p.split("\n")[8:]) for p in t.split("\f")) for t in xs]
    sets["heldout_samples_headless"] = (damage(headless, 11, (0.0, 0.5)), ys)
    xd, yd, meta = degraded_set()
    if xd:
        sets["degraded_ocr"] = (xd, yd)

    report = {"training": cost, "sets": {}}
    print()
    for name, (x, y) in sets.items():
        rep = evaluate(model, x, y, cat)
        rules = evaluate(None, x, y, cat)
        print(line(name, rep))
        print(line("  rules only", rules))
        report["sets"][name] = {"combined": rep.as_dict(), "rules_only": rules.as_dict()}
        if name == "degraded_ocr":
            print(rep.render())
            for i, truth, got in rep.errors:
                m = meta[i]
                print(f"  confident error: {m['batch']}/{m['source']} {truth} -> {got} {m['layout']} {m['degradations']}")
            held = [i for i, m in enumerate(meta) if "form-v4" in m["layout"] or "decision-v3" in m["layout"]]
            if held:
                sub = evaluate(model, [x[i] for i in held], [y[i] for i in held], cat)
                print(line("  held-out layouts only", sub))
                report["sets"]["degraded_ocr_heldout_layouts"] = sub.as_dict()
    (OUT / "classifier_report.json").write_text(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    main()
