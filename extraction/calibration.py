"""Confidence as a measured probability: a logistic model over typed evidence of each value.

The evidence (OCR word confidences, how well the label matched, spelling, guessed characters,
validation, a second reading, whose value it is, the field's kind) is turned into the chance the
value is right by a model fitted on labelled values from templates, typefaces and names that no
extraction rule was tuned on (`bench/calibrate.py` writes `data/calibration.json`). The fitted
coefficients are plain numbers here: scoring needs no scikit-learn.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from extraction.candidates import Candidate
from extraction.text import min_conf
from extraction.values import KIND

MODEL_PATH = Path(__file__).parent / "data" / "calibration.json"
KINDS = ("name", "citizen_id", "date", "address", "phone", "tax", "number", "text", "gender")
ROLES = ("named", "block", "default", "ambiguous", "table")
REREADS = ("agree", "disagree", "replaced")


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def evidence(c: Candidate, hand: float) -> dict[str, float]:
    """Typed evidence of one chosen value; `hand` is the rule-based score it got."""
    role = "table" if c.extra.get("table") else c.extra.get("role", "named")
    ev = {
        "hand": _logit(hand),
        "ocr": c.ocr,
        "weakest_word": (min_conf(c.words) / 100.0) if c.words and c.ocr < 1.0 else 1.0,
        "text_layer": float(c.ocr >= 1.0),
        "match": c.match,
        "spelling": c.text_factor,
        "repairs": float(min(c.parsed.repairs, 3)),
        "valid": float(c.parsed.problem is None),
        "agrees": float("agrees" in c.extra),
        "second_choice": float("chosen_by" in c.extra),
    }
    how = c.extra.get("reread")
    ev.update({f"reread_{r}": float(how == r) for r in REREADS})
    ev.update({f"role_{r}": float(role == r) for r in ROLES})
    kind = KIND.get(c.key, "text")
    ev.update({f"kind_{k}": float(kind == k) for k in KINDS})
    return ev


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> dict | None:
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def probability(ev: dict[str, float], model: dict | None) -> float | None:
    """P(value right | evidence), or None without a fitted model."""
    if model is None:
        return None
    z = model["intercept"] + sum(w * ev.get(name, 0.0) for name, w in model["weights"].items())
    return 1.0 / (1.0 + math.exp(-z))


DEFAULT_THRESHOLD = 0.80  # without a fitted model: the rule-based scores' long-standing cut
# what extraction caps values it holds never certain at (whose value it is, which paper's date or
# which of two readings is unsure): a review threshold is always above it
NEVER_CERTAIN = 0.5


def review_threshold(path: Path = MODEL_PATH) -> float:
    """The confidence below which a value goes to review: read off the fitted model's reliability
    table (at most 0.5 % of values above it wrong on the fitting data), else the default."""
    model = load_model(path)
    return float(model.get("review_threshold", DEFAULT_THRESHOLD)) if model else DEFAULT_THRESHOLD
