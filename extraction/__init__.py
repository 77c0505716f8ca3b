"""Field extraction: OCR pages → validated field values with confidence and provenance.

Public API (docs/design.md): extract_fields, check_required, document_metadata, official_documents.
"""
from extraction.extract import check_required, extract_fields
from extraction.metadata import document_metadata, official_documents

__all__ = ["extract_fields", "check_required", "document_metadata", "official_documents"]
