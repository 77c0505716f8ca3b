"""Synthetic scanned Vietnamese dossiers with ground truth (test and benchmark data).

`samples.generate(out_dir, count, seed=0, bad_files=False, *, form_layouts=None,
decision_layouts=None, procedures=None, templates="generator", printings=None, names="generator",
fonts=None, drawings=False)` writes a batch folder plus truth.jsonl (schema in
docs/design.md) and returns the truth records.

Building blocks:
- `samples.render`: Line / Block / Row / Gap / Signature / PageBreak items; `layout(items, font)` ->
  PageLayout pages in points; `draw(page, font, dpi)` / `render(items, font, dpi)` /
  `render_lines(lines, font, dpi)` -> RenderedPage(image, text, lines, signatures).
- `samples.degrade`: skew, rotate, noise, blur, jpeg, low_contrast, bilevel, photocopy, seal, and
  `apply(img, ["skew:1.5", ...], seed, seal_args)`; all pure and seeded.
- `samples.official`: the published application-form templates of all ten procedures, in printings
  A/B/C (`build_official`), with their legal sources (`samples.official.sources`).
- `samples.drawings`: large sheets of construction and land dossiers: `construction_drawing` (house
  plans, dimension chains, title block; A3-A1) and `cadastral_map` (parcel polygons and numbers,
  roads, north arrow, the parcel's block; a trích lục extract or a whole sheet, A3-A0) -> Sheet.
- `samples.names`: name sources ("generator", "faker", "faker-a", "faker-b").
- `samples.multidoc`: multi-document dossiers (receipt with barcode and QR code, form, ID copy,
  decision or certificate, other papers, cover sheets) and box files split by separator sheets;
  `samples.papers` the papers, `samples.codes` the barcodes and QR codes drawn on them.
- `samples.people` (names, citizen IDs, phones, tax codes, Bình Dương addresses, dates),
  `samples.cases` / `samples.forms` / `samples.decision` (documents), `samples.writers` (files),
  `samples.dossiers` (DossierPlan, build_dossier), `samples.badfiles` (inputs to quarantine).
"""
from __future__ import annotations

from pathlib import Path


def generate(out_dir: Path, count: int, seed: int = 0, bad_files: bool = False, multi: bool = False,
             boxes: int = 0, **options) -> list[dict]:
    """options: form_layouts, decision_layouts, procedures, templates, printings, names, fonts,
    drawings (see samples.dossiers.generate). multi: multi-document dossiers and `boxes` box files with
    separator sheets instead (samples.multidoc.generate)."""
    if multi:
        from samples.multidoc import generate as _multi

        return _multi(Path(out_dir), count, seed=seed, boxes=boxes, **options)
    if boxes:
        raise ValueError("box files are multi-document scans: ask for them with multi=True (--multi-documents)")
    from samples.dossiers import generate as _generate

    return _generate(Path(out_dir), count, seed=seed, bad_files=bad_files, **options)


__all__ = ["generate"]
