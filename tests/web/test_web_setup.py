"""Creating the first admin, the session key, and the completeness of the Vietnamese texts."""
from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sohoa.cli import app
from sohoa.config import Settings
from sohoa.errors import Reason
from storage.pipeline_db import PipelineDB
from storage.users import Users
from web.i18n import FIELDS_VI, REASONS_VI, REFUSED_VI, TABLES, VI, Texts
from web.station import NoSecret, secret_key
from extraction.values import KIND

REPO = Path(__file__).resolve().parents[2]


def test_the_first_admin_comes_from_the_cli_with_a_password_from_the_environment(home, monkeypatch):
    """GIVEN a station with no users (no default password can sign in) WHEN an admin is added through
    the CLI with SOHOA_NEW_PASSWORD THEN that password (and only it) signs in, only its argon2 hash is
    stored, and the addition is a provenance event in the adder's name."""
    monkeypatch.setenv("SOHOA_NEW_PASSWORD", "đủ-dài-để-dùng")
    users = Users(Settings().pipeline_db_url)
    assert users.count() == 0
    result = CliRunner().invoke(app, ["user", "add", "--role", "admin", "--by", "setup", "quan.tri"])
    assert result.exit_code == 0, result.output
    assert users.authenticate("quan.tri", "đủ-dài-để-dùng").role == "admin"
    assert users.authenticate("quan.tri", "admin") is None
    raw = b"".join(p.read_bytes() for p in home.glob("pipeline.sqlite*"))  # WAL mode: rows may be in -wal
    assert "đủ-dài-để-dùng".encode() not in raw and b"$argon2id$" in raw
    db = PipelineDB(Settings().pipeline_db_url)
    (event,) = [e for e in db.events() if e.step == "user"]
    db.close()
    assert (event.outcome, event.agent, event.detail) == ("added", "setup", {"user": "quan.tri", "role": "admin"})
    users.close()


@pytest.mark.parametrize("args, password, said", [
    (["--role", "admin", "x"], "đủ-dài-để-dùng", "user names are"),
    (["--role", "root", "an"], "đủ-dài-để-dùng", "role must be one of"),
    (["--role", "admin", "an"], "short", "at least 10"),
])
def test_bad_users_are_refused(home, monkeypatch, args, password, said):
    monkeypatch.setenv("SOHOA_NEW_PASSWORD", password)
    result = CliRunner().invoke(app, ["user", "add", *args])
    assert result.exit_code == 2 and said in " ".join(result.output.replace("│", " ").split())
    users = Users(Settings().pipeline_db_url)
    assert users.count() == 0
    users.close()


def test_the_session_key_is_made_owner_only_once_or_refused_when_short(home, monkeypatch):
    monkeypatch.delenv("SOHOA_SECRET_KEY")
    key = secret_key(Settings())
    path = home / "secret_key"
    assert len(key) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key(Settings()) == key  # sessions survive a restart
    path.chmod(0o644)
    with pytest.raises(NoSecret, match="readable by others"):
        secret_key(Settings())
    monkeypatch.setenv("SOHOA_SECRET_KEY", "short")
    with pytest.raises(NoSecret, match="at least 32"):
        secret_key(Settings())


def test_every_code_the_reviewer_can_meet_has_vietnamese_words():
    review_reasons = {r.value for r in Reason} - {"empty_file", "unreadable_image", "type_mismatch",
                                                  "unsupported_type", "encrypted_pdf", "corrupt_pdf",
                                                  "too_large", "too_many_pages", "page_too_large",
                                                  "zero_size_page", "special_file", "unreadable_file",
                                                  "changed_during_ingest"}
    assert review_reasons <= set(REASONS_VI)
    source = (REPO / "review" / "decisions.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'Refused\(.*?,\s*"([a-z_]+)"', source, flags=re.S))
    assert len(codes) >= 15 and codes <= set(REFUSED_VI)
    assert set(KIND) <= set(FIELDS_VI)
    for lang, table in TABLES.items():  # a second language must carry every key
        assert set(table["text"]) == set(VI), lang
    assert Texts().problem("12 digits, expected 12 (or 9)") == "có 12 chữ số, cần 12 (hoặc 9)"


def test_no_page_asks_the_internet_for_anything():
    for path in (REPO / "web").rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", path.read_text(encoding="utf-8")), path
