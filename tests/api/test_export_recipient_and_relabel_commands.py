"""``reviewer export --recipient`` addresses the DOCX report; ``reviewer decide --label`` relabels a finding."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from docx import Document as read_docx

from reviewer import api
from reviewer.cli import EXIT_USAGE, main
from reviewer.propose import draft_proposal

DEPARTMENT = "Sở Tư pháp"


@pytest.fixture
def scanned(store, people, cu_tru):
    """Luật Cư trú stored for Sở Tư pháp with its drafted proposals; the officer ``lan`` exists."""
    api.save_scan(store, people.department, cu_tru[0].source, "h-cu-tru", *cu_tru)
    return store


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def docx_text(path) -> str:
    return "\n".join(paragraph.text for paragraph in read_docx(str(path)).paragraphs)


def test_export_with_a_recipient_addresses_the_report_to_it(scanned, store_url, tmp_path):
    out = tmp_path / "bao-cao.docx"
    recipient = "Ủy ban nhân dân tỉnh Quảng Ninh"
    args = ("export", "--format", "docx", "--out", out, "--department", DEPARTMENT, "--db", store_url)

    result = run(*args, "--recipient", recipient)

    assert result.exit_code == 0, result.output
    assert f"Kính gửi: {recipient}." in docx_text(out)
    # Without --recipient the report goes to the head of the department, not to the province.
    default = tmp_path / "mac-dinh.docx"
    assert run(*args[:4], default, *args[5:]).exit_code == 0
    text = docx_text(default)
    assert "Kính gửi: Giám đốc Sở Tư pháp." in text and recipient not in text


def test_export_with_several_recipients_lists_each(scanned, store_url, tmp_path):
    out = tmp_path / "bao-cao.docx"
    recipients = "Ủy ban nhân dân tỉnh Quảng Ninh; Bộ Tư pháp"
    result = run("export", "--out", out, "--department", DEPARTMENT, "--recipient", recipients, "--db", store_url)
    assert result.exit_code == 0, result.output
    lines = docx_text(out).splitlines()
    start = lines.index("Kính gửi:")
    assert lines[start + 1 : start + 3] == ["- Ủy ban nhân dân tỉnh Quảng Ninh;", "- Bộ Tư pháp."]


def test_decide_with_a_label_records_it_and_redrafts_the_proposal(scanned, store_url, people):
    rows = api.list_findings(scanned, people.officer, order="position", limit=None)
    row = next(r for r in rows if r.label != "certified_copy")
    expected = draft_proposal("certified_copy", row.text, row.context)

    result = run(
        "decide", row.proposal.id, "confirm", "--reviewer", "lan", "--label", "certified_copy", "--db", store_url
    )

    assert result.exit_code == 0, result.output
    assert "pending → confirmed" in result.output
    decision = api.decisions(scanned, people.officer, row.proposal.id)[-1]
    assert (decision.kind, decision.label, decision.reviewer) == ("confirm", "certified_copy", "lan")
    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    assert (proposal.label, proposal.action, proposal.text) == ("certified_copy", expected.action, expected.text)
    listed = run("findings", "--db", store_url, "--limit", 100).output
    assert f"[{row.id}] {row.score:.2f} certified_copy (model: {row.label})" in listed  # the officer's word shows
    as_json = [
        json.loads(line) for line in run("findings", "--db", store_url, "--limit", 100, "--json").output.splitlines()
    ]
    relabelled = next(r for r in as_json if r["id"] == row.id)
    assert (relabelled["label"], relabelled["current_label"]) == (row.label, "certified_copy")


def test_decide_without_a_label_keeps_the_findings_label(scanned, store_url, people):
    row = api.list_findings(scanned, people.officer, order="position", limit=1)[0]
    result = run("decide", row.proposal.id, "confirm", "--reviewer", "lan", "--db", store_url)
    assert result.exit_code == 0, result.output
    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    assert (proposal.label, proposal.text) == (None, row.proposal.text)
    assert api.decisions(scanned, people.officer, row.proposal.id)[-1].label is None


def test_decide_refuses_a_label_that_is_not_a_finding_label(scanned, store_url, people):
    row = api.list_findings(scanned, people.officer, order="position", limit=1)[0]
    result = run("decide", row.proposal.id, "confirm", "--reviewer", "lan", "--label", "none", "--db", store_url)
    assert result.exit_code == EXIT_USAGE and "--label" in result.output
    assert api.decisions(scanned, people.officer, row.proposal.id) == []
