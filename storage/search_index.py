"""Search over loaded dossiers: full text, names, citizen ID numbers, document numbers and DocCodes.

Portable by construction: each loaded dossier has one row of folded text (lower case, tone marks and
punctuation dropped: classifiers.text.strip_tones) and queries are folded the same way and matched
with LIKE, so SQLite, PostgreSQL and MariaDB give the same answers whatever their collations, and
"nguyen van an" finds "Nguyễn Văn An". Rows are rebuilt before each search for dossiers loaded or
changed since they were indexed (updated_at >= indexed_at: MariaDB keeps whole seconds); a dossier
that is no longer loaded is never returned."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from classifiers.text import strip_tones
from storage import layout
from storage.pipeline_models import Artifact, Dossier, FieldRow, PageRow, utcnow
from storage.station_models import SearchEntry

KINDS = ("text", "name", "id_number", "document_number", "doc_code")
NAME_FIELDS = ("applicant_name", "subject_name", "mother_name", "father_name", "business_name")
ID_FIELDS = ("applicant_id_number", "subject_id_number")
SHOWN_NAMES = ("applicant_name", "subject_name", "business_name")
ESCAPE = "!"
CHUNK = 200


class BadQuery(ValueError):
    """The query cannot be run as given; `code` is said by the station (search_too_short, search_bad_id)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Hit:
    dossier_id: str
    batch: str
    source: str
    procedure_key: str | None
    doc_code: str | None
    names: list[str]
    updated_at: datetime


def fold(text: str) -> str:
    return strip_tones(text or "")


def _padded(values) -> str:
    """Values joined so that ' word' and ' whole value ' match at their edges only."""
    return " " + " | ".join(v for v in values if v) + " "


def refresh(engine: Engine) -> int:
    """Index loaded dossiers that are new or changed since; returns how many were (re)indexed."""
    with Session(engine) as s:
        stale = s.scalars(select(Dossier.id)
                          .outerjoin(SearchEntry, SearchEntry.dossier_id == Dossier.id)
                          .where(Dossier.state == "loaded",
                                 or_(SearchEntry.dossier_id.is_(None), SearchEntry.indexed_at <= Dossier.updated_at))
                          ).all()
    for start in range(0, len(stale), CHUNK):
        ids = stale[start:start + CHUNK]
        try:
            with Session(engine) as s, s.begin():
                s.execute(delete(SearchEntry).where(SearchEntry.dossier_id.in_(ids)))
                s.add_all(_entries(s, ids))
        except IntegrityError:  # another search indexed the same dossiers at the same moment
            continue
    return len(stale)


def _entries(s: Session, ids: list[str]) -> list[SearchEntry]:
    texts: dict[str, list[str]] = {}
    for did, text in s.execute(select(PageRow.dossier_id, PageRow.text).where(PageRow.dossier_id.in_(ids))
                               .order_by(PageRow.dossier_id, PageRow.number)):
        texts.setdefault(did, []).append(text or "")
    fields: dict[str, dict[str, str]] = {}
    for did, key, value in s.execute(select(FieldRow.dossier_id, FieldRow.key, FieldRow.value)
                                     .where(FieldRow.dossier_id.in_(ids))):
        fields.setdefault(did, {})[key] = value or ""
    pdfs = dict(s.execute(select(Artifact.dossier_id, Artifact.key)
                          .where(Artifact.dossier_id.in_(ids), Artifact.kind == "pdf")).all())
    docs = dict(s.execute(select(Dossier.id, Dossier.official_documents).where(Dossier.id.in_(ids))).all())
    now = utcnow()
    out = []
    for did in ids:
        f = fields.get(did, {})
        official = [d for d in (docs.get(did) or []) if isinstance(d, dict)]
        numbers = [f.get("document_number", "")] + [
            f"{d.get('CodeNumber') or ''}/{d.get('CodeNotation') or ''}".strip("/") for d in official]
        official_text = [str(v) for d in official for k, v in d.items() if isinstance(v, (str, int)) and k != "missing"]
        pdf = pdfs.get(did)
        code = layout.doc_code_of(pdf.rsplit("/", 1)[-1]) if pdf else None
        out.append(SearchEntry(
            dossier_id=did, indexed_at=now,
            text=_padded([fold(" ".join(texts.get(did, []) + list(f.values()) + official_text))]),
            names=_padded([fold(f.get(k, "")) for k in NAME_FIELDS]),
            id_numbers=_padded([re.sub(r"\D", "", f.get(k, "")) for k in ID_FIELDS]),
            doc_numbers=_padded([fold(n) for n in numbers]),
            doc_code=code.upper() if code else None))
    return out


def _like(text: str) -> str:
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def condition(kind: str, query: str):
    """The WHERE clause of one search, or BadQuery."""
    if kind not in KINDS:
        raise BadQuery("search_bad_kind")
    if kind == "id_number":
        digits = re.sub(r"[\s.]", "", query)
        if not re.fullmatch(r"\d{9}|\d{12}", digits):
            raise BadQuery("search_bad_id")
        return SearchEntry.id_numbers.like(f"% {digits} %", escape=ESCAPE)
    if kind == "doc_code":
        code = query.strip().upper()
        if len(code) < 2:
            raise BadQuery("search_too_short")
        return SearchEntry.doc_code.like(_like(code) + "%", escape=ESCAPE)
    folded = fold(query)
    if len(folded.replace(" ", "")) < 2:
        raise BadQuery("search_too_short")
    if kind == "name":
        return SearchEntry.names.like(f"% {_like(folded)} %", escape=ESCAPE)
    if kind == "document_number":
        return SearchEntry.doc_numbers.like(f"% {_like(folded)}%", escape=ESCAPE)
    # every word, each at the start of a word of the text
    return and_(*[SearchEntry.text.like(f"% {_like(w)}%", escape=ESCAPE) for w in folded.split()])


def search(engine: Engine, kind: str, query: str, limit: int = 100) -> tuple[list[Hit], bool]:
    """Loaded dossiers matching, most recently changed first; True when there were more than `limit`."""
    where = condition(kind, query)
    refresh(engine)
    with Session(engine) as s:
        rows = s.execute(select(Dossier, SearchEntry.doc_code)
                         .join(SearchEntry, SearchEntry.dossier_id == Dossier.id)
                         .where(Dossier.state == "loaded", where)
                         .order_by(Dossier.updated_at.desc(), Dossier.id).limit(limit + 1)).all()
        ids = [d.id for d, _ in rows[:limit]]
        names: dict[str, list[str]] = {}
        for did, key, value in s.execute(select(FieldRow.dossier_id, FieldRow.key, FieldRow.value)
                                         .where(FieldRow.dossier_id.in_(ids), FieldRow.key.in_(SHOWN_NAMES))
                                         .order_by(FieldRow.key)):
            names.setdefault(did, []).append(value)
        hits = [Hit(d.id, d.batch_id, d.source, d.procedure_key, code, names.get(d.id, []), d.updated_at)
                for d, code in rows[:limit]]
    return hits, len(rows) > limit
