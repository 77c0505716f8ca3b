"""Official application-form templates as published in the legal texts, filled in, in three
printings (A/B/C) that differ in layout only. Sources per template: samples.official.sources.

`build_official(case, rnd, printing, style, font, names)` -> forms.Doc whose `meta` holds template,
template_source, printing and roles (role -> truth keys of the people on the form).
"""
from __future__ import annotations

import random

from samples.forms import Doc, Style
from samples.official import business, civil, hotich, land
from samples.official.core import PRINTING_KEYS, Sheet, printing

RENDERERS = {
    "birth_registration": hotich.birth, "death_registration": hotich.death,
    "marriage_registration": hotich.marriage, "permanent_residence_registration": civil.residence,
    "certified_copy": civil.certified_copy, "enterprise_registration": business.enterprise,
    "household_business_registration": business.household, "land_first_certificate": land.land_first,
    "land_change_registration": land.land_change, "construction_permit": land.construction,
}


def build_official(case, rnd: random.Random, printing_key: str, style: Style, font: str = "freeserif",
                   names=None) -> Doc:
    pr = printing(printing_key)
    sheet = Sheet(pr, font, rnd, style, names)
    source, roles = RENDERERS[case.procedure](sheet, case)
    return sheet.doc(case.procedure, f"{case.procedure}/official-{pr.key}", source, roles)


__all__ = ["PRINTING_KEYS", "RENDERERS", "build_official"]
