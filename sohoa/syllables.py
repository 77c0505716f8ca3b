"""Is a word a well-formed Vietnamese syllable? Shared by OCR (is a PDF's text layer real
Vietnamese?) and extraction (is a value plausibly read?), so neither stage imports the other.

Initial + rhyme from the closed set of Vietnamese rhymes, at most one tone mark, and stop finals
(-p -t -c -ch) only with the sắc or nặng tone.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

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
