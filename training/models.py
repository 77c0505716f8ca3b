"""Classifier artefacts in the object store: `models/classifier/<version>.bin` plus a `current` pointer.

The pipeline records which version classified each dossier, so the pointer may move freely.
"""
from __future__ import annotations

import json
import logging

from classifiers.model import Model, ModelFormatError
from storage.objects import ObjectStore

log = logging.getLogger("sohoa.flows")
PREFIX = "models/classifier/"
CURRENT = PREFIX + "current.json"


class UnavailableModel:
    """Stands in for a stored model this code cannot read: dossiers go to review, the batch goes on."""

    def __init__(self, error: ModelFormatError):
        self.error = error


def save_model(store: ObjectStore, model: Model, make_current: bool = True) -> str:
    key = f"{PREFIX}{model.version}.bin"
    store.put_bytes(key, model.to_bytes(), {"version": model.version, "data_hash": model.data_hash})
    info = {"version": model.version, "key": key, "data_hash": model.data_hash, "metrics": model.metrics}
    store.put_bytes(f"{PREFIX}{model.version}.json", json.dumps(info, indent=2).encode())
    if make_current:
        store.put_bytes(CURRENT, json.dumps(info).encode())
    return key


def load_current_model(store: ObjectStore) -> Model | UnavailableModel | None:
    """The current model, None when none was ever trained (rules only), or UnavailableModel."""
    if not store.exists(CURRENT):
        return None
    info = json.loads(store.get_bytes(CURRENT))
    try:
        return Model.from_bytes(store.get_bytes(info["key"]))
    except ModelFormatError as exc:
        log.warning("classifier model %s unusable: %s", info.get("version"), exc)
        return UnavailableModel(exc)
