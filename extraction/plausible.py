"""Is printed text plausible Vietnamese? Used to lower the confidence of OCR-damaged values.

Tesseract's word confidence misses many tone-mark errors ('Nguyen', 'Phưòng', 'Trân' for
'Trần'). Two cheap checks catch most of them:
- syllable spelling: initial + rhyme from the closed set of Vietnamese rhymes, at most one
  tone mark, and stop finals (-p -t -c -ch) only with the sắc or nặng tone;
- names: each syllable of a personal name should be a known name syllable; a syllable that is
  not, while one of its tone-mark variants is, was almost surely misread.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extraction.text import fold

MARKS_FACTOR = 0.65  # a syllable that reads as a known one with other tone marks: likely misread

_TONES = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}

INITIALS = sorted(
    "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split(), key=len, reverse=True)

_RHYMES = """
a ai ao au ay am an ang anh ap at ac ach
ă ăm ăn ăng ăp ăt ăc
â âu ây âm ân âng âp ât âc
e eo em en eng ep et ec
ê êu êm ên ênh êp êt êch
i ia iu im in inh ip it ich iêu iêm iên iêng iêp iêt iêc
y yêu yêm yên yêng yêt
o oa oai oao oay oam oan oang oanh oap oat oac oach oă oăm oăn oăng oăt oăc oe oeo oen oet oi om on ong
oong op ot oc ooc
ô ôi ôm ôn ông ôp ôt ôc
ơ ơi ơm ơn ơp ơt
u ua uâ uân uâng uât uây uê uêu uênh uêch ui um un ung up ut uc uôi uôm uôn uông uôt uôc uơ uy uya uyu
uyên uyêt uynh uych uyt uyp uyn
ư ưa ưi ưu ưm ưn ưng ưt ưc ươi ươu ươm ươn ương ươp ươt ươc
"""
RHYMES = frozenset(_RHYMES.split())
STOP_FINALS = ("p", "t", "c", "ch")


def _split_tone(word: str) -> tuple[str, list[str]]:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [_TONES[c] for c in decomposed if c in _TONES]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bare, tones


@lru_cache(maxsize=8192)
def valid_syllable(word: str) -> bool:
    """True when `word` (letters only) is a well-formed Vietnamese syllable."""
    bare, tones = _split_tone(word)
    if len(tones) > 1 or not bare.isalpha():
        return False
    for ini in INITIALS + [""]:
        if not bare.startswith(ini):
            continue
        rest = bare[len(ini):]
        if ini == "qu" and rest not in RHYMES:
            rest = "u" + rest  # the u of qu is the medial: quỳnh = qu + (u)ynh
        elif ini == "gi" and (not rest or rest[0] not in "aăâeêoôơuư"):
            rest = "i" + rest
        if rest in RHYMES:
            if rest.endswith(STOP_FINALS) and tones and tones[0] not in ("sac", "nang"):
                continue
            return True
    return False


_NAME_SYLLABLES = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh Lâm Mai Cao Tạ
Lương Châu Hà Đào Đoàn Vương Trịnh Quách Tôn Thái Tăng Lưu Lạc Kiều Khổng Hứa Mạc Diệp Triệu La Tô
Văn Thị Hữu Đức Minh Quốc Thanh Công Ngọc Trọng Xuân Gia Tấn Thành Anh Duy Thu Kim Mỹ Bích Thùy Thúy
Hồng Phương Diễm Khánh Bảo Hải Hoài Thế Đình Như Tuyết Cẩm Diệu Hạnh Hiền Lệ Tường Quang Nhật Thiên
An Bình Cường Dũng Đạt Hiếu Hùng Huy Khang Khoa Long Lộc Nam Nghĩa Phát Phong Phúc Quân Sơn Tài
Tâm Thắng Thịnh Toàn Trí Trung Tuấn Tùng Việt Vinh Hòa Hoà Tín Nhân Đông Lợi Hưng Kiệt Chi Dung Duyên
Giang Hằng Hoa Hương Huyền Lan Linh Loan Ngân Nhung Oanh Quyên Quỳnh Thảo Trang Trinh Uyên Vân Vy
Yến Nhi Ánh Nguyệt Ân Bằng Chiến Chính Cúc Đăng Điệp Định Hạ Hào Hậu Hiển Hiệp Hoan Hợp Huệ Kha Khải
Khiêm Khôi Kỳ Lành Lâm Liên Liễu Loan Luân Luận Lực Mạnh Mẫn Miên Mừng Nga Nghị Ngôn Nguyên Nhàn
Nhẫn Nhiên Ninh Phi Phụng Phượng Quế Quý Sang Sinh Sương Tân Thạch Thân Thông Thuận Thục Thương Tiến
Tiên Tịnh Toàn Trâm Triều Trúc Tú Tuệ Tuyền Tư Uy Vĩnh Vui Vượng Xuyến Yên Ý Hà Hải Thuỷ Thủy Nhung
Lam Ly Mơ My Na Nương Sen Sáng Tạo Thơ Thư Thương Trà Vi Viên Vĩ Đại Điền Đan Đào Đông Giao Hân Hiên
Hoàn Học Khương Kiên Lạng Lễ Lộ Luyến Mận Nghiêm Nhạn Phước Quang Sửu Tám Tánh Thiện Thoa Thuỳ Tiền
Tình Trường Tươi Tường Út Vàng Vỹ Xinh Yên Hợi Dậu Mão Thìn Tỵ Mùi Thân Tuất Tý Sáu Bảy Chín Mười
Mến Mỵ Thắm Thoại Thiều Thiện Trân Trầm Châm Diễn Doãn Dư Giáp Hàn Hầu Khúc Kha Lục Mẫn Nông Ông
Phí Phùng Quan Sầm Thạch Thiều Tiêu Tống Từ Ung Văn Viên Âu Cù Chu Đàm Đồng Giang Hoàng Khuất Lã Lò
Mã Nghiêm Ninh Tất Thang Thi Trà Trình Vi Cát Chử Đồ Hà Kha Mẫu Phó Tiết Cung Nhan Đạo Mạch Bạch
Thịnh Phụng Vịnh Tuyến Tuyên Hiệu Khuê Thi Diệp Ngà Thùy Tân Lụa Lài Hường Huân Khoát Chương Nhâm
Thạnh Phú Lũy Ơn Tiệp Đằng Ái Bá Cảnh Cầm Chánh Chí Dân Doanh Dương Đắc Điển Hạnh Hảo Hiệp Huấn Khắc
"""
_FAMILY = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh Lâm Mai Cao Tạ
Lương Châu Hà Đào Đoàn Vương Trịnh Quách Tôn Thái Tăng Lưu Lạc Kiều Khổng Hứa Mạc Diệp Triệu La Tô
Âu Cù Chu Đàm Đồng Giang Khuất Lã Lò Mã Nghiêm Ninh Tất Thang Thi Trà Trình Vi Cát Chử Đồ Kha Mẫu
Phó Tiết Cung Nhan Mạch Bạch Doãn Dư Giáp Hàn Hầu Khúc Lục Nông Ông Phí Phùng Quan Sầm Thạch Thiều
Tiêu Tống Từ Ung Văn Viên Kim Lại Hứa Lư Nhữ Bế Hoàng Huỳnh Đậu Đường Quản Trịnh Tăng Thân Vưu
"""
FAMILY = frozenset(unicodedata.normalize("NFC", w).lower() for w in _FAMILY.split())
_FAMILY_FOLDED = frozenset(fold(w) for w in FAMILY)
NAME_SYLLABLES = frozenset(unicodedata.normalize("NFC", w).lower() for w in _NAME_SYLLABLES.split())
_NAME_FOLDED = frozenset(fold(w) for w in NAME_SYLLABLES)


def _family_by_fold() -> dict[str, str]:
    by: dict[str, list[str]] = {}
    for w in FAMILY:
        by.setdefault(fold(w), []).append(w)
    return {k: v[0].capitalize() for k, v in by.items() if len(v) == 1}


_FAMILY_BY_FOLD = _family_by_fold()


def snap_family(name: str) -> tuple[str, int]:
    """'Trân Thùy Ngọc' → ('Trần Thùy Ngọc', 1): a family name read with other marks than the
    one family name of those letters ('Đỗ'/'Đồ' share letters: left alone)."""
    words = name.split()
    if len(words) < 2:
        return name, 0
    first = unicodedata.normalize("NFC", words[0]).lower()
    if first in FAMILY:
        return name, 0
    snapped = _FAMILY_BY_FOLD.get(fold(first))
    if not snapped:
        return name, 0
    return " ".join([snapped, *words[1:]]), 1


def name_factor(name: str) -> float:
    """1.0 for a name of known, well-spelled syllables; lower as it looks misread."""
    words = name.split()
    if not words:
        return 0.0
    f = 1.0
    first = unicodedata.normalize("NFC", words[0]).lower()
    if first not in FAMILY and fold(first) in _FAMILY_FOLDED:
        f *= MARKS_FACTOR  # 'Nguyên' where the family name is 'Nguyễn'
    for w in words:
        lw = unicodedata.normalize("NFC", w).lower()
        if not valid_syllable(lw):
            f *= 0.6
        elif lw in NAME_SYLLABLES:
            continue
        elif fold(lw) in _NAME_FOLDED:
            f *= MARKS_FACTOR  # a marked variant is a common name syllable: marks were likely misread
        else:
            f *= 0.92  # rare name syllable
    if all(fold(w) == w.lower() for w in words):
        f *= 0.85  # not one tone or vowel mark in a whole Vietnamese name
    return f


_WORD = re.compile(r"[^\W\d_]+")

# Fixed phrases of addresses and agency names: seen with other marks than these, the
# OCR misread them (and likely the words around them).
_PHRASES = [
    "ủy ban nhân dân", "thành phố", "thị xã", "thị trấn", "khu phố",  # one syllable folds ambiguously
    "quyết định", "về việc", "đăng ký", "khai sinh", "khai tử", "kết hôn", "hộ kinh doanh", "giấy phép",
    "xây dựng", "quyền sử dụng đất", "chứng nhận",
]


def _province_names() -> list[str]:
    from extraction.units import _MERGED, _UNCHANGED

    return [n for new, olds in _MERGED.items() for n in [new, *olds]] + _UNCHANGED


@lru_cache(maxsize=1)
def _phrase_patterns() -> list[tuple[re.Pattern, str]]:
    phrases = _PHRASES + [n.lower() for n in _province_names()]
    return [(re.compile(r"(?<!\w)" + re.escape(fold(p)) + r"(?!\w)"), unicodedata.normalize("NFC", p))
            for p in phrases]


def phrase_factor(text: str) -> float:
    text = unicodedata.normalize("NFC", text)
    folded, lower = fold(text), text.lower()
    f = 1.0
    for pattern, marked in _phrase_patterns():
        for m in pattern.finditer(folded):
            printed = lower[m.start() : m.end()].replace("uỷ", "ủy").replace("hoà", "hòa")
            if printed != marked and printed.replace("òa", "oà") != marked:
                f *= 0.8
    return f


def text_factor(text: str) -> float:
    """Lower for each word that is no Vietnamese syllable (abbreviations and names in
    capitals without vowels, like 'UBND', are left alone) and for each fixed phrase
    printed with other marks."""
    f = phrase_factor(text)
    for m in _WORD.finditer(text):
        w = m.group()
        if len(w) <= 1 or (w.isupper() and len(w) <= 5 and not valid_syllable(w)):
            continue
        if not valid_syllable(w):
            f *= 0.9
    return f
