"""Stage 2: a linear model over Vietnamese text features with calibrated probabilities.

`train(texts, labels)` returns a `Model` whose `version` is a hash of the training data and the
parameters, so retraining on corrected labels gives a new version and the same data the same one.
`to_bytes()` / `from_bytes()` carry a FORMAT_VERSION; a mismatch raises `ModelFormatError`
(review / classifier_unavailable) instead of unpickling something the code no longer understands.
"""
from __future__ import annotations

import hashlib
import io
import json
import pickle
import time
from dataclasses import asdict, dataclass, field

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC

from sohoa.errors import Reason, ReviewError

from .features import build_features

FORMAT_VERSION = 1
_MAGIC = b"SOHOA-CLF\n"


class ModelFormatError(ReviewError):
    """The stored model cannot be used by this code; dossiers go to review."""

    def __init__(self, message: str):
        super().__init__(Reason.classifier_unavailable, message)


@dataclass(frozen=True)
class TrainParams:
    C: float = 0.5
    n_features: int = 2**18
    calibration_folds: int = 3
    holdout: float = 0.15  # share kept aside to choose the threshold and report metrics
    max_error_rate: float = 0.002  # errors allowed among held-out predictions above the threshold
    min_threshold: float = 0.80
    seed: int = 0


@dataclass
class Model:
    labels: list[str]
    estimator: object  # fitted sklearn pipeline: features -> calibrated linear model
    threshold: float
    data_hash: str
    params: TrainParams
    metrics: dict = field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    _fast: object = field(default=None, repr=False, compare=False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_fast"] = None  # rebuilt on first use; keeps the dense weights out of the artefact
        return state

    @property
    def version(self) -> str:
        body = json.dumps({"data": self.data_hash, "params": asdict(self.params), "format": self.format_version},
                          sort_keys=True)
        return "clf-" + hashlib.sha256(body.encode()).hexdigest()[:12]

    def predict_proba_many(self, texts: list[str]) -> np.ndarray:
        return self.estimator.predict_proba(list(texts))

    def predict_proba(self, text: str) -> dict[str, float]:
        """One dossier. Same numbers as the sklearn pipeline, without its per-call validation and
        copies, which cost more than the arithmetic for a single text."""
        if self._fast is None:
            self._fast = _FastScorer(self.estimator)
        return dict(zip(self.labels, self._fast.proba(text).tolist()))

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        _set_coef(self.estimator, sparse=True)
        try:
            pickle.dump({"format_version": self.format_version, "model": self}, buf, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            _set_coef(self.estimator, sparse=False)
        return _MAGIC + buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Model:
        if not data.startswith(_MAGIC):
            raise ModelFormatError("not a sohoa classifier artefact")
        try:
            payload = pickle.loads(data[len(_MAGIC):])  # our own artefact from the object store
        except Exception as e:  # noqa: BLE001 - any unpickling failure means the artefact is unusable
            raise ModelFormatError(f"classifier artefact unreadable: {type(e).__name__}") from None
        found = payload.get("format_version") if isinstance(payload, dict) else None
        if found != FORMAT_VERSION:
            raise ModelFormatError(f"classifier format {found}, this code reads {FORMAT_VERSION}")
        model = payload["model"]
        _set_coef(model.estimator, sparse=False)
        return model


class _FastScorer:
    def __init__(self, est):
        union, cal = est[0], est[-1]
        self.views = [(pipe[0], pipe[1].idf_.astype(np.float32), pipe[1].sublinear_tf, pipe[1].norm)
                      for _, pipe in union.transformer_list]
        cc = cal.calibrated_classifiers_[0]  # ensemble=False: exactly one
        coef = cc.estimator.coef_
        coef = coef.toarray() if hasattr(coef, "toarray") else np.asarray(coef)
        self.weights = np.ascontiguousarray(coef.T, dtype=np.float32)  # (features, classes): rows gather fast
        self.intercept = np.asarray(cc.estimator.intercept_, dtype=np.float64)
        self.calibrators = cc.calibrators

    def proba(self, text: str) -> np.ndarray:
        rows, vals, offset = [], [], 0
        for hv, idf, sublinear, norm in self.views:
            x = hv.transform([text])
            d = x.data.astype(np.float32)
            if sublinear:
                d = np.log(d) + 1.0
            d *= idf[x.indices]
            if norm == "l2":
                n = float(np.sqrt(np.dot(d, d)))
                if n > 0:
                    d /= n
            rows.append(x.indices + offset)
            vals.append(d)
            offset += hv.n_features
        idx, val = np.concatenate(rows), np.concatenate(vals)
        scores = val.astype(np.float64) @ self.weights[idx].astype(np.float64) + self.intercept
        p = np.array([c.predict(scores[k:k + 1])[0] for k, c in enumerate(self.calibrators)])
        total = p.sum()
        return p / total if total > 0 else np.full_like(p, 1 / len(p))


def labelled_examples(records) -> tuple[list[str], list[str]]:
    """(texts, labels) from truth.jsonl records or reviewed dossiers: dicts with "text" (pages
    joined by \f) and "procedure"; records without both (bad files) are skipped."""
    texts, labels = [], []
    for r in records:
        if r.get("text") and r.get("procedure"):
            texts.append(r["text"])
            labels.append(r["procedure"])
    return texts, labels


def data_hash(texts: list[str], labels: list[str]) -> str:
    """Order-independent hash of (text, label) pairs."""
    items = sorted(hashlib.sha256(f"{lab}\x00{t}".encode()).hexdigest() for t, lab in zip(texts, labels))
    return hashlib.sha256("\n".join(items).encode()).hexdigest()


def _fit(texts, labels, params: TrainParams):
    from sklearn.pipeline import make_pipeline

    # ensemble=False: one linear model fit on everything, calibrated on cross-validated scores
    clf = CalibratedClassifierCV(LinearSVC(C=params.C), method="sigmoid", cv=params.calibration_folds,
                                 ensemble=False)
    est = make_pipeline(build_features(params.n_features), clf)
    est.fit(list(texts), list(labels))
    _set_coef(est, sparse=False)
    return est


def _set_coef(est, sparse: bool) -> None:
    """Sparse coefficients for storage (hashed columns never seen stay zero, so the artefact is a
    few MB); dense float32 for prediction (a sparse coef is re-converted on every call)."""
    for cc in est[-1].calibrated_classifiers_:
        lin = cc.estimator
        if sparse:
            lin.sparsify()
        else:
            lin.densify()
        lin.coef_ = lin.coef_.astype(np.float32)


def choose_threshold(conf: np.ndarray, correct: np.ndarray, params: TrainParams) -> float:
    """Lowest threshold whose accepted predictions have at most max_error_rate errors."""
    order = np.argsort(-conf)
    conf, correct = conf[order], correct[order]
    errors = np.cumsum(~correct)
    n = np.arange(1, len(conf) + 1)
    ok = errors <= params.max_error_rate * n
    # the largest prefix that stays within the error budget sets the threshold
    idx = np.nonzero(ok)[0]
    t = conf[idx[-1]] if len(idx) else 1.0
    return float(max(params.min_threshold, min(t, 0.999)))


def train(texts: list[str], labels: list[str], params: TrainParams | None = None) -> Model:
    params = params or TrainParams()
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ValueError("training needs at least two procedures")
    t0 = time.perf_counter()
    tr_x, ho_x, tr_y, ho_y = train_test_split(list(texts), list(labels), test_size=params.holdout,
                                              random_state=params.seed, stratify=list(labels))
    est = _fit(tr_x, tr_y, params)
    proba = est.predict_proba(ho_x)
    labels_out = [str(c) for c in est.classes_]
    pred = np.array(labels_out)[proba.argmax(1)]
    conf = proba.max(1)
    correct = pred == np.array(ho_y)
    threshold = choose_threshold(conf, correct, params)
    accepted = conf >= threshold
    metrics = {
        "train_size": len(tr_x), "holdout_size": len(ho_x),
        "holdout_accuracy": round(float(correct.mean()), 4),
        "holdout_abstention": round(float(1 - accepted.mean()), 4),
        "holdout_confident_errors": int((accepted & ~correct).sum()),
        "threshold": round(threshold, 4),
        "train_seconds": round(time.perf_counter() - t0, 2),
    }
    return Model(labels=labels_out, estimator=est, threshold=threshold,
                 data_hash=data_hash(texts, labels), params=params, metrics=metrics)
