"""One vocabulary of outcome reasons, carried by exceptions.

Stages raise these; `flows/` turns them into a dossier state in one place.
"""
from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    # quarantine: the file itself is unusable
    empty_file = "empty_file"
    unreadable_image = "unreadable_image"
    type_mismatch = "type_mismatch"  # extension says one type, the bytes another
    unsupported_type = "unsupported_type"
    encrypted_pdf = "encrypted_pdf"
    corrupt_pdf = "corrupt_pdf"
    too_large = "too_large"  # file bytes over the limit
    too_many_pages = "too_many_pages"
    page_too_large = "page_too_large"  # pixel count over the limit (decompression bomb)
    zero_size_page = "zero_size_page"
    special_file = "special_file"  # FIFO, socket or device: never opened
    unreadable_file = "unreadable_file"  # the operating system refused to read it (detail: errno name)
    changed_during_ingest = "changed_during_ingest"  # bytes differ from those hashed at discovery
    # review: the file is fine, the machine is unsure
    bad_file_in_dossier = "bad_file_in_dossier"
    no_text = "no_text"
    ocr_failed = "ocr_failed"
    ocr_timeout = "ocr_timeout"
    ocr_low_confidence = "ocr_low_confidence"
    procedure_uncertain = "procedure_uncertain"
    classifier_unavailable = "classifier_unavailable"
    required_field_missing = "required_field_missing"
    field_invalid = "field_invalid"
    field_uncertain = "field_uncertain"  # a required value below the review threshold
    field_handwritten = "field_handwritten"  # a value read from handwriting: a person checks it on its crop
    sector_db_unavailable = "sector_db_unavailable"
    internal_error = "internal_error"
    # review, then taken again by a re-run of the batch (pages already read are kept)
    dossier_timeout = "dossier_timeout"  # over SOHOA_DOSSIER_TIMEOUT_SECONDS
    storage_unavailable = "storage_unavailable"  # object store or pipeline database still failing after retries
    # a reviewer's decision (states rejected / rescan)
    rejected_by_reviewer = "rejected_by_reviewer"
    rescan_requested = "rescan_requested"


class SohoaError(Exception):
    """Base of errors that map to a dossier outcome."""

    reason: Reason = Reason.internal_error
    state: str = "review"

    def __init__(self, message: str = "", *, detail: str | None = None):
        super().__init__(message or self.reason.value)
        self.detail = detail


class QuarantineError(SohoaError):
    """The file cannot be processed; its original is kept in quarantine."""

    state = "quarantined"

    def __init__(self, reason: Reason, message: str = "", *, detail: str | None = None):
        self.reason = reason
        super().__init__(message or reason.value, detail=detail)


class ReviewError(SohoaError):
    """The file is readable but a person must decide."""

    state = "review"

    def __init__(self, reason: Reason, message: str = "", *, detail: str | None = None):
        self.reason = reason
        super().__init__(message or reason.value, detail=detail)


# Reasons a re-run of the batch takes the dossier again instead of keeping its outcome.
RERUN_REASONS = (Reason.dossier_timeout.value, Reason.storage_unavailable.value)


class StorageUnavailable(Exception):
    """The object store or a database cannot be reached: the batch itself cannot run."""


class EngineUnavailable(Exception):
    """The OCR engine or its language data is missing: no dossier can be read, so no batch starts."""
