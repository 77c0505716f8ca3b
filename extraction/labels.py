"""Printed labels of form fields and fuzzy matching of a line's label part against them.

Labels are compared folded (no tone marks, lower case, no punctuation) with rapidfuzz, so
'Ho, chu dem, ten nguoi yeu cau', 'Họ, chữ đệm, tên ngưòi yêu cẩu' and the clean label all
match. Labels that name no field we extract are listed too: they end the value before them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from extraction.text import Token, squash, tokens

FIELD_LABELS: dict[str, list[str]] = {
    "applicant_name": [
        "Họ, chữ đệm, tên người yêu cầu", "Họ và tên người đề nghị", "Họ tên người khai",
        "Họ và tên chủ hộ kinh doanh", "Họ, chữ đệm và tên người yêu cầu", "Họ và tên người yêu cầu",
        "Họ và tên người làm đơn", "Họ và tên người kê khai", "Họ và tên người khai",
        "Họ, chữ đệm, tên người đi đăng ký", "Họ, chữ đệm, tên bên chồng", "Họ và tên bên chồng",
        "Họ và tên chủ doanh nghiệp", "Họ và tên chủ sở hữu", "Họ và tên chủ đầu tư",
        "Họ, chữ đệm, tên người đề nghị", "Họ, chữ đệm, tên", "Họ và tên", "Họ tên",
        "Họ, chữ đệm và tên", "Họ, chữ đệm, tên người kê khai", "Họ, chữ đệm và tên người kê khai",
        "Họ, chữ đệm, tên bên nam", "Họ và tên người sử dụng đất", "Họ, chữ đệm và tên chủ hộ kinh doanh",
        # the business forms (TT 01/2021/TT-BKHĐT): 'Tôi là (ghi họ tên bằng chữ in hoa):'; the land
        # forms (TT 10/2024/TT-BTNMT): '1.1. Tên (1): NGUYỄN VĂN A, năm sinh 1980'
        "Tôi là", "Tên", "Họ và tên người yêu cầu chứng thực", "Tên chủ đầu tư",
    ],
    "mother_name": ["Họ, chữ đệm, tên người mẹ", "Họ và tên mẹ", "Họ, chữ đệm và tên người mẹ", "Họ tên mẹ",
                    "Họ và tên người mẹ", "Họ, chữ đệm, tên mẹ"],
    "father_name": ["Họ, chữ đệm, tên người cha", "Họ và tên cha", "Họ, chữ đệm và tên người cha", "Họ tên cha",
                    "Họ và tên người cha", "Họ, chữ đệm, tên cha"],
    "applicant_id_number": [
        "Số định danh cá nhân", "Số CCCD", "Số căn cước công dân", "Số giấy tờ tùy thân",
        "Số CMND", "Số chứng minh nhân dân", "Số căn cước", "Số CMND/CCCD", "Số CCCD/CMND",
        "Số định danh cá nhân người yêu cầu", "Số CCCD bên chồng", "Số định danh cá nhân bên chồng",
        "Giấy tờ tùy thân số", "Số giấy tờ pháp lý của cá nhân", "Giấy tờ tùy thân", "Giấy tờ pháp lý của cá nhân",
        "Số định danh cá nhân/Số CCCD", "Số định danh cá nhân/CCCD", "Giấy tờ tùy thân của người yêu cầu",
        "Giấy tờ nhân thân",
    ],
    "applicant_birth_date": [
        "Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày", "Ngày sinh bên chồng",
        "Ngày, tháng, năm sinh bên chồng",
    ],
    "applicant_address": [
        "Nơi cư trú", "Địa chỉ thường trú", "Địa chỉ liên hệ", "Nơi thường trú", "Địa chỉ",
        "Chỗ ở hiện tại", "Nơi ở hiện tại", "Nơi cư trú bên chồng", "Địa chỉ cư trú", "Nơi cư trú cuối cùng",
        "Nội dung đề nghị",  # CT01: 'Đăng ký thường trú tại <address>' (see LEAD_INS)
    ],
    "phone": ["Số điện thoại", "Điện thoại liên hệ", "Điện thoại", "Số điện thoại liên hệ", "SĐT"],
    "subject_name": [
        "Họ, chữ đệm, tên người được khai sinh", "Họ, chữ đệm, tên người chết", "Họ và tên bên vợ",
        "Họ, chữ đệm, tên bên vợ", "Họ và tên người chết", "Họ và tên người được khai sinh",
        "Họ, chữ đệm và tên người được khai sinh", "Họ, chữ đệm và tên người chết",
    ],
    "subject_birth_date": [
        "Ngày, tháng, năm sinh của người được khai sinh", "Ngày sinh bên vợ", "Ngày sinh người chết",
        "Ngày, tháng, năm sinh người chết", "Ngày, tháng, năm sinh bên vợ",
        "Ngày sinh của người được khai sinh", "Ngày, tháng, năm sinh của người chết",
    ],
    "subject_id_number": [
        "Số định danh cá nhân người chết", "Số CCCD bên vợ", "Số định danh cá nhân bên vợ",
        "Số CCCD người chết", "Số giấy tờ tùy thân bên vợ", "Số giấy tờ tùy thân người chết",
        "Số định danh cá nhân của người chết",
    ],
    "subject_gender": ["Giới tính của người được khai sinh", "Giới tính người chết", "Giới tính người được khai sinh"],
    "death_date": ["Ngày, tháng, năm chết", "Chết vào lúc", "Ngày chết", "Thời gian chết", "Đã chết vào lúc"],
    "business_name": [
        "Tên hộ kinh doanh", "Tên doanh nghiệp", "Tên doanh nghiệp viết bằng tiếng Việt",
        "Tên doanh nghiệp tư nhân",
    ],
    "business_address": [
        "Địa chỉ trụ sở hộ kinh doanh", "Địa chỉ trụ sở chính", "Địa chỉ trụ sở", "Địa điểm kinh doanh",
        "Địa chỉ kinh doanh",
    ],
    "tax_code": ["Mã số thuế", "MST", "Mã số doanh nghiệp", "Mã số thuế cá nhân"],
    "parcel_number": ["Thửa đất số", "Số thửa", "Số thửa đất"],
    "map_sheet_number": ["Tờ bản đồ số", "Số tờ bản đồ"],
    "land_address": ["Địa chỉ thửa đất", "Địa chỉ khu đất", "Vị trí thửa đất", "Địa chỉ tại"],
    "construction_address": ["Địa điểm xây dựng", "Địa chỉ công trình", "Địa điểm công trình"],
}

# Labels of things we do not extract: a value stops where one of them starts.
OTHER_LABELS = [
    "Giới tính", "Dân tộc", "Quốc tịch", "Nơi sinh", "Quê quán", "Nghề nghiệp",
    "Quan hệ với người được khai sinh", "Quan hệ với người chết", "Quan hệ với người được cấp bản sao",
    "Nơi chết", "Nguyên nhân chết", "Ngày cấp", "Nơi cấp", "Cấp ngày", "Email", "Thư điện tử", "Fax",
    "Website", "Diện tích", "Mục đích sử dụng", "Thời hạn sử dụng", "Nguồn gốc sử dụng",
    "Vốn kinh doanh", "Ngành, nghề kinh doanh", "Số lượng lao động", "Tình trạng hôn nhân",
    "Kết hôn lần thứ mấy", "Nơi đăng ký khai sinh", "Số lượng bản sao", "Loại giấy tờ",
    "Giấy tờ kèm theo", "Đề nghị", "Kính gửi", "Nơi nhận", "Ghi chú", "Mã hồ sơ", "Lý do",
    "Quan hệ với chủ hộ", "Họ và tên chủ hộ", "Nội dung thay đổi", "Số tờ", "Địa chỉ email",
    "Nơi cư trú bên vợ", "Nơi cư trú người chết", "Dân tộc bên vợ", "Quốc tịch bên vợ", "Kết hôn lần thứ",
    "Nội dung biến động", "Lý do biến động", "Loại công trình", "Số tầng", "Diện tích xây dựng tầng 1",
    "Số phát hành Giấy chứng nhận", "Giấy chứng nhận quyền sử dụng đất số",
    "ghi bằng chữ", "Bằng chữ", "Năm sinh", "Số Giấy báo tử", "Giấy báo tử", "Quan hệ với người đã chết",
    "Làm tại", "Đề nghị cấp bản sao", "Số lượng", "Nơi đăng ký thường trú", "Quan hệ với người yêu cầu",
    # CT01 (TT 66/2023/TT-BCA) names the household head after the declarant: not the applicant
    "Họ, chữ đệm và tên chủ hộ", "Mối quan hệ với chủ hộ", "Số định danh cá nhân của chủ hộ",
    "Những thành viên trong hộ gia đình cùng thay đổi",
    "Tên doanh nghiệp viết tắt", "Tên doanh nghiệp viết bằng tiếng nước ngoài",
    "Loại giấy tờ pháp lý của cá nhân",  # the kind of paper (ticked boxes), not its number
]


# Labels whose value is a field only after a set phrase; without it the line is about something else.
LEAD_INS: dict[str, re.Pattern] = {
    "Nội dung đề nghị": re.compile(r"\s*(?:dang ky\s+)?(?:thuong tru|tam tru)\s+(?:tai|o)\b[\s:]*"),
}


@dataclass(frozen=True)
class Label:
    key: str | None  # None: a label we only cut at
    printed: str
    folded: str
    ntokens: int


def _build() -> list[Label]:
    out = []
    for key, variants in FIELD_LABELS.items():
        for v in variants:
            f = squash(v)
            out.append(Label(key, v, f, len(f.split())))
    for v in OTHER_LABELS:
        f = squash(v)
        out.append(Label(None, v, f, len(f.split())))
    return out


LABELS = _build()
_MAX_TOKENS = max(lab.ntokens for lab in LABELS)
_ENUM = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,2}|[ivx]{1,4}|[a-z])$")  # "1.", "3.2.", "II.", "a)" before a label


def _min_score(label: Label) -> float:
    # short labels ("SĐT", "Ngày chết") leave no room for an extra changed letter
    n = len(label.folded)
    return 92.0 if n <= 6 else 86.0 if n <= 12 else 82.0


@dataclass(frozen=True)
class LabelHit:
    label: Label
    score: float  # 0..100
    start: int  # character span of the label within the line
    end: int


def _best(candidate: str, start: int, end: int, pool: list[Label]) -> LabelHit | None:
    best: LabelHit | None = None
    for lab in pool:
        score = fuzz.ratio(candidate, lab.folded)
        if score < _min_score(lab):
            continue
        if (best is None or score > best.score
                or (score == best.score and lab.ntokens > best.label.ntokens)):
            best = LabelHit(lab, score, start, end)
    return best


def _strip_enum(toks: list[Token]) -> list[Token]:
    while toks and _ENUM.match(toks[0].norm):
        toks = toks[1:]
    return toks


def _squash_tokens(toks: list[Token]) -> str:
    return squash(" ".join(t.norm for t in toks))


_SEP = re.compile(r"(?<!\d)[:;](?!\d)|\.{2,}|…")


def match_line_label(line: str) -> LabelHit | None:
    """The label that opens `line`, if any: by the text before ':' first, else by prefix."""
    sep = _SEP.search(line)
    if sep and sep.start() <= 90:
        toks = _strip_enum(tokens(_blank_parens(line[: sep.start()])))
        if toks and len(toks) <= 14:
            hit = _best(_squash_tokens(toks), toks[0].start, sep.start(), LABELS)
            if hit:
                return hit
    return _prefix_match(line)


def _blank_parens(text: str) -> str:
    """'(ghi bằng chữ)' and footnote marks '(1)' out, positions kept."""
    return re.sub(r"\([^()]*\)?", lambda m: " " * len(m.group()), text)


def _prefix_match(line: str) -> LabelHit | None:
    """OCR dropped or changed the separator: compare the first tokens with each label."""
    toks = _strip_enum(tokens(line))
    prefixes = {k: _squash_tokens(toks[:k]) for k in range(1, min(len(toks) - 1, _MAX_TOKENS + 1) + 1)}
    best: LabelHit | None = None
    for lab in LABELS:
        # a label read without its separator still begins as printed: 'DOANH NGHIỆP TƯ NHÂN X'
        # (a caps value) is no 'Tên doanh nghiệp tư nhân' that lost its first word
        if not toks or fuzz.ratio(toks[0].norm, lab.folded.split()[0]) < 75:
            continue
        for k in (lab.ntokens, lab.ntokens - 1, lab.ntokens + 1):
            if k not in prefixes:  # a value must follow
                continue
            score = fuzz.ratio(prefixes[k], lab.folded)
            if score < max(_min_score(lab), 90.0):
                continue
            if (best is None or score > best.score
                    or (score == best.score and lab.ntokens > best.label.ntokens)):
                best = LabelHit(lab, score, toks[0].start, toks[k - 1].end)
    return best


def next_label_start(line: str, start: int) -> int | None:
    """Where the next 'Label:' begins after `start` (values stop there), or None."""
    for sep in _SEP.finditer(line, start):
        if sep.group() != ":" and sep.group() != ";":
            continue
        toks = tokens(_blank_parens(line[start : sep.start()]))
        best: LabelHit | None = None
        for n in range(1, min(len(toks) - 1, 9) + 1):  # at least one value token stays
            cand = toks[-n:]
            hit = _best(_squash_tokens(cand), cand[0].start, sep.start(), LABELS)
            if hit and (best is None or hit.score >= best.score):
                best = hit
        if best:
            return start + best.start
    return None
