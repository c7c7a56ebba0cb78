"""The review desk's text area follows the label the officer chooses until the officer writes in it, and the queue's
label filter finds a relabelled finding under the officer's label. Driven through AppTest on a real store."""

from __future__ import annotations

from desk_helpers import button, signed_in

from reviewer import api


def _relabel_case(desk, officer):
    """A pending finding and a label whose proposal reads differently from the model's."""
    return next(
        (r, label, api.redraft(desk, officer, r.id, label))
        for r in api.list_findings(desk, officer, status="pending", order="least_certain", limit=None)
        for label in ("certified_copy", "original")
        if label != r.label and api.redraft(desk, officer, r.id, label).text != r.proposal.text
    )


def test_choosing_a_label_puts_its_proposal_in_the_text_area_and_the_edit_button_keeps_it(desk, people):
    row, new_label, expected = _relabel_case(desk, people.officer)
    at = signed_in(people.officer, q_pick=row.id)
    key = f"{row.proposal.id}_{row.proposal.version}"
    assert at.text_area(key=f"edit_{key}").value == row.proposal.text

    at.selectbox(key=f"label_{key}").select(new_label).run()
    assert at.text_area(key=f"edit_{key}").value == expected.text
    at.selectbox(key=f"label_{key}").select(row.label).run()
    assert at.text_area(key=f"edit_{key}").value == row.proposal.text, "back to the model's label, back to its text"
    at.selectbox(key=f"label_{key}").select(new_label).run()
    button(at, "Sửa rồi xác nhận").click().run()

    proposal = api.get_finding(desk, people.officer, row.id).row.proposal
    assert (proposal.label, proposal.text, proposal.action) == (new_label, expected.text, expected.action)
    assert proposal.legal_basis == tuple(expected.legal_basis)


def test_the_officers_own_words_stay_when_the_label_changes_after(desk, people):
    row, new_label, expected = _relabel_case(desk, people.officer)
    at = signed_in(people.officer, q_pick=row.id)
    key = f"{row.proposal.id}_{row.proposal.version}"
    own = "Bãi bỏ yêu cầu nộp giấy tờ; cơ quan tiếp nhận tự tra cứu cơ sở dữ liệu."
    at.text_area(key=f"edit_{key}").input(own).run()
    at.selectbox(key=f"label_{key}").select(new_label).run()
    assert at.text_area(key=f"edit_{key}").value == own
    button(at, "Sửa rồi xác nhận").click().run()

    proposal = api.get_finding(desk, people.officer, row.id).row.proposal
    assert (proposal.label, proposal.text, proposal.action) == (new_label, own, expected.action)


def test_the_label_filter_finds_a_relabelled_finding_under_the_officers_label(desk, people):
    row, new_label, _ = _relabel_case(desk, people.officer)
    api.decide(desk, people.officer, row.proposal.id, "confirm", 0, label=new_label)

    under_new = signed_in(people.officer, q_status="__all__", q_labels=[new_label])
    assert row.id in under_new.session_state["q_ids"]
    total = api.count_findings(desk, people.officer, label=[new_label])
    assert any(m.value.startswith(f"**{total}** phát hiện") for m in under_new.markdown)
    assert len(under_new.session_state["q_ids"]) == total
    under_old = signed_in(people.officer, q_status="__all__", q_labels=[row.label])
    shown = under_old.session_state["q_ids"] if "q_ids" in under_old.session_state else []  # none: no list drawn
    assert row.id not in shown
