"""An officer relabels a finding: the decision records the label, the proposal is re-drafted for it, the audit
log keeps both labels, exports print the officer's, undo and re-scans keep it whole; and a rejection needs a
reason. On SQLite and (with REVIEWER_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from reviewer.errors import BadInput, DecisionConflict
from reviewer.propose import draft_proposal
from reviewer.store import Store
from reviewer.store.engine import alembic_config

DEPARTMENT = "Sở Tư pháp"


def scan(store, document, predictions, content_hash="hash-1"):
    drafts = [
        draft_proposal(p.label, u.text, u.context, p.evidence) if p.label != "none" else None
        for p, u in zip(predictions, document.units, strict=True)
    ]
    return store.save_scan(DEPARTMENT, document.source, content_hash, document, predictions, drafts)


def _finding(store, text_start: str):
    return next(r for r in store.list_findings(order="position", limit=None) if r.text.startswith(text_start))


def test_a_relabel_is_recorded_redrafted_audited_exported_and_undone(store, cu_tru):
    scan(store, *cu_tru)
    # "b) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp." — the model said paper_document.
    row = _finding(store, "b) Giấy tờ, tài liệu chứng minh")
    assert row.label == "paper_document" and row.current_label == "paper_document"
    before = row.proposal
    draft = draft_proposal("certified_copy", row.text, row.context)
    assert draft.text != before.text  # a different label, a different proposal

    decision = store.decide(before.id, "confirm", "lan", 0, label="certified_copy", draft=draft)

    assert (decision.label, decision.previous_label) == ("certified_copy", None)
    after = store.get_finding(row.id).row
    assert after.label == "paper_document", "the model's label is kept beside the officer's"
    assert (after.officer_label, after.current_label) == ("certified_copy", "certified_copy")
    assert (after.proposal.text, after.proposal.action) == (draft.text, draft.action)
    assert after.proposal.legal_basis == tuple(draft.legal_basis)
    entry = store.audit_log("proposal", before.id, limit=1)[0]
    assert entry.action == "confirm"
    assert (entry.detail["label"], entry.detail["previous_label"], entry.detail["redrafted"]) == (
        "certified_copy",
        None,
        True,
    )
    exported = next(r for r in store.export_rows() if r.citation == row.citation)
    assert (exported.label, exported.model_label, exported.officer_label) == (
        "certified_copy",
        "paper_document",
        "certified_copy",
    )
    others = [r for r in store.export_rows() if r.citation != row.citation]
    assert all(r.label == r.model_label and r.officer_label is None for r in others)

    undo = store.undo_last("lan")
    assert (undo.label, undo.previous_label) == (None, "certified_copy")
    restored = store.get_proposal(before.id)
    assert dataclasses.replace(restored, version=before.version) == before
    assert store.audit_log("proposal", before.id, limit=1)[0].detail["label"] is None


def test_an_edit_keeps_the_officers_text_and_takes_the_new_labels_basis(store, cu_tru):
    scan(store, *cu_tru)
    row = _finding(store, "b) Giấy tờ, tài liệu chứng minh")
    draft = draft_proposal("original", row.text, row.context)
    store.decide(
        row.proposal.id, "edit", "lan", 0, text="Bãi bỏ; tra cứu dữ liệu đất đai.", label="original", draft=draft
    )
    proposal = store.get_proposal(row.proposal.id)
    assert (proposal.label, proposal.text, proposal.action) == (
        "original",
        "Bãi bỏ; tra cứu dữ liệu đất đai.",
        draft.action,
    )


def test_only_a_finding_label_when_confirming(store, cu_tru):
    scan(store, *cu_tru)
    proposal = store.list_findings(limit=1)[0].proposal
    with pytest.raises(BadInput, match="reject"):
        store.decide(proposal.id, "confirm", "lan", 0, label="none")
    with pytest.raises(BadInput):
        store.decide(proposal.id, "confirm", "lan", 0, label="photocopy")
    with pytest.raises(BadInput):
        store.decide(proposal.id, "reject", "lan", 0, reason="không", label="copy")
    assert store.decisions(proposal.id) == [] and store.get_proposal(proposal.id).version == 0


def test_a_rejection_needs_a_reason_but_a_stale_one_is_a_conflict_first(store, cu_tru):
    scan(store, *cu_tru)
    proposal = store.list_findings(limit=1)[0].proposal
    for reason in (None, "", "   "):
        with pytest.raises(BadInput, match="reason"):
            store.decide(proposal.id, "reject", "lan", 0, reason=reason)
    store.decide(proposal.id, "confirm", "minh", 0)
    with pytest.raises(DecisionConflict):
        store.decide(proposal.id, "reject", "lan", 0)
    assert store.decide(proposal.id, "reject", "lan", 1, reason="Chỉ quy định cách thức nộp").new_status == "rejected"


def test_a_rescan_carries_the_officers_label_and_its_proposal(store, cu_tru):
    document, predictions = cu_tru
    scan(store, document, predictions)
    row = _finding(store, "b) Giấy tờ, tài liệu chứng minh")
    draft = draft_proposal("certified_copy", row.text, row.context)
    store.decide(row.proposal.id, "confirm", "lan", 0, label="certified_copy", draft=draft)

    changed = dataclasses.replace(document, units=[*document.units[:-1]])  # the same law, one unit fewer
    scan(store, changed, predictions[:-1], content_hash="hash-2")
    carried = _finding(store, "b) Giấy tờ, tài liệu chứng minh")
    assert carried.id != row.id and carried.proposal.carried_from_id == row.proposal.id
    assert (carried.current_label, carried.proposal.status) == ("certified_copy", "confirmed")
    assert (carried.proposal.text, carried.proposal.action) == (draft.text, draft.action)


def test_the_label_columns_migrate_down_and_up_with_the_decisions_kept(store_url, cu_tru):
    store = Store(store_url)
    scan(store, *cu_tru)
    proposal = store.list_findings(limit=1)[0].proposal
    store.decide(proposal.id, "confirm", "lan", 0)
    store.close()

    engine = create_engine(store_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("decisions")}
        assert "label" not in columns and "previous_proposal" not in columns
        assert "label" not in {c["name"] for c in inspect(connection).get_columns("proposals")}
        assert "ix_findings_department_document" not in {i["name"] for i in inspect(connection).get_indexes("findings")}
    engine.dispose()

    store = Store(store_url)  # upgrades to head again
    history = store.decisions(proposal.id)
    assert [(d.kind, d.label) for d in history] == [("confirm", None)], "old decisions keep their place, no label"
    row = store.get_finding(proposal.finding_id).row
    assert row.officer_label is None and row.current_label == row.label
    draft = draft_proposal("copy", row.text, row.context)
    assert store.decide(proposal.id, "confirm", "lan", 1, label="copy", draft=draft).label == "copy"
    assert store.count_findings(department=DEPARTMENT, status="confirmed") == 1
    store.close()
