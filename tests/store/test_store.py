"""The store on a real database: a scanned law goes in, findings come out, decisions are kept and audited."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import create_engine, text

from reviewer.errors import BadInput, DecisionConflict
from reviewer.propose import draft_proposal
from reviewer.store import Store

DEPARTMENT, OTHER_DEPARTMENT = "Sở Tư pháp", "Sở Y tế"


def drafts_for(document, predictions):
    return [
        draft_proposal(p.label, u.text, u.context, p.evidence) if p.label != "none" else None
        for p, u in zip(predictions, document.units, strict=True)
    ]


def scan(store, document, predictions, department=DEPARTMENT, content_hash="hash-1", source=None):
    return store.save_scan(
        department,
        source or document.source,
        content_hash,
        document,
        predictions,
        drafts_for(document, predictions),
        model_version="fixture-labels",
    )


def test_opening_twice_keeps_the_data(store_url, cu_tru):
    first = Store(store_url)
    doc_id = scan(first, *cu_tru)
    first.close()
    again = Store(store_url)
    assert again.get_document(doc_id).units == len(cu_tru[0].units)
    again.close()


def test_a_scanned_law_yields_its_findings_with_citations(store, cu_tru):
    document, predictions = cu_tru
    doc_id = scan(store, document, predictions)
    stored = store.get_document(doc_id)
    assert stored.number == "68/2020/QH14" and stored.department == DEPARTMENT
    findings = store.list_findings(order="position", limit=None)
    expected = [u.citation for u, p in zip(document.units, predictions, strict=True) if p.label != "none"]
    assert [f.citation for f in findings] == expected
    assert all(f.proposal is not None and f.proposal.status == "pending" for f in findings)
    detail = store.get_finding(findings[0].id)
    assert set(detail.scores) == {"certified_copy", "original", "copy", "paper_document", "none"}
    assert detail.neighbours and detail.row.text.startswith("a) Tờ khai")


def test_scanning_the_same_content_again_writes_nothing(store, cu_tru):
    first = scan(store, *cu_tru)
    before = len(store.audit_log(limit=1000))
    assert scan(store, *cu_tru) == first
    assert len(store.audit_log(limit=1000)) == before
    assert store.has_document("hash-1") and not store.has_document("other")
    assert store.has_document("hash-1", department=DEPARTMENT)
    assert not store.has_document("hash-1", department=OTHER_DEPARTMENT)


def test_least_certain_first_and_filters(store, cu_tru, khai_sinh):
    scan(store, *cu_tru)
    scan(store, *khai_sinh, department=OTHER_DEPARTMENT, content_hash="hash-2")
    rows = store.list_findings(limit=None)
    assert [r.score for r in rows] == sorted(r.score for r in rows)
    assert {r.department for r in rows} == {DEPARTMENT, OTHER_DEPARTMENT}
    mine = store.list_findings(department=DEPARTMENT, limit=None)
    assert mine and all(r.department == DEPARTMENT for r in mine)
    assert store.count_findings(department=DEPARTMENT) == len(mine)
    page = store.list_findings(department=DEPARTMENT, limit=5, offset=5)
    assert [r.id for r in page] == [r.id for r in mine[5:10]]
    household = store.list_findings(document_kind="so_ho_khau", limit=None)
    assert household and all("hộ khẩu" in r.text.lower() for r in household)
    assert all(r.label == "original" for r in store.list_findings(label="original", limit=None))
    assert store.list_findings(search="bưu chính", limit=None)[0].label == "certified_copy"
    by_number = store.list_findings(search="68/2020", limit=None)  # Luật Cư trú's số hiệu
    assert by_number and {r.document_number for r in by_number} == {"68/2020/QH14"}
    assert len(by_number) == store.count_findings(search="68/2020") == len(mine)
    with pytest.raises(BadInput):
        store.list_findings(order="random")


def test_decide_confirm_edit_reject_and_history(store, cu_tru):
    scan(store, *cu_tru)
    row = store.list_findings(limit=1)[0]
    proposal = row.proposal
    confirmed = store.decide(proposal.id, "confirm", "lan", expected_version=0)
    assert confirmed.new_status == "confirmed" and confirmed.previous_status == "pending"
    edited = store.decide(proposal.id, "edit", "lan", expected_version=1, text="Bãi bỏ tờ khai giấy.")
    assert store.get_proposal(proposal.id).text == "Bãi bỏ tờ khai giấy."
    assert edited.previous_text == proposal.text
    store.decide(proposal.id, "reject", "lan", expected_version=2, reason="không phải thành phần hồ sơ")
    final = store.get_proposal(proposal.id)
    assert (final.status, final.version) == ("rejected", 3)
    assert [d.kind for d in store.get_finding(row.id).decisions] == ["confirm", "edit", "reject"]
    with pytest.raises(BadInput):
        store.decide(proposal.id, "edit", "lan", expected_version=3, text="   ")
    with pytest.raises(BadInput):
        store.decide(proposal.id, "approve", "minh", expected_version=3)


def test_a_stale_decision_conflicts_and_carries_the_winner(store, cu_tru):
    scan(store, *cu_tru)
    proposal = store.list_findings(limit=1)[0].proposal
    store.decide(proposal.id, "confirm", "lan", expected_version=0)
    with pytest.raises(DecisionConflict) as caught:
        store.decide(proposal.id, "reject", "hoa", expected_version=0, reason="trùng")
    winner = caught.value.current
    assert winner.reviewer == "lan" and winner.kind == "confirm"
    assert store.get_proposal(proposal.id).status == "confirmed"
    assert len(store.decisions(proposal.id)) == 1


def test_head_approves_or_returns_confirmed_proposals(store, cu_tru):
    scan(store, *cu_tru)
    first, second = (r.proposal for r in store.list_findings(limit=2))
    store.decide(first.id, "confirm", "lan", 0)
    store.decide(first.id, "approve", "minh", 1)
    store.decide(second.id, "confirm", "lan", 0)
    with pytest.raises(BadInput):
        store.decide(second.id, "return", "minh", 1)  # a return needs a reason
    store.decide(second.id, "return", "minh", 1, reason="Cần nêu rõ cơ sở dữ liệu.")
    assert store.get_proposal(first.id).status == "approved"
    assert store.get_proposal(second.id).status == "returned"
    store.decide(second.id, "edit", "lan", 2, text="Khai thác Cơ sở dữ liệu quốc gia về dân cư.")
    assert store.get_proposal(second.id).status == "confirmed"


def test_undo_restores_the_previous_state_as_a_new_decision(store, cu_tru):
    scan(store, *cu_tru)
    proposal = store.list_findings(limit=1)[0].proposal
    store.decide(proposal.id, "confirm", "lan", 0)
    store.decide(proposal.id, "edit", "lan", 1, text="Văn bản mới.")
    undo = store.undo_last("lan")
    assert undo.kind == "undo" and undo.new_status == "confirmed"
    restored = store.get_proposal(proposal.id)
    assert restored.text == proposal.text and restored.version == 3
    store.undo_last("lan")
    assert store.get_proposal(proposal.id).status == "pending"
    with pytest.raises(BadInput):
        store.undo_last("lan")
    assert [d.kind for d in store.decisions(proposal.id)] == ["confirm", "edit", "undo", "undo"]


def test_undo_refuses_when_someone_decided_since(store, cu_tru):
    scan(store, *cu_tru)
    proposal = store.list_findings(limit=1)[0].proposal
    store.decide(proposal.id, "confirm", "lan", 0)
    store.decide(proposal.id, "approve", "minh", 1)
    with pytest.raises(DecisionConflict) as caught:
        store.undo_last("lan")
    assert caught.value.current.kind == "approve"
    assert store.get_proposal(proposal.id).status == "approved"


def test_rescan_keeps_decisions_on_unchanged_wording(store, cu_tru):
    document, predictions = cu_tru
    old_id = scan(store, document, predictions)
    rows = store.list_findings(order="position", limit=None)
    kept_row, changed_row = rows[0], rows[1]
    store.decide(kept_row.proposal.id, "edit", "lan", 0, text="Bỏ tờ khai giấy; dùng biểu mẫu điện tử.")
    store.decide(changed_row.proposal.id, "reject", "lan", 0, reason="thử")

    amended_units = list(document.units)
    position = changed_row.position
    amended_units[position] = dataclasses.replace(
        amended_units[position], text=amended_units[position].text.replace("hợp pháp", "hợp pháp theo mẫu")
    )
    amended = dataclasses.replace(document, units=amended_units)
    new_id = scan(store, amended, predictions, content_hash="hash-2")

    assert new_id != old_id
    assert store.get_document(old_id).status == "superseded"
    assert store.get_document(new_id).supersedes_id == old_id
    new_rows = {r.position: r for r in store.list_findings(order="position", limit=None)}
    assert all(r.document_id == new_id for r in new_rows.values())
    kept = new_rows[kept_row.position].proposal
    assert (kept.status, kept.text) == ("confirmed", "Bỏ tờ khai giấy; dùng biểu mẫu điện tử.")
    assert kept.carried_from_id == kept_row.proposal.id
    assert [d.kind for d in store.decisions(kept.id)] == ["edit"]  # history follows the carried proposal
    assert new_rows[position].proposal.status == "pending"
    others = [r for p, r in new_rows.items() if p not in (kept_row.position, position)]
    assert all(r.proposal.status == "pending" for r in others)
    # The superseded document and its decisions are still there.
    assert store.get_proposal(changed_row.proposal.id).status == "rejected"
    assert len(store.list_documents()) == 1
    assert len(store.list_documents(include_superseded=True)) == 2


def test_the_report_keeps_who_decided_and_why_across_rescans(store, cu_tru):
    document, predictions = cu_tru
    scan(store, document, predictions)
    rows = store.list_findings(order="position", limit=None)
    rejected, confirmed, changed = rows[0], rows[1], rows[2]
    store.decide(rejected.proposal.id, "reject", "lan", 0, reason="Chỉ quy định cách thức nộp hồ sơ")
    store.decide(confirmed.proposal.id, "confirm", "minh", 0)

    def rescan(times: int) -> dict:
        units = list(document.units)
        units[changed.position] = dataclasses.replace(
            units[changed.position], text=units[changed.position].text + f" (sửa lần {times})"
        )
        scan(store, dataclasses.replace(document, units=units), predictions, content_hash=f"hash-{times + 1}")
        return {row.position: row for row in store.export_rows()}

    for times in (1, 2):  # carried once, then carried again from the carried proposal
        exported = rescan(times)
        row = exported[rejected.position]
        assert (row.status, row.decision, row.reviewer, row.reason) == (
            "rejected",
            "reject",
            "lan",
            "Chỉ quy định cách thức nộp hồ sơ",
        )
        assert row.decided_at is not None
        assert (exported[confirmed.position].decision, exported[confirmed.position].reviewer) == ("confirm", "minh")
        assert exported[changed.position].decision is None  # new wording: nobody has decided it yet

    carried = store.list_findings(order="position", limit=None)[1].proposal
    store.decide(carried.id, "reject", "hoa", carried.version, reason="Không còn áp dụng")
    assert store.export_rows()[1].reviewer == "hoa"  # a decision on the carried proposal is the last one


def test_a_renumbered_clause_or_a_new_lead_in_keeps_its_decision(store, cu_tru):
    # A trial user inserted a khoản: "2. Số lượng hồ sơ: 01 bộ." became "3. …" and its rejection was lost.
    document, predictions = cu_tru
    scan(store, document, predictions)
    rows = store.list_findings(order="position", limit=None)
    renumbered, re_led = rows[0], rows[1]
    store.decide(renumbered.proposal.id, "reject", "lan", 0, reason="Chỉ quy định cách thức nộp")
    store.decide(re_led.proposal.id, "confirm", "minh", 0)

    units = list(document.units)
    old = units[renumbered.position]
    units[renumbered.position] = dataclasses.replace(old, text="9. " + old.text.split(" ", 1)[1])
    units[re_led.position] = dataclasses.replace(units[re_led.position], context="Hồ sơ gồm (đọc lại):")
    scan(store, dataclasses.replace(document, units=units), predictions, content_hash="hash-2")

    new_rows = {r.position: r for r in store.list_findings(order="position", limit=None)}
    moved = new_rows[renumbered.position].proposal
    assert (moved.status, moved.carried_from_id) == ("rejected", renumbered.proposal.id)
    assert new_rows[re_led.position].proposal.status == "confirmed"
    exported = {row.position: row for row in store.export_rows()}
    assert (exported[renumbered.position].reviewer, exported[renumbered.position].reason) == (
        "lan",
        "Chỉ quy định cách thức nộp",
    )


def test_identical_words_under_new_lead_ins_are_not_guessed_between(store, cu_tru):
    document, predictions = cu_tru
    units = list(document.units)
    first, second = 0, 1
    twin = "a) Bản sao Giấy khai sinh;"
    units[first] = dataclasses.replace(units[first], text=twin, context="1. Hồ sơ của người đề nghị gồm:")
    units[second] = dataclasses.replace(units[second], text=twin, context="2. Hồ sơ của người được ủy quyền gồm:")
    twins = dataclasses.replace(document, units=units)
    scan(store, twins, predictions)
    rows = {r.position: r for r in store.list_findings(order="position", limit=None)}
    store.decide(rows[first].proposal.id, "reject", "lan", 0, reason="thử")

    units[first] = dataclasses.replace(units[first], context="1. Hồ sơ của người đề nghị (sửa) gồm:")
    units[second] = dataclasses.replace(units[second], context="2. Hồ sơ của người được ủy quyền (sửa) gồm:")
    scan(store, dataclasses.replace(twins, units=units), predictions, content_hash="hash-2")
    new_rows = {r.position: r for r in store.list_findings(order="position", limit=None)}
    assert {new_rows[first].proposal.status, new_rows[second].proposal.status} == {"pending"}


def test_failures_are_recorded_with_their_reason(store, cu_tru):
    failed = store.record_failure(DEPARTMENT, "scan.pdf", "hash-x", "encrypted PDF")
    row = store.get_document(failed)
    assert (row.status, row.error) == ("failed", "encrypted PDF")
    assert store.has_document("hash-x") and not store.has_document("hash-x", include_failed=False)
    assert store.stats(DEPARTMENT).failed == 1
    # The same file, readable now, replaces the failure.
    document, predictions = cu_tru
    doc_id = scan(store, document, predictions, content_hash="hash-y", source="scan.pdf")
    assert store.get_document(failed).status == "superseded"
    assert store.get_document(doc_id).status == "scanned"


def test_stats_progress_and_export_rows(store, cu_tru, khai_sinh):
    scan(store, *cu_tru)
    scan(store, *khai_sinh, department=OTHER_DEPARTMENT, content_hash="hash-2")
    proposal = store.list_findings(department=DEPARTMENT, limit=1)[0].proposal
    store.decide(proposal.id, "reject", "lan", 0, reason="không phải yêu cầu giấy tờ")
    stats = store.stats(DEPARTMENT)
    findings_in_law = sum(p.label != "none" for p in cu_tru[1])
    assert stats.documents == 1 and stats.findings == findings_in_law
    assert stats.by_status == {"pending": findings_in_law - 1, "rejected": 1} and stats.decided == 1
    assert stats.units == len(cu_tru[0].units)
    progress = {p.department: p for p in store.progress()}
    assert progress[DEPARTMENT].decided == 1 and progress[OTHER_DEPARTMENT].pending == len(khai_sinh[0].units)
    rows = store.export_rows(DEPARTMENT)
    assert len(rows) == findings_in_law
    rejected = [r for r in rows if r.decision == "reject"]
    assert len(rejected) == 1 and rejected[0].reason == "không phải yêu cầu giấy tờ"
    assert all(r.legal_basis for r in rows)


def test_audit_log_is_append_only(store, store_url, cu_tru):
    scan(store, *cu_tru)
    proposal = store.list_findings(limit=1)[0].proposal
    store.decide(proposal.id, "confirm", "lan", 0)
    entries = store.audit_log(limit=1000)
    assert {e.action for e in entries} >= {"scan", "confirm", "create"}
    engine = create_engine(store_url)
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "DELETE FROM decisions"):
        with pytest.raises(Exception, match="append-only"):
            with engine.begin() as connection:
                connection.execute(text(statement))
    engine.dispose()
    assert len(store.audit_log(limit=1000)) == len(entries)


def test_users_and_passwords(store):
    user = store.add_user("lan", "mật khẩu", "officer", DEPARTMENT)
    assert user.department == DEPARTMENT and user.role == "officer"
    assert store.check_password("lan", "mật khẩu") == user
    assert store.check_password("lan", "sai") is None
    assert store.check_password("nobody", "x") is None
    with pytest.raises(BadInput):
        store.add_user("lan", "x", "officer", DEPARTMENT)
    with pytest.raises(BadInput):
        store.add_user("x", "x", "emperor")
    with pytest.raises(BadInput):
        store.add_user("x", "x", "officer")  # an officer belongs to a department
    store.set_active("lan", False)
    assert store.check_password("lan", "mật khẩu") is None
    assert [u.username for u in store.list_users()] == ["lan"]
    assert store.list_departments() == [DEPARTMENT]


def test_a_sign_in_token_lasts_until_sign_out_expiry_new_password_or_disabled_account(store, store_url):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import create_engine, text

    lan = store.add_user("lan", "mật khẩu dài", "officer", DEPARTMENT)
    store.add_user("minh", "mật khẩu khác", "head", DEPARTMENT)
    token = store.start_sign_in("lan", timedelta(hours=1))
    assert store.signed_in_user(token) == lan
    assert store.signed_in_user(token + "x") is None and store.signed_in_user("") is None
    engine = create_engine(store_url)
    with engine.connect() as connection:  # only a hash is kept: a copy of the database signs nobody in
        assert (
            connection.execute(text("SELECT count(*) FROM sign_ins WHERE token_hash = :t"), {"t": token}).scalar() == 0
        )
    engine.dispose()

    # a sign-in in use lasts: each use pushes its end on (written when more than a few minutes stale)
    short = store.start_sign_in("lan", timedelta(minutes=30))
    assert store.signed_in_user(short, extend=timedelta(hours=10)) == lan
    engine = create_engine(store_url)
    with engine.connect() as connection:
        expires = connection.execute(text("SELECT expires_at FROM sign_ins ORDER BY id DESC LIMIT 1")).scalar()
    engine.dispose()
    expires = expires if isinstance(expires, datetime) else datetime.fromisoformat(str(expires))
    expires = expires.astimezone(UTC) if expires.tzinfo else expires.replace(tzinfo=UTC)  # SQLite keeps no zone
    assert expires > datetime.now(UTC) + timedelta(hours=9)

    store.end_sign_in(token)
    assert store.signed_in_user(token) is None

    expired = store.start_sign_in("lan", timedelta(seconds=-1))
    assert store.signed_in_user(expired) is None

    first, other = store.start_sign_in("lan", timedelta(hours=1)), store.start_sign_in("minh", timedelta(hours=1))
    store.set_password("lan", "mật khẩu mới")
    assert store.signed_in_user(first) is None
    assert store.signed_in_user(other).username == "minh"  # another user's sign-in is untouched
    second = store.start_sign_in("lan", timedelta(hours=1))
    store.set_active("lan", False)
    store.set_active("lan", True)
    assert store.signed_in_user(second) is None
    with pytest.raises(BadInput):
        store.start_sign_in("nobody", timedelta(hours=1))


def _database_at(store_url: str, revision: str, statements) -> None:
    """A database left at an older schema ``revision`` holding the rows of ``statements`` ((sql, params) pairs)."""
    from alembic import command

    from reviewer.store.engine import alembic_config, make_engine

    engine = make_engine(store_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
        for statement, params in statements:
            connection.execute(text(statement), params)
    engine.dispose()


def test_an_old_database_is_migrated_with_its_data(store_url):
    _database_at(
        store_url,
        "0001",
        [
            (statement, {})
            for statement in (
                "INSERT INTO departments (id, name, created_at) VALUES (1, 'Sở Tư pháp', CURRENT_TIMESTAMP)",
                "INSERT INTO documents (id, department_id, source, content_hash, status, meta, created_at) "
                "VALUES (1, 1, 'a.pdf', 'h', 'scanned', '{}', CURRENT_TIMESTAMP)",
                "INSERT INTO units (id, document_id, position, citation, text, context, kind, text_hash) "
                "VALUES (1, 1, 0, 'điểm a khoản 1 Điều 21', 'a) Tờ khai;', '', 'point', 'x')",
                "INSERT INTO findings (id, unit_id, document_id, label, score, scores, evidence, neighbours, "
                "model_version, created_at) VALUES (1, 1, 1, 'paper_document', 0.7, '{}', '[]', '[]', 'm', "
                "CURRENT_TIMESTAMP)",
            )
        ],
    )
    store = Store(store_url)  # upgrades to head
    rows = store.list_findings(department=DEPARTMENT, limit=None)
    assert [(r.id, r.citation, r.department) for r in rows] == [(1, "điểm a khoản 1 Điều 21", DEPARTMENT)]
    store.close()


def test_ministries_filed_under_their_portal_folder_take_their_name_on_upgrade(store_url):
    department = "INSERT INTO departments (id, name, created_at) VALUES (:id, :name, CURRENT_TIMESTAMP)"
    names = ("bo-cong-an", "bo-tu-phap", "Bộ Tư pháp", "Sở Tư pháp")
    _database_at(store_url, "0006", [(department, {"id": n, "name": name}) for n, name in enumerate(names, start=1)])
    store = Store(store_url)  # upgrades to head
    # renamed where the name was free; where a scan already made the named one, both stay for an admin to merge
    assert sorted(store.list_departments()) == sorted(["Bộ Công an", "bo-tu-phap", "Bộ Tư pháp", "Sở Tư pháp"])
    store.close()


def test_a_decision_on_a_rescanned_document_points_to_the_new_proposal(store, cu_tru):
    document, predictions = cu_tru
    scan(store, document, predictions)
    old = store.list_findings(order="position", limit=2)
    store.decide(old[0].proposal.id, "confirm", "lan", 0)
    scan(store, document, predictions, content_hash="hash-2")  # same wording, new file
    new = {r.position: r.proposal for r in store.list_findings(order="position", limit=None)}

    with pytest.raises(DecisionConflict) as carried:
        store.decide(old[0].proposal.id, "reject", "lan", 1, reason="muộn")
    assert carried.value.current.id == new[old[0].position].id
    assert carried.value.current.status == "confirmed"
    with pytest.raises(DecisionConflict) as pending:
        store.decide(old[1].proposal.id, "confirm", "lan", 0)
    assert pending.value.current.id == new[old[1].position].id
    with pytest.raises(DecisionConflict):
        store.undo_last("lan")
    assert store.get_proposal(old[1].proposal.id).status == "pending"


def test_the_migrations_build_exactly_the_tables_of_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from reviewer.store.models import Base

    with store._engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
