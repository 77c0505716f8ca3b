"""Dossiers as one-stop offices scan them: several documents in one file, and box files.

A multi-document dossier is one PDF or TIFF holding, in an office's order: perhaps a cover sheet,
the receipt (first or last), the application form, a copy of the applicant's ID card, perhaps a
supporting paper of no known kind, and the result (a decision or a certificate). Documents of more
than one page may print 'Trang k/n'. A box file is one scan of several dossiers, a separator sheet
between them (and perhaps before the first).

Truth: a dossier's record is that of samples.dossiers (its `documents` list each paper's kind and
pages) plus `dossier_code` (printed on its receipt or cover, else None). A box's record has
`box: true`, `separator_pages` and `parts`: one dossier record per part, with `box_pages`, the
pages of the file it covers.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Sequence

from samples import decision, forms, papers
from samples.writers import write_truth
from samples.cases import PROCEDURES, SHORT, make_case
from samples.dossiers import (EXT, DossierPlan, _record, _save, choose_template, draw_plan, procedure_order,
                              render_docs)
from samples.forms import Doc, Style
from samples.names import name_source
from samples.official import PRINTING_KEYS, build_official

ODDS = {"cover": 0.15, "receipt": 0.85, "id_copy": 0.8, "other": 0.3, "result": 0.85, "page_numbers": 0.5}


def multi_docs(plan: DossierPlan, rnd: random.Random) -> tuple[list[Doc], str | None]:
    """The documents of one dossier in scan order, and its dossier code when a receipt or cover prints it."""
    names = name_source(plan.names)
    case = make_case(rnd, plan.procedure, names)
    st = Style.draw(rnd)
    if plan.template == "official":
        form = build_official(case, rnd, plan.printing, st, plan.font, names)
    else:
        form = forms.build_form(case, rnd, plan.form_layout, st, plan.font)
    code = papers.dossier_code(rnd, case.filed)
    body = [form]
    if rnd.random() < ODDS["id_copy"]:
        body.append(papers.id_copy(case, rnd, st))
    if rnd.random() < ODDS["other"]:
        body.append(papers.other_paper(case, rnd, st))
    if rnd.random() < ODDS["result"]:
        body.append(decision.build_decision(case, rnd, plan.decision_layout, st, plan.font) if rnd.random() < 0.5
                    else papers.certificate(case, rnd, st))
    for d in body:
        if d.kind != "id_copy" and rnd.random() < ODDS["page_numbers"]:
            d.meta["page_numbers"] = True
    docs = []
    cover = rnd.random() < ODDS["cover"]
    if cover:
        docs.append(papers.cover_sheet(case, code))
    has_receipt = rnd.random() < ODDS["receipt"]
    slip = papers.receipt(case, rnd, code, st, url_qr=rnd.random() < 0.3) if has_receipt else None
    if slip and rnd.random() < 0.4:
        docs.append(slip)
        slip = None
    docs += body + ([slip] if slip else [])
    return docs, code if cover or has_receipt else None


def _plan(rnd: random.Random, procedure: str, templates: str, printings: Sequence[str], names: str,
          fonts: Sequence[str] | None, form_layouts: Sequence[int] | None = None) -> DossierPlan:
    plan = draw_plan(rnd, procedure, form_layouts, fonts=fonts)
    plan.names = names
    choose_template(rnd, plan, templates, printings)
    plan.kind, plan.container, plan.born_digital = "multi", "file", False
    plan.fmt = "tiff" if rnd.random() < 0.2 else "pdf"  # noisy grey TIFF pages are large
    plan.dpi_metadata = True
    if plan.profile == "clean" and rnd.random() < 0.5:
        plan.profile = "scan"
    return plan


def build_multi(out_dir: Path, plan: DossierPlan, rnd: random.Random, page_seed: int) -> dict:
    from samples.dossiers import build_dossier

    docs, code = multi_docs(plan, rnd)
    rec = build_dossier(out_dir, plan, rnd, page_seed, docs=docs)
    rec["dossier_code"] = code
    return rec


def build_box(out_dir: Path, name: str, plans: list[DossierPlan], rnd: random.Random, page_seed: int) -> dict:
    """One scanned file of several dossiers with a separator sheet between them."""
    box = plans[0]
    for p in plans[1:]:  # one pass through one scanner
        p.fmt, p.dpi, p.dpi_metadata = box.fmt, box.dpi, True
    pages, parts, separators = [], [], []
    lead = rnd.random() < 0.5
    for j, plan in enumerate(plans):
        if j or lead:
            sep, _ = render_docs(plan, [papers.separator_sheet()], rnd, page_seed * 10 + j)
            pages += sep
            separators.append(len(pages))
        docs, code = multi_docs(plan, rnd)
        own, layouts = render_docs(plan, docs, rnd, page_seed * 10 + 5 + j)
        fname = f"{name}.{EXT[box.fmt]}"
        rec = _record(plan, fname, docs, layouts, own, [{"name": fname, "pages": len(own)}])
        rec["dossier_code"] = code
        rec["box_pages"] = list(range(len(pages) + 1, len(pages) + len(own) + 1))
        parts.append(rec)
        pages += own
    path = out_dir / f"{name}.{EXT[box.fmt]}"
    _save(path, box, [p.image for p in pages], 0)
    return {"source": path.name, "box": True, "pages": len(pages), "format": box.fmt, "dpi": box.dpi,
            "separator_pages": separators, "parts": parts,
            "text": "\f".join(p.rendered.text for p in pages)}


def generate(out_dir: Path, count: int, seed: int = 0, *, boxes: int = 0, parts: tuple[int, int] = (2, 4),
             procedures: Sequence[str] | None = None, templates: str = "generator",
             printings: Sequence[str] | None = None, names: str = "generator",
             fonts: Sequence[str] | None = None, form_layouts: Sequence[int] | None = None,
             **_: object) -> list[dict]:
    """`count` multi-document dossiers and `boxes` box files of `parts` dossiers each, plus truth.jsonl."""
    if count < 0 or boxes < 0:
        raise ValueError("count and boxes must be >= 0")
    printings = list(printings or PRINTING_KEYS)
    name_source(names)
    out_dir.mkdir(parents=True, exist_ok=True)
    records = []
    order = procedure_order(seed, count + boxes * parts[1], procedures, PROCEDURES)
    for i in range(count):
        rnd = random.Random(f"multi:{seed}:{i}")
        plan = _plan(rnd, order[i], templates, printings, names, fonts, form_layouts)
        plan.name = f"m{i + 1:04d}_{SHORT[plan.procedure]}"
        rec = build_multi(out_dir, plan, rnd, page_seed=seed * 100003 + i)
        rec["seed"], rec["index"] = seed, i
        records.append(rec)
    at = count
    for b in range(boxes):
        rnd = random.Random(f"box:{seed}:{b}")
        n = rnd.randint(*parts)
        plans = [_plan(rnd, order[at + j], templates, printings, names, fonts, form_layouts) for j in range(n)]
        at += n
        rec = build_box(out_dir, f"box{b + 1:02d}", plans, rnd, page_seed=seed * 100003 + 50000 + b)
        rec["seed"], rec["index"] = seed, count + b
        records.append(rec)
    write_truth(out_dir, records)
    return records
