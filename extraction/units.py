"""Legacy place and agency names → today's units (two-level local government from 01/7/2025).

Provinces were merged (63 → 34) and the district level abolished. The province table below is
our reading of Resolution 202/2025/QH15 — verify against the text before relying on it
(vietnam-digitisation.md §0.1, §8). Communes were merged too, but without the official commune
table we keep the commune as printed, so a mapped address is 'commune as printed, province
today' with the district dropped; agencies below province level are not mapped (None).
"""
from __future__ import annotations

import re

from extraction.text import fold, nfc

CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}  # centrally run, today

_MERGED = {
    "Tuyên Quang": ["Hà Giang"], "Lào Cai": ["Yên Bái"], "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"], "Bắc Ninh": ["Bắc Giang"], "Hưng Yên": ["Thái Bình"],
    "Hải Phòng": ["Hải Dương"], "Ninh Bình": ["Hà Nam", "Nam Định"], "Quảng Trị": ["Quảng Bình"],
    "Đà Nẵng": ["Quảng Nam"], "Quảng Ngãi": ["Kon Tum"], "Gia Lai": ["Bình Định"],
    "Khánh Hòa": ["Ninh Thuận"], "Lâm Đồng": ["Đắk Nông", "Bình Thuận"], "Đắk Lắk": ["Phú Yên"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu"], "Đồng Nai": ["Bình Phước"],
    "Tây Ninh": ["Long An"], "Cần Thơ": ["Sóc Trăng", "Hậu Giang"], "Vĩnh Long": ["Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Tiền Giang"], "Cà Mau": ["Bạc Liêu"], "An Giang": ["Kiên Giang"],
}
_UNCHANGED = ["Hà Nội", "Huế", "Thừa Thiên Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
              "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng"]


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(nfc(name))).split())


PROVINCE_TODAY: dict[str, str] = {}
for _new, _olds in _MERGED.items():
    for _old in [_new, *_olds]:
        PROVINCE_TODAY[_key(_old)] = _new
for _name in _UNCHANGED:
    PROVINCE_TODAY[_key(_name)] = "Huế" if _name == "Thừa Thiên Huế" else _name


def province_today(name: str) -> str | None:
    return PROVINCE_TODAY.get(_key(name))


def _unit_name(name: str) -> str:
    return f"thành phố {name}" if name in CITIES else f"tỉnh {name}"


_PROVINCE_PART = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+(.+)$")
_DISTRICT_PART = re.compile(r"^(?:huyen|quan|thi xa|thanh pho|tp\.?)\s+\S")


def map_address(address: str) -> str | None:
    """'…, phường X, thị xã Y, tỉnh Bình Dương' → '…, phường X, thành phố Hồ Chí Minh'."""
    parts = [p.strip() for p in nfc(address).split(",") if p.strip()]
    if not parts:
        return None
    m = _PROVINCE_PART.match(fold(parts[-1]))
    today = province_today(parts[-1][m.start(1):]) if m else None
    if not today:
        return None
    kept = parts[:-1]
    if kept and _DISTRICT_PART.match(fold(kept[-1])):
        kept = kept[:-1]  # districts no longer exist
    return ", ".join(kept + [_unit_name(today)])


_PROVINCE_AGENCY = re.compile(r"^(?:uy ban nhan dan|ubnd)\s+(?:tinh|thanh pho|tp)\s+(.+)$")


def map_agency(agency: str) -> str | None:
    """Provincial People's Committees map to today's province; lower levels need a table."""
    m = _PROVINCE_AGENCY.match(_key(agency))
    if not m:
        return None
    today = province_today(m.group(1))
    if not today:
        return None
    return f"ỦY BAN NHÂN DÂN {_unit_name(today).upper()}"
