"""Field extraction: OCR pages → validated field values with confidence and provenance.

Public API (docs/design.md):
    extract_fields(pages) -> dict[str, FieldValue]
    check_required(fields, required, threshold) -> list[(field_key, problem)]
    document_metadata(pages, fields=None) -> dict      # 7197 minimum metadata of one document
    official_documents(pages) -> list[dict]            # the same for each decision in a dossier
    read_dossier(pages) -> DossierReading(fields, official_documents)   # both from one reading

Where values come from: 'Label: value' lines of forms (fuzzy, tone-free label matching;
forms.py, labels.py), the Decree 30 header of official documents (official.py, extract.py) and
the running text of decisions (body.py). Values are normalised and validated (normalise.py,
validate.py, values.py). Confidence = OCR word confidence (mean pulled to the weakest word)
× label or layout match × spelling plausibility (plausible.py) × a factor per guessed
character (O→0, QD→QĐ), halved when validation fails; a value also read elsewhere in the
dossier gains. Problems never quote the value: they reach review queues and logs.
Benchmark: bench/extraction_bench.py.
"""
from extraction.dossier import DossierReading, read_dossier
from extraction.extract import check_required, extract_fields
from extraction.metadata import document_metadata, official_documents

__all__ = ["extract_fields", "check_required", "document_metadata", "official_documents", "read_dossier",
           "DossierReading"]
