"""Whose value is it? Person blocks on forms and the role each one plays.

Real forms reuse one set of labels for several people: the death-registration form prints the
requester's block, then "Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:" and the
deceased's block under the same "Họ, chữ đệm, tên"; the birth form follows the child with the
mother's and the father's blocks. So a label names a *slot* (name, birth date, ID, address,
gender) and the block it stands in names the *role*; a label that names its person ("… người
mẹ", "… bên vợ") sets the role itself and opens that person's block.
"""
from __future__ import annotations

import re

from extraction.text import squash

APPLICANT, SUBJECT, MOTHER, FATHER = "applicant", "subject", "mother", "father"

# role cues, folded: the phrase that names the person a block or a label is about
_CUES: list[tuple[str, str]] = [
    (SUBJECT, "nguoi duoc khai sinh"), (SUBJECT, "nguoi co ten duoi day"), (SUBJECT, "nguoi duoi day"),
    (SUBJECT, "nguoi da chet"), (SUBJECT, "nguoi chet"), (SUBJECT, "nguoi da mat"), (SUBJECT, "ben vo"),
    (SUBJECT, "ben nu"), (SUBJECT, "nguoi duoc nhan"), (SUBJECT, "con nuoi"), (SUBJECT, "nguoi duoc giam ho"),
    (MOTHER, "nguoi me"), (MOTHER, "me"), (FATHER, "nguoi cha"), (FATHER, "cha"),
    (APPLICANT, "nguoi yeu cau"), (APPLICANT, "nguoi di dang ky"), (APPLICANT, "nguoi di khai"),
    (APPLICANT, "nguoi khai"), (APPLICANT, "nguoi de nghi"), (APPLICANT, "nguoi lam don"),
    (APPLICANT, "nguoi viet don"), (APPLICANT, "nguoi ke khai"), (APPLICANT, "ben chong"), (APPLICANT, "ben nam"),
    (APPLICANT, "chu ho kinh doanh"), (APPLICANT, "chu doanh nghiep"), (APPLICANT, "chu dau tu"),
    (APPLICANT, "nguoi su dung dat"), (APPLICANT, "chu so huu"), (APPLICANT, "nguoi nop ho so"),
]
_CUE_RES = [(role, re.compile(rf"(?:^| ){cue}(?: |$)")) for role, cue in _CUES]

# the slot each person field fills, and the field key of a slot in each role (None: not extracted)
SLOT = {
    "applicant_name": "name", "subject_name": "name", "mother_name": "name", "father_name": "name",
    "applicant_birth_date": "birth", "subject_birth_date": "birth",
    "applicant_id_number": "id", "subject_id_number": "id",
    "applicant_address": "address", "subject_gender": "gender",
}
_KEYS = {
    APPLICANT: {"name": "applicant_name", "birth": "applicant_birth_date", "id": "applicant_id_number",
                "address": "applicant_address"},
    SUBJECT: {"name": "subject_name", "birth": "subject_birth_date", "id": "subject_id_number",
              "gender": "subject_gender"},
    MOTHER: {"name": "mother_name"},
    FATHER: {"name": "father_name"},
}
GENERIC_SLOTS = {squash("Giới tính"): "gender"}  # labels listed as 'other' that still fill a slot


def slot_of(key: str | None, folded_label: str) -> str | None:
    """The slot a matched label fills: by its field key, or for a shared label by its text."""
    return SLOT.get(key) if key else GENERIC_SLOTS.get(folded_label)


def key_for(role: str, slot: str) -> str | None:
    return _KEYS.get(role, {}).get(slot)


def cue_role(text: str) -> str | None:
    """The role named in a label or a heading, if any: the last cue wins ('Quan hệ với người
    yêu cầu của người được khai sinh' is about the child)."""
    s = squash(text)
    best, at = None, -1
    for role, rx in _CUE_RES:
        for m in rx.finditer(s):
            if m.start() > at:
                best, at = role, m.start()
    return best


_SENTENCE_CUE = re.compile(r"^(?:de nghi|thong tin|ke khai|khai|yeu cau)\b")


def block_cue(text: str, is_heading: bool) -> str | None:
    """A line that opens a person's block: a heading ('II. THÔNG TIN NGƯỜI CHẾT') or the
    form's sentence that hands over to the next person ('Đề nghị cơ quan … cho người có tên
    dưới đây:')."""
    s = squash(text)
    if not s or len(s.split()) > 30:
        return None
    stripped = text.rstrip()
    if not (is_heading or stripped.endswith(":") or _SENTENCE_CUE.match(s)):
        return None
    return cue_role(text)
