"""Legacy place and agency names → today's units (two-level local government from 01/7/2025).

Provinces were merged (63 → 34), communes/wards merged and the district level abolished. The
old → new table is the one shipped inside `vietnam-address-converter` (pinned; its data is in the
wheel, no network). A mapped address is 'street as printed, commune/ward today, province today',
with the district dropped. A legacy commune split between several new ones is never guessed: it is
left unmapped and the new units are listed as candidates. District bodies have no successor.
"""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from vietnam_address_converter.conversion import convert_old_to_new
from vietnam_address_converter.data import DEFAULT_DATA

from extraction.text import fold, nfc
from extraction.values import ADDRESS, KIND


class Today(NamedTuple):
    mapped: str | None  # today's name; None when not mapped
    candidates: tuple[str, ...] = ()  # today's units a split legacy unit went to (mapped is then None)

    def fields(self) -> dict[str, Any]:
        """As FieldValue.mapped / mapped_candidates."""
        return {"mapped": self.mapped, "mapped_candidates": list(self.candidates)}


NOT_MAPPED = Today(None)

_PROVINCE = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+\S")
_DISTRICT = re.compile(r"^(?:huyen|quan|thi xa|thanh pho|tp\.?)\s+\S")
_COMMUNE = re.compile(r"^(?:phuong|xa|thi tran|p\.)\s*\S")
_COMMUNE_KIND = re.compile(r"^(phuong|xa|thi tran)\s")
_AGENCY = re.compile(r"^(?:ủy|uỷ) ban nhân dân\s+|^ubnd\s+", re.IGNORECASE)
_AGENCY_LEVEL = re.compile(r"^(tinh|thanh pho|tp\.?|huyen|quan|thi xa|phuong|xa|thi tran)\s+(.+)$")


# how legacy papers print names the package spells otherwise (Huế became a city in 01/2025)
_PRINTED_VARIANTS = ("Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu")


def province_names() -> list[str]:
    """Every province name, before and after 2025, as the package spells it, plus printed variants."""
    names = [p["name"] for table in ("oldProvinces", "newProvinces") for p in DEFAULT_DATA[table].values()]
    return list(dict.fromkeys([*names, *_PRINTED_VARIANTS]))


def _typed(unit: dict[str, Any]) -> str:
    """'Phường Thủ Dầu Một' → 'phường Thủ Dầu Một' (unit types are lower case inside an address)."""
    name, full = unit["name"], unit["name_with_type"]
    kind = full[: len(full) - len(name)].strip()
    return f"{kind.lower()} {name}" if kind and full.endswith(name) else full


def _kind(commune: str) -> str:
    """'phường Phú Cường' → 'phuong', the package's slug of a legacy commune's type."""
    m = _COMMUNE_KIND.match(fold(commune).lower())
    return m.group(1).replace(" ", "-") if m else ""


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}


def _bare(name: str) -> str:
    """'xã Cây Trường II' and 'Xã Cây Trường 2' compare equal: folded, type dropped, numerals as digits."""
    words = re.sub(r"^(?:phuong|xa|thi tran)\s+", "", " ".join(fold(nfc(name)).lower().split())).split()
    return " ".join(_ROMAN.get(w, w) for w in words)


def _lookup(old: dict[str, str], broad: bool = False, city: bool = False) -> list[tuple[str, str]]:
    """Distinct (ward today, province today) the package gives for a legacy unit, in its order.
    city: the province was printed 'thành phố', so only a centrally run city matches."""
    r = convert_old_to_new(old, {"allowBroadMatch": True} if broad else None)
    if r["status"] not in ("matched", "ambiguous"):
        return []
    rows = r["candidates"] or ([r["result"]] if r.get("result") else [])
    commune = old.get("ward_name", "")
    kind = _kind(commune)
    out: list[tuple[str, str]] = []
    for row in rows:
        was = row.get("old") or {}
        ward = was.get("ward") or {}
        if commune and _bare(ward.get("name", "")) != _bare(commune):
            continue  # the package fell back to the whole district: that lists neighbours, not successors
        if kind and ward.get("type") and ward["type"] != kind:
            continue  # the package matches names only; a printed 'phường' is no 'xã' of the same name
        if city and (was.get("province") or {}).get("type") != "thanh-pho":
            continue  # 'thành phố Thái Nguyên' is the district-level city, not the province
        pair = (_typed(row["new_ward"]) if row.get("new_ward") else "", _typed(row["new_province"]))
        if pair not in out:
            out.append(pair)
    return out


def map_address(address: str) -> Today:
    """'Số 12, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương'
    → 'Số 12, phường Thủ Dầu Một, thành phố Hồ Chí Minh'. Needs 'commune, district, province' at the end."""
    parts = [p.strip() for p in nfc(address).split(",") if p.strip()]
    if len(parts) < 3 or not _PROVINCE.match(fold(parts[-1]).lower()):
        return NOT_MAPPED
    province, district, commune = parts[-1], parts[-2], parts[-3]
    if not _DISTRICT.match(fold(district).lower()) or not _COMMUNE.match(fold(commune).lower()):
        return NOT_MAPPED
    found = _lookup({"province_name": province, "district_name": district, "ward_name": commune})
    if len(found) == 1 and found[0][0]:
        return Today(", ".join([*parts[:-3], *found[0]]))
    return Today(None, tuple(", ".join(u for u in pair if u) for pair in found))


def _agency_parts(agency: str) -> tuple[str, str, str] | None:
    """(level folded, the unit's words after 'ỦY BAN NHÂN DÂN', its name as printed) of a People's
    Committee, or None for other agencies."""
    text = " ".join(nfc(agency).split())
    head = _AGENCY.match(text)
    if not head:
        return None
    rest = text[head.end():]
    m = _AGENCY_LEVEL.match(fold(rest).lower())
    if not m:
        return None
    return m.group(1), rest[: m.end(1)], rest[m.start(2):]


def map_agency(agency: str) -> Today:
    """People's Committees: a province's maps to today's province, a commune's to today's commune
    (candidates when the name is split or repeated elsewhere); a district's has no successor."""
    parts = _agency_parts(agency)
    if not parts:
        return NOT_MAPPED
    level, unit, name = parts
    if level in ("tinh", "thanh pho", "tp", "tp."):
        city = level != "tinh"
        provinces = {p for _, p in _lookup({"province_name": name}, broad=True, city=city)}
        if len(provinces) == 1:
            return Today(f"ỦY BAN NHÂN DÂN {provinces.pop().upper()}")
        if level == "tinh":
            return NOT_MAPPED
    if level in ("phuong", "xa", "thi tran"):
        found = _lookup({"ward_name": f"{unit} {name}"}, broad=True)
        if len(found) == 1 and found[0][0]:
            return Today(f"ỦY BAN NHÂN DÂN {found[0][0].upper()}")
        return Today(None, tuple(", ".join(u for u in pair if u) for pair in found))
    return NOT_MAPPED  # district level (or a city that is not a province): abolished 01/7/2025


def names_a_unit(key: str) -> bool:
    """Fields whose value names an administrative unit: addresses and the issuing agency."""
    return KIND.get(key) == ADDRESS or key == "issuing_agency"


def todays_unit(key: str, value: str | None) -> Today:
    """Today's unit of a field value; other fields than names_a_unit are not places."""
    if value and KIND.get(key) == ADDRESS:
        return map_address(value)
    if value and key == "issuing_agency":
        return map_agency(value)
    return NOT_MAPPED


def todays_units(values: dict[str, str]) -> dict[str, dict[str, Any]]:
    """{key: {"mapped", "candidates"}} of the places and agencies among field values that map or
    have candidates; computed from the value, so a reviewer's correction is mapped afresh."""
    out = {}
    for key, value in values.items():
        today = todays_unit(key, value)
        if today.mapped or today.candidates:
            out[key] = {"mapped": today.mapped, "candidates": list(today.candidates)}
    return out


def commune_spellings(agency: str) -> tuple[str, set[str]] | None:
    """(the place as printed, the spellings the lists of communes before and after 2025 give it)
    for a commune's or ward's People's Committee; None for other agencies. No spelling: no
    commune of those letters ('XÃ BÌNHMỸ'), most likely a misread name."""
    parts = _agency_parts(agency)
    if not parts or parts[0] not in ("phuong", "xa", "thi tran"):
        return None
    place = parts[2]
    words = place.split()
    numbered = " ".join([*words[:-1], _ROMAN[words[-1].lower()]]) if words[-1].lower() in _ROMAN else None
    names: set[str] = set()
    for query in filter(None, (place, numbered)):  # the lists write 'Cây Trường 2' for 'CÂY TRƯỜNG II'
        r = convert_old_to_new({"ward_name": query}, {"allowBroadMatch": True})  # any type: thị trấn became phường
        if r["status"] not in ("matched", "ambiguous"):
            continue
        rows = r["candidates"] or ([r["result"]] if r.get("result") else [])
        names |= {nfc(((row.get("old") or {}).get("ward") or {}).get("name") or "") for row in rows}
    return place, {n for n in names if n and _bare(n) == _bare(place)}


def respell_place(place: str, known: str) -> str:
    """The printed place with each word spelled as in `known` where their letters agree
    ('THANH TUYÊN', 'Thanh Tuyền' → 'THANH TUYỀN'); a numeral stays as printed ('II' for '2')."""
    printed, spelled = place.split(), known.split()
    if len(printed) != len(spelled):
        return place
    out = []
    for p, k in zip(printed, spelled):
        if fold(p).lower() == fold(k).lower():
            k = nfc(k)
            p = k.upper() if p.isupper() else k if p[:1].isupper() else k.lower()
        out.append(p)
    return " ".join(out)
