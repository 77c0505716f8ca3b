"""Text pages of generated multi-document dossiers, as the OCR stage would give them (a plain
module: conftest names clash across test folders)."""
from __future__ import annotations

import random

from samples.dossiers import number_pages
from samples.forms import Doc
from samples.render import layout
from samples.textnoise import ocr_like_page
from sohoa.documents import Code, Page


def text_page(number: int, text: str, codes: list[Code] | None = None, flags: list[str] | None = None) -> Page:
    return ocr_like_page(text, number, codes, flags)


def pages_of(docs: list[Doc], font: str = "freeserif") -> tuple[list[Page], list[tuple[str, int, int]]]:
    """(pages, truth [(kind, first, last)]) of documents printed one after the other; codes a
    document prints become the page's codes, as ocr/barcodes.py would read them."""
    pages, truth = [], []
    for d in docs:
        pls = layout(d.items, font)
        if d.meta.get("page_numbers"):
            number_pages(pls, font)
        first = len(pages) + 1
        for i, pl in enumerate(pls):
            codes = [Code(format="QRCode" if m["kind"] == "qr" else "Code128", text=m["text"])
                     for m in d.marks if m["page"] == i and m["kind"] in ("qr", "code128")]
            flags = {"separator": ["separator_sheet"], "cover": ["cover_sheet"]}.get(d.kind, [])
            text = "" if flags else pl.text  # sheets are never OCR'd
            pages.append(text_page(len(pages) + 1, text, codes, flags))
        truth.append((d.kind, first, len(pages)))
    return pages, truth


def multi(seed: int, procedure: str = "birth_registration", **odds):
    """The documents of one generated multi-document dossier, with the given odds of each paper."""
    from samples import multidoc
    from samples.dossiers import draw_plan

    rnd = random.Random(f"test:{seed}")
    plan = draw_plan(rnd, procedure)
    plan.kind = "multi"
    saved = dict(multidoc.ODDS)
    multidoc.ODDS.update(odds)
    try:
        return multidoc.multi_docs(plan, rnd)
    finally:
        multidoc.ODDS.clear()
        multidoc.ODDS.update(saved)
