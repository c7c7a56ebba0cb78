"""The library API as each user meets it: who may see, scan, decide, approve and manage what."""

from __future__ import annotations

import pytest

from reviewer import api
from reviewer.errors import BadInput, DecisionConflict, PermissionDenied
from reviewer.store import UNSURE_NONE_BELOW

DEPARTMENT, OTHER_DEPARTMENT = "Sở Tư pháp", "Sở Y tế"


@pytest.fixture
def scanned(store, people, cu_tru, khai_sinh):
    """Luật Cư trú scanned for Sở Tư pháp, the two procedures for Sở Y tế."""
    api.save_scan(store, people.department, cu_tru[0].source, "h-cu-tru", *cu_tru)
    api.save_scan(store, people.admin, khai_sinh[0].source, "h-khai-sinh", *khai_sinh, department=OTHER_DEPARTMENT)
    return store


def test_authenticate(store, people):
    assert api.authenticate(store, "lan", "officer-pw") == people.officer
    with pytest.raises(PermissionDenied):
        api.authenticate(store, "lan", "wrong")
    with pytest.raises(PermissionDenied):
        api.authenticate(store, "nobody", "officer-pw")


def test_each_department_sees_only_its_own(scanned, people):
    mine = api.list_findings(scanned, people.department, limit=None)
    assert mine and {r.department for r in mine} == {DEPARTMENT}
    assert {r.department for r in api.list_findings(scanned, people.admin, limit=None)} == {
        DEPARTMENT,
        OTHER_DEPARTMENT,
    }
    with pytest.raises(PermissionDenied):
        api.list_findings(scanned, people.officer, department=OTHER_DEPARTMENT)
    theirs = api.list_findings(scanned, people.other_officer, limit=1)[0]
    with pytest.raises(PermissionDenied):
        api.get_finding(scanned, people.officer, theirs.id)
    with pytest.raises(PermissionDenied):
        api.get_document(scanned, people.department, theirs.document_id)
    assert [d.department for d in api.list_documents(scanned, people.officer)] == [DEPARTMENT]
    assert [p.department for p in api.progress(scanned, people.head)] == [DEPARTMENT]
    assert api.stats(scanned, people.officer).findings == len(mine)


def test_the_scan_drafts_proposals_with_a_fitting_basis(scanned, people):
    rows = api.list_findings(scanned, people.admin, document_kind="so_ho_khau", limit=None)
    assert rows and all(r.proposal.action == "abolish" for r in rows)
    assert all(any("01/01/2023" in basis for basis in r.proposal.legal_basis) for r in rows)
    detail = api.get_finding(scanned, people.admin, rows[0].id)
    assert detail.row.proposal.status == "pending"


def test_a_department_user_cannot_decide(scanned, people):
    proposal = api.list_findings(scanned, people.department, limit=1)[0].proposal
    with pytest.raises(PermissionDenied):
        api.decide(scanned, people.department, proposal.id, "confirm", proposal.version)
    with pytest.raises(PermissionDenied):
        api.decide(scanned, people.admin, proposal.id, "confirm", proposal.version)


def test_officers_decide_heads_approve_within_their_department(scanned, people):
    proposal = api.list_findings(scanned, people.officer, limit=1)[0].proposal
    with pytest.raises(PermissionDenied):
        api.decide(scanned, people.other_officer, proposal.id, "confirm", 0)
    with pytest.raises(PermissionDenied):
        api.decide(scanned, people.officer, proposal.id, "approve", 0)
    api.decide(scanned, people.officer, proposal.id, "confirm", 0)
    with pytest.raises(DecisionConflict):
        api.decide(scanned, people.head, proposal.id, "approve", 0)
    api.decide(scanned, people.head, proposal.id, "approve", 1)
    assert api.list_findings(scanned, people.head, status="approved", limit=None)[0].proposal.id == proposal.id
    assert [d.kind for d in api.decisions(scanned, people.department, proposal.id)] == ["confirm", "approve"]
    with pytest.raises(PermissionDenied):
        api.undo_last(scanned, people.department)
    undone = api.undo_last(scanned, people.head)
    assert undone.new_status == "confirmed"


def test_only_admins_manage_users(store, people):
    with pytest.raises(PermissionDenied):
        api.add_user(store, people.head, "x", "pw", "officer", DEPARTMENT)
    with pytest.raises(PermissionDenied):
        api.list_users(store, people.officer)
    added = api.add_user(store, people.admin, "thu", "mat-khau-thu", "officer", DEPARTMENT)
    assert added in api.list_users(store, people.admin)
    api.set_password(store, people.officer, "lan", "mat-khau-moi")  # one's own password
    with pytest.raises(PermissionDenied):
        api.set_password(store, people.officer, "minh", "x")
    api.set_active(store, people.admin, "thu", False)
    with pytest.raises(PermissionDenied):
        api.authenticate(store, "thu", "mat-khau-thu")


def test_a_password_is_long_enough_and_not_the_user_name(store, people):
    with pytest.raises(BadInput, match="at least 8 characters"):
        api.add_user(store, people.admin, "thu", "1", "officer", DEPARTMENT)
    with pytest.raises(BadInput, match="not be the user name"):
        api.add_user(store, people.admin, "nguyenvana", "NguyenVanA", "officer", DEPARTMENT)
    with pytest.raises(BadInput, match="at least 8 characters"):
        api.set_password(store, people.officer, "lan", "1234567")
    assert api.authenticate(store, "lan", "officer-pw").username == "lan"  # the old one still holds


def test_scans_belong_to_admins_and_departments(store, people, cu_tru):
    with pytest.raises(PermissionDenied):
        api.save_scan(store, people.officer, "x.pdf", "h", *cu_tru)
    with pytest.raises(PermissionDenied):
        api.save_scan(store, people.department, "x.pdf", "h", *cu_tru, department=OTHER_DEPARTMENT)
    failed = api.record_failure(store, people.department, "scan.pdf", "h-bad", "PDF có mật khẩu")
    assert api.get_document(store, people.officer, failed).error == "PDF có mật khẩu"
    assert api.has_document(store, people.department, "h-bad")


def test_doubtful_none_units_can_be_reviewed(store, people, cu_tru):
    document, predictions = cu_tru
    unsure = [type(p)(p.id, "none", 0.4) if i == 0 else p for i, p in enumerate(predictions)]  # doubts unit 0
    api.save_scan(store, people.admin, document.source, "h", document, unsure, department=DEPARTMENT)
    assert all(r.label != "none" for r in api.list_findings(store, people.officer, limit=None))
    doubts = api.list_findings(
        store, people.officer, label="none", max_score=UNSURE_NONE_BELOW, order="position", limit=None
    )
    expected = [i for i, p in enumerate(unsure) if p.label == "none" and p.score <= UNSURE_NONE_BELOW]
    assert [r.position for r in doubts] == expected and 0 in expected
    assert all(r.proposal is None for r in doubts)
    stored = api.list_findings(store, people.officer, include_none=True, limit=None)
    assert len(stored) == len(document.units)  # every prediction is kept, as the batch scan keeps them


def test_propose_drafts_for_findings_without_proposals(store, people, cu_tru):
    document, predictions = cu_tru
    store.save_scan(DEPARTMENT, document.source, "h", document, predictions, [], model_version="m")
    assert all(r.proposal is None for r in api.list_findings(store, people.officer, limit=None))
    created = api.propose(store, people.officer)
    assert len(created) == sum(p.label != "none" for p in predictions)
    assert api.propose(store, people.officer) == []
    with pytest.raises(BadInput):
        api.propose(store, people.officer, document_id=999)


def test_units_around_a_finding_include_the_plain_ones(scanned, people, cu_tru):
    document, predictions = cu_tru
    row = api.list_findings(scanned, people.officer, order="position", limit=None)[-1]
    around = api.units_around(scanned, people.officer, row.document_id, row.position, radius=2)
    assert [u.position for u in around] == list(range(row.position - 2, min(row.position + 3, len(document.units))))
    assert [u.text for u in around] == [document.units[u.position].text for u in around]
    stored = {r.position for r in api.list_findings(scanned, people.officer, include_none=True, limit=None)}
    assert all((u.finding_id is not None) == (u.position in stored) for u in around)
    assert {u.label for u in around} >= {"none", "paper_document"}  # plain units show as context too
    with pytest.raises(PermissionDenied):
        api.units_around(scanned, people.other_officer, row.document_id, row.position)


def test_only_admins_run_batch_scans(store, people, tmp_path):
    with pytest.raises(PermissionDenied):
        api.scan(store, people.department, [tmp_path])
    with pytest.raises(PermissionDenied):
        api.scan(store, people.head, [tmp_path])


def test_the_audit_log_is_for_admins(scanned, people):
    proposal = api.list_findings(scanned, people.officer, limit=1)[0].proposal
    api.decide(scanned, people.officer, proposal.id, "confirm", 0)
    entries = api.audit_log(scanned, people.admin, entity="proposal", entity_id=proposal.id)
    assert [(e.actor, e.action) for e in entries] == [("lan", "confirm")]
    with pytest.raises(PermissionDenied):
        api.audit_log(scanned, people.head)


def test_a_refusal_names_the_role_in_plain_english(scanned, people):
    proposal = api.list_findings(scanned, people.officer, limit=1)[0].proposal
    with pytest.raises(PermissionDenied, match="^lan: an officer user may not approve"):
        api.decide(scanned, people.officer, proposal.id, "approve", proposal.version)
    with pytest.raises(PermissionDenied, match="^so-tu-phap: a department user may not"):
        api.decide(scanned, people.department, proposal.id, "confirm", proposal.version)


def test_an_officer_flags_a_requirement_the_model_missed(scanned, people):
    # A trial user found a fallback paper requirement called "none" and had no way to put it in the review.
    missed = api.list_findings(scanned, people.officer, label=["none"], limit=1)[0]
    assert missed.proposal is None
    with pytest.raises(PermissionDenied):
        api.flag_missed(scanned, people.department, missed.id, "copy")
    with pytest.raises(PermissionDenied):
        api.flag_missed(scanned, people.other_officer, missed.id, "copy")
    with pytest.raises(BadInput):
        api.flag_missed(scanned, people.officer, missed.id, "none")

    decision = api.flag_missed(scanned, people.officer, missed.id, "copy")
    assert (decision.kind, decision.label, decision.reviewer) == ("confirm", "copy", "lan")
    flagged = api.get_finding(scanned, people.officer, missed.id).row
    assert (flagged.current_label, flagged.proposal.status) == ("copy", "confirmed")
    assert flagged.proposal.text  # drafted for a copy, like any finding's
    assert any(r.text == missed.text and r.label == "copy" for r in scanned.export_rows(department=DEPARTMENT))
    with pytest.raises(BadInput):
        api.flag_missed(scanned, people.officer, missed.id, "copy")  # once flagged, it is an ordinary finding

    api.undo_last(scanned, people.officer)
    assert api.get_finding(scanned, people.officer, missed.id).row.proposal.status == "pending"


def test_a_flagged_requirement_survives_a_rescan_that_misses_it_again(scanned, people, cu_tru):
    import dataclasses

    document, predictions = cu_tru
    missed = api.list_findings(scanned, people.officer, label=["none"], order="position", limit=1)[0]
    api.flag_missed(scanned, people.officer, missed.id, "copy")
    units = list(document.units)
    units[-1] = dataclasses.replace(units[-1], text=units[-1].text + " (sửa)")  # the file changed elsewhere
    api.save_scan(
        scanned,
        people.department,
        document.source,
        "h-cu-tru-2",
        dataclasses.replace(document, units=units),
        predictions,
    )
    again = next(
        r for r in api.list_findings(scanned, people.officer, order="position", limit=None) if r.text == missed.text
    )
    assert again.id != missed.id and (again.current_label, again.proposal.status) == ("copy", "confirmed")
    assert again.label == "none"  # the model still misses it; the officer's word stands
