"""Procedure classification: catalog, rules stage, trained model, decision with abstention.

Plain functions over text; no Prefect, database or object store here.
"""
from .catalog import Catalog, CatalogError, Procedure, Sector, load_catalog
from .decide import DecisionOptions, classify

__all__ = ["Catalog", "CatalogError", "DecisionOptions", "Procedure", "Sector", "classify", "load_catalog"]
