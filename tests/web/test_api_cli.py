"""The CLI side of issue 13: API tokens (`sohoa token`), short dossier ids (any unique start of one),
`sohoa review show`, and `--json` on `sohoa status` and `sohoa review list`."""
from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from web_helpers import BATCH, seed_dossier, state_of

from sohoa.cli import app
from sohoa.config import Settings
from storage.pipeline_db import PipelineDB, dossier_id


def cli(*args: str, code: int = 0, env: dict | None = None):
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return result


def said(result) -> str:
    """The output with the usage box's borders and line wrapping taken out."""
    return " ".join(result.output.replace("│", " ").split())


def two_sharing_a_start() -> tuple[str, str]:
    """Two sources of BATCH whose dossier ids begin with the same hex digit (16 digits, 17 sources)."""
    seen: dict[str, str] = {}
    for i in range(17):
        source = f"d{i:02d}.png"
        first = dossier_id(BATCH, source)[0]
        if first in seen:
            return seen[first], source
        seen[first] = source
    raise AssertionError("pigeonhole")


def test_a_token_is_shown_once_acts_for_its_user_and_stops_when_revoked(accounts):
    """GIVEN a reviewer WHEN `sohoa token add` makes a token THEN stdout holds the token alone, only its
    hash is stored, the API takes it as that reviewer, `token list` never shows it, and after
    `token revoke` the API refuses it; adding and revoking are provenance events in the doer's name."""
    from web.app import create_app

    made = cli("token", "add", "--user", accounts["reviewer"], "--name", "kho-số", "--by", "admin1")
    token = made.stdout.strip()
    assert token.startswith("sohoa_") and len(token) > 40 and "\n" not in token
    home = Settings().home
    raw = b"".join(p.read_bytes() for p in home.glob("pipeline.sqlite*"))
    assert token.encode() not in raw
    listed = cli("token", "list")
    assert "kho-số" in said(listed) and token not in listed.output
    with TestClient(create_app()) as client:
        h = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v1/review", headers=h).status_code == 200
        assert client.get("/api/v1/reports/summary", headers=h).status_code == 403  # a reviewer's token
        cli("token", "revoke", "1", "--by", "admin1")
        assert client.get("/api/v1/review", headers=h).status_code == 401
    db = PipelineDB(Settings().pipeline_db_url)
    events = [(e.outcome, e.agent, e.detail["user"]) for e in db.events() if e.step == "token"]
    db.close()
    assert events == [("added", "admin1", accounts["reviewer"]), ("revoked", "admin1", accounts["reviewer"])]
    assert "no user named nobody" in said(cli("token", "add", "--user", "nobody", code=2))
    assert "no API token 9" in said(cli("token", "revoke", "9", code=2))


def test_any_unique_start_of_a_dossier_id_is_taken_and_an_ambiguous_one_lists_the_matches(home, sector):
    """GIVEN two dossiers whose ids share their first digit WHEN a command is given that digit THEN it
    is refused listing both (id, batch, source); a longer start picks one, also for `review resolve`."""
    a_src, b_src = two_sharing_a_start()
    a, b = seed_dossier(a_src), seed_dossier(b_src)
    before = state_of(a)
    refused = cli("review", "show", a[0], code=2)
    assert f"{a[0]} is the start of 2 dossier ids" in said(refused)
    assert a in refused.output and b in refused.output and a_src in refused.output and b_src in refused.output
    refused = cli("review", "resolve", a[0], "--user", "lan", "--reject", "--reason", "x", code=2)
    assert "is the start of 2 dossier ids" in said(refused) and state_of(a) == before
    assert "no dossier id starts with" in said(cli("review", "show", "f" * 32 if a[0] != "f" else "e" * 32, code=2))
    assert "is not a dossier id" in said(cli("review", "show", "khai-sinh", code=2))

    short = next(a[:n] for n in range(2, 33) if not b.startswith(a[:n]))
    assert f"dossier {a}" in said(cli("review", "show", short))
    done = cli("review", "resolve", short.upper(), "--user", "lan", "--rescan", "--reason", "trang mờ")
    assert f"dossier {a}: rescan" in said(done) and state_of(a)[0] == "rescan" and state_of(b)[0] == "review"


def test_review_show_lists_each_field_with_value_confidence_page_and_reason(home):
    did = seed_dossier()
    out = said(cli("review", "show", did[:8]))
    assert f"dossier {did} batch {BATCH} source khai-sinh.png" in out
    assert "state review reason field_uncertain" in out and "birth_registration 1.001193" in out
    assert "subject_birth_date* 2024-02-29 0.61 p.1 uncertain: confidence 0.61 < 0.80" in out
    assert "applicant_name* Nguyễn Văn An 0.97 p.1 certain" in out

    shown = json.loads(cli("review", "show", did, "--json").stdout)
    fields = {f["key"]: f for f in shown["fields"]}
    assert (shown["id"], shown["state"], shown["reason"]) == (did, "review", "field_uncertain")
    assert fields["subject_birth_date"] == {
        "key": "subject_birth_date", "value": "2024-02-29", "confidence": 0.61, "page": 1,
        "bbox": [300, 620, 600, 670], "required": True, "status": "uncertain",
        "reason": "confidence 0.61 < 0.80", "confirmed_by": None}
    assert shown["review"]["reason"] == "field_uncertain" and shown["pages"][0]["number"] == 1


def test_status_and_review_list_print_json_for_scripts(home):
    a, b = seed_dossier("a.png"), seed_dossier("b.png")
    status = json.loads(cli("status", BATCH, "--json").stdout)
    assert status["batch"] == BATCH and status["dossiers"] == 2 and status["by_state"] == {"review": 2}
    assert [(d["id"], d["source"], d["state"], d["reason"], d["procedure"]) for d in status["items"]] == [
        (a, "a.png", "review", "field_uncertain", "birth_registration"),
        (b, "b.png", "review", "field_uncertain", "birth_registration")]
    items = json.loads(cli("review", "list", "--json").stdout)
    assert [i["dossier_id"] for i in items] == [a, b]  # oldest first
    assert items[0]["since"].endswith("+00:00")  # a moment with its zone
    assert json.loads(cli("review", "list", "--batch", "other", "--json").stdout) == []
    table = said(cli("status", BATCH))
    assert a[:8] in table and "a.png" in table and a not in table  # short ids, which commands take back
    assert b[:8] in said(cli("review", "list"))
