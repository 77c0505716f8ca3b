"""Fictional but well-formed Vietnamese people, IDs, phones, tax codes and Bình Dương addresses.

Rules follow vietnam-digitisation.md: citizen ID §4.5, tax code §4.6, phone §4.9. Everything is
drawn from a `random.Random` passed in, so a seed fixes the result.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

FAMILY_NAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 4),
                ("Phan", 4), ("Vũ", 3), ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1.5),
                ("Ngô", 1.5), ("Dương", 1), ("Lý", 0.5), ("Trương", 1), ("Đinh", 0.7), ("Lâm", 0.5),
                ("Mai", 0.4), ("Cao", 0.4), ("Tạ", 0.3), ("Lương", 0.3), ("Châu", 0.3)]
MIDDLE = {"Nam": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Hoàng", "Ngọc", "Trọng", "Xuân",
                  "Gia", "Tấn", "Thành", "Anh", "Duy"],
          "Nữ": ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Bích", "Thùy", "Hồng", "Phương",
                 "Diễm", "Minh", "Khánh"]}
GIVEN = {"Nam": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khang", "Khánh", "Khoa",
                 "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phát", "Phong", "Phúc", "Quân", "Quang", "Sơn",
                 "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt",
                 "Vinh", "Vũ", "Hòa", "Tín", "Nhân", "Đông", "Lợi", "Hưng", "Kiệt"],
         "Nữ": ["Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
                "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương",
                "Quyên", "Quỳnh", "Thảo", "Thu", "Thúy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy",
                "Yến", "Nhi", "Ánh", "Diệp", "Xuân", "Nguyệt"]}

# province codes of birth registration (§4.5) with names for "Nơi sinh"/"Quê quán" lines
PROVINCES = {"074": "Bình Dương", "079": "Thành phố Hồ Chí Minh", "070": "Bình Phước", "072": "Tây Ninh",
             "075": "Đồng Nai", "080": "Long An", "052": "Bình Định", "038": "Thanh Hóa", "040": "Nghệ An",
             "001": "Hà Nội", "036": "Nam Định", "034": "Thái Bình", "083": "Bến Tre", "087": "Đồng Tháp",
             "089": "An Giang", "096": "Cà Mau", "051": "Quảng Ngãi", "049": "Quảng Nam", "042": "Hà Tĩnh",
             "045": "Quảng Trị", "068": "Lâm Đồng", "092": "Cần Thơ", "094": "Sóc Trăng", "037": "Ninh Bình"}

MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "052", "055", "056", "058", "059",
                   "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "087", "088",
                   "089", "090", "091", "093", "094", "096", "097", "098", "099"]
TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]

# Bình Dương before the 2025 merger: district -> (kind before/after upgrade, upgrade date, communes)
# communes: (level, name); level is phường / xã / thị trấn
DISTRICTS: dict[str, tuple[str, str, date | None, list[tuple[str, str]]]] = {
    "Thủ Dầu Một": ("thành phố", "thành phố", None, [("phường", n) for n in [
        "Phú Cường", "Hiệp Thành", "Chánh Nghĩa", "Phú Thọ", "Phú Hòa", "Phú Lợi", "Hiệp An", "Định Hòa",
        "Tương Bình Hiệp", "Tân An", "Phú Mỹ", "Chánh Mỹ", "Hòa Phú", "Phú Tân"]]),
    "Dĩ An": ("thị xã", "thành phố", date(2020, 2, 1), [("phường", n) for n in [
        "Dĩ An", "An Bình", "Tân Đông Hiệp", "Đông Hòa", "Bình An", "Bình Thắng", "Tân Bình"]]),
    "Thuận An": ("thị xã", "thành phố", date(2020, 2, 1), [("phường", n) for n in [
        "Lái Thiêu", "An Phú", "Bình Hòa", "Thuận Giao", "Bình Chuẩn", "An Thạnh", "Vĩnh Phú", "Hưng Định",
        "Bình Nhâm"]] + [("xã", "An Sơn")]),
    "Bến Cát": ("thị xã", "thành phố", date(2023, 4, 10), [("phường", n) for n in [
        "Mỹ Phước", "Thới Hòa", "Tân Định", "Chánh Phú Hòa", "Hòa Lợi", "An Tây", "An Điền"]] + [("xã", "Phú An")]),
    "Tân Uyên": ("thị xã", "thành phố", date(2023, 4, 10), [("phường", n) for n in [
        "Uyên Hưng", "Tân Phước Khánh", "Khánh Bình", "Thái Hòa", "Thạnh Phước", "Tân Hiệp", "Phú Chánh",
        "Vĩnh Tân", "Hội Nghĩa", "Tân Vĩnh Hiệp"]] + [("xã", "Bạch Đằng"), ("xã", "Thạnh Hội")]),
    "Bàu Bàng": ("huyện", "huyện", None, [("thị trấn", "Lai Uyên")] + [("xã", n) for n in [
        "Lai Hưng", "Long Nguyên", "Trừ Văn Thố", "Cây Trường II", "Hưng Hòa", "Tân Hưng"]]),
    "Dầu Tiếng": ("huyện", "huyện", None, [("thị trấn", "Dầu Tiếng")] + [("xã", n) for n in [
        "Minh Hòa", "Minh Thạnh", "Minh Tân", "Định An", "Long Hòa", "Định Thành", "Định Hiệp", "An Lập",
        "Long Tân", "Thanh An", "Thanh Tuyền"]]),
    "Phú Giáo": ("huyện", "huyện", None, [("thị trấn", "Phước Vĩnh")] + [("xã", n) for n in [
        "An Bình", "An Linh", "An Long", "An Thái", "Phước Hòa", "Phước Sang", "Tam Lập", "Tân Hiệp",
        "Tân Long", "Vĩnh Hòa"]]),
    "Bắc Tân Uyên": ("huyện", "huyện", None, [("thị trấn", "Tân Thành"), ("thị trấn", "Tân Bình")] + [
        ("xã", n) for n in ["Bình Mỹ", "Đất Cuốc", "Hiếu Liêm", "Lạc An", "Tân Định", "Tân Lập", "Tân Mỹ",
                            "Thường Tân"]]),
}
STREETS = ["Đại lộ Bình Dương", "Cách Mạng Tháng Tám", "Yersin", "Nguyễn Văn Tiết", "Lý Thường Kiệt",
           "Nguyễn An Ninh", "Trần Hưng Đạo", "Phạm Ngọc Thạch", "Huỳnh Văn Lũy", "Nguyễn Thị Minh Khai",
           "Lê Hồng Phong", "Trần Phú", "Hùng Vương", "30 Tháng 4", "Phú Lợi", "Bùi Quốc Khánh", "Nguyễn Du",
           "Nguyễn Trãi", "Ngô Quyền", "Lê Lợi", "Điện Biên Phủ", "Nguyễn Chí Thanh", "Mỹ Phước - Tân Vạn",
           "ĐT743", "ĐT741", "ĐT747", "Nguyễn Văn Linh", "Võ Văn Kiệt", "Hồ Văn Cống", "Trần Văn Ơn"]
HAMLETS = ["Bến Sắn", "Suối Giữa", "Bà Phái", "Hưng Lộc", "Tân Lập", "Xà Mách", "Đồng Sặc", "Cây Dương",
           "Bàu Lòng", "Suối Tre", "Kiến An", "Cây Chanh"]


@dataclass(frozen=True)
class Address:
    line: str  # as printed, ends with "tỉnh Bình Dương"
    district: str
    district_label: str  # "thành phố Dĩ An"
    commune: str  # "phường An Bình"


@dataclass(frozen=True)
class Person:
    name: str  # title case NFC
    sex: str  # "Nam" | "Nữ"
    birth_date: date
    id_number: str  # 12 digits
    birthplace: str  # province name
    address: Address
    phone: str  # digits


def pick_weighted(rnd: random.Random, pairs: list[tuple[str, float]]) -> str:
    names, weights = zip(*pairs)
    return rnd.choices(names, weights=weights, k=1)[0]


def person_name(rnd: random.Random, sex: str, family: str | None = None, names=None) -> str:
    """names: a samples.names.NameSource, or None for the lists above."""
    if names is not None:
        return names.full(rnd, sex, family)
    fam = family or pick_weighted(rnd, FAMILY_NAMES)
    middles = [rnd.choice(MIDDLE[sex])]
    if rnd.random() < 0.2:
        extra = rnd.choice(MIDDLE[sex])
        if extra != middles[0]:
            middles.append(extra)
    given = rnd.choice(GIVEN[sex])
    return " ".join([fam, *middles, given])


def citizen_id(rnd: random.Random, sex: str, birth: date, province: str | None = None) -> str:
    """12 digits: province of birth registration, sex+century, birth year, 6 random digits (§4.5)."""
    prov = province or ("074" if rnd.random() < 0.7 else rnd.choice(sorted(PROVINCES)))
    century = {19: 0, 20: 2}[birth.year // 100]
    code = century + (1 if sex == "Nữ" else 0)
    return f"{prov}{code}{birth.year % 100:02d}{rnd.randrange(10**6):06d}"


def tax_check_digit(prefix9: str) -> int | None:
    """TT 105/2020 check digit; None when the remainder is 0 (such codes are not issued)."""
    r = sum(int(c) * w for c, w in zip(prefix9, TAX_WEIGHTS)) % 11
    return None if r == 0 else 10 - r


def tax_code(rnd: random.Random) -> str:
    while True:
        prefix = "37" + f"{rnd.randrange(10**7):07d}"  # 37: Bình Dương tax department
        d = tax_check_digit(prefix)
        if d is not None:
            return prefix + str(d)


def phone_number(rnd: random.Random) -> str:
    if rnd.random() < 0.12:
        return "0274" + f"{rnd.randrange(10**7):07d}"  # Bình Dương landline, 11 digits
    return rnd.choice(MOBILE_PREFIXES) + f"{rnd.randrange(10**7):07d}"


def format_phone(rnd: random.Random, digits: str) -> str:
    if digits.startswith("02"):
        return rnd.choice([digits, f"{digits[:4]} {digits[4:7]} {digits[7:]}", f"({digits[:4]}) {digits[4:]}"])
    return rnd.choice([digits, digits, f"{digits[:4]} {digits[4:7]} {digits[7:]}", f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"])


def district_label(district: str, when: date) -> str:
    before, after, since, _ = DISTRICTS[district]
    return after if since is None or when >= since else before


def address(rnd: random.Random, when: date, district: str | None = None) -> Address:
    dist = district or rnd.choice(sorted(DISTRICTS))
    level, name = rnd.choice(DISTRICTS[dist][3])
    dlabel = f"{district_label(dist, when)} {dist}"
    commune = f"{level} {name}"
    parts = []
    if level == "xã":
        if rnd.random() < 0.5:
            parts.append(f"Tổ {rnd.randint(1, 12)}")
        parts.append(f"ấp {rnd.choice(HAMLETS)}" if rnd.random() < 0.5 else f"ấp {rnd.randint(1, 8)}")
    else:
        r = rnd.random()
        if r < 0.5:
            parts.append(f"Số {rnd.randint(1, 450)}{rnd.choice(['', '', '/' + str(rnd.randint(1, 30))])}")
            parts.append(f"đường {rnd.choice(STREETS)}")
        elif r < 0.8:
            parts.append(f"Số {rnd.randint(1, 120)}, tổ {rnd.randint(1, 30)}")
        parts.append(f"khu phố {rnd.randint(1, 9)}" if rnd.random() < 0.7 else f"khu phố {rnd.choice(HAMLETS)}")
    line = ", ".join(parts + [commune, dlabel, "tỉnh Bình Dương"])
    return Address(line, dist, dlabel, commune)


def birth_date(rnd: random.Random, when: date, min_age: int, max_age: int) -> date:
    lo = when - timedelta(days=365 * max_age)
    hi = when - timedelta(days=365 * min_age + 1)
    return lo + timedelta(days=rnd.randrange((hi - lo).days))


def person(rnd: random.Random, when: date, sex: str | None = None, min_age: int = 20, max_age: int = 70,
           family: str | None = None, district: str | None = None, names=None) -> Person:
    sex = sex or rnd.choice(["Nam", "Nữ"])
    bd = birth_date(rnd, when, min_age, max_age)
    prov = "074" if rnd.random() < 0.7 else rnd.choice(sorted(PROVINCES))
    return Person(person_name(rnd, sex, family, names), sex, bd, citizen_id(rnd, sex, bd, prov), PROVINCES[prov],
                  address(rnd, when, district), phone_number(rnd))


def dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def long_date(d: date, style: str = "decree") -> str:
    """"ngày 05 tháng 3 năm 2024". Styles: decree (day < 10 and months 1-2 zero-padded, ND 30/2020),
    full ("tháng 03"), legacy (no padding)."""
    if style == "legacy":
        return f"ngày {d.day} tháng {d.month} năm {d.year}"
    month = f"{d.month:02d}" if style == "full" or d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def family_name(rnd: random.Random, names=None) -> str:
    return names.family(rnd) if names is not None else pick_weighted(rnd, FAMILY_NAMES)


def rnd_given(rnd: random.Random, names=None) -> str:
    sex = rnd.choice(["Nam", "Nữ"])
    return rnd.choice(names.given_pool(sex) if names is not None else GIVEN[sex])
