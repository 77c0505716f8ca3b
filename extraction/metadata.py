"""7197/BKHCN minimum metadata of an official document, from its extracted fields."""
from __future__ import annotations

from sohoa.documents import FieldValue, Page
from extraction.official import type_from_notation

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


def document_metadata(pages: list[Page], fields: dict[str, FieldValue]) -> dict:
    """TypeName, CodeNumber, CodeNotation, IssuedDate, OrganName, Subject, PageAmount, Language.

    Values are None where the document does not yield them; `missing` lists the required ones
    absent or not certain (invalid), so a caller can send the document to review.
    """
    def get(key: str) -> str | None:
        fv = fields.get(key)
        return fv.value if fv and fv.valid and fv.value else None

    number, year, notation = split_number(get("document_number") or "")
    type_name = get("document_type")
    type_name = _sentence_case(type_name) if type_name else (type_from_notation(notation) if notation else None)
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
    meta["missing"] = [k for k in REQUIRED if not meta[k]]
    return meta
