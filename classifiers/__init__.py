"""Procedure classification: catalog, rules stage, trained model, decision with abstention.

Plain functions over text; no Prefect, database or object store here.

    catalog = load_catalog()                                # CatalogError names a bad entry
    texts, labels = labelled_examples(truth_records)        # "text" + "procedure" dicts
    model = train(texts, labels, TrainParams(noisy_copies=2))  # .version .data_hash .metrics
    blob = model.to_bytes(); Model.from_bytes(blob)         # ModelFormatError -> classifier_unavailable
    classify(pages_text, catalog, model) -> Classification  # key=None + reason when unsure
    required_fields(pages_text, catalog, key)               # form fields, or a result's fields
    evaluate(model, texts, labels, catalog).render()        # accuracy, abstention, confusion
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
