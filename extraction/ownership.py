"""Which document of a dossier a field is taken from.

The applicant, the subject and their details come from the application form; the number, agency,
kind and subject of the result from the decision or certificate. Other papers repeat values (the ID
copy prints the applicant's name, the receipt the address and a date) and are only read when the
owner gives nothing valid, and then never as certain. Kinds are those of extraction/segment.py.
"""
from __future__ import annotations

from extraction.candidates import Candidate

RESULT_KEYS = frozenset({"document_number", "issuing_agency", "document_type", "subject_line"})
RESULT_OWNERS = ("decision", "certificate", "form", "other", "receipt", "id_copy")
FORM_OWNERS = ("form", "decision", "certificate", "other", "id_copy", "receipt")


def owners(key: str) -> tuple[str, ...]:
    return RESULT_OWNERS if key in RESULT_KEYS else FORM_OWNERS


def page_kinds(spans) -> dict[int, str]:
    return {p: s.kind for s in spans for p in s.pages}


def owned(cands: list[Candidate], kind_of: dict[int, str]) -> list[Candidate]:
    """Per key, the candidates of the first owning kind that has a valid one (a valid value of a
    later kind beats an unreadable one of the owner), else of the first that has any. A form's
    date is its own even when unreadable: it is the dossier's, a decision's or receipt's is not."""
    by_key: dict[str, list[Candidate]] = {}
    for c in cands:
        by_key.setdefault(c.key, []).append(c)
    out: list[Candidate] = []
    for key, cs in by_key.items():
        per_kind = {k: [c for c in cs if kind_of.get(c.page) == k] for k in owners(key)}
        valid = next((v for v in per_kind.values() if any(c.parsed.problem is None for c in v)), None)
        anyone = next((v for v in per_kind.values() if v), [])
        out += anyone if key == "signed_date" or valid is None else valid
    return out


BORROWED = ("id_copy", "receipt")  # they may be another person's: the spouse's card, a proxy who filed


def stand_ins(best: dict[str, Candidate], kind_of: dict[int, str], factor: float) -> None:
    """Values another paper stood in for are never certain: the date of a dossier whose form's own
    date was not read, and any value taken from an ID copy or a receipt."""
    date = best.get("signed_date")
    if date and "form" in kind_of.values() and kind_of.get(date.page) != "form":
        date.match *= factor
        date.extra["stand_in"] = True
    for c in best.values():
        if kind_of.get(c.page) in BORROWED and not c.extra.get("stand_in"):
            c.match *= factor
            c.extra["stand_in"] = True
