"""What a reviewer does from the command line: list open items; load, reject or send a dossier for re-scan.

A reviewer's values go through the machine's own normalisers and validators (extraction.values.parse,
validate.pair_problems), so the pipeline database, the export and the sector database hold one value.
Anything refused raises Refused and stores nothing. Only values a person confirmed (typed or accepted)
or the machine was sure of reach the sector database. Events name fields, never their values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from classifiers import load_catalog
from classifiers.catalog import Catalog
from classifiers.decide import required_fields
from extraction import validate as vd
from extraction.values import DATE, KIND, parse
from training.train import REVIEWER
from sohoa.config import Settings
from sohoa.documents import Classification, FieldValue
from sohoa.errors import Reason
from storage.labels import correction_rows
from storage.loading import sector_record
from storage.pipeline_db import AlreadyResolved, DossierView, PipelineDB
from storage.sector_db import SectorDB

OUTCOMES = {"load": ("loaded", None), "reject": ("rejected", Reason.rejected_by_reviewer),
            "rescan": ("rescan", Reason.rescan_requested)}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class Refused(ValueError):
    """The decision cannot be recorded as given; nothing was stored. `code` and `params` let another
    interface say it in its own words (web.i18n); the message is the CLI's."""

    def __init__(self, message: str, code: str = "refused", **params):
        super().__init__(message)
        self.code, self.params = code, params


@dataclass
class Decision:
    outcome: str  # load | reject | rescan
    user: str
    procedure: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # key -> value as typed; "" removes the field
    accept: list[str] = field(default_factory=list)  # machine values the reviewer checked and keeps
    reason: str = ""
    note: str = ""


@dataclass
class Resolution:
    state: str
    loaded: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


@dataclass
class Reviewed:
    fields: dict[str, FieldValue]
    changes: dict[str, list[str]]  # edited, cleared, accepted, invalidated -> field keys


def open_items(settings: Settings, batch: str | None) -> list[dict]:
    db = PipelineDB(settings.pipeline_db_url)
    try:
        return db.open_reviews(batch)
    finally:
        db.close()


def resolve(settings: Settings, dossier_id: str, d: Decision) -> Resolution:
    """Record a reviewer's decision on a dossier in review. Raises Refused; SectorDBUnavailable when
    the sector database stays down (the item stays open)."""
    _check_decision(d)
    catalog = load_catalog()
    db = PipelineDB(settings.pipeline_db_url)
    try:
        view = _dossier_in_review(db, dossier_id)
        new_class = _procedure(catalog, d.procedure)
        reviewed = review_fields(view.fields, d.fields, d.accept, d.user)
        state, reason = OUTCOMES[d.outcome]
        detail = {"procedure": new_class.key if new_class else None,
                  **{k: v for k, v in reviewed.changes.items() if v}}
        result = Resolution(state)
        if d.outcome == "load":
            result = _load(settings, catalog, replace(view, fields=reviewed.fields,
                                                      classification=new_class or view.classification))
            detail.update(loaded=result.loaded, left_out=result.left_out)
        resolution = "; ".join(t for t in (d.outcome, d.reason, d.note) if t)
        labels = (correction_rows(view.fields, reviewed.fields, reviewed.changes, view.classification, new_class)
                  if d.outcome == "load" else [])
        try:
            db.resolve_review(dossier_id, d.user, resolution, state, reason=reason, detail=d.reason or None,
                              fields=reviewed.fields if d.outcome == "load" else None,
                              classification=new_class, event_detail=detail, corrections=labels)
        except AlreadyResolved:
            raise Refused(f"dossier {dossier_id} was resolved meanwhile by someone else",
                          "resolved_meanwhile") from None
        return result
    finally:
        db.close()


def _check_decision(d: Decision) -> None:
    if not d.user.strip():
        raise Refused("say who resolves: --user NAME or SOHOA_USER", "no_user")
    if d.outcome not in OUTCOMES:
        raise Refused("choose one outcome: --load, --reject --reason TEXT or --rescan", "no_outcome")
    if d.outcome == "reject" and not d.reason.strip():
        raise Refused("--reject needs --reason TEXT", "reject_needs_reason")
    if d.outcome != "load" and (d.fields or d.accept):
        raise Refused("--field and --accept only go with --load", "fields_only_with_load")


def _dossier_in_review(db: PipelineDB, dossier_id: str) -> DossierView:
    try:
        view = db.dossier_view(dossier_id)
    except KeyError:
        raise Refused(f"no dossier {dossier_id}", "no_dossier") from None
    if not any(i["dossier_id"] == dossier_id for i in db.open_reviews(view.batch)):
        raise Refused(f"dossier {dossier_id} has no open review item (state {view.state}): "
                      "it was resolved already or never sent to review", "not_in_review", state=view.state)
    return view


def _procedure(catalog: Catalog, key: str | None) -> Classification | None:
    if not key:
        return None
    try:
        p = catalog.get(key)
    except KeyError:
        raise Refused(f"unknown procedure {key!r}; valid procedures: {', '.join(catalog.keys)}",
                      "unknown_procedure") from None
    return Classification(key=p.key, code=p.code, sector=p.sector, confidence=1.0, method=REVIEWER)


def review_fields(machine: dict[str, FieldValue], typed: dict[str, str], accept: list[str],
                  user: str) -> Reviewed:
    """The dossier's fields after the reviewer's edits and acceptances, each value checked as the
    machine's are. Raises Refused naming the field (never quoting the value)."""
    unknown = sorted((set(typed) | set(accept)) - set(KIND))
    if unknown:
        raise Refused(f"unknown field {', '.join(unknown)}; valid fields: {', '.join(sorted(KIND))}",
                      "unknown_field", fields=unknown)
    both = sorted(set(typed) & set(accept))
    if both:
        raise Refused(f"{', '.join(both)}: either type a value (--field) or accept the machine's (--accept)",
                      "typed_and_accepted", fields=both)
    fields = dict(machine)
    changes: dict[str, list[str]] = {"edited": [], "cleared": [], "accepted": [], "invalidated": []}
    for key, text in sorted(typed.items()):
        if not text.strip():
            fields.pop(key, None)
            changes["cleared"].append(key)
            continue
        old = machine.get(key)
        fields[key] = FieldValue(value=typed_value(key, text), raw=old.raw if old else "", confidence=1.0,
                                 page=old.page if old else None, bbox=old.bbox if old else None,
                                 confirmed_by=user)
        changes["edited"].append(key)
    for key in sorted(set(accept)):
        old = machine.get(key)
        if old is None or not old.value:
            raise Refused(f"{key}: the machine read no value to accept; type it with --field {key}=VALUE",
                          "nothing_to_accept", field=key)
        if not old.valid:
            raise Refused(f"{key}: the machine's value is invalid ({old.problem or 'failed validation'}); "
                          f"type the right one with --field {key}=VALUE", "machine_invalid", field=key,
                          problem=old.problem or "")
        fields[key] = old.model_copy(update={"confirmed_by": user})
        changes["accepted"].append(key)
    changes["invalidated"] = _check_pairs(fields)
    return Reviewed(fields, changes)


def typed_value(key: str, text: str) -> str:
    """The normalised value of what a reviewer typed, or Refused with the validator's reason."""
    if KIND.get(key) == DATE and _ISO_DATE.fullmatch(text.strip()):
        y, m, d = _ISO_DATE.fullmatch(text.strip()).groups()
        text = f"{d}/{m}/{y}"  # the export's own form; parse reads printed day-first dates
    parsed = parse(key, text)
    if parsed.value is None:
        raise Refused(f"{key}: no value in what was typed", "no_value", field=key)
    if parsed.problem:
        raise Refused(f"{key}: invalid value ({parsed.problem})", "invalid_value", field=key, problem=parsed.problem)
    if parsed.repairs:
        raise Refused(f"{key}: letters where digits belong (O for 0, l for 1...); type the digits",
                      "letters_for_digits", field=key)
    return parsed.value


def _check_pairs(fields: dict[str, FieldValue]) -> list[str]:
    """Two values that contradict each other: if a person confirmed both, refuse; if only one, the
    machine's other value is marked invalid (it is not loaded). Returns the keys marked invalid."""
    marked = []
    values = {k: f.value for k, f in fields.items() if f.valid}
    for a, b, problem in vd.pair_problems(values):
        sure_a, sure_b = fields[a].confirmed_by is not None, fields[b].confirmed_by is not None
        if sure_a and sure_b:
            raise Refused(f"{a} and {b} contradict each other ({problem})", "contradiction", fields=[a, b],
                          problem=problem)
        if sure_a or sure_b:
            other = b if sure_a else a
            fields[other] = fields[other].model_copy(update={"valid": False, "problem": problem})
            marked.append(other)
    return sorted(set(marked))


def _load(settings: Settings, catalog: Catalog, view: DossierView) -> Resolution:
    c = view.classification
    if c is None or not c.key:
        raise Refused(f"the dossier has no procedure: give --procedure (one of {', '.join(catalog.keys)})",
                      "no_procedure")
    threshold = settings.review_threshold
    unsure = [k for k in required_fields(view.page_texts, catalog, c.key)
              if not (k in view.fields and view.fields[k].value and view.fields[k].certain(threshold))]
    if unsure:
        raise Refused(f"required field {', '.join(unsure)} neither confirmed nor certain: type it with --field, "
                      "accept it with --accept, or --reject / --rescan the dossier", "required_unsure", fields=unsure)
    record = sector_record(view, threshold=threshold)
    sdb = SectorDB(settings.sector_db_url(c.sector), c.sector)
    try:
        sdb.load_record(record)
    finally:
        sdb.close()
    return Resolution("loaded", loaded=sorted(record.fields), left_out=sorted(set(view.fields) - set(record.fields)))
