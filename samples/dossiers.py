"""A batch folder of synthetic dossiers plus truth.jsonl.

Each dossier i is drawn from its own random source seeded by (seed, i), so dossier 3 is the same
whether the batch holds 5 or 50. A DossierPlan holds every choice explicitly (procedure, kind,
template layouts, font, dpi, container, degradation profile) and is recorded in truth.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from PIL import Image

from samples import decision, degrade, drawings, forms
from samples.badfiles import write_bad_files
from samples.cases import ALL_PROCEDURES, PROCEDURES, SHORT, Case, make_case
from samples.names import name_source
from samples.official import PRINTING_KEYS, build_official
from samples.official.core import printing as printing_spec
from samples.forms import Doc, Style
from samples.codes import stamp
from samples.fonts import FAMILIES, family, text_width_pt
from samples.render import MM, PageLayout, Placed, RenderedPage, draw, layout
from samples.writers import append_pdf, write_image_pdf, write_jpeg, write_png, write_text_pdf, write_tiff, write_truth

FONTS = [("freeserif", 60), ("dejavuserif", 15), ("notoserif", 15), ("notosans", 10)]
PROFILES = [("clean", 15), ("scan", 30), ("office", 20), ("photocopy", 15), ("fax", 10), ("faded", 10)]
EXT = {"pdf": "pdf", "tiff": "tif", "jpeg": "jpg", "png": "png"}
# papers whose values are not the dossier's: the ID copy repeats the form's, the others add none
OWNS_NO_FIELDS = ("id_copy", "receipt", "other", "cover", "separator")


@dataclass
class DossierPlan:
    procedure: str
    kind: str  # form | decision | mixed
    form_layout: int  # 1..forms.LAYOUTS (unused for kind=decision)
    decision_layout: int  # 1..decision.LAYOUTS (unused for kind=form)
    font: str
    dpi: int  # 300 | 200
    dpi_metadata: bool
    container: str  # file | folder_docs (one file per document) | folder_pages (one image per page)
    fmt: str  # pdf | tiff | jpeg | png
    born_digital: bool  # text PDF made by an office program, no scan
    profile: str  # degradation profile
    name: str = ""  # file or folder name; default d0001_birth(.ext)
    template: str = "generator"  # generator (samples.forms) | official (samples.official)
    printing: str = ""  # A | B | C for official templates
    names: str = "generator"  # name source (samples.names.SOURCES)
    sheet: str = ""  # a large sheet after the documents: "<kind>:<paper>:<dpi>", e.g. "drawing:A1:300"


# Large sheets `generate(..., drawings=True)` adds: design drawings to construction dossiers, cadastral
# map extracts (and whole map sheets) to land dossiers; (spec, weight)
SHEETS = {
    "construction_permit": [("drawing:A3:300", 40), ("drawing:A2:300", 30), ("drawing:A1:300", 30)],
    "land_change_registration": [("map_extract:A3:300", 35), ("map_extract:A1:200", 35), ("cadastral_map:A0:200", 30)],
    "land_first_certificate": [("map_extract:A3:300", 35), ("map_extract:A1:200", 35), ("cadastral_map:A0:200", 30)],
}
SHEET_FILES = {"drawing": "ban_ve", "map_extract": "trich_luc_ban_do", "cadastral_map": "ban_do_dia_chinh"}


def _weighted(rnd: random.Random, pairs) -> str:
    return rnd.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def draw_plan(rnd: random.Random, procedure: str, form_layouts: Sequence[int] | None = None,
              decision_layouts: Sequence[int] | None = None, fonts: Sequence[str] | None = None) -> DossierPlan:
    kind = _weighted(rnd, [("form", 55), ("mixed", 30), ("decision", 15)])
    container = _weighted(rnd, [("file", 65), ("folder_docs", 15 if kind == "mixed" else 0), ("folder_pages", 20)])
    born = container == "file" and rnd.random() < 0.12
    fmt = "pdf" if born else _weighted(rnd, [("pdf", 45), ("tiff", 20), ("jpeg", 20), ("png", 15)])
    dpi = 200 if rnd.random() < 0.2 else 300
    fl = rnd.choice(list(form_layouts)) if form_layouts else rnd.randint(1, len(forms.DEFAULT_LAYOUTS))
    dl = rnd.choice(list(decision_layouts)) if decision_layouts else rnd.randint(1, decision.LAYOUTS)
    return DossierPlan(procedure, kind, fl, dl,
                       _weighted(rnd, _fonts(fonts)), dpi, fmt == "pdf" or rnd.random() < 0.85, container, fmt, born,
                       "clean" if born else _weighted(rnd, PROFILES))


def _fonts(fonts: Sequence[str] | None):
    if not fonts:
        return FONTS
    if set(fonts) - set(FAMILIES):
        raise ValueError(f"unknown fonts: {sorted(set(fonts) - set(FAMILIES))}; choose from {sorted(FAMILIES)}")
    rarest = min(w for _, w in FONTS)  # a face outside the everyday mix weighs as the rarest in it
    return [(f, w) for f, w in FONTS if f in fonts] + [(f, rarest) for f in fonts if f not in dict(FONTS)]


def choose_template(rnd: random.Random, plan: DossierPlan, templates: str, printings: Sequence[str]) -> None:
    """Official template (and printing) for this dossier; only decisions the generator has are attached."""
    if templates not in ("generator", "official", "mixed"):
        raise ValueError(f"templates must be generator, official or mixed, not {templates!r}")
    if templates == "generator":
        return
    if templates == "official" or plan.procedure not in PROCEDURES or rnd.random() < 0.5:
        plan.template = "official"
        plan.printing = rnd.choice(list(printings))
        if plan.procedure not in PROCEDURES or plan.kind == "decision":
            plan.kind = "form" if plan.procedure not in PROCEDURES else "mixed"


def page_specs(rnd: random.Random, profile: str, has_signature_seal: bool) -> list[str]:
    """Degradation specs of one page; values rounded as recorded."""
    def ang(lo: float, hi: float) -> str:
        return f"skew:{rnd.choice([-1, 1]) * rnd.uniform(lo, hi):.1f}"
    specs: list[str] = []
    if has_signature_seal and rnd.random() < 0.85:
        specs.append("seal")
    if profile == "scan":
        specs += [ang(0.5, 2.5), f"noise:{rnd.randint(4, 10)}"]
    elif profile == "office":
        specs += [ang(0.5, 1.5), f"blur:{rnd.uniform(0.6, 1.2):.1f}", f"jpeg:{rnd.randint(30, 60)}"]
    elif profile == "photocopy":
        specs += ["photocopy", ang(0.5, 4.0), f"noise:{rnd.randint(3, 7)}"]
    elif profile == "fax":
        specs += [ang(0.5, 1.5), "bilevel"]
    elif profile == "faded":
        specs += [f"low_contrast:{rnd.uniform(0.35, 0.6):.2f}", f"blur:{rnd.uniform(0.4, 0.8):.1f}"]
    if profile != "clean" and rnd.random() < 0.12:
        specs.append(f"rotate:{rnd.choice([90, 180, 270])}")
    return specs


@dataclass
class _Page:
    rendered: RenderedPage
    doc: Doc
    specs: list[str] = field(default_factory=list)
    image: Image.Image | None = None


def _docs(plan: DossierPlan, rnd: random.Random) -> tuple[list[Doc], Case]:
    names = name_source(plan.names)
    case = make_case(rnd, plan.procedure, names)
    style = Style.draw(rnd)
    docs = []
    if plan.kind in ("form", "mixed") and plan.template == "official":
        docs.append(build_official(case, rnd, plan.printing, style, plan.font, names))
    elif plan.kind in ("form", "mixed"):
        docs.append(forms.build_form(case, rnd, plan.form_layout, style, plan.font))
    if plan.kind in ("decision", "mixed"):
        docs.append(decision.build_decision(case, rnd, plan.decision_layout, style, plan.font))
    return docs, case


def _seal_args(page: _Page, dpi: int) -> dict | None:
    if not page.rendered.signatures or not page.doc.seal:
        return None
    x0, y0, x1, y1 = page.rendered.signatures[0]
    r = round(19 / 25.4 * dpi)  # a 38 mm seal
    # over the left third of the signature and the lower title line, as stamped in practice
    return {"center": (x0 + (x1 - x0) // 6, (y0 + y1) // 2), "radius": r, "text": page.doc.seal["text"]}


def render_docs(plan: DossierPlan, docs: list[Doc], rnd: random.Random, page_seed: int):
    """Lay out, draw (codes and shapes stamped) and degrade the documents' pages: (pages, layouts)."""
    # an official printing sets its own margins; the generator's forms and decisions keep the default
    layouts = [layout(d.items, plan.font, margins=printing_spec(d.meta["printing"]).margins if d.meta.get("printing")
                      else None) for d in docs]
    for d, pls in zip(docs, layouts):
        if d.meta.get("page_numbers"):
            number_pages(pls, plan.font)
    pages = []
    for d, pls in zip(docs, layouts):
        for i, pl in enumerate(pls):
            pg = _Page(draw(pl, plan.font, plan.dpi), d)
            stamp(pg.rendered, [m for m in d.marks if m["page"] == i])
            pages.append(pg)
    for n, pg in enumerate(pages):
        seal = _seal_args(pg, plan.dpi)
        pg.specs = [] if plan.born_digital else page_specs(rnd, plan.profile, seal is not None)
        if plan.fmt == "jpeg":  # saving as JPEG is itself the compression step
            pg.specs = [s for s in pg.specs if not s.startswith("jpeg:")]
        pg.image = degrade.apply(pg.rendered.image, pg.specs, page_seed * 1000 + n, seal_args=seal)
    return pages, layouts


def number_pages(pls: list[PageLayout], font: str) -> None:
    """'Trang k/n' centred in the bottom margin of each page of one document."""
    for k, pl in enumerate(pls, 1):
        text = f"Trang {k}/{len(pls)}"
        w = text_width_pt(family(font).italic, 11, text)
        pl.lines.append(Placed(text, (pl.width - w) / 2, pl.height - 10 * MM, 11, False, True, w))


def build_dossier(out_dir: Path, plan: DossierPlan, rnd: random.Random, page_seed: int,
                  docs: list[Doc] | None = None) -> dict:
    """Render, degrade and write one dossier under out_dir; returns its truth record. `docs`: the
    documents to print (default: those the plan's kind names)."""
    case = None
    if docs is None:
        docs, case = _docs(plan, rnd)
    pages, layouts = render_docs(plan, docs, rnd, page_seed)
    name = plan.name or SHORT[plan.procedure]
    sheet = _sheet(plan, case, page_seed) if case is not None else None  # drawings: single-paper dossiers only
    if sheet is not None and plan.container == "file" and plan.fmt != "pdf":
        plan.container = "folder_docs"  # only a PDF holds pages of different sizes and resolutions
    files = _write(out_dir, plan, name, pages, layouts, docs, rnd)
    if plan.fmt == "jpeg":
        for pg in pages:
            pg.specs.append(f"jpeg:{files[0]['quality']}")
    if sheet is not None:
        own = _write_sheet(out_dir, plan, name, sheet, len(files) + 1)
        files += own
        if not own:  # the last page of the dossier's PDF
            files[0]["pages"] += 1
    source = files[0]["name"] if plan.container == "file" else name + "/"
    return _record(plan, source, docs, layouts, pages, files, sheet)


@dataclass
class _Sheet:
    sheet: drawings.Sheet
    specs: list[str]
    image: Image.Image


def _sheet(plan: DossierPlan, case: Case, page_seed: int) -> _Sheet | None:
    """The plan's large sheet, drawn from the dossier's case; its own random source, so adding it
    changes nothing else in the dossier."""
    if not plan.sheet:
        return None
    kind, paper, dpi = plan.sheet.split(":")
    rnd = random.Random(f"sheet:{page_seed}")
    if kind == "drawing":
        sheet = drawings.construction_drawing(rnd, case, paper, int(dpi), plan.font)
    else:
        sheet = drawings.cadastral_map(rnd, case, paper, int(dpi), plan.font, extract=kind == "map_extract")
    specs = [] if plan.profile == "clean" else [f"skew:{rnd.choice([-1, 1]) * rnd.uniform(0.2, 1.0):.1f}"]
    if plan.profile in ("fax", "photocopy"):
        specs.append("bilevel")  # large-format scanners keep drawings as 1-bit, CCITT G4
    return _Sheet(sheet, specs, degrade.apply(sheet.image, specs, page_seed * 1000 + 999))


def _write_sheet(out_dir: Path, plan: DossierPlan, name: str, sh: _Sheet, n: int) -> list[dict]:
    """Into the dossier's PDF when it is one, else a file of its own in the dossier's folder."""
    dpi = sh.sheet.dpi
    if plan.container == "file":  # a PDF: the sheet is its last page, at its own size
        append_pdf(out_dir / f"{name}.pdf", sh.image, dpi)
        return []
    ext = EXT[plan.fmt]
    stem = f"page_{n:02d}" if plan.container == "folder_pages" else f"{n:02d}"  # sorts after the pages before it
    path = out_dir / name / f"{stem}_{SHEET_FILES[sh.sheet.kind]}.{ext}"
    if plan.fmt == "pdf":
        write_image_pdf([sh.image], path, dpi)
    elif plan.fmt == "tiff":
        write_tiff([sh.image], path, dpi)
    elif plan.fmt == "jpeg":
        write_jpeg(sh.image, path, dpi, 75)
    else:
        write_png(sh.image, path, dpi)
    return [{"name": path.name, "pages": 1}]


def _record(plan: DossierPlan, source: str, docs: list[Doc], layouts, pages: list[_Page], files,
            sheet: _Sheet | None = None) -> dict:
    fields: dict[str, str] = {}
    for d in docs:  # the form's values win (applicant, signed_date); the decision adds its own keys
        if d.kind in OWNS_NO_FIELDS:
            continue
        for k, v in d.fields.items():
            fields.setdefault(k, v)
    documents, first = [], 1
    for d, pls in zip(docs, layouts):
        documents.append({"kind": d.kind, "layout": d.layout, "pages": list(range(first, first + len(pls))),
                          "fields": d.fields, "labels": d.labels, **({"title": d.title} if d.title else {})})
        first += len(pls)
    page_specs_ = [pg.specs for pg in pages] + ([sheet.specs] if sheet else [])
    texts = [pg.rendered.text for pg in pages] + ([sheet.sheet.text] if sheet else [])
    sheets = []
    if sheet is not None:
        sh = sheet.sheet
        sheets.append({"kind": sh.kind, "page": len(pages) + 1, "paper": sh.paper, "dpi": sh.dpi,
                       "size": list(sh.image.size), "fields": sh.fields})
        documents.append({"kind": sh.kind, "layout": f"sheet/{sh.paper}", "pages": [len(pages) + 1],
                          "fields": sh.fields, "labels": {}})
    all_specs: list[str] = []
    for specs in page_specs_:
        all_specs += [s for s in specs if s not in all_specs]
    extra = {}
    official = next((d.meta for d in docs if d.meta.get("template")), None)
    if official:
        extra = {**{k: v for k, v in official.items() if k != "page_numbers"}, "name_source": plan.names}
    elif plan.names != "generator":
        extra = {"name_source": plan.names}
    return {
        "source": source,
        "procedure": plan.procedure,
        "kind": plan.kind,
        "pages": len(texts),
        "text": "\f".join(texts),
        "fields": fields,
        "degradations": all_specs,
        "format": plan.fmt if plan.container == "file" else "folder",
        "files": [{k: v for k, v in f.items() if k != "quality"} for f in files],
        "layout": "+".join(d.layout for d in docs),
        "documents": documents,
        "page_degradations": page_specs_,
        "font": plan.font,
        "dpi": plan.dpi,
        "dpi_metadata": plan.dpi_metadata,
        "born_digital": plan.born_digital,
        "plan": asdict(plan),
        **({"sheets": sheets} if sheets else {}),
        **extra,
    }


def _save(path: Path, plan: DossierPlan, imgs: list[Image.Image], quality: int) -> None:
    dpi = plan.dpi if plan.dpi_metadata else None
    if plan.fmt == "pdf":
        write_image_pdf(imgs, path, plan.dpi)
    elif plan.fmt == "tiff":
        write_tiff(imgs, path, dpi)
    elif plan.fmt == "jpeg":
        write_jpeg(imgs[0], path, dpi, quality)
    else:
        write_png(imgs[0], path, dpi)


def _write(out_dir: Path, plan: DossierPlan, name: str, pages: list[_Page], layouts, docs,
           rnd: random.Random) -> list[dict]:
    """Write the dossier; returns [{"name", "pages"}] relative to the dossier (file or folder)."""
    quality = rnd.randint(35, 90) if plan.fmt == "jpeg" else 0
    ext = EXT[plan.fmt]
    single_image = plan.fmt in ("jpeg", "png")
    if plan.container == "file" and (single_image and len(pages) > 1):
        plan.container = "folder_pages"  # a JPEG/PNG holds one page: several pages make a folder
    if plan.container == "file":
        path = out_dir / f"{name}.{ext}"
        if plan.born_digital:
            write_text_pdf([pl for pls in layouts for pl in pls], path, plan.font, title=docs[0].layout)
        else:
            _save(path, plan, [p.image for p in pages], quality)
        return [{"name": path.name, "pages": len(pages), "quality": quality}]
    folder = out_dir / name
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    if plan.container == "folder_docs" and not single_image:
        start = 0
        for i, (d, pls) in enumerate(zip(docs, layouts), 1):
            fname = f"{i:02d}_{'to_khai' if d.kind == 'form' else 'quyet_dinh'}.{ext}"
            _save(folder / fname, plan, [p.image for p in pages[start:start + len(pls)]], quality)
            out.append({"name": fname, "pages": len(pls), "quality": quality})
            start += len(pls)
    else:
        plan.container = "folder_pages"
        for i, p in enumerate(pages, 1):
            fname = f"page_{i:02d}.{ext}"
            _save(folder / fname, plan, [p.image], quality)
            out.append({"name": fname, "pages": 1, "quality": quality})
    return out


def procedure_order(seed: int, count: int, procedures: Sequence[str] | None = None,
                    known: Sequence[str] = PROCEDURES) -> list[str]:
    """Every procedure appears once in each run of len(procedures) dossiers."""
    pool = list(procedures or known)
    unknown = set(pool) - set(known)
    if unknown:
        raise ValueError(f"unknown procedures: {sorted(unknown)}")
    out: list[str] = []
    block = 0
    while len(out) < count:
        r = random.Random(f"order:{seed}:{block}")
        out += r.sample(pool, len(pool))
        block += 1
    return out[:count]


HOSTILE_NAMES = [
    "-d{n} leading dash",
    "hồ sơ (bản scan) ngày 05.03.2019 – Thuận An",
    "d{n} " + "rất dài " * 18 + "tên tệp",
]


def _hostile_and_broken(out_dir: Path, seed: int, start: int) -> list[dict]:
    """Good dossiers under awkward names, and a page folder with one truncated page."""
    recs = []
    for j, pattern in enumerate(HOSTILE_NAMES):
        i = start + j
        rnd = random.Random(f"hostile:{seed}:{j}")
        plan = draw_plan(rnd, PROCEDURES[(seed + j) % len(PROCEDURES)])
        plan.container, plan.fmt, plan.born_digital = "file", rnd.choice(["png", "jpeg", "pdf"]), False
        plan.kind = "form" if plan.fmt != "pdf" else plan.kind
        plan.name = pattern.format(n=f"{i + 1:04d}")
        rec = build_dossier(out_dir, plan, rnd, page_seed=seed * 100003 + i)
        rec.update(seed=seed, index=i, tags=["hostile_name"])
        recs.append(rec)
    i = start + len(HOSTILE_NAMES)
    rnd = random.Random(f"broken:{seed}")
    plan = draw_plan(rnd, PROCEDURES[seed % len(PROCEDURES)])
    plan.kind, plan.container, plan.fmt, plan.born_digital = "mixed", "folder_pages", "png", False
    plan.name = f"d{i + 1:04d}_{SHORT[plan.procedure]}_broken_page"
    rec = build_dossier(out_dir, plan, rnd, page_seed=seed * 100003 + i)
    victim = out_dir / plan.name / rec["files"][1]["name"]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 3])
    rec.update(seed=seed, index=i, tags=["bad_file_in_dossier"], bad_file=rec["files"][1]["name"],
               expect={"state": "review", "reason": "bad_file_in_dossier"})
    recs.append(rec)
    return recs


def generate(out_dir: Path, count: int, seed: int = 0, bad_files: bool = False, *,
             form_layouts: Sequence[int] | None = None, decision_layouts: Sequence[int] | None = None,
             procedures: Sequence[str] | None = None, templates: str = "generator",
             printings: Sequence[str] | None = None, names: str = "generator",
             fonts: Sequence[str] | None = None, drawings: bool = False) -> list[dict]:
    """Write `count` dossiers (plus bad inputs when asked) and truth.jsonl into out_dir.

    form_layouts / decision_layouts restrict the template variants (e.g. train on 1-3, hold out 4);
    procedures restricts the procedure keys (default: all of cases.PROCEDURES; with official or
    mixed templates all of cases.ALL_PROCEDURES). templates: generator (samples.forms), official
    (samples.official, printings A/B/C) or mixed (either, per dossier); names: a samples.names source;
    fonts: a subset of the font families; drawings: construction dossiers carry a design drawing
    (A3-A1 at 300 dpi) and land dossiers a cadastral map extract or sheet (A3 at 300 dpi, A1 and A0
    at 200 dpi), as a last page of their PDF or a file of their own (SHEETS).
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    printings = list(printings or PRINTING_KEYS)
    if not printings or set(printings) - set(PRINTING_KEYS):
        raise ValueError(f"printings must be a subset of {PRINTING_KEYS}")
    name_source(names)  # validates
    out_dir.mkdir(parents=True, exist_ok=True)
    records = []
    known = PROCEDURES if templates == "generator" else ALL_PROCEDURES
    for i, proc in enumerate(procedure_order(seed, count, procedures, known)):
        rnd = random.Random(f"dossier:{seed}:{i}")
        plan = draw_plan(rnd, proc, form_layouts, decision_layouts, fonts)
        plan.names = names
        choose_template(rnd, plan, templates, printings)
        plan.name = f"d{i + 1:04d}_{SHORT[proc]}"
        if drawings and proc in SHEETS:
            plan.sheet = _weighted(random.Random(f"sheet-plan:{seed}:{i}"), SHEETS[proc])
        rec = build_dossier(out_dir, plan, rnd, page_seed=seed * 100003 + i)
        rec["seed"], rec["index"] = seed, i
        records.append(rec)
    if bad_files:
        records += _hostile_and_broken(out_dir, seed, count)
        records += write_bad_files(out_dir, seed)
    write_truth(out_dir, records)
    return records
