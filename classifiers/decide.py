"""Combine the rules stage and the trained model into one Classification, or abstain.

A confident mistake routes a dossier into the wrong sector database, so every doubtful case
(blank text, weak evidence, the two stages disagreeing) abstains and goes to a person.
"""
from __future__ import annotations

from dataclasses import dataclass

from sohoa.documents import Classification
from sohoa.errors import Reason

from .catalog import Catalog
from .rules import match
from .text import letter_count

MIN_LETTERS = 40  # fewer letters than a form title plus a field or two: nothing to classify


@dataclass(frozen=True)
class DecisionOptions:
    min_letters: int = MIN_LETTERS
    rules_threshold: float = 0.5  # rules confidence needed to decide without the model
    rules_floor: float = 75.0  # fuzzy score below which a cue counts as absent
    rules_margin: float = 8.0  # score lead over the runner-up that counts as full separation


DEFAULT_OPTIONS = DecisionOptions()


def rules_confidence(score: float, margin: float, opts: DecisionOptions = DEFAULT_OPTIONS) -> float:
    """Map a fuzzy score and its lead over the runner-up to 0..1.

    Both matter: a perfect title match that is also a near match for a sibling procedure
    (khai sinh / khai tử) is weaker evidence than a clear one.
    """
    if score <= opts.rules_floor:
        return 0.0
    strength = min(1.0, (score - opts.rules_floor) / (100.0 - opts.rules_floor))
    separation = min(1.0, max(0.0, margin) / opts.rules_margin)
    return round(strength * separation, 4)


def classify(pages_text: list[str], catalog: Catalog, model=None,
             opts: DecisionOptions = DEFAULT_OPTIONS) -> Classification:
    """Classify a dossier from all its page texts; key=None with a reason when unsure."""
    text = "\f".join(t or "" for t in pages_text)
    version = getattr(model, "version", None)
    if letter_count(text) < opts.min_letters:
        return Classification(key=None, method="none", model_version=version, reason=Reason.no_text.value)

    rules = match(pages_text, catalog)
    r_key, r_score, r_margin = rules.best
    r_conf = rules_confidence(r_score, r_margin, opts)

    m_key, m_conf, m_threshold = None, 0.0, 1.0
    if model is not None:
        probs = model.predict_proba(text)
        if r_key is not None and r_key not in probs and r_conf >= opts.rules_threshold:
            # a procedure the model was never trained on: its forced choice among the others says
            # nothing, so the rules decide alone
            return _result(catalog, r_key, r_conf, "rules", version)
        in_catalog = set(catalog.keys)
        known = {k: p for k, p in probs.items() if k in in_catalog}
        if known:
            m_key, m_conf = max(known.items(), key=lambda kv: kv[1])
        m_threshold = model.threshold

    return _decide(catalog, r_key, r_conf, m_key, m_conf, m_threshold, version, opts)


def _decide(catalog, r_key, r_conf, m_key, m_conf, m_threshold, version, opts):
    rules_ok = r_key is not None and r_conf >= opts.rules_threshold
    model_ok = m_key is not None and m_conf >= m_threshold

    if rules_ok and m_key == r_key:
        # independent evidence agrees: the chance both are wrong is the product
        return _result(catalog, r_key, 1 - (1 - r_conf) * (1 - m_conf), "combined", version)
    if rules_ok and model_ok:  # both sure, different answers
        return _abstain(max(r_conf, m_conf), "combined", version)
    if rules_ok:
        if m_key is not None and m_conf >= 0.5:  # the model leans elsewhere: do not trust the rules alone
            return _abstain(r_conf, "combined", version)
        return _result(catalog, r_key, r_conf, "rules", version)
    if model_ok:
        # a rule hit for another procedure, even a weak one, is a reason to doubt
        if r_key is not None and r_key != m_key and r_conf >= opts.rules_threshold / 2:
            return _abstain(m_conf, "combined", version)
        return _result(catalog, m_key, m_conf, "model", version)
    return _abstain(max(r_conf, m_conf), "combined" if m_key else "rules", version)


def _result(catalog: Catalog, key: str, conf: float, method: str, version) -> Classification:
    p = catalog.get(key)
    return Classification(key=key, code=p.code, sector=p.sector, confidence=round(conf, 4),
                          method=method, model_version=version)


def _abstain(conf: float, method: str, version) -> Classification:
    return Classification(key=None, confidence=round(conf, 4), method=method, model_version=version,
                          reason=Reason.procedure_uncertain.value)


FORM_PRESENT = 85.0  # form-title score from which the dossier counts as holding the application form


def required_fields(pages_text: list[str], catalog: Catalog, key: str) -> list[str]:
    """Fields the dossier must yield: the form's fields, or a result document's when no form is found."""
    return _required(catalog.get(key), match(pages_text, catalog).form_scores.get(key, 0.0))


def required_by_procedure(pages_text: list[str], catalog: Catalog) -> dict[str, list[str]]:
    """required_fields for every procedure of the catalogue, from one matching of the text (the review
    page shows the fields of whichever procedure the reviewer picks)."""
    scores = match(pages_text, catalog).form_scores
    return {p.key: _required(p, scores.get(p.key, 0.0)) for p in catalog.procedures}


def _required(p, form_score: float) -> list[str]:
    if form_score >= FORM_PRESENT or not p.result_required_fields:
        return list(p.required_fields)
    return list(p.result_required_fields)
