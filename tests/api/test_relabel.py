"""Relabelling through the API: the proposal is re-drafted for the officer's label unless the officer wrote it,
the label is recorded, and the exports and the training examples carry it."""

from __future__ import annotations

import pytest

from reviewer import api
from reviewer.errors import BadInput, PermissionDenied
from reviewer.propose import draft_proposal
from reviewer.ui.learning import decision_examples

DEPARTMENT = "Sở Tư pháp"


@pytest.fixture
def scanned(store, people, cu_tru):
    api.save_scan(store, people.department, cu_tru[0].source, "h-cu-tru", *cu_tru)
    return store


def _row(store, user, text_start: str):
    rows = api.list_findings(store, user, order="position", limit=None)
    return next(r for r in rows if r.text.startswith(text_start))


def test_confirming_with_another_label_redrafts_the_proposal(scanned, people):
    row = _row(scanned, people.officer, "b) Giấy tờ, tài liệu chứng minh việc sở hữu")
    expected = draft_proposal("certified_copy", row.text, row.context)
    assert api.redraft(scanned, people.officer, row.id, "certified_copy") == expected

    decision = api.decide(scanned, people.officer, row.proposal.id, "confirm", 0, label="certified_copy")

    assert (decision.label, decision.previous_label) == ("certified_copy", None)
    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    assert (proposal.label, proposal.text, proposal.action, proposal.document_kind) == (
        "certified_copy",
        expected.text,
        expected.action,
        expected.document_kind,
    )


def test_confirming_with_the_models_label_records_it_and_keeps_the_proposal(scanned, people):
    row = _row(scanned, people.officer, "b) Giấy tờ, tài liệu chứng minh việc sở hữu")
    decision = api.decide(scanned, people.officer, row.proposal.id, "confirm", 0, label=row.label)
    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    assert decision.label == row.label and proposal.label == row.label
    assert (proposal.text, proposal.action, proposal.legal_basis) == (
        row.proposal.text,
        row.proposal.action,
        row.proposal.legal_basis,
    )
    entry = api.audit_log(scanned, people.admin, "proposal", row.proposal.id, limit=1)[0]
    assert (entry.detail["label"], entry.detail["redrafted"]) == (row.label, False)


def test_an_officers_own_wording_survives_a_later_relabel(scanned, people):
    row = _row(scanned, people.officer, "b) Giấy tờ, tài liệu chứng minh việc sở hữu")
    own = "Bãi bỏ; cơ quan đăng ký tự tra cứu cơ sở dữ liệu đất đai."
    api.decide(scanned, people.officer, row.proposal.id, "edit", 0, text=own)
    api.decide(scanned, people.head, row.proposal.id, "return", 1, reason="Xem lại loại giấy tờ")

    api.decide(scanned, people.officer, row.proposal.id, "confirm", 2, label="original")

    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    expected = draft_proposal("original", row.text, row.context)
    assert (proposal.label, proposal.text) == ("original", own), "the text the officer wrote stands"
    assert (proposal.action, proposal.legal_basis) == (expected.action, tuple(expected.legal_basis))


def test_an_undone_edit_no_longer_protects_the_text(scanned, people):
    row = _row(scanned, people.officer, "b) Giấy tờ, tài liệu chứng minh việc sở hữu")
    api.decide(scanned, people.officer, row.proposal.id, "edit", 0, text="Bãi bỏ.")
    api.undo_last(scanned, people.officer)
    api.decide(scanned, people.officer, row.proposal.id, "confirm", 2, label="original")
    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    assert proposal.text == draft_proposal("original", row.text, row.context).text


def test_the_export_and_the_training_examples_carry_the_officers_label(scanned, people):
    relabelled = _row(scanned, people.officer, "b) Giấy tờ, tài liệu chứng minh việc sở hữu")
    kept = _row(scanned, people.officer, "a) Tờ khai thay đổi thông tin cư trú;")
    rejected = _row(scanned, people.officer, "b) Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp")
    api.decide(scanned, people.officer, relabelled.proposal.id, "confirm", 0, label="certified_copy")
    api.decide(scanned, people.officer, kept.proposal.id, "confirm", 0)
    api.decide(scanned, people.officer, rejected.proposal.id, "reject", 0, reason="Chỉ quy định cách thức nộp")

    rows = {r.citation: r for r in api.export_rows(scanned, people.officer)}
    assert (rows[relabelled.citation].label, rows[relabelled.citation].model_label) == (
        "certified_copy",
        "paper_document",
    )
    assert (rows[kept.citation].label, rows[kept.citation].officer_label) == (kept.label, None)
    examples = {e.citation: e.label for e in decision_examples(scanned, people.admin)}
    assert examples == {relabelled.citation: "certified_copy", kept.citation: kept.label, rejected.citation: "none"}


def test_what_a_relabel_may_not_do(scanned, people):
    row = _row(scanned, people.officer, "b) Giấy tờ, tài liệu chứng minh việc sở hữu")
    with pytest.raises(BadInput):
        api.redraft(scanned, people.officer, row.id, "none")
    with pytest.raises(BadInput):
        api.decide(scanned, people.officer, row.proposal.id, "confirm", 0, label="none")
    with pytest.raises(BadInput):
        api.decide(scanned, people.officer, row.proposal.id, "reject", 0)  # no reason
    with pytest.raises(PermissionDenied):
        api.redraft(scanned, people.other_officer, row.id, "copy")
    with pytest.raises(PermissionDenied):
        api.decide(scanned, people.department, row.proposal.id, "confirm", 0, label="copy")
    assert api.decisions(scanned, people.officer, row.proposal.id) == []
