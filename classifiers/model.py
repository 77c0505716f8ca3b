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
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.linear_model import SGDClassifier

from sohoa.errors import Reason, ReviewError

from .features import Features, build_features
from .noise import augment

FORMAT_VERSION = 3  # 3: linear SVM (SGD) + per-class Platt scaling fitted on a held-out split
_MAGIC = b"SOHOA-CLF\n"


class ModelFormatError(ReviewError):
    """The stored model cannot be used by this code; dossiers go to review."""

    def __init__(self, message: str):
        super().__init__(Reason.classifier_unavailable, message)


@dataclass(frozen=True)
class TrainParams:
    alpha: float = 2e-5  # L2 regularisation of the linear SVM
    epochs: int = 20
    n_features: int = 2**18
    holdout: float = 0.2  # kept aside: half calibrates the probabilities, half sets the threshold
    max_error_rate: float = 0.002  # errors allowed among held-out predictions above the threshold
    min_threshold: float = 0.80
    noisy_copies: int = 0  # OCR-damaged copies added per dossier, after the split (see train)
    seed: int = 0


class PlattLinear:
    """A fitted linear SVM whose one-vs-rest scores go through a sigmoid per class (Platt scaling),
    normalised to sum to one. Fitted on data the SVC did not see, so the scale is honest."""

    def __init__(self, svc: SGDClassifier, a: np.ndarray, b: np.ndarray):
        self.svc, self.a, self.b = svc, a, b
        self.classes_ = svc.classes_

    def scores(self, X) -> np.ndarray:
        s = self.svc.decision_function(X)
        return np.column_stack([-s, s]) if s.ndim == 1 else s

    def proba_from_scores(self, s: np.ndarray) -> np.ndarray:
        p = expit(self.a * s + self.b)
        total = p.sum(axis=1, keepdims=True)
        return np.divide(p, total, out=np.full_like(p, 1 / p.shape[1]), where=total > 0)

    def predict_proba(self, X) -> np.ndarray:
        return self.proba_from_scores(self.scores(X))

    @classmethod
    def fit(cls, svc: SGDClassifier, X, y) -> PlattLinear:
        s = cls(svc, np.ones(len(svc.classes_)), np.zeros(len(svc.classes_))).scores(X)
        y = np.asarray(y)
        a, b = np.ones(s.shape[1]), np.zeros(s.shape[1])
        for k, label in enumerate(svc.classes_):
            target = y == label
            if target.all() or not target.any():
                continue  # nothing to learn a scale from: keep the plain sigmoid
            lr = LogisticRegression(C=1e4).fit(s[:, k:k + 1], target)
            a[k], b[k] = lr.coef_[0, 0], lr.intercept_[0]
        return cls(svc, a, b)


@dataclass
class Model:
    labels: list[str]
    features: Features
    classifier: PlattLinear
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
        return self.classifier.predict_proba(self.features.transform(list(texts)))

    def predict_proba(self, text: str) -> dict[str, float]:
        """One dossier. Same numbers as the sklearn pipeline, without its per-call validation and
        copies, which cost more than the arithmetic for a single text."""
        if self._fast is None:
            self._fast = _FastScorer(self.features, self.classifier)
        return dict(zip(self.labels, self._fast.proba(text).tolist()))

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        _set_coef(self.classifier, sparse=True)
        try:
            pickle.dump({"format_version": self.format_version, "model": self}, buf, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            _set_coef(self.classifier, sparse=False)
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
        _set_coef(model.classifier, sparse=False)
        return model


def _set_coef(clf: PlattLinear, sparse: bool) -> None:
    """Sparse coefficients for storage (hashed columns never seen stay zero, so the artefact is a
    few MB); dense float32 for prediction (a sparse coef is re-converted on every call)."""
    svc = clf.svc
    if sparse:
        svc.sparsify()
    else:
        svc.densify()
    svc.coef_ = svc.coef_.astype(np.float32)


class _FastScorer:
    def __init__(self, features: Features, platt: PlattLinear):
        self.platt = platt
        self.views = [(hv, tfidf.idf_.astype(np.float32), tfidf.sublinear_tf, tfidf.norm)
                      for _, hv, tfidf in features.views]
        svc = self.platt.svc
        coef = svc.coef_.toarray() if hasattr(svc.coef_, "toarray") else np.asarray(svc.coef_)
        self.weights = np.ascontiguousarray(coef.T, dtype=np.float32)  # (features, classes): rows gather fast
        self.intercept = np.asarray(svc.intercept_, dtype=np.float64)

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
        s = val.astype(np.float64) @ self.weights[idx].astype(np.float64) + self.intercept
        if s.shape[0] == 1:  # binary SVC: one score for the second class
            s = np.array([-s[0], s[0]])
        return self.platt.proba_from_scores(s[None, :])[0]


def labelled_examples(records) -> tuple[list[str], list[str]]:
    """(texts, labels) from truth.jsonl records or reviewed dossiers: dicts with "text" (pages
    joined by \\f) and "procedure"; records without both (bad files) are skipped."""
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


def choose_threshold(conf: np.ndarray, correct: np.ndarray, params: TrainParams) -> float:
    """Lowest threshold whose accepted predictions have at most max_error_rate errors."""
    order = np.argsort(-conf)
    conf, correct = conf[order], correct[order]
    errors = np.cumsum(~correct)
    n = np.arange(1, len(conf) + 1)
    idx = np.nonzero(errors <= params.max_error_rate * n)[0]
    t = conf[idx[-1]] if len(idx) else 1.0
    return float(max(params.min_threshold, min(t, 0.999)))


def _split(texts, labels, share, seed):
    try:
        return train_test_split(texts, labels, test_size=share, random_state=seed, stratify=labels)
    except ValueError:  # a procedure with too few examples to stratify: plain random split
        return train_test_split(texts, labels, test_size=share, random_state=seed)


def train(texts: list[str], labels: list[str], params: TrainParams | None = None) -> Model:
    """Fit features and a linear SVM on most of the data, Platt-calibrate it on a held-out part and
    choose the abstention threshold on another. One fit and no cross-validation copies, so 10,000
    dossiers train in about a minute and well under 1 GB."""
    params = params or TrainParams()
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    if len(set(labels)) < 2:
        raise ValueError("training needs at least two procedures")
    t0 = time.perf_counter()
    tr_x, rest_x, tr_y, rest_y = _split(list(texts), list(labels), params.holdout, params.seed)
    ca_x, th_x, ca_y, th_y = _split(rest_x, rest_y, 0.5, params.seed)
    if params.noisy_copies:
        # damage after splitting: a damaged copy of a training dossier in the calibration or
        # threshold part would make the model look surer than it is on dossiers it never saw
        tr_x, tr_y = augment(tr_x, tr_y, copies=params.noisy_copies, seed=params.seed)
        ca_x, ca_y = augment(ca_x, ca_y, copies=1, seed=params.seed + 1)
        th_x, th_y = augment(th_x, th_y, copies=1, seed=params.seed + 2)

    features = build_features(params.n_features)
    x_train = features.fit_transform(tr_x).astype(np.float64)  # SGD would copy anything else
    # a linear SVM trained by SGD works on the CSR matrix in place; liblinear (LinearSVC) would
    # copy it once more into its own format, ~150 MB extra for 10,000 dossiers
    svc = SGDClassifier(loss="hinge", alpha=params.alpha, max_iter=params.epochs, tol=None,
                        random_state=params.seed).fit(x_train, tr_y)
    del x_train
    platt = PlattLinear.fit(svc, features.transform(ca_x), ca_y)
    _set_coef(platt, sparse=False)

    proba = platt.predict_proba(features.transform(th_x))
    labels_out = [str(c) for c in svc.classes_]
    pred = np.array(labels_out)[proba.argmax(1)]
    conf = proba.max(1)
    correct = pred == np.array(th_y)
    threshold = choose_threshold(conf, correct, params)
    accepted = conf >= threshold
    metrics = {
        "train_size": len(tr_x), "calibration_size": len(ca_x), "threshold_size": len(th_x),
        "holdout_accuracy": round(float(correct.mean()), 4),
        "holdout_abstention": round(float(1 - accepted.mean()), 4),
        "holdout_confident_errors": int((accepted & ~correct).sum()),
        "threshold": round(threshold, 4),
        "train_seconds": round(time.perf_counter() - t0, 2),
    }
    return Model(labels=labels_out, features=features, classifier=platt, threshold=threshold,
                 data_hash=data_hash(texts, labels), params=params, metrics=metrics)
