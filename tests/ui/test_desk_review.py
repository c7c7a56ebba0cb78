"""What a new officer met on the review desk, fixed: findings named by citation and place in the queue, not by
a database id; a rejection that waits for a chosen reason; relabelling a finding when confirming; refusals in
Vietnamese. Driven through AppTest on a real store holding Luật Cư trú's dossier clauses."""

from __future__ import annotations

import csv
import io

from desk_helpers import button, errors, signed_in, texts

from reviewer import api
from reviewer.report.labels import LABEL_NAMES
from reviewer.ui.learning import decision_examples
from reviewer.ui.queue import OTHER_REASON, REJECT_REASONS


def _pending(desk, officer):
    return api.list_findings(desk, officer, status="pending", order="least_certain", limit=None)


def test_the_queue_names_a_finding_by_its_citation_and_place_not_by_its_id(desk, people):
    at = signed_in(people.officer)
    rows = _pending(desk, people.officer)
    pick = at.selectbox(key="q_pick")
    assert pick.options[0].startswith(f"1/{len(rows)} · {rows[0].citation} · Luật Cư trú 68/2020/QH14 · ")
    assert pick.options[2].startswith(f"3/{len(rows)} · {rows[2].citation} · ")
    # Place, citation, document, label and confidence: nothing else, the database id least of all.
    assert pick.options[1] == (
        f"2/{len(rows)} · {rows[1].citation} · Luật Cư trú 68/2020/QH14 · "
        f"{LABEL_NAMES[rows[1].label]} ({rows[1].score:.2f})"
    )
    assert not any(
        option.startswith("#") or f"#{row.id}" in option for option, row in zip(pick.options, rows[:20], strict=True)
    )
    table = at.dataframe[0].value
    assert "#" not in table.columns and list(table["STT"])[:3] == [1, 2, 3]
    # The id is still there for a support call, out of the way.
    assert f"mã phát hiện {rows[0].id}" in [c.value for c in at.caption]


def test_the_second_page_counts_on_from_the_first(desk, people):
    at = signed_in(people.officer, q_page=2)
    total = len(_pending(desk, people.officer))
    assert at.selectbox(key="q_pick").options[0].startswith(f"21/{total} · ")


def test_a_confirmation_names_the_finding_by_its_citation(desk, people):
    at = signed_in(people.officer)
    first = _pending(desk, people.officer)[0]
    button(at, "Xác nhận").click().run()
    message = " ".join(s.value for s in at.success)
    assert f"cho {first.citation} — Luật Cư trú 68/2020/QH14" in message and f"#{first.id}" not in message


def test_a_rejection_waits_for_a_chosen_reason_and_other_needs_a_note(desk, people):
    at = signed_in(people.officer)
    row = _pending(desk, people.officer)[0]
    key = f"{row.proposal.id}_{row.proposal.version}"
    assert at.selectbox(key=f"reason_{key}").value is None
    assert at.selectbox(key=f"reason_{key}").proto.placeholder == "— chọn lý do —"
    button(at, "Từ chối").click().run()
    assert "Chưa chọn lý do từ chối" in errors(at)
    at.selectbox(key=f"reason_{key}").select(OTHER_REASON).run()
    button(at, "Từ chối").click().run()
    assert "ghi rõ lý do" in errors(at)
    assert api.get_finding(desk, people.officer, row.id).row.proposal.status == "pending"

    at.text_input(key=f"note_{key}").input("Quy định nội bộ của cơ quan đăng ký")
    button(at, "Từ chối").click().run()
    decision = api.get_finding(desk, people.officer, row.id).decisions[-1]
    assert (decision.kind, decision.reason) == ("reject", f"{OTHER_REASON}: Quy định nội bộ của cơ quan đăng ký")
    # The library refuses a reasonless rejection too, whoever calls it.
    other = _pending(desk, people.officer)[0]
    at = signed_in(people.officer)
    assert at.selectbox(key="q_pick").value == other.id
    assert REJECT_REASONS[0] in at.selectbox(key=f"reason_{other.proposal.id}_{other.proposal.version}").options


def test_the_officer_relabels_a_finding_and_the_proposal_follows_the_new_label(desk, people, tmp_path):
    # A finding the officer reads as a certified copy or an original, where that label calls for another proposal.
    row, new_label, expected = next(
        (r, label, api.redraft(desk, people.officer, r.id, label))
        for r in _pending(desk, people.officer)
        for label in ("certified_copy", "original")
        if label != r.label and api.redraft(desk, people.officer, r.id, label).text != r.proposal.text
    )
    at = signed_in(people.officer, q_pick=row.id)
    key = f"{row.proposal.id}_{row.proposal.version}"
    assert at.selectbox(key=f"label_{key}").value == row.label

    at.selectbox(key=f"label_{key}").select(new_label).run()
    assert expected.text in [t.value for t in at.text], "the re-drafted proposal is shown before confirming"
    button(at, "Xác nhận").click().run()

    after = api.get_finding(desk, people.officer, row.id)
    assert (after.row.label, after.row.officer_label, after.row.current_label) == (row.label, new_label, new_label)
    assert (after.row.proposal.status, after.row.proposal.text) == ("confirmed", expected.text)
    assert after.row.proposal.action == expected.action
    assert (after.decisions[-1].label, after.decisions[-1].previous_label) == (new_label, None)
    assert f"với nhãn «{LABEL_NAMES[new_label]}»" in " ".join(s.value for s in at.success)
    audit = api.audit_log(desk, people.admin, "proposal", row.proposal.id, limit=1)[0]
    assert (audit.detail["label"], audit.detail["redrafted"]) == (new_label, True)

    # The card, the export and the learning path all carry the officer's label.
    card = texts(signed_in(people.officer, q_status="__all__", q_pick=row.id).main)
    assert f"Nhãn chuyên viên chọn:** {LABEL_NAMES[new_label]}" in card
    out = api.export(desk, people.officer, "csv", tmp_path / "bao-cao.csv")
    exported = [
        r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))) if r["citation"] == row.citation
    ]
    assert [r["label"] for r in exported] == [new_label]
    examples = [e for e in decision_examples(desk, people.admin) if e.citation == row.citation]
    assert [e.label for e in examples] == [new_label]

    # The head approving the confirmed set sees both labels.
    approval = texts(signed_in(people.head, nav="approval").main)
    assert f"{LABEL_NAMES[new_label]} (mô hình: {LABEL_NAMES[row.label]})" in approval

    button(at, "Hoàn tác").click().run()
    undone = api.get_finding(desk, people.officer, row.id).row
    assert (undone.officer_label, undone.proposal.text, undone.proposal.status) == (None, row.proposal.text, "pending")


def test_choosing_none_when_confirming_says_to_reject_instead(desk, people):
    at = signed_in(people.officer)
    row = _pending(desk, people.officer)[0]
    key = f"{row.proposal.id}_{row.proposal.version}"
    at.selectbox(key=f"label_{key}").select("none").run()
    assert "hãy bấm «Từ chối» và chọn lý do" in " ".join(w.value for w in at.warning)
    button(at, "Xác nhận").click().run()
    assert "hãy bấm «Từ chối» và chọn lý do" in errors(at)
    assert api.get_finding(desk, people.officer, row.id).decisions == ()


def test_a_library_refusal_reaches_the_officer_in_vietnamese(desk, people):
    """The API refuses in English; the desk says it in Vietnamese (here: undo with nothing left to undo)."""
    at = signed_in(people.officer)
    button(at, "Hoàn tác").click().run()
    message = errors(at)
    assert message == "Không thực hiện được: không còn quyết định nào của bạn để hoàn tác."


def test_an_unreachable_database_is_said_in_vietnamese(tmp_path, monkeypatch):
    from desk_helpers import app

    from reviewer.config import settings

    # Port 1 on this machine refuses at once: the desk opens without a database behind it.
    monkeypatch.setenv("REVIEWER_DATABASE_URL", "postgresql+psycopg://reviewer:secret@127.0.0.1:1/reviewer")
    monkeypatch.setenv("REVIEWER_DATA_DIR", str(tmp_path))
    settings.cache_clear()
    try:
        at = app().run()
    finally:
        settings.cache_clear()
    assert not at.exception
    assert errors(at) == "Không thực hiện được: không mở được cơ sở dữ liệu; hãy báo quản trị hệ thống."
