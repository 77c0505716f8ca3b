"""Vietnamese by default, English as a second language: every text has both, every code a reviewer or
archivist can meet is a sentence in both, and the switch is remembered in a cookie."""
from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path

from web_helpers import PASSWORD, seed_dossier, sign_in

from sohoa.errors import Reason
from storage.search_index import KINDS
from storage.station_db import ACTIONS
from web.i18n import TABLES
from web.uploads import EXIT_REASONS

WEB = Path(__file__).resolve().parents[2] / "web"
STATES = ("loaded", "review", "quarantined", "duplicate", "rejected", "rescan", "processing",
          "queued", "ingesting", "done", "failed", "refused")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_vietnamese_and_english_with_the_same_placeholders():
    vi, en = TABLES["vi"], TABLES["en"]
    assert set(vi) == set(en)
    for table in vi:
        assert set(vi[table]) == set(en[table]), table
        for key, text in vi[table].items():
            assert placeholders(text) == placeholders(en[table][key]), (table, key)
            assert text == unicodedata.normalize("NFC", text), (table, key)  # Vietnamese in NFC


def test_english_texts_are_translated_not_copied():
    vietnamese = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300-\u036f]")
    for table, texts in TABLES["en"].items():
        for key, text in texts.items():
            if key == "other_language":  # the switch names Vietnamese in Vietnamese
                continue
            assert not vietnamese.search(unicodedata.normalize("NFD", text)), (table, key, text)


def test_every_code_the_pages_can_meet_is_a_sentence_in_both_languages():
    sources = {p.name: p.read_text(encoding="utf-8") for p in WEB.glob("*.py")}
    templates = "".join(p.read_text(encoding="utf-8") for p in (WEB / "templates").glob("*.html"))
    upload_codes = set(re.findall(r'UploadRefused\("([a-z_]+)"', sources["unpack.py"] + sources["uploads.py"]))
    upload_codes |= set(EXIT_REASONS.values()) | {"ingest_failed", "too_large", "length_required"}
    text_keys = set(re.findall(r'\bt\("([a-z_]+)"(?=[,)])', templates + "".join(sources.values())))
    text_keys |= {f"search_by_{k}" for k in KINDS}
    search_codes = set(re.findall(r'BadQuery\("([a-z_]+)"', (WEB.parent / "storage" / "search_index.py").read_text()))
    for lang, tables in TABLES.items():
        assert {r.value for r in Reason} <= set(tables["reasons"]), lang
        assert upload_codes <= set(tables["upload"]), (lang, upload_codes - set(tables["upload"]))
        assert text_keys | search_codes <= set(tables["text"]), (lang, text_keys - set(tables["text"]))
        assert set(ACTIONS) <= set(tables["actions"]) and set(STATES) <= set(tables["states"])
    assert len(upload_codes) >= 15 and len(text_keys) >= 60


def test_the_language_switch_is_kept_in_a_cookie_and_vietnamese_is_the_default(client, accounts):
    page = client.get("/login")
    assert '<html lang="vi">' in page.text and "Đăng nhập" in page.text and 'hreflang="en"' in page.text
    page = client.get("/login", params={"lang": "en"})
    assert '<html lang="en">' in page.text and "Sign in" in page.text and "Đăng nhập" not in page.text
    assert client.cookies.get("sohoa_lang") == "en"
    sign_in(client, accounts["reviewer"], PASSWORD.format(role="reviewer"))
    seed_dossier()
    queue = client.get("/review").text
    assert "Review queue" in queue and "The machine is unsure of a required field" in queue
    assert client.get("/review", params={"lang": "xx"}).text.count("Review queue") >= 1  # unknown: unchanged
    assert "Hàng đợi kiểm tra" in client.get("/review", params={"lang": "vi"}).text
    assert "Hàng đợi kiểm tra" in client.get("/review").text
