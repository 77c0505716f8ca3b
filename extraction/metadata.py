"""7197/BKHCN minimum metadata of official documents, read from their Decree 30 header."""
from __future__ import annotations

import copy

from sohoa.documents import SHEET_KINDS, FieldValue, Page
from extraction import consistency, doc_kinds, segment
from extraction.candidates import Candidate
from extraction.reread import PageImage, RereadOptions, final_confidence, second_reading
from extraction.text import page_lines

REQUIRED = ("TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "OrganName", "Subject")


def split_number(value: str) -> tuple[str | None, str | None, str | None]:
    """'144/2025/QĐ-CTUBND' → ('144', '2025', 'QĐ-CTUBND'); '8506/QĐ-UBND' → ('8506', None, 'QĐ-UBND')."""
    parts = value.split("/")
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], None, parts[1]
    return None, None, None


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower() if text else text


def _header(page: Page) -> dict[str, Candidate]:
    from extraction.extract import header_candidates  # extract imports this module's users

    return _head(header_candidates(page_lines(page)))


def _head(cands: list[Candidate]) -> dict[str, Candidate]:
    """A page's header elements of an official document, one per key."""
    out: dict[str, Candidate] = {}
    for c in cands:
        if c.key == "signed_date" and c.priority != 1:
            continue  # a form's signing line, not this document's date
        if c.key not in out or (out[c.key].parsed.problem and not c.parsed.problem):
            out[c.key] = c  # the first reading, unless it failed and a later one (authority line) did not
    return out


OFFICIAL_KINDS = ("decision", "certificate")  # the documents official_documents lists
NAMED_BY_TITLE = ("receipt", "id_copy")  # papers with no Decree 30 kind: their own title names them


def official_documents(pages: list[Page], reread: RereadOptions | None = None) -> list[dict]:
    """Metadata for each official document in a dossier (decisions, certificates), as the dossier's
    pages split into documents (extraction/segment.py). extraction.read_dossier gives these and
    the fields from one reading."""
    from extraction.extract import page_images, read_pages

    read = read_pages(pages)
    spans = segment.split_read(read)
    metas = documents_from(read, reread or RereadOptions(), page_images(pages), spans)
    return [m for s, m in zip(spans, metas) if s.kind in OFFICIAL_KINDS]


def documents_from(read: list, reread: RereadOptions, images: dict[int, PageImage],
                   spans: list[segment.Span]) -> list[dict | None]:
    """The 7197 metadata of each span of pages already read (extract.PageReading); None for a
    separator or cover sheet. Works on copies of the header candidates: the fields' choice and
    checks must not change a document's."""
    out: list[dict | None] = []
    for span in spans:
        if span.kind in ("separator", "cover"):
            out.append(None)
            continue
        if span.kind in SHEET_KINDS:  # no Decree 30 header to read: its kind is its name
            out.append({**dict.fromkeys(REQUIRED), "TypeName": SHEET_KINDS[span.kind], "PageAmount": len(span.pages),
                        "TypeNameConfidence": span.confidence, "missing": [], "confidence": span.confidence})
            continue
        mine = [r for r in read if r.page.number in span.pages]
        numbered = next((r for r in mine if "document_number" in _head(r.header)), mine[0])
        meta = _metadata([r.page for r in mine], _head(copy.deepcopy(numbered.header)),
                         [ln for r in mine for ln in r.lines], None, reread, images)
        if span.kind in NAMED_BY_TITLE and not meta["TypeName"] and span.title:
            meta["TypeName"] = _sentence_case(span.title)
            meta["TypeNameConfidence"] = span.confidence
            meta["missing"] = [k for k in meta["missing"] if k != "TypeName"]
        out.append(meta)
    return out


def document_metadata(pages: list[Page], fields: dict[str, FieldValue] | None = None,
                      reread: RereadOptions | None = None) -> dict:
    """TypeName, CodeNumber, CodeNotation, IssuedDate, OrganName, Subject, PageAmount, Language.

    Read from the first page with a Decree 30 header ('Số: …'); `fields` (from extract_fields)
    fill what the header lacks. Values are None where the document does not yield them; values
    that failed validation or sit below `min_confidence` are left out. `missing` lists the
    required ones absent, so a caller can send the document to review; `confidence` the lowest
    confidence among those present, `TypeNameConfidence` that of the kind (low when the title is
    no kind we know or disagrees with the number's notation).
    """
    head: dict[str, Candidate] = {}
    for page in pages:
        head = _header(page)
        if "document_number" in head:
            break
    else:
        head = {}
    lines = [ln for p in pages for ln in page_lines(p)]
    return _metadata(pages, head, lines, fields, reread or RereadOptions(), {p.number: PageImage(p) for p in pages})


def _metadata(pages: list[Page], head: dict[str, Candidate], lines: list, fields: dict[str, FieldValue] | None,
              reread: RereadOptions, images: dict[int, PageImage]) -> dict:
    if head:  # the same checks as for the fields: spellings across the document, second readings
        consistency.check(head, lines)
        if reread.enabled:
            second_reading(head, images, reread)

    confs: list[float] = []

    def get(key: str) -> str | None:
        c = head.get(key)
        if c is not None and c.parsed.value and not c.parsed.problem:
            confs.append(final_confidence(c))
            return c.parsed.value
        fv = (fields or {}).get(key)
        if fv is not None and fv.valid and fv.value:
            confs.append(fv.confidence)
            return fv.value
        return None

    number, year, notation = split_number(get("document_number") or "")
    # the header reading already weighed the title against the notation (doc_kinds.combine):
    # no second fallback to the notation here, which would name a kind with no confidence
    type_name = get("document_type")
    type_conf = confs[-1] if type_name else 0.0
    kind = doc_kinds.BY_TITLE.get(type_name or "")
    type_name = kind.name if kind else (_sentence_case(type_name) if type_name else None)
    meta = {
        "TypeName": type_name,
        "CodeNumber": number,
        "CodeNotation": f"{year}/{notation}" if year and notation else notation,
        "IssuedDate": get("signed_date"),
        "OrganName": get("issuing_agency"),
        "Subject": get("subject_line"),
        "PageAmount": len(pages),
        "Language": "vi",
    }
    meta["TypeNameConfidence"] = round(type_conf, 4)  # the kind alone: title and notation weighed
    meta["missing"] = [k for k in REQUIRED if not meta[k]]
    meta["confidence"] = round(min(confs), 4) if confs else 0.0
    return meta
