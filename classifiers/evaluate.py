"""Evaluate the whole decision (rules + model + abstention) on labelled dossiers."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from .catalog import Catalog
from .decide import classify

ABSTAIN = "(review)"


@dataclass
class Report:
    n: int
    correct: int  # classified and right
    abstained: int
    confident_errors: int  # classified and wrong: the expensive case
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (truth, predicted) -> count
    reasons: dict[str, int] = field(default_factory=dict)
    methods: dict[str, int] = field(default_factory=dict)
    ms_per_dossier: float = 0.0
    model_version: str | None = None
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (index, truth, predicted)
    decided: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, right) per decision

    @property
    def calibration_gap(self) -> float:
        """Expected calibration error of the decisions (10 confidence bins): how far the stated
        confidence is from the observed accuracy."""
        if not self.decided:
            return 0.0
        total = 0.0
        for lo in [i / 10 for i in range(10)]:
            b = [(c, r) for c, r in self.decided if lo <= c < lo + 0.1 or (lo == 0.9 and c == 1.0)]
            if b:
                total += len(b) * abs(sum(c for c, _ in b) / len(b) - sum(r for _, r in b) / len(b))
        return total / len(self.decided)

    @property
    def classified(self) -> int:
        return self.n - self.abstained

    @property
    def accuracy(self) -> float:
        """Share right among the dossiers the classifier decided."""
        return self.correct / self.classified if self.classified else 0.0

    @property
    def abstention_rate(self) -> float:
        return self.abstained / self.n if self.n else 0.0

    @property
    def confident_error_rate(self) -> float:
        return self.confident_errors / self.n if self.n else 0.0

    def as_dict(self) -> dict:
        return {"n": self.n, "accuracy": round(self.accuracy, 4), "abstention_rate": round(self.abstention_rate, 4),
                "confident_error_rate": round(self.confident_error_rate, 4),
                "confident_errors": self.confident_errors, "ms_per_dossier": round(self.ms_per_dossier, 2),
                "calibration_gap": round(self.calibration_gap, 4),
                "model_version": self.model_version, "methods": self.methods, "reasons": self.reasons}

    def render(self) -> str:
        truths = sorted({t for t, _ in self.confusion})
        preds = truths + sorted({p for _, p in self.confusion} - set(truths) - {ABSTAIN}) + [ABSTAIN]
        short = {k: k[:10] for k in preds}
        out = [
            f"dossiers: {self.n}   model: {self.model_version or '(rules only)'}",
            f"accuracy (of classified): {self.accuracy:.2%}   abstention: {self.abstention_rate:.2%}   "
            f"confident errors: {self.confident_errors} ({self.confident_error_rate:.2%})",
            f"classify time: {self.ms_per_dossier:.1f} ms/dossier   methods: {dict(self.methods)}   "
            f"calibration gap: {self.calibration_gap:.3f}",
            "",
            "confusion (rows truth, columns predicted):",
            " " * 34 + " ".join(f"{short[p]:>10}" for p in preds),
        ]
        for t in truths:
            out.append(f"{t[:33]:<34}" + " ".join(f"{self.confusion.get((t, p), 0):>10}" for p in preds))
        return "\n".join(out)


def evaluate(model, texts: list[str], labels: list[str], catalog: Catalog) -> Report:
    """Run classify() on each dossier text (pages joined by \\f) and compare with its label."""
    confusion: Counter = Counter()
    reasons: Counter = Counter()
    methods: Counter = Counter()
    correct = abstained = wrong = 0
    errors, decided = [], []
    t0 = time.perf_counter()
    for i, (text, truth) in enumerate(zip(texts, labels)):
        c = classify(text.split("\f"), catalog, model=model)
        methods[c.method] += 1
        if c.key is None:
            abstained += 1
            reasons[c.reason or "?"] += 1
            confusion[(truth, ABSTAIN)] += 1
            continue
        confusion[(truth, c.key)] += 1
        decided.append((c.confidence, c.key == truth))
        if c.key == truth:
            correct += 1
        else:
            wrong += 1
            errors.append((i, truth, c.key))
    elapsed = time.perf_counter() - t0
    return Report(n=len(texts), correct=correct, abstained=abstained, confident_errors=wrong,
                  confusion=dict(confusion), reasons=dict(reasons), methods=dict(methods),
                  ms_per_dossier=1000 * elapsed / max(1, len(texts)),
                  model_version=getattr(model, "version", None), errors=errors, decided=decided)
