"""Procedure classification: catalog, rules stage, trained model, decision with abstention.

Plain functions over text; no Prefect, database or object store here.

    catalog = load_catalog()
    model = classifiers.model.train(texts, labels)          # or Model.from_bytes(blob)
    classify(pages_text, catalog, model) -> Classification  # key=None + reason when unsure
    classifiers.evaluate.evaluate(model, texts, labels, catalog).render()
"""
from .catalog import Catalog, CatalogError, Procedure, Sector, load_catalog
from .decide import DecisionOptions, classify, required_fields
from .evaluate import Report, evaluate
from .model import FORMAT_VERSION, Model, ModelFormatError, TrainParams, labelled_examples, train

__all__ = [
    "FORMAT_VERSION", "Catalog", "CatalogError", "DecisionOptions", "Model", "ModelFormatError", "Procedure",
    "Report", "Sector", "TrainParams", "classify", "evaluate", "labelled_examples", "load_catalog", "required_fields",
    "train",
]
