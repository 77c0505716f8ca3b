"""Request and response bodies of the REST API (they make its OpenAPI schema). One dossier's detail is
review.show.DossierDetail, the same as `sohoa review show --json`."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from review.decisions import Refused, typed_value
from sohoa.documents import UtcDateTime
from storage.overview import BatchOverview, DossierListing
from web.i18n import Texts


class BatchOut(BatchOverview):  # the storage listing under the API's schema name; no docstring, so no schema change
    pass


class BatchDetail(BatchOut):
    by_reason: dict[str, int]


class DossierItem(DossierListing):  # the storage listing under the API's schema name; no docstring, so no schema change
    pass


class DossierList(BaseModel):
    total: int  # matching dossiers in all; `items` is one page of them
    limit: int
    offset: int
    items: list[DossierItem]


class RecordOut(BaseModel):
    """The row the sector database holds for a loaded dossier."""
    dossier_id: str
    sector: str
    document_id: str | None  # the DocCode of the digitised file
    procedure_key: str
    procedure_code: str | None
    batch: str | None
    source: str | None
    confidence: float
    loaded_at: UtcDateTime
    component_digitised: bool
    result_file_attached: bool
    has_drawings: bool = False  # design drawings or cadastral maps in the dossier
    drawings: list[dict] = []  # [{"kind", "TypeName", "pages"}]
    fields: dict[str, str]  # dates as YYYY-MM-DD


class ReviewItemOut(BaseModel):
    dossier_id: str
    batch: str
    source: str
    reason: str
    detail: str | None
    since: UtcDateTime


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # an unknown key is refused, never ignored


class ApproveIn(_Strict):
    procedure: str | None = Field(None, description="procedure key from the catalogue, to set or change it")
    fields: dict[str, str] = Field({}, description="corrected values, field key -> value ('' removes the field); "
                                   "checked by the machine's own validators")
    accept: list[str] = Field([], description="fields whose machine value the reviewer checked and keeps")
    note: str = Field("", max_length=2000)


class RejectIn(_Strict):
    # a character that is no space in Python's sense, which the decision checks with str.strip():
    # JSON Schema's \s (ECMA-262) leaves out the separators \x1c-\x1f and NEL that Python strips
    reason: str = Field(min_length=1, max_length=2000, pattern=r"[^\s\x1c-\x1f\x85]")
    note: str = Field("", max_length=2000)


class RescanIn(_Strict):
    reason: str = Field("", max_length=2000, description="what to scan again, and why")
    note: str = Field("", max_length=2000)


class DecisionOut(BaseModel):
    dossier_id: str
    state: str  # loaded | rejected | rescan
    loaded: list[str]  # fields now in the sector database
    left_out: list[str]  # fields neither confirmed nor certain, not loaded


class StateCounts(BaseModel):
    total: int
    by_state: dict[str, int]


class ProcedureCount(StateCounts):
    procedure: str | None
    code: str | None
    name: str | None


class SectorCount(StateCounts):
    sector: str | None
    name: str | None


class MonthCount(StateCounts):
    month: str  # YYYY-MM, UTC


class SummaryRow(BaseModel):
    procedure: str | None
    procedure_code: str | None
    sector: str | None
    month: str
    state: str
    count: int


class SummaryOut(BaseModel):
    """storage.overview.summary: dossiers by procedure, sector, month received and state."""
    batch: str | None
    total: int
    by_state: dict[str, int]
    by_procedure: list[ProcedureCount]
    by_sector: list[SectorCount]
    by_month: list[MonthCount]
    rows: list[SummaryRow]


class DocumentOut(BaseModel):
    """The 7197 minimum metadata of a digitised file, with where it comes from."""
    DocCode: str
    TypeName: str | None
    CodeNumber: str | None
    CodeNotation: str | None
    IssuedDate: str | None
    OrganName: str | None
    Subject: str | None
    Language: str | None
    PageAmount: int
    Description: str | None
    InforSign: str | None
    Keyword: str | None
    Mode: str | None
    ConfidenceLevel: str | None
    Format: str | None
    FileName: str
    dossier_id: str
    batch: str
    state: str
    missing: list[str]  # required elements with no value
    set_by_person: list[str]  # elements a person set (the others are the machine's reading)
    updated_by: str | None
    updated_at: UtcDateTime | None


class DocumentIn(_Strict):
    """Elements to set (lengths as in Công văn 7197); null clears one; elements not sent stay as they are."""
    TypeName: str | None = Field(None, min_length=1, max_length=100)
    CodeNumber: str | None = Field(None, pattern=r"^\d{1,11}$")
    CodeNotation: str | None = Field(None, min_length=1, max_length=30, pattern=r"^\S+$")
    IssuedDate: str | None = Field(None, description="YYYY-MM-DD or DD/MM/YYYY")
    OrganName: str | None = Field(None, min_length=1, max_length=200)
    Subject: str | None = Field(None, min_length=1, max_length=500)
    Language: str | None = Field(None, min_length=1, max_length=100)
    Description: str | None = Field(None, max_length=500)
    InforSign: str | None = Field(None, max_length=30)
    Keyword: str | None = Field(None, max_length=100)
    Mode: str | None = Field(None, max_length=20)
    ConfidenceLevel: str | None = Field(None, max_length=30)
    Format: str | None = Field(None, max_length=50)

    @field_validator("IssuedDate")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        return _as_machine("signed_date", "IssuedDate", v)

    @field_validator("OrganName")
    @classmethod
    def _agency(cls, v: str | None) -> str | None:
        return _as_machine("issuing_agency", "OrganName", v)

    def changes(self) -> dict[str, Any]:
        return self.model_dump(include=self.model_fields_set)


def _as_machine(key: str, name: str, v: str | None) -> str | None:
    """Checked and normalised by the validator of the field the machine reads it as."""
    if v is None:
        return None
    try:
        return typed_value(key, v)
    except Refused as exc:
        raise PydanticCustomError(exc.code, Texts().refused(exc.code, {**exc.params, "field": name})) from None
