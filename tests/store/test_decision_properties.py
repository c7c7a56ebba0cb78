"""Any sequence of decisions and undos by several reviewers keeps a proposal's history whole and replayable."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.document import Document, DocumentMeta, Unit
from reviewer.errors import BadInput, DecisionConflict
from reviewer.propose import ProposalDraft, draft_proposal
from reviewer.store import Store

REVIEWERS = ("lan", "minh", "hoa")
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(REVIEWERS),
        st.sampled_from(["confirm", "edit", "reject", "approve", "return", "undo"]),
        st.booleans(),  # decide on a stale version
        st.sampled_from([None, None, "copy", "original", "certified_copy"]),  # the label chosen when confirming
    ),
    max_size=25,
)
UNIT = Unit("điểm c khoản 1 Điều 5", "c) Bản sao Giấy khai sinh;", "Hồ sơ gồm:")


class _Prediction:
    label, score, scores, evidence, neighbours = "copy", 0.8, {}, [], []


def _open_with_one_proposal(folder: Path) -> tuple[Store, int]:
    store = Store(f"sqlite:///{folder / 'reviewer.sqlite'}")
    unit = UNIT
    draft = ProposalDraft("abolish", "Bãi bỏ bản sao Giấy khai sinh.", ["Luật Căn cước số 26/2023/QH15"])
    store.save_scan("Sở Tư pháp", "a.pdf", "h", Document("a.pdf", DocumentMeta(), [unit]), [_Prediction()], [draft])
    return store, store.list_findings(limit=1)[0].proposal.id


def _state(proposal) -> tuple:
    return (proposal.status, proposal.text, proposal.label, proposal.action, proposal.legal_basis)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPERATIONS)
def test_any_sequence_keeps_the_history_whole(operations):
    with tempfile.TemporaryDirectory() as folder:
        store, proposal_id = _open_with_one_proposal(Path(folder))
        # The proposal as each version left it: an undo must bring back exactly the state before the decision.
        states = {0: _state(store.get_proposal(proposal_id))}
        for step, (reviewer, kind, stale, label) in enumerate(operations):
            before = store.get_proposal(proposal_id)
            relabel = {}
            if label is not None and kind in ("confirm", "edit"):
                relabel = {"label": label, "draft": draft_proposal(label, UNIT.text, UNIT.context)}
            try:
                if kind == "undo":
                    decision = store.undo_last(reviewer)
                else:
                    version = before.version - 1 if stale else before.version
                    decision = store.decide(
                        proposal_id, kind, reviewer, version, reason=f"lý do {step}", text=f"văn bản {step}", **relabel
                    )
            except (BadInput, DecisionConflict):
                assert store.get_proposal(proposal_id) == before  # a refused decision changes nothing
                continue
            after = store.get_proposal(proposal_id)
            states[after.version] = _state(after)
            assert after.version == before.version + 1
            assert (decision.previous_status, decision.previous_text) == (before.status, before.text)
            assert (after.status, after.text) == (decision.new_status, decision.text)
            if relabel:
                assert (after.label, decision.label, decision.previous_label) == (label, label, before.label)
                assert after.action == relabel["draft"].action
            elif kind != "undo":
                assert (after.label, after.action) == (before.label, before.action)
            if kind == "undo":
                history = store.decisions(proposal_id)
                undone_at = next(i for i, d in enumerate(history) if d.id == decision.undoes_id)
                undone = history[undone_at]
                assert (after.status, after.text) == (undone.previous_status, undone.previous_text)
                assert _state(after) == states[undone_at], "label, action and basis come back with the text"
                assert undone.reviewer == reviewer
            else:
                assert not stale
        history = store.decisions(proposal_id)
        final = store.get_proposal(proposal_id)
        assert final.version == len(history)
        # Replaying the history from the drafted proposal gives the stored state.
        status, text = "pending", "Bãi bỏ bản sao Giấy khai sinh."
        for decision in history:
            assert (decision.previous_status, decision.previous_text) == (status, text)
            status, text = decision.new_status, decision.text
        assert (final.status, final.text) == (status, text)
        store.close()
