"""Choose between the readings Tesseract's LSTM weighed for a word, with a Vietnamese syllable model.

Tesseract's `vie` model reads some well-formed syllables wrongly with high confidence (`ghi` -> `ghỉ`,
`chi` -> `chỉ`, `dài` -> `đài`, `năm` -> `nắm`): the word list it was trained with holds both, so
neither its confidence nor a syllable check can tell them apart. Its LSTM still weighs the right
letter (lstm_choice_mode, see ocr/tess_engine.py): the word's other readings are the chosen one with
one or two letters given other marks it weighed there (i -> ỉ, d -> đ, ê -> ề) or, in a word of
small letters, another letter (nết -> nếu: capitals are abbreviations, 'VT' is no 'VI') or any other
tone, weighed or not (a tone never weighed changes only for a common pair: chuyển đối; so in a word in
capitals, whose letters count as weighed even when the LSTM listed nothing else: GẮN LIÊN); a word that is
no syllable as read (NGHIẸP, HƯỲNH) may take any marks on its letters. A capitalised
word (a name: Trinh, Bàu) changes only when its reading is no syllable of the model at all (Ghỉ), makes
a common pair on one side that it never makes there (Luật Tố chức), or is an address unit before a
number (Tố 3). Each reading is scored by how often Vietnamese text has it as a syllable and next to the
syllables around it (counts from real legal texts, scripts/build_ocr_lm.py) plus how much the LSTM
weighed its letters, with two things legal texts rarely print: an address unit before a small number
and a family name first in a name written in capitals (NGUYỄN THU; one the LSTM was sure of with the
wrong tone, NGUYÊN CÔNG HÙNG, takes the family name unless it starts a known phrase). A word changes only when another
reading scores clearly better. Numbers, codes and words of no letter are left alone.
"""
from __future__ import annotations

import gzip
import math
from bisect import bisect_left
import re
import unicodedata
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from sohoa.family_names import FAMILY
from sohoa.syllables import valid_syllable

LM_PATH = Path(__file__).resolve().parent / "data" / "vie_syllable_lm.tsv.gz"
MIN_CHOICE = 1.0  # a letter the LSTM gave less than this (of 100) is not a reading (but see readings)
LETTER_WEIGHT = 1.0  # nats of model evidence one e-fold of LSTM confidence is worth
MARGIN = 2.0  # nats a reading must win by: a change needs clear evidence
LETTER_MARGIN = 4.0  # ... and a reading with another letter (not only other marks: nết -> nếu), more
NAME_PAIR = 20  # times a reading must stand next to a neighbour to change a capitalised known syllable
PAIR_WEIGHT = 0.8  # how far a neighbouring syllable's pair count is trusted over the syllable's own
EDGE = re.compile(r"^(\W*)(.*?)(\W*)$")
# Units of an address that a number follows ('Tổ 3, ấp 6', 'thôn 2', 'khu phố 5', 'thửa đất số 215'):
# the villages and residential groups under a commune (thôn, ấp, bản, buôn, sóc, tổ dân phố, khu phố,
# khóm, khối, xóm) and the land register's numbering. The legal texts the model counts hold few
# addresses ('tổ' 24,000 times, 'tổ 3' never), so before a small number such a reading gains UNIT_BONUS.
NUMBERED = frozenset("tổ ấp thôn xóm khóm khối khu phố bản buôn sóc đội số thửa tờ lô".split())
UNIT_BONUS = 1.0  # nats
SMALL_NUMBER = re.compile(r"\d{1,3}[,.;:]?")
# The first of a run of words in capitals is a name's family name more often than anything: the legal
# texts count `nguyên` (nguyên tắc) 12 times as often as `nguyễn`, a name field the other way round. A
# family-name reading there gains FAMILY_BONUS, and a phrase the model knows ('NGUYÊN TẮC') still wins.
FAMILY_BONUS = 6.0  # nats
FAMILY_PHRASE = 5  # times a word and the next must stand together to be a phrase, not a name (CHỦ DOANH NGHIỆP)


TOTAL, KINDS = "#total", "#kinds"  # the file's first rows: all syllables counted, distinct syllables


class SyllableModel:
    """Counts of syllables and of syllable pairs; log probabilities with add-half smoothing. The
    counts stay as the file's sorted rows, found by bisection: a dict of 110,000 pairs would cost more
    to build (60 ms) than a page's lookups."""

    def __init__(self, rows: list[str]):
        self.rows = rows
        self.total = self.count(TOTAL)
        self.kinds = self.count(KINDS) + 1

    def count(self, key: str) -> int:
        at = bisect_left(self.rows, key + "\t")
        if at < len(self.rows) and self.rows[at].startswith(key + "\t"):
            return int(self.rows[at][len(key) + 1:])
        return 0

    def unigram(self, s: str) -> float:
        return math.log((self.count(s) + 0.5) / (self.total + 0.5 * self.kinds))

    def follows(self, a: str, b: str) -> float:
        """log P(b | a), the pair's share mixed with b's own frequency."""
        seen = self.count(a)
        share = self.count(f"{a} {b}") / seen if seen else 0.0
        return math.log(PAIR_WEIGHT * share + (1 - PAIR_WEIGHT) * math.exp(self.unigram(b)))

    def score(self, s: str, left: str | None, right: str | None) -> float:
        """How likely syllable `s` is between `left` and `right` (None: no usable neighbour)."""
        out = self.follows(left, s) if left else self.unigram(s)
        if right:
            out += self.follows(s, right) - self.unigram(right)  # what s adds to right's own likelihood
        return out


@lru_cache(maxsize=1)
def model() -> SyllableModel:
    with gzip.open(LM_PATH, "rt", encoding="utf-8") as fh:
        return SyllableModel(fh.read().splitlines())


def context_token(text: str | None) -> str | None:
    """A neighbour as the model knows it: a syllable in lower case, `0` for a number, else None."""
    if not text:
        return None
    core = EDGE.match(unicodedata.normalize("NFC", text)).group(2).lower()
    if core[:1].isdigit() and re.fullmatch(r"\d+(?:[.,/]\d+)*", core):
        return "0"
    return core if core.isalpha() and valid_syllable(core) else None


def readings(text: str, choices: dict[int, list[tuple[str, float]]]) -> list[tuple[str, float, bool]]:
    """(reading, LSTM evidence against the chosen one, only marks changed) for the word and its one-
    or two-letter swaps."""
    options = []
    small = text.islower()
    caps = text.isupper() and len(text) > 1
    broken = not valid_syllable(text.lower())
    toned = tone_places(text)
    for at, weighed in sorted(choices.items()):
        if at >= len(text) or not weighed:
            continue
        if text[at] not in (c for c, _ in weighed):
            if base(weighed[0][0]) != base(text[at]):
                continue  # the choice rows do not line up with the word's letters: leave it
            # the LSTM weighed other marks only ('Ễ' 94, 'Ẽ' 30) and the word kept one it never weighed
            # ('NGUYÊN'): the letter read counts as weighed at 0
            weighed = [(text[at], 0.0)] + weighed
        # the word's letter is mostly the first row, but not always: the dictionary pass may keep `số`
        # where the LSTM weighed `ổ` 81.3 and `ố` 80.9; the letter read is the one the others are measured against
        chosen = next(i for i, (c, _) in enumerate(weighed) if c == text[at])
        weighed = [weighed[chosen]] + weighed[:chosen] + weighed[chosen + 1:]
        best = weighed[0][1]
        # another tone of a small-letter word is a reading at any weight: a 1-bit fax turns the dot of
        # `chi` into a hook and the LSTM gives `i` 0.0 against `ỉ` 97 (the cost still counts)
        here = [(at, c, math.log((conf + 1) / (best + 1))) for c, conf in weighed[1:]
                if (conf >= MIN_CHOICE or (small and toneless(c) == toneless(text[at])))
                and len(c) == 1 and c != text[at] and c.isalpha()
                and (base(c) == base(text[at]) or (small and c.islower()))]
        bare = toneless(text[at])
        if (small or caps) and at in toned:
            # a tone the LSTM never weighed: at 100-200 dpi a hook, an acute and a grave are a few grey
            # pixels (`đổi` read `đối` with no `ổ` among the choices); it counts as weighed at 0, and
            # best_reading takes it only for a common pair with a neighbour. In capitals too, where a
            # tone is smaller still (GẮN LIÊN VỚI), but not in a capitalised word: names and places
            # are what the model counts least (`Thạnh` would go `Thành`)
            listed = {c for c, _ in weighed}
            here += [(at, c, math.log(1 / (best + 1))) for c in tone_variants(bare) if c not in listed]
        if broken:
            # no syllable as read ('NGHIẸP', 'HƯỲNH'): any marks on its letters, weighed or not, in any case
            listed = {c for _, c, _ in here} | {text[at]}
            here += [(at, c, math.log(1 / (best + 1))) for c in marked_forms(text[at]) if c not in listed]
        tones = [p for _, c, p in here if c != bare and toneless(c) == bare]
        if bare != text[at] and tones and bare not in (c for c, _ in weighed):
            # the LSTM split between two tones on one letter (ị or ì: a mark of the line below
            # read into this one) and never weighed it without: that reading is as likely as the runner-up
            here.append((at, bare, max(tones)))
        options.append(here)
    out = {text: (0.0, True)}
    for n in (1, 2):
        for places in combinations([o for o in options if o], n):
            for swap in _product(places):
                chars, cost = list(text), 0.0
                for at, c, penalty in swap:
                    chars[at], cost = c, cost + penalty
                reading = "".join(chars)
                if reading not in out or cost > out[reading][0]:  # a reading found twice keeps its likelier cost
                    out[reading] = (cost, all(base(c) == base(text[at]) for at, c, _ in swap))
    return [(r, cost, marks) for r, (cost, marks) in out.items()]


@lru_cache(maxsize=None)
def base(letter: str) -> str:
    """The letter without its marks: ỉ -> i, Ề -> E, đ -> d."""
    bare = "".join(c for c in unicodedata.normalize("NFD", letter) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot below


@lru_cache(maxsize=None)
def toneless(letter: str) -> str:
    """The letter (or word) without its tone mark, hat, horn and breve kept: ị -> i, ế -> ê, ờ -> ơ."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", letter) if c not in TONES))


def tone_places(word: str) -> set[int]:
    """Where a tone read wrongly may sit: a syllable has one tone, on one letter, so that letter
    (every vowel if none has a tone)."""
    return ({i for i, ch in enumerate(word) if toneless(ch) != ch}
            or {i for i, ch in enumerate(word) if tone_variants(toneless(ch))})


@lru_cache(maxsize=None)
def tone_variants(bare: str) -> tuple[str, ...]:
    """The letter `bare` (toneless) with each tone, itself included; none for a consonant."""
    return tuple(c for c in VIETNAMESE_LETTERS if toneless(c) == bare)


@lru_cache(maxsize=None)
def marked_forms(letter: str) -> tuple[str, ...]:
    """Every letter of Vietnamese writing with `letter`'s base and case: e -> e è é ẻ ẽ ẹ ê ề ... ệ."""
    return tuple(c for c in VIETNAMESE_LETTERS if base(c) == base(letter) and c.isupper() == letter.isupper())


# the vowels and their hats (ă â ê ô ơ ư), each with no tone and with each of the five, and d đ
VOWELS = "a ă â e ê i o ô ơ u ư y".split()
VIETNAMESE_LETTERS = "".join(unicodedata.normalize("NFC", v + t) for v in VOWELS + [v.upper() for v in VOWELS]
                             for t in ("", *sorted(TONES))) + "dđDĐ"


def _product(places):
    if not places:
        yield ()
        return
    for first in places[0]:
        for rest in _product(places[1:]):
            yield (first, *rest)


def best_reading(text: str, choices: dict, left: str | None, right: str | None,
                 lm: SyllableModel | None = None, numbered: bool = False, name_start: bool = False,
                 in_name: bool = False) -> str:
    """The reading of `text` (one word, edges of punctuation kept) the model and the LSTM prefer;
    `numbered`: a small number follows on the line, so an address unit is likely ('Tổ 3');
    `name_start`: the word begins a run of words in capitals, so a family name is ('NGUYỄN THU');
    `in_name`: the word follows a family name in such a run, where the model's pairs are no guide
    (BÙI PHÚ KIM would go PHỦ: `phủ` is common)."""
    head, core, tail = EDGE.match(text).groups()
    if not core.isalpha() or not choices:
        return text
    lm = lm or model()
    shift = len(head)
    inner = {at - shift: c for at, c in choices.items() if shift <= at < shift + len(core)}

    def total(reading: str, cost: float) -> float:
        low = reading.lower()
        known = valid_syllable(low)
        unit = UNIT_BONUS if numbered and low in NUMBERED else 0.0
        unit += FAMILY_BONUS if family and low in FAMILY else 0.0
        return (lm.score(low, left, right) if known else lm.unigram("\0")) + LETTER_WEIGHT * cost + unit

    # a known syllable written as a name's (Trinh, Bàu) stays, unless another of its marks makes a
    # common pair with a neighbour that it never makes ('Chi nhánh' read 'Chỉ nhánh')
    named = name_shaped(core) and lm.count(core.lower())
    family = name_start and core.lower() not in FAMILY
    mine = total(core, 0.0)
    top, reading = mine, core
    for r, cost, marks in readings(core, inner)[1:]:
        unit = marks and ((numbered and r.lower() in NUMBERED)  # 'Tố 3' is no name: a name takes no house number
                          or (family and r.lower() in FAMILY))
        if named and not unit and not (marks and _new_pair(lm, r, core, left, right)):
            continue
        if (_unweighed(r, core, inner) and (in_name or not _common_pair(lm, r, left, right))
                and valid_syllable(core.lower())):
            continue  # no evidence from the LSTM: a neighbour must ask for it, not mere frequency ('mươi mốt')
        s = total(r, cost) - (MARGIN if marks else LETTER_MARGIN)
        if s > top and _same_case(core, r):
            top, reading = s, r
    return head + reading + tail


def name_shaped(core: str) -> bool:
    """Written as a name's syllable: a capital, then small letters (Trinh, Bàu, Chi)."""
    return core[:1].isupper() and core[1:].islower()


def _new_pair(lm: SyllableModel, reading: str, core: str, left: str | None, right: str | None) -> bool:
    """`reading` stands next to a neighbour at least NAME_PAIR times in the model's texts where `core`
    never does, on one side ('Luật Tố chức': `tổ chức`, though `luật tố` is common too: Luật Tố tụng)."""
    r, c = reading.lower(), core.lower()
    sides = ([(f"{left} {r}", f"{left} {c}")] if left else []) + ([(f"{r} {right}", f"{c} {right}")] if right else [])
    return any(lm.count(mine) >= NAME_PAIR and not lm.count(theirs) for mine, theirs in sides)


def _unweighed(reading: str, core: str, inner: dict) -> bool:
    """`reading` puts a letter the LSTM never listed where `core` has another (see readings)."""
    return any(r != c and r not in (x for x, _ in inner.get(at, [])) for at, (r, c) in enumerate(zip(reading, core)))


def _common_pair(lm: SyllableModel, reading: str, left: str | None, right: str | None) -> bool:
    r = reading.lower()
    return any(lm.count(pair) >= NAME_PAIR for pair in ([f"{left} {r}"] if left else []) + ([f"{r} {right}"] if right else []))


def _same_case(a: str, b: str) -> bool:
    return all(x.isupper() == y.isupper() for x, y in zip(a, b))


def rescore(words: list[dict]) -> list[dict]:
    """Words (dicts in Tesseract's line order, `choices` from tesseract.parse_tsv) with each word
    that has weighed readings set to the best one; words read without choices are left as read."""
    if not any(w.get("choices") or _in_capitals(w["text"]) for w in words):
        return words
    lm = model()
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault((w.get("block"), w.get("par"), w.get("line")), []).append(w)
    for line in lines.values():
        line.sort(key=lambda w: w["bbox"][0])
    for (block, par, n), line in lines.items():
        # a sentence goes on over the paragraph's lines: 'lâu' ends one line, 'dài.' starts the next
        before, after = lines.get((block, par, n - 1), []), lines.get((block, par, n + 1), [])
        texts = [w["text"] for w in before[-1:] + line + after[:1]]
        shift = len(before[-1:])
        name_run = False  # within a run of capitals that began with a family name
        for i, w in enumerate(line, start=shift):
            choices = w.get("choices") or {}
            caps = _in_capitals(w["text"])
            starts_run = caps and not (i > shift and _in_capitals(texts[i - 1]))
            in_name = name_run = name_run and caps and not starts_run
            if caps:
                choices = _sure_capitals(w["text"], choices, w.get("conf", 0.0))
            if not choices:  # no letter of a family name either (capitals with a vowel get rows)
                continue
            left = context_token(texts[i - 1]) if i and not _ends_clause(texts[i - 1]) else None
            right = context_token(texts[i + 1]) if i + 1 < len(texts) and not _ends_clause(w["text"]) else None
            if name_shaped(EDGE.match(w["text"]).group(2)):  # a name ends a line as often as a phrase goes on ('Thế Chi' / 'Nơi')
                left = left if i > shift else None
                right = right if i + 1 < shift + len(line) else None
            on_line = i + 1 < shift + len(line)
            numbered = on_line and bool(SMALL_NUMBER.fullmatch(texts[i + 1]))
            # in capitals, as forms ask a name to be written: 'Đông Hòa' of an address stays a place
            name_start = (on_line and _in_capitals(texts[i]) and _in_capitals(texts[i + 1])
                          and not (i > shift and _capitalised(texts[i - 1])))
            text = best_reading(w["text"], choices, left, right, lm, numbered, name_start, in_name)
            if name_start:
                text = family_form(text, right, lm)
            name_run = name_run or (starts_run and _family(text))
            w["text"] = texts[i] = text
    return words


def _sure_capitals(text: str, choices: dict, conf: float) -> dict:
    """A word in capitals with a row for each letter that may bear its tone: the LSTM lists no
    other reading of a capital it is sure of (NGUYÊN at 71), though a capital's tone mark is the
    smallest ink on the line; such a letter counts as weighed at the word's confidence."""
    head, core, _ = EDGE.match(text).groups()
    out = dict(choices)
    for i in tone_places(core):
        out.setdefault(len(head) + i, [(core[i], float(conf))])
    return out


def family_form(text: str, right: str | None, lm: SyllableModel) -> str:
    """The first word of a name in capitals that is a family name under another tone (NGUYÊN,
    ĐĂNG) is that family name, unless it starts a phrase the model knows (NGUYÊN TẮC, ĐĂNG KÝ)."""
    head, core, tail = EDGE.match(text).groups()
    low = core.lower()
    if low in FAMILY or (right and any(lm.count(f"{low} {r}") >= FAMILY_PHRASE for r in _retoned(right))):
        return text
    forms = _family_by_tone().get(toneless(low), ())
    return head + forms[0].upper() + tail if len(forms) == 1 else text


def _retoned(word: str) -> list[str]:
    """`word` and the words it becomes with another tone on one letter (the next word may have lost
    its tone too: CHỦ TICH)."""
    out = [word]
    for at, ch in enumerate(word):
        out += [word[:at] + c + word[at + 1:] for c in tone_variants(toneless(ch)) if c != ch]
    return out


def _family(text: str) -> bool:
    return EDGE.match(text).group(2).lower() in FAMILY


@lru_cache(maxsize=1)
def _family_by_tone() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name in sorted(FAMILY):
        out[toneless(name)] = out.get(toneless(name), ()) + (name,)
    return out


def _capitalised(text: str) -> bool:
    core = EDGE.match(text).group(2)
    return core.isalpha() and core[:1].isupper()


def _in_capitals(text: str) -> bool:
    core = EDGE.match(text).group(2)
    return core.isalpha() and core.isupper() and len(core) > 1


def _ends_clause(text: str) -> bool:
    return text[-1:] in ".,;:!?)"
