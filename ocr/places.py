"""Place names after their unit word, spelled as the country's list of units spells them.

At 100-200 dpi a tone mark on a capitalised word is a few grey pixels, and the syllable model cannot
put it back on a place name (`huyện Dâu Tiếng`: `dâu` and `dầu` are both common words, and a name is
what legal texts count least). After a unit word (`tỉnh`, `huyện`, `xã`, `phường`, `thị trấn`...) the
words that follow are a name of that kind of unit, and the list of every province, district and
commune before and after the 2025 mergers (vietnam-address-converter's data) knows them: a name that
is no unit of that kind as read, but is exactly one under other tones, takes that one's tones. A name
the list holds as read, or one that matches two names, stays as read.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from ocr.rescore import EDGE, TONES, toneless

UNITS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "quận", "huyện", "xã", "phường")
LONGEST = 4  # syllables of the longest name looked for ('Thủ Dầu Một' is three)


@lru_cache(maxsize=1)
def _names() -> tuple[set, dict[tuple[str, str], dict[tuple, str]], set[tuple[str, str]]]:
    """({(unit, tones of the name)}, {(unit, name without tones): {tones of a name: the name}},
    {(unit, the first syllables of a longer name without tones)})."""
    from vietnam_address_converter.data import DEFAULT_DATA

    known, by_tone, starts = set(), defaultdict(dict), set()
    for table in ("oldProvinces", "newProvinces", "oldDistricts", "oldWards", "newWards"):
        for unit in DEFAULT_DATA[table].values():
            name = unicodedata.normalize("NFC", unit["name"])
            kind = unicodedata.normalize("NFC", unit["name_with_type"])[: -len(name)].strip().lower()
            if kind in UNITS and not name[:1].isdigit():
                known.add((kind, tones(name)))
                by_tone[(kind, toneless(name.lower()))].setdefault(tones(name), name)
                syllables = toneless(name.lower()).split()
                starts.update((kind, " ".join(syllables[:k])) for k in range(1, len(syllables)))
    return known, dict(by_tone), starts


def tones(name: str) -> tuple:
    """Each syllable without its tone, and its tone: where the mark sits is a spelling (Hoà, Hòa)."""
    return tuple((toneless(s), next((c for c in unicodedata.normalize("NFD", s) if c in TONES), ""))
                 for s in name.lower().split())


def _core(text: str) -> str:
    return EDGE.match(text).group(2)


def fix_place_names(words: list[dict]) -> list[dict]:
    """Words (dicts in Tesseract's line order) with each unit's name respelled where it must be."""
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault((w.get("block"), w.get("par"), w.get("line")), []).append(w)
    for line in lines.values():
        texts = [_core(w["text"]).lower() for w in line]
        i = 0
        while i < len(line):
            kind = _unit_at(texts, i)
            if not kind:
                i += 1
                continue
            start = i = i + len(kind.split())  # past the unit's words: the 'xã' of 'thị xã' is none
            if re.search(r"[.,;:]$", line[start - 1]["text"]):
                continue
            end = start
            while end < min(len(line), start + LONGEST) and not _unit_at(texts, end):
                end += 1  # the name ends where another unit begins ('xã Phú An Thành phố ...')
            _respell(line[start:end], kind, end == len(line))
    return words


def _unit_at(texts: list[str], i: int) -> str | None:
    return next((k for k in UNITS if texts[i:i + len(k.split())] == k.split()), None)


def _respell(run: list[dict], kind: str, line_end: bool) -> None:
    known, by_tone, starts = _names()
    cores = []
    for w in run:  # the name: capitalised words up to the first that ends a clause ('Tiếng,')
        core = _core(w["text"])
        if not (core.isalpha() and core[:1].isupper()):
            break
        cores.append(core)
        if re.search(r"[.,;:)]$", w["text"]):
            break
    if not cores:
        return
    # a name that runs to the end of the line may go on at the next one ('phường Tân Đông' / 'Hiệp')
    open_end = line_end and len(cores) == len(run) and not re.search(r"[.,;:)]$", run[-1]["text"])
    for n in range(len(cores), 0, -1):
        name = " ".join(cores[:n]).lower()
        if (kind, tones(name)) in known or (open_end and n == len(cores) and (kind, toneless(name)) in starts):
            return
        found = by_tone.get((kind, toneless(name)), {})
        if len(found) == 1:
            right = next(iter(found.values())).split()
            for w, old, new in zip(run, cores, right):
                new = new.upper() if old.isupper() and len(old) > 1 else new[:1].upper() + new[1:]
                if new != old:
                    w["text"] = w["text"].replace(old, new, 1)
                    w.pop("choices", None)
            return
