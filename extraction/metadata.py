"""7197/BKHCN minimum metadata of official documents, read from their Decree 30 header."""
from __future__ import annotations

import copy

from sohoa.documents import FieldValue, Page
from extraction import official as off
from extraction import consistency, doc_kinds
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


def _is_form_start(lines) -> bool:
    """A form, a result paper (certificate, permit) or a map extract titled at the top of the page. Kinds of
    official documents are left out: a caps heading on a continuation page ('QUY ĐỊNH CHUNG')
    reads like one."""
    for ln in lines[:12]:
        r = off.title_reading(ln.text)
        if r is not None and r.kind is not None and r.kind.group in (doc_kinds.FORM, doc_kinds.RESULT, doc_kinds.SHEET):
            return True
    return False


def official_documents(pages: list[Page], reread: RereadOptions | None = None) -> list[dict]:
    """Metadata for each official document in a dossier: it starts at a page printing a
    'Số: …' header and runs until the next such page or the next form. extraction.read_dossier
    gives these and the fields from one reading."""
    from extraction.extract import page_images, read_pages

    return documents_from(read_pages(pages), reread or RereadOptions(), page_images(pages))


def documents_from(read: list, reread: RereadOptions, images: dict[int, PageImage]) -> list[dict]:
    """The official documents of pages already read (extract.PageReading). Works on copies of
    the header candidates: the fields' choice and checks must not change a document's."""
    docs: list[list] = []
    for r in read:
        if "document_number" in _head(r.header):
            docs.append([r])
        elif docs and not _is_form_start(r.lines):
            docs[-1].append(r)
        elif docs:
            docs.append([])  # a form interrupts: later pages are not the document's
    return [_metadata([r.page for r in d], _head(copy.deepcopy(d[0].header)), [ln for r in d for ln in r.lines],
                      None, reread, images) for d in docs if d]


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
