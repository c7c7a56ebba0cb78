"""«Sửa rồi xác nhận» with a new label: a text the officer did not touch follows the new label with the action and
the legal basis, so that the proposal never says one thing in its text and another in its basis."""

from __future__ import annotations

import pytest

from reviewer import api
from reviewer.errors import BadInput
from reviewer.propose import draft_proposal


@pytest.fixture
def scanned(store, people, cu_tru):
    api.save_scan(store, people.department, cu_tru[0].source, "h-cu-tru", *cu_tru)
    return store


def _row(store, user):
    # "b) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp." — the model said paper_document.
    rows = api.list_findings(store, user, order="position", limit=None)
    return next(r for r in rows if r.text.startswith("b) Giấy tờ, tài liệu chứng minh việc sở hữu"))


def test_an_edit_that_left_the_old_labels_text_untouched_takes_the_new_labels_text(scanned, people):
    row = _row(scanned, people.officer)
    new = draft_proposal("certified_copy", row.text, row.context)
    assert new.text != row.proposal.text and new.action != row.proposal.action

    decision = api.decide(
        scanned, people.officer, row.proposal.id, "edit", 0, text=row.proposal.text + "\n", label="certified_copy"
    )

    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    assert (proposal.text, proposal.action, proposal.legal_basis) == (new.text, new.action, tuple(new.legal_basis))
    assert (decision.kind, decision.label) == ("confirm", "certified_copy"), "nothing was edited: a confirmation"
    # Nothing the officer wrote stands, so a later relabel re-drafts the text again.
    assert api.relabelled_draft(scanned, people.officer, row.proposal.id, "original").text == (
        draft_proposal("original", row.text, row.context).text
    )


def test_an_edit_that_submits_the_new_labels_draft_is_a_confirmation(scanned, people):
    row = _row(scanned, people.officer)
    new = api.relabelled_draft(scanned, people.officer, row.proposal.id, "copy")
    decision = api.decide(scanned, people.officer, row.proposal.id, "edit", 0, text=new.text, label="copy")
    assert decision.kind == "confirm"
    assert api.get_finding(scanned, people.officer, row.id).row.proposal.text == new.text


def test_an_edited_text_is_kept_whatever_the_label(scanned, people):
    row = _row(scanned, people.officer)
    own = row.proposal.text + " Cơ quan đăng ký cư trú tự tra cứu."
    decision = api.decide(scanned, people.officer, row.proposal.id, "edit", 0, text=own, label="certified_copy")
    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    assert (decision.kind, proposal.text, proposal.label) == ("edit", own, "certified_copy")
    assert proposal.action == draft_proposal("certified_copy", row.text, row.context).action


def test_an_unchanged_edit_without_a_new_label_is_still_an_edit(scanned, people):
    row = _row(scanned, people.officer)
    decision = api.decide(scanned, people.officer, row.proposal.id, "edit", 0, text=row.proposal.text)
    assert decision.kind == "edit" and decision.label is None


def test_relabelled_draft_is_none_for_the_current_label(scanned, people):
    row = _row(scanned, people.officer)
    assert api.relabelled_draft(scanned, people.officer, row.proposal.id, row.label) is None


def test_an_action_chosen_with_a_new_label_holds_even_when_the_text_is_the_new_draft(scanned, people):
    row = _row(scanned, people.officer)
    new = api.relabelled_draft(scanned, people.officer, row.proposal.id, "copy")
    chosen = next(a for a in api.action_names() if a != new.action)
    decision = api.decide(
        scanned, people.officer, row.proposal.id, "edit", 0, text=new.text, label="copy", action=chosen
    )
    proposal = api.get_finding(scanned, people.officer, row.id).row.proposal
    assert (decision.label, proposal.action, proposal.text) == ("copy", chosen, new.text)
    with pytest.raises(BadInput):
        api.decide(scanned, people.officer, row.proposal.id, "confirm", 1, action=chosen)
