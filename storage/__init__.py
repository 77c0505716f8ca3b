"""Storage: object store (originals, page masters, PDF/A, OCR JSON, quarantine), the pipeline
database (batches, dossiers, documents, pages, fields, review items, provenance events) and the
sector databases. See docs/design.md for the contract and storage/README.md for the layout."""
