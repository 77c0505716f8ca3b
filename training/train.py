"""Labelled dossiers for the classifier, and training/evaluation runs with the artefact stored.

Labels come from truth files written by `sohoa samples` and from procedures a reviewer set.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from classifiers import Report, TrainParams, evaluate, labelled_examples, load_catalog, train
from training.models import load_current_model, save_model
from sohoa.config import Settings
from storage.objects import open_store
from storage.pipeline_db import PipelineDB

REVIEWER = "reviewer"  # Classification.method of a procedure set by a person


@dataclass
class Labelled:
    texts: list[str]
    labels: list[str]


def from_truth(paths: list[Path]) -> Labelled:
    records = [json.loads(line) for path in paths
               for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return Labelled(*labelled_examples(records))


def from_reviews(db: PipelineDB) -> Labelled:
    """Dossiers whose procedure a reviewer set or confirmed, with their OCR text."""
    texts, labels = [], []
    for batch in db.list_batches():
        for v in db.dossier_views(batch):
            c = v.classification
            if c and c.key and c.method == REVIEWER and any(t.strip() for t in v.page_texts):
                texts.append("\f".join(v.page_texts))
                labels.append(c.key)
    return Labelled(texts, labels)


def train_and_store(settings: Settings, truth: list[Path], use_reviews: bool = True, noisy_copies: int = 2):
    data = from_truth(truth)
    if use_reviews:
        db = PipelineDB(settings.pipeline_db_url)
        reviewed = from_reviews(db)
        db.close()
        data = Labelled(data.texts + reviewed.texts, data.labels + reviewed.labels)
    if not data.texts:
        raise ValueError("no labelled dossiers: give --truth files or review some dossiers first")
    unknown = set(data.labels) - set(load_catalog().keys)
    if unknown:
        raise ValueError(f"labels not in the procedure catalog: {sorted(unknown)}")
    # OCR-like damage (lost tone marks, confusions) so the model meets scans, not clean text; the
    # damaged copies are added after the held-out split, so calibration never sees a training twin
    model = train(data.texts, data.labels, TrainParams(noisy_copies=noisy_copies))
    key = save_model(open_store(settings), model)
    return model, key, len(data.texts)


def evaluate_current(settings: Settings, truth: list[Path]) -> Report:
    data = from_truth(truth)
    if not data.texts:
        raise ValueError("no labelled dossiers in the truth files")
    model = load_current_model(open_store(settings))
    if model is not None and not hasattr(model, "predict_proba"):
        raise ValueError(f"the stored model is unusable: {model.error}")
    return evaluate(model, data.texts, data.labels, load_catalog())
