"""Real pages for the OCR benchmark, in the format bench/ocr_batch.py writes (page files + truth.jsonl).

    .venv/bin/python bench/real_batch.py --out bench/out/real_batch
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_bench.py bench/out/real_batch

Two variants, both from real Vietnamese legal documents that sohoa's authors did not write:

- real_text    "real documents rendered as scans": paragraphs of official texts (decrees, circulars,
               resolutions), laid out on A4 with samples/render (FreeSerif, DejaVu Serif, Noto Serif)
               and given a light scan (small skew, sensor noise). Truth: the printed lines.
- real_rescan  "real born-digital documents re-scanned": pages of the Official Gazette's (Công báo)
               born-digital PDFs, rasterised at 300 dpi with a light scan. Truth: the page's own text
               layer read by pdfplumber.

Source: github.com/hrmaster1982-dev/phapluat-8chude-data at commit
cdfc64c4d0f41cf6c2ef0e8fc725bd7498d4f5a7 (docs/<topic>/<slug>.txt and .pdf, copied from
congbao.chinhphu.vn). Legal normative documents and their official translations are not objects of
copyright in Vietnam (Law on Intellectual Property 50/2005/QH11, Art. 15), so a small extract is
committed under bench/data/real/ (see its SOURCE.md); the builder runs offline from that extract.
`--extract MIRROR` re-cuts it deterministically from a checkout of the source repository.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
from pathlib import Path

from extraction.text import nfc
from samples import degrade
from samples.writers import write_truth
from samples.render import Line, layout, draw

DATA = Path(__file__).resolve().parent / "data" / "real"
SOURCE_COMMIT = "cdfc64c4d0f41cf6c2ef0e8fc725bd7498d4f5a7"
FONTS = ["freeserif", "dejavuserif", "notoserif"]
TEXT_DOCS, TEXT_PAGES_PER_DOC = 8, 2
PDF_DOCS, PDF_PAGES_PER_DOC = 4, 3
DPI = 300

# characters the three typefaces draw and a clerk types; a paragraph with anything else (symbol-font
# bullets, private-use glyphs of the PDF export) is left out rather than rendered as a box
_PUNCT = set(" .,;:!?()-–/%\"'“”‘’+*=<>[]§&")
_LEADER = re.compile(r"\.{4,}|…")  # a form's dot leaders: ruled blanks to fill in, not text to read
_RUNNING_HEAD = re.compile(r"^(?:\d+\s+)?CÔNG BÁO/Số\b.*$|^\d{1,4}$")
_HEADING = re.compile(r"^(?:Điều \d+[a-z]?\.|Chương |Mục \d)")  # an article heading ends without a mark
_STARTS = re.compile(r"^(?:Điều \d|Chương [IVXLC]|Mục \d|Phần |\d+(?:\.\d+)*\.\s|[a-zđ]\)\s|[-–+]\s|Căn cứ |Theo đề nghị )")


def _caps(text: str) -> bool:
    # stricter than extraction.official.is_caps: a "Số: 01/2023/TT-BLĐTBXH" line is not a heading here
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _printable(text: str) -> bool:
    return all(c.isalnum() or c in _PUNCT for c in text)


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text-layer dump whose lines were wrapped by the PDF: a line starts a new
    paragraph after an end mark, at an article/clause/point marker, around a caps heading, or when
    it opens with a capital after an article heading."""
    out: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        if cur:
            out.append(re.sub(r"\s+", " ", " ".join(cur)).strip())
            cur.clear()

    for raw in nfc(text).splitlines():
        line = raw.strip()
        if not line or _RUNNING_HEAD.match(line):
            continue  # blank lines and the Gazette's running heads fall inside paragraphs too
        if cur and (cur[-1].endswith((".", ";", ":")) or _STARTS.match(line) or _caps(line) != _caps(cur[-1])
                    or (_HEADING.match(cur[0]) and line[:1].isupper())):
            flush()
        cur.append(line)
    flush()
    return out


# ---- extract: cut the committed sample out of the source repository (run once) ----

def _git_show(mirror: Path, path: str) -> bytes:
    return subprocess.run(["git", "-C", str(mirror), "show", f"{SOURCE_COMMIT}:{path}"], capture_output=True,
                          check=True).stdout


def _index(mirror: Path) -> list[dict]:
    docs = json.loads(_git_show(mirror, "index.json"))
    listed = set(subprocess.run(["git", "-C", str(mirror), "ls-tree", "-r", "--name-only", SOURCE_COMMIT, "docs"],
                                capture_output=True, text=True, check=True).stdout.split())
    for d in docs:
        d["txt"] = f"docs/{d['topic_key']}/{d['slug']}.txt"
        d["pdf"] = f"docs/{d['topic_key']}/{d['slug']}.pdf"
    return sorted((d for d in docs if d["txt"] in listed and d["pdf"] in listed), key=lambda d: d["slug"])


def extract(mirror: Path, seed: int = 14) -> None:
    import pdfplumber
    import pikepdf

    rnd = random.Random(seed)
    docs = _index(mirror)
    picked = rnd.sample(docs, TEXT_DOCS + PDF_DOCS * 3)  # spare PDFs: some are scans or too short
    (DATA / "pdf").mkdir(parents=True, exist_ok=True)
    texts = []
    for d in picked[:TEXT_DOCS]:
        paras = [p for p in paragraphs(_git_show(mirror, d["txt"]).decode("utf-8"))
                 if 20 <= len(p) <= 900 and _printable(p) and not _LEADER.search(p)]
        start = rnd.randrange(max(1, len(paras) - 40))
        window, size = [], 0
        for p in paras[start:]:  # about three pages of text; the builder keeps what fits on two
            window.append(p)
            size += len(p)
            if size > 7000:
                break
        texts.append({"doc": d["slug"], "so_hieu": d["so_hieu"], "url": d["nguon_url"], "paragraphs": window})
    pdfs = []
    for d in picked[TEXT_DOCS:]:
        if len(pdfs) == PDF_DOCS:
            break
        raw = _git_show(mirror, d["pdf"])
        tmp = DATA / "pdf" / "_source.pdf"
        tmp.write_bytes(raw)
        with pdfplumber.open(tmp) as pdf:
            full = [i for i, p in enumerate(pdf.pages) if len(p.chars) >= 1200 and not p.images]
        if len(full) < PDF_PAGES_PER_DOC:
            tmp.unlink()
            continue
        pages = sorted(rnd.sample(full, PDF_PAGES_PER_DOC))
        with pikepdf.open(tmp) as src:
            out = pikepdf.new()
            for i in pages:
                out.pages.append(src.pages[i])
                if "/Annots" in out.pages[-1]:  # the signature widget: not print, and not in the text layer
                    del out.pages[-1].obj["/Annots"]
            out.save(DATA / "pdf" / f"{d['slug']}.pdf", deterministic_id=True, compress_streams=True)
        tmp.unlink()
        pdfs.append({"doc": d["slug"], "so_hieu": d["so_hieu"], "url": d["nguon_url"],
                     "source_pages": [i + 1 for i in pages]})
    with (DATA / "texts.jsonl").open("w", encoding="utf-8") as fh:
        for t in texts:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    (DATA / "pdfs.json").write_text(json.dumps(pdfs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(texts)} text extracts, {len(pdfs)} PDFs -> {DATA}")


# ---- build: the batch ----

def text_items(paras: list[str]) -> list:
    return [Line(p, size=13, bold=True, align="center", space_before=2) if _caps(p)
            else Line(p, size=13, indent=10, space_before=1.5, align="left") for p in paras]


def _scan(img, rnd: random.Random, seed: int):
    specs = [f"skew:{rnd.uniform(-0.8, 0.8):.2f}", "noise:8"]
    return degrade.apply(img, specs, seed=seed), specs


def pdf_page_text(path: Path, index: int) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return nfc(pdf.pages[index].extract_text() or "")


def rasterise(path: Path, index: int, dpi: int = DPI):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def make(out: Path, data: Path = DATA, seed: int = 14, text_docs: int | None = None,
         pdf_docs: int | None = None) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    texts = [json.loads(l) for l in (data / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
    pdfs = json.loads((data / "pdfs.json").read_text(encoding="utf-8"))
    truth, n = [], 0
    for k, t in enumerate(texts[:text_docs]):
        font = FONTS[k % len(FONTS)]
        for page in layout(text_items(t["paragraphs"]), font)[:TEXT_PAGES_PER_DOC]:
            img, specs = _scan(draw(page, font, DPI).image, rnd, seed * 1000 + n)
            name = f"{n:03d}_real_text.png"
            img.save(out / name, dpi=(DPI, DPI))
            truth.append({"file": name, "variant": "real_text", "font": font, "kind": "legal_text",
                          "source": t["doc"], "specs": specs, "text": page.text})
            n += 1
    for p in pdfs[:pdf_docs]:
        path = data / "pdf" / f"{p['doc']}.pdf"
        for i, src_page in enumerate(p["source_pages"]):
            img, specs = _scan(rasterise(path, i), rnd, seed * 1000 + n)
            name = f"{n:03d}_real_rescan.png"
            img.save(out / name, dpi=(DPI, DPI))
            truth.append({"file": name, "variant": "real_rescan", "font": "as printed", "kind": "gazette_pdf",
                          "source": f"{p['doc']} p{src_page}", "specs": specs, "text": pdf_page_text(path, i)})
            n += 1
    write_truth(out, truth)
    return truth


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("bench/out/real_batch"))
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--extract", type=Path, metavar="MIRROR", help="re-cut bench/data/real from the source repository")
    a = ap.parse_args()
    if a.extract:
        extract(a.extract, a.seed)
    else:
        t = make(a.out, seed=a.seed)
        print(f"{len(t)} pages in {a.out}")
