"""The procedure catalog: a data file, validated on load.

A bad entry fails loudly with its key (or index) in the message, so a typo in the YAML is found at
start-up instead of as a silent mis-routing later.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

DEFAULT_PATH = Path(__file__).with_name("catalog.yaml")

# Field keys of docs/design.md; a required field outside this set can never be extracted.
FIELD_KEYS = frozenset(
    """applicant_name applicant_id_number applicant_birth_date applicant_address phone subject_name
    subject_id_number subject_birth_date death_date business_name tax_code parcel_number
    map_sheet_number document_number issuing_agency document_type subject_line signed_date
    subject_gender business_address construction_address land_address""".split()
)
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE_RE = re.compile(r"^\d\.\d{6}$")


class CatalogError(ValueError):
    """The catalog file is unusable; the message names the bad entry."""


class Sector(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str
    name: str
    code: str | None = None
    database: str = ""


class Procedure(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str
    code: str | None = None
    name: str
    sector: str
    form_titles: tuple[str, ...] = ()
    result_cues: tuple[str, ...] = ()
    required_fields: tuple[str, ...]
    result_required_fields: tuple[str, ...] = ()
    sector_table: str

    @field_validator("key", "sector_table")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _KEY_RE.match(v):
            raise ValueError(f"{v!r} is not a lower-case slug")
        return v

    @field_validator("code")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        if v is not None and not _CODE_RE.match(v):
            raise ValueError(f"code {v!r} is not a national code D.DDDDDD")
        return v

    @field_validator("required_fields", "result_required_fields")
    @classmethod
    def _fields(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(v) - FIELD_KEYS)
        if unknown:
            raise ValueError(f"unknown field key(s) {unknown}")
        return v


class Catalog(BaseModel):
    model_config = ConfigDict(frozen=True)
    procedures: list[Procedure]
    sectors: dict[str, Sector]

    def get(self, key: str) -> Procedure:
        for p in self.procedures:
            if p.key == key:
                return p
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.procedures]

    def by_code(self, code: str) -> Procedure | None:
        """Match on the national 8-character code; local suffixes (.000.00.00.H38) are ignored."""
        head = code.strip()[:8]
        return next((p for p in self.procedures if p.code and p.code == head), None)


def load_catalog(path: Path | None = None) -> Catalog:
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise CatalogError(f"cannot read catalog {path}: {e}") from e
    return parse_catalog(raw, source=str(path))


def parse_catalog(raw: object, source: str = "<catalog>") -> Catalog:
    if not isinstance(raw, dict):
        raise CatalogError(f"{source}: top level must be a mapping with 'sectors' and 'procedures'")
    defaults = raw.get("defaults") or {}
    sectors = _parse_sectors(raw.get("sectors"), source)
    entries = raw.get("procedures")
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{source}: 'procedures' must be a non-empty list")
    procedures: list[Procedure] = []
    seen_keys: set[str] = set()
    seen_codes: dict[str, str] = {}
    for i, entry in enumerate(entries):
        name = entry.get("key") if isinstance(entry, dict) else None
        where = f"{source}: procedure {name!r}" if name else f"{source}: procedure #{i + 1}"
        if not isinstance(entry, dict):
            raise CatalogError(f"{where}: entry must be a mapping")
        merged = {**{k: v for k, v in defaults.items() if k not in entry}, **entry}
        try:
            proc = Procedure(**merged)
        except ValidationError as e:
            problems = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'entry'}: {err['msg']}" for err in e.errors())
            raise CatalogError(f"{where}: {problems}") from None
        if proc.key in seen_keys:
            raise CatalogError(f"{where}: duplicate key")
        if proc.sector not in sectors:
            raise CatalogError(f"{where}: sector {proc.sector!r} is not in 'sectors' ({sorted(sectors)})")
        if not proc.form_titles and not proc.result_cues:
            raise CatalogError(f"{where}: needs at least one form title or result cue to be recognisable")
        if proc.code and proc.code in seen_codes:
            raise CatalogError(f"{where}: code {proc.code} already used by {seen_codes[proc.code]!r}")
        seen_keys.add(proc.key)
        if proc.code:
            seen_codes[proc.code] = proc.key
        procedures.append(proc)
    return Catalog(procedures=procedures, sectors=sectors)


def _parse_sectors(raw: object, source: str) -> dict[str, Sector]:
    if not isinstance(raw, dict) or not raw:
        raise CatalogError(f"{source}: 'sectors' must be a non-empty mapping")
    out: dict[str, Sector] = {}
    for key, body in raw.items():
        if not isinstance(body, dict):
            raise CatalogError(f"{source}: sector {key!r}: must be a mapping")
        try:
            out[key] = Sector(key=key, **body)
        except (ValidationError, TypeError) as e:
            raise CatalogError(f"{source}: sector {key!r}: {e}") from None
    return out
