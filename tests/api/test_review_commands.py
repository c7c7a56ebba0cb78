"""The review commands: users, findings, decisions, undo, proposals and exports from the shell."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reviewer.cli import EXIT_FAILED, main
from reviewer.store import Store

DEPARTMENT = "Sở Tư pháp"


@pytest.fixture
def db(store_url, cu_tru):
    """A database with Luật Cư trú stored (findings without proposals) and an officer."""
    document, predictions = cu_tru
    store = Store(store_url)
    store.save_scan(DEPARTMENT, document.source, "h", document, predictions, [], model_version="m")
    store.close()
    return store_url


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def add_officer(db: str, name: str, password: str, department: str = DEPARTMENT):
    """``reviewer user add NAME --role officer`` with the password on stdin."""
    return run(
        "user", "add", name, "--role", "officer", "--department", department, "--password-stdin", "--db", db,
        input=f"{password}\n",
    )  # fmt: skip


def test_user_add_and_list(db):
    result = run(
        "user",
        "add",
        "lan",
        "--role",
        "officer",
        "--department",
        DEPARTMENT,
        "--db",
        db,
        input="mat-khau-lan\nmat-khau-lan\n",
    )
    assert result.exit_code == 0, result.output
    result = run("user", "add", "admin", "--role", "admin", "--password-stdin", "--db", db, input="mat-khau-admin\n")
    assert result.exit_code == 0
    listing = run("user", "list", "--db", db).output
    assert "lan" in listing and "officer" in listing and DEPARTMENT in listing and "admin" in listing
    assert Store(db).check_password("admin", "mat-khau-admin") is not None
    again = add_officer(db, "lan", "mat-khau-khac")
    assert again.exit_code == EXIT_FAILED and "already exists" in again.output


def test_propose_decide_undo_export(db, tmp_path):
    add_officer(db, "lan", "mat-khau-lan")
    assert "proposals drafted" in run("propose", "--db", db).output
    lines = run("findings", "--json", "--order", "position", "--limit", "3", "--db", db).output.splitlines()
    findings = [json.loads(line) for line in lines]
    assert len(findings) == 3 and findings[0]["citation"] == "điểm a khoản 1 Điều 21"
    proposal = findings[0]["proposal"]

    result = run("decide", proposal["id"], "confirm", "--reviewer", "lan", "--expected-version", 0, "--db", db)
    assert result.exit_code == 0 and "pending → confirmed" in result.output
    stale = run(
        "decide", proposal["id"], "reject", "--reviewer", "lan", "--reason", "x", "--expected-version", 0, "--db", db
    )
    assert stale.exit_code == EXIT_FAILED and "lan decided confirm" in stale.output
    edit = run("decide", proposal["id"], "edit", "--reviewer", "lan", "--text", "Bỏ tờ khai giấy.", "--db", db)
    assert edit.exit_code == 0
    assert "(undone)" in run("undo", "--reviewer", "lan", "--db", db).output
    nobody = run("decide", proposal["id"], "confirm", "--reviewer", "ghost", "--db", db)
    assert nobody.exit_code == EXIT_FAILED and "no such user" in nobody.output

    listing = run("findings", "--status", "confirmed", "--db", db).output
    assert "1 of 1 findings shown" in listing

    out = tmp_path / "bao-cao.docx"
    result = run("export", "--out", out, "--department", DEPARTMENT, "--db", db)
    assert result.exit_code == 0 and out.stat().st_size > 0


def test_an_edit_can_change_the_action_and_the_report_follows(db):
    # A trial user rewrote a "Giữ nguyên" proposal into an abolition; the report still said "Giữ nguyên".
    from reviewer.cli.store import PROPOSAL_ACTIONS
    from reviewer.propose import ACTIONS

    assert set(PROPOSAL_ACTIONS) == set(ACTIONS)
    add_officer(db, "lan", "mat-khau-lan")
    run("propose", "--db", db)
    listed = run("findings", "--json", "--order", "position", "--limit", "1", "--db", db).output
    proposal = json.loads(listed)["proposal"]
    other = next(a for a in PROPOSAL_ACTIONS if a != proposal["action"])
    text = "Bãi bỏ thành phần hồ sơ; cơ quan khai thác dữ liệu."
    result = run("decide", proposal["id"], "edit", "--reviewer", "lan", "--text", text, "--action", other, "--db", db)
    assert result.exit_code == 0, result.output
    stored = Store(db).get_proposal(proposal["id"])
    assert (stored.action, stored.text, stored.status) == (other, text, "confirmed")
    assert list(stored.legal_basis) == proposal["legal_basis"]  # the basis drafted for the paper stays
    assert [row.action for row in Store(db).export_rows() if row.proposal_text == text] == [other]
    run("undo", "--reviewer", "lan", "--db", db)
    assert Store(db).get_proposal(proposal["id"]).action == proposal["action"]
    misplaced = run("decide", proposal["id"], "confirm", "--reviewer", "lan", "--action", other, "--db", db)
    assert misplaced.exit_code != 0 and "--action goes with edit" in misplaced.output


def test_a_missed_requirement_is_flagged_from_the_shell(db):
    add_officer(db, "lan", "mat-khau-lan")
    listed = run("findings", "--label", "none", "--json", "--order", "position", "--limit", "1", "--db", db).output
    missed = json.loads(listed)
    assert missed["label"] == "none" and missed["proposal"] is None
    result = run("flag", missed["id"], "--label", "copy", "--reviewer", "lan", "--db", db)
    assert result.exit_code == 0, result.output
    assert "flagged as copy" in result.output
    confirmed = run("findings", "--status", "confirmed", "--json", "--db", db).output.splitlines()
    assert [json.loads(line)["id"] for line in confirmed] == [missed["id"]]
    again = run("flag", missed["id"], "--label", "copy", "--reviewer", "lan", "--db", db)
    assert again.exit_code == EXIT_FAILED and "already has a proposal" in again.output


def test_every_command_has_a_runnable_example():
    for name in ("findings", "propose", "decide", "flag", "undo", "export"):
        assert "Example:" in run(name, "--help").output
    for name in ("add", "list", "passwd", "disable"):
        assert "Example:" in run("user", name, "--help").output


def test_usage_mistakes_exit_2_with_what_to_do(db, tmp_path):
    bogus = run("findings", "--label", "bogus", "--db", db)
    assert bogus.exit_code == 2 and "'bogus' is not one of" in bogus.output
    assert run("findings", "--status", "done", "--db", db).exit_code == 2
    unnamed = run("export", "--out", tmp_path / "r.txt", "--db", db)
    assert unnamed.exit_code == 2 and "say --format csv, xlsx or docx" in unnamed.output
    assert not (tmp_path / "r.txt").exists()
    reasonless = run("decide", "1", "reject", "--reviewer", "lan", "--db", db)
    assert reasonless.exit_code == 2 and "say why with --reason" in reasonless.output
    textless = run("decide", "1", "edit", "--reviewer", "lan", "--db", db)
    assert textless.exit_code == 2 and "--text" in textless.output


def test_a_misspelt_department_is_refused_with_the_known_ones(db, tmp_path):
    report = run("export", "--out", tmp_path / "r.docx", "--department", "Sở Tư Phap", "--db", db)
    assert report.exit_code == EXIT_FAILED
    assert f'no such department (known: "{DEPARTMENT}")' in report.output
    assert not (tmp_path / "r.docx").exists()
    assert run("findings", "--department", "Sở Tư Phap", "--db", db).exit_code == EXIT_FAILED
    assert run("findings", "--department", DEPARTMENT, "--db", db).exit_code == 0


def test_a_user_added_to_a_new_department_is_told_so(db):
    typo = add_officer(db, "lan", "mat-khau-lan", "Sở Tư Phap")
    assert typo.exit_code == 0 and f'note: "Sở Tư Phap" is a new department (known: "{DEPARTMENT}")' in typo.output
    known = add_officer(db, "hoa", "mat-khau-hoa")
    assert known.exit_code == 0 and "new department" not in known.output
