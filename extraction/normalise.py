"""Normalisers: printed (often OCR-damaged) text → canonical value, or None when unreadable.

Each returns the value and how many repairs it made, so confidence can drop with them.
"""
from __future__ import annotations

import datetime as dt
import re

from extraction.text import fold, nfc
from ocr import lookalikes

# Characters Tesseract prints for digits. Applied only inside fields known to be numeric.
LOOKALIKE_DIGITS = lookalikes.STRICT


def repair_digits(text: str) -> tuple[str | None, int]:
    """Digit string from a numeric value; spaces, dots and dashes between groups dropped.

    Returns (None, n) when a character is neither a digit nor a known look-alike.
    """
    kept = re.sub(r"[\s.\-–,_]", "", nfc(text))
    out = []
    repairs = 0
    for ch in kept:
        if ch.isdigit() and ch.isascii():
            out.append(ch)
        elif ch in LOOKALIKE_DIGITS:
            out.append(LOOKALIKE_DIGITS[ch])
            repairs += 1
        else:
            return None, repairs
    return ("".join(out) or None), repairs


def iso_date(day: int, month: int, year: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# What Tesseract prints for a digit inside a date; some shapes stand for two digits
# (an italic 1 read as 'T' could be a 7), the calendar then decides or the date is refused.
DATE_LOOKALIKES: dict[str, str] = lookalikes.DATE
_NUM = "[0-9" + re.escape("".join(DATE_LOOKALIKES)) + "]"
_NUMERIC_DATE = re.compile(
    rf"(?<![0-9])(?<![0-9] )({_NUM}\s?{_NUM}?)\s*[/\-.]\s*({_NUM}\s?{_NUM}?)\s*[/\-.]\s*({_NUM}(?:\s?{_NUM}){{3}})(?![0-9])"
)


def digit_options(text: str, limit: int = 16) -> list[tuple[str, int]]:
    """Every digit string `text` may stand for, with the count of guessed characters."""
    options = [("", 0)]
    for ch in text.replace(" ", ""):
        if ch.isascii() and ch.isdigit():
            choices, cost = ch, 0
        elif ch in DATE_LOOKALIKES:
            choices, cost = DATE_LOOKALIKES[ch], 1
        else:
            return []
        options = [(d + c, r + cost) for d, r in options for c in choices][:limit]
    return options


def _short_part_options(part: str) -> list[tuple[str, int]]:
    """A day's or month's digit options; three characters with a lookalike among them also stand
    for two: italic '11' is read 'I]I', one stroke split off as a character of its own."""
    options = digit_options(part)
    core = part.replace(" ", "")
    if len(core) == 3 and not core.isdigit():
        for i, ch in enumerate(core):
            if not (ch.isascii() and ch.isdigit()):
                options += [(d, r + 1) for d, r in digit_options(core[:i] + core[i + 1:])]
    return options


def _date_from_parts(day: str, month: str, year: str) -> tuple[str | None, int] | None:
    """The one calendar date the parts can stand for; None if none or several."""
    found: dict[str, int] = {}
    for d, r1 in _short_part_options(day):
        for m, r2 in _short_part_options(month):
            for y, r3 in digit_options(year):
                if len(y) == 4 and 1800 <= int(y) <= 2100:
                    iso = iso_date(int(d), int(m), int(y))
                    if iso:
                        found[iso] = min(found.get(iso, 99), r1 + r2 + r3)
    if len(found) != 1:
        return None
    iso, repairs = next(iter(found.items()))
    return iso, repairs


def numeric_date(text: str) -> tuple[str | None, int]:
    """DD/MM/YYYY (also '-' or '.', spaces, O/0 l/1 confusions) → ISO."""
    for m in _NUMERIC_DATE.finditer(nfc(text)):
        got = _date_from_parts(*m.groups())
        if got:
            return got[0], got[1] + sum(" " in g for g in m.groups()[:2])  # '29/1 1/1996': a split digit pair
    return None, 0


# "ngày DD tháng MM năm YYYY" on folded text; keywords may lose or change marks.
_WORDS_DATE = re.compile(
    r"ng[a-z]?[ay]y?\s*[.,:]?\s*(\S{1,3}?)\s*[.,]?\s*th[a-z]?ng\s*[.,:]?\s*(\S{1,3}?)\s*[.,]?\s*n[a-z]?m\s*[.,:]?\s*(\S{4}|\S\s?\S{3})(?!\S)"
)


_DATE_PARTS = re.compile(
    r"ng[a-z]?[ay]y?\s*[.,:]?\s*(\S{0,3}?)\s*[.,]?\s*th[a-z]?ng\s*[.,:]?\s*(\S{0,3}?)\s*[.,]?\s*n[a-z]?m\s*[.,:]?\s*(\S{0,4})(?!\S)"
)


def date_parts(text: str) -> tuple[str, str, str] | None:
    """The printed day, month and year of 'ngày DD tháng MM năm YYYY' ('' where OCR lost one)."""
    text = nfc(text)
    m = _DATE_PARTS.search(fold(text))
    return tuple(text[m.start(g) : m.end(g)] for g in (1, 2, 3)) if m else None


def merge_date_readings(*readings: str | None) -> str | None:
    """A worded date from several readings of one line: each part from the first reading that
    printed it as plain digits (and did not lose a digit another reading printed garbled), else
    from the last that printed it garbled. None when no reading holds the phrase."""
    found = [p for p in (date_parts(r) for r in readings if r) if p]
    if not found:
        return None
    parts = []
    for i in range(3):
        printed = [p[i] for p in found if p[i]]
        garbled = [p for p in printed if not _plain(p)]
        plain = [p for p in printed if _plain(p) and all(_may_read(p, g, i) for g in garbled)]
        parts.append(plain[0] if plain else ((garbled or printed)[-1] if printed else ""))
    return f"ngày {parts[0]} tháng {parts[1]} năm {parts[2]}"


def _plain(part: str) -> bool:
    return part.isascii() and part.isdigit()


_PART_RANGE = ((1, 31), (1, 12), (1800, 2100))  # day, month, year


def _may_read(plain: str, garbled: str, part: int) -> bool:
    """Whether plain digits can be what a garbled reading of the same part printed. A reading
    with fewer characters lost a digit ('1Š', a day of 15 or 18, read again as '5') unless it is
    one of the garbled part's own numbers ('0§' as '5'), or the calendar allows none of those
    (the month '5Š': 55 or 58, a mark read as a digit)."""
    garbled = garbled.strip(".,;:'")
    if len(plain) >= len(garbled.replace(" ", "")):
        return True
    lo, hi = _PART_RANGE[part]
    numbers = {int(d) for d, _ in digit_options(garbled) if d and lo <= int(d) <= hi}
    return not numbers or int(plain) in numbers


def worded_date(text: str) -> tuple[str | None, int]:
    """'ngày 05 tháng 01 năm 2020' with digits → ISO; template blanks give None."""
    text = nfc(text)
    folded = fold(text)
    for m in _WORDS_DATE.finditer(folded):
        # the digits are read from the printed text: folding would turn 'Ì' into 'i'
        got = _date_from_parts(*(text[m.start(g) : m.end(g)] for g in (1, 2, 3)))
        if got:
            return got
    spelled = spelled_date(text)
    return (spelled, 1) if spelled else (None, 0)


def parse_date(text: str) -> tuple[str | None, int]:
    """Any printed date form → ISO 8601, or None (blank template, nonsense)."""
    iso, repairs = numeric_date(text)
    if iso:
        return iso, repairs
    return worded_date(text)


# --- dates spelled in words ("Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi") ---
_UNITS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "lam": 5, "nam": 5,
          "sau": 6, "bay": 7, "tam": 8, "chin": 9}


def spelled_number(words: list[str]) -> tuple[int | None, int]:
    """Parse Vietnamese number words (folded) from the start of `words`.

    Returns (value, words used). mười/mươi fold alike: with no pending unit it is ten,
    after a unit it multiplies by ten. 'năm' after a ten is the year keyword (five is 'lăm').
    """
    total = current = used = 0
    pending: int | None = None
    after_ten = False
    for w in words:
        if w == "muoi":
            if pending is None:
                if current % 100:
                    break
                current += 10
            else:
                current += pending * 10
                pending = None
            after_ten = True
        elif w == "tram" and pending is not None:
            current += pending * 100
            pending, after_ten = None, False
        elif w in ("nghin", "ngan"):
            total += (current + (pending or 0) or 1) * 1000
            current, pending, after_ten = 0, None, False
        elif w in ("linh", "le") and pending is None:
            after_ten = False
        elif w in _UNITS and pending is None and not (after_ten and w == "nam"):
            pending = _UNITS[w]
            after_ten = False
        else:
            break
        used += 1
    if not used:
        return None, 0
    return total + current + (pending or 0), used


_MONTH_WORDS = {"gieng": 1, "chap": 12}


def spelled_date(text: str) -> str | None:
    words = re.sub(r"[,.:;()]", " ", fold(nfc(text))).split()
    for i, w in enumerate(words):
        if w != "ngay":
            continue
        rest = words[i + 1 :]
        day, n = spelled_number(rest)
        if day is None or len(rest) <= n or rest[n] != "thang":
            continue
        rest = rest[n + 1 :]
        if rest and rest[0] in _MONTH_WORDS:
            month, n = _MONTH_WORDS[rest[0]], 1
        else:
            month, n = spelled_number(rest)
        if month is None or len(rest) <= n or rest[n] != "nam":
            continue
        year, _ = spelled_number(rest[n + 1 :])
        if year is not None:
            return iso_date(day, month, year)
    return None


# --- names ---
_NAME_STRIP = re.compile(r"^[\s.:;,…_\-]+|[\s.:;,…_\-]+$")


def title_name(raw: str) -> str:
    """Personal name in title case, NFC, single spaces (printed capitals too)."""
    text = _NAME_STRIP.sub("", nfc(raw))
    words = []
    for w in text.split():
        words.append(w[:1].upper() + w[1:].lower())
    return " ".join(words)


# a token of nothing but spacing accents or combining marks ('ˆ', '~'): a speck or a tone mark
# OCR set apart from its letter, never part of a value
_STRAY_MARKS = re.compile(r"(?<!\S)[\u02b0-\u036f^~`´¨]+(?!\S)")


def clean_text(raw: str) -> str:
    """Other values: as printed, NFC, spaces collapsed, leaders, stray marks and trailing marks off."""
    text = re.sub(r"[.…_]{2,}", " ", nfc(raw))
    text = _STRAY_MARKS.sub(" ", text)
    text = " ".join(text.split())
    return _NAME_STRIP.sub("", text) if text else text


def phone_digits(raw: str) -> tuple[str | None, int]:
    text = nfc(raw).strip()
    text = re.sub(r"^\(?\+\s*84\)?", "0", text)
    text = re.sub(r"[()]", "", text)
    return repair_digits(text)


# --- agency names and addresses: fixed administrative words OCR printed with other marks ---
_AGENCY_BODIES = ["ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"]
_UNIT_WORDS = ["THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "PHƯỜNG", "HUYỆN", "QUẬN", "TỈNH", "XÃ"]
_SPELLINGS_OK = {"uỷ": "ủy"}  # the older placement of the tone mark is not a misreading


def _snap_words(words: list[str], at: int, phrases: list[str]) -> tuple[int, int]:
    """Replace the phrase starting at words[at] by its canonical spelling when they fold
    alike; returns (words consumed, words changed)."""
    for phrase in phrases:
        canon = phrase.split()
        got = words[at : at + len(canon)]
        if len(got) != len(canon) or [fold(w) for w in got] != [fold(c.lower()) for c in canon]:
            continue
        changed = 0
        for j, (w, c) in enumerate(zip(got, canon)):
            lower = _SPELLINGS_OK.get(w.lower(), w.lower())
            if lower != c.lower():
                words[at + j] = c if w.isupper() else c.capitalize() if w[:1].isupper() else c.lower()
                changed += 1
        return len(canon), changed
    return 0, 0


def agency_name(raw: str) -> tuple[str, int]:
    """'UY BAN NHÂN DÂN HUYỆN BÀU BÀNG' → 'ỦY BAN NHÂN DÂN HUYỆN BÀU BÀNG', 1: the body and
    unit words of a People's Committee are a closed vocabulary; the place name is left as printed."""
    words = clean_text(raw).split()
    used, repairs = _snap_words(words, 0, _AGENCY_BODIES)
    if used:
        _, more = _snap_words(words, used, _UNIT_WORDS)
        repairs += more
    return " ".join(words), repairs


_ADDRESS_STOP = re.compile(r"\.\s+(?=(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|ấp|thôn|tổ|khu phố)\s)")


def address(raw: str) -> tuple[str, int]:
    """An address as printed, but a full stop between its parts is a comma OCR misread."""
    text = clean_text(raw)
    fixed, n = _ADDRESS_STOP.subn(", ", text)
    return fixed, n
