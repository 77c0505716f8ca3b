"""Where the personal names of sample people come from: the built-in lists or Faker's vi_VN pools.

"faker-a" / "faker-b" use two disjoint halves of Faker's given names (split by a stable hash), so a
benchmark split generated with one half never shares a given name with a split made from the other.
Names are drawn with the caller's `random.Random`, never Faker's own generator, so a seed fixes them.
"""
from __future__ import annotations

import hashlib
import random
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SOURCES = ("generator", "faker", "faker-a", "faker-b")


def _nfc_title(s: str) -> str:
    return unicodedata.normalize("NFC", s.strip()).title()


def faker_half(given: str) -> str:
    """'a' or 'b': a hash of the NFC name, stable across runs and Python versions."""
    digest = hashlib.sha256(unicodedata.normalize("NFC", given).encode("utf-8")).digest()
    return "a" if digest[0] % 2 == 0 else "b"


@lru_cache(maxsize=1)
def _faker_pools() -> dict:
    # Faker's vi_VN formats put the given name first (Western order); only its pools are used here.
    from faker.providers.person.vi_VN import Provider

    def uniq(xs) -> list[str]:
        return list(dict.fromkeys(_nfc_title(x) for x in xs))

    unisex = list(Provider.first_names_unisex)
    middles = uniq(Provider.middle_names)
    return {
        "family": uniq(Provider.last_names),
        # "Thị" is a women's middle name and "Văn" a men's; the rest of the pool is shared
        "middle": {"Nam": [m for m in middles if m != "Thị"], "Nữ": [m for m in middles if m != "Văn"]},
        "given": {"Nam": uniq(list(Provider.first_names_male) + unisex),
                  "Nữ": uniq(list(Provider.first_names_female) + unisex)},
    }


@dataclass(frozen=True)
class NameSource:
    kind: str  # one of SOURCES

    def __post_init__(self) -> None:
        if self.kind not in SOURCES:
            raise ValueError(f"unknown name source {self.kind!r}; choose from {SOURCES}")

    def given_pool(self, sex: str) -> list[str]:
        pool = _faker_pools()["given"][sex]
        if self.kind in ("faker-a", "faker-b"):
            pool = [g for g in pool if faker_half(g) == self.kind[-1]]
        return pool

    def family(self, rnd: random.Random) -> str:
        return rnd.choice(_faker_pools()["family"])

    def full(self, rnd: random.Random, sex: str, family: str | None = None) -> str:
        fam = family or self.family(rnd)
        middle = rnd.choice(_faker_pools()["middle"][sex])
        return _nfc_title(" ".join([fam, middle, rnd.choice(self.given_pool(sex))]))


def name_source(kind: str | None) -> NameSource | None:
    """None (the built-in lists, drawing exactly as before) for "generator" or None."""
    if kind in (None, "generator"):
        return None
    return NameSource(kind)
