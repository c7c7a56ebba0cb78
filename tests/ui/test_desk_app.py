"""The review desk driven through Streamlit's AppTest: a legal officer's day, a department's upload, a head's
approval, on a real store holding Luật Cư trú's dossier clauses."""

from __future__ import annotations

import csv
import io
import os
import zipfile

import pytest
from desk_helpers import DEPARTMENT, FIXTURES, PASSWORDS, app, button, buttons, errors, signed_in, texts

from reviewer import api
from reviewer.errors import PermissionDenied
from reviewer.ui.app import PAGE_NAMES
from reviewer.ui.queue import REJECT_REASONS


def test_sign_in_with_the_right_password_and_not_with_a_wrong_one(desk, people):
    at = app().run()
    at.text_input(key="si_user").input("lan")
    at.text_input(key="si_password").input("not-the-password")
    at.button[0].click().run()
    assert "Sai tên đăng nhập hoặc mật khẩu" in errors(at)
    assert "user" not in at.session_state

    at.text_input(key="si_password").input(PASSWORDS["lan"])
    at.button[0].click().run()
    assert at.session_state["user"].username == "lan"
    assert [h.value for h in at.header] == ["Hàng chờ rà soát"]
    assert "Chuyên viên pháp chế" in texts(at.sidebar)


def test_reloading_the_page_keeps_the_user_signed_in_on_the_same_page_until_sign_out(desk, people):
    at = app().run()
    at.text_input(key="si_user").input("minh")
    at.text_input(key="si_password").input(PASSWORDS["minh"])
    at.button[0].click().run()
    at.sidebar.radio[0].set_value("approval").run()
    address = dict(at.query_params)
    assert address["trang"] == "approval" and address["phien"]

    reloaded = app()  # F5: a new session, the same address
    reloaded.query_params.update(address)
    reloaded.run()
    assert reloaded.session_state["user"].username == "minh"
    assert reloaded.session_state["nav"] == "approval"
    assert reloaded.header[0].value.startswith(PAGE_NAMES["approval"])

    button(reloaded, "Đăng xuất").click().run()
    assert "user" not in reloaded.session_state and "phien" not in reloaded.query_params
    again = app()  # the old address, kept in the browser's history, no longer signs anyone in
    again.query_params.update(address)
    again.run()
    assert "user" not in again.session_state
    assert "Phiên đăng nhập đã hết hạn hoặc đã đăng xuất" in "\n".join(w.value for w in again.warning)


def test_a_new_password_signs_out_a_page_signed_in_with_the_old_one(desk, people):
    at = app().run()
    at.text_input(key="si_user").input("lan")
    at.text_input(key="si_password").input(PASSWORDS["lan"])
    at.button[0].click().run()
    assert at.session_state["user"].username == "lan"
    api.set_password(desk, people.admin, "lan", "một mật khẩu mới")
    at.run()
    assert "user" not in at.session_state
    assert at.text_input(key="si_user") is not None


def test_a_disabled_account_is_signed_out_on_its_next_click(desk, people):
    at = signed_in(people.officer)
    api.set_active(desk, people.admin, "lan", False)
    at.run()
    assert "user" not in at.session_state
    assert at.text_input(key="si_user") is not None


def test_each_role_sees_only_its_pages(desk, people):
    pages = {
        "department": signed_in(people.department).radio(key="nav").options,
        "officer": signed_in(people.officer).radio(key="nav").options,
        "head": signed_in(people.head).radio(key="nav").options,
        "admin": signed_in(people.admin).radio(key="nav").options,
    }
    assert "Hàng chờ rà soát" not in pages["department"] and "Tải văn bản lên" in pages["department"]
    assert "Hàng chờ rà soát" in pages["officer"] and "Phê duyệt" not in pages["officer"]
    assert "Phê duyệt" in pages["head"]
    assert {"Tài khoản", "Quét hàng loạt", "Học từ quyết định"} <= set(pages["admin"])


def test_a_department_user_follows_its_findings_but_cannot_decide(desk, people):
    at = signed_in(people.department, nav="follow")
    assert [h.value for h in at.header] == ["Theo dõi phát hiện"]
    assert not buttons(at, "Xác nhận") and not buttons(at, "Từ chối")
    # Forcing the officer's page does not help: the sidebar puts the user back on an allowed page.
    at = signed_in(people.department, nav="queue")
    assert at.session_state["nav"] != "queue"
    # And the library refuses the decision itself, whatever the UI shows.
    row = api.list_findings(desk, people.department, limit=1)[0]
    with pytest.raises(PermissionDenied):
        api.decide(desk, people.department, row.proposal.id, "confirm", row.proposal.version)


def test_the_permission_error_is_shown_when_the_buttons_are_forced_on_a_department_user(desk, people):
    """Draw the decision buttons for a department user: the click reaches the API, which refuses it."""
    from streamlit.testing.v1 import AppTest

    def forced_queue():
        import streamlit as st

        from reviewer.ui.common import get_store, show_flashes
        from reviewer.ui.queue import render_queue

        show_flashes()
        render_queue(get_store(), st.session_state["user"], can_decide=True)

    at = AppTest.from_function(forced_queue, default_timeout=60)
    at.session_state["user"] = people.department
    at.run()
    pending = api.count_findings(desk, people.officer, status="pending")
    button(at, "Xác nhận").click().run()
    assert "Không có quyền" in errors(at) and "so-tu-phap" in errors(at)
    assert api.count_findings(desk, people.officer, status="pending") == pending


def test_the_queue_shows_least_certain_first_with_context_proposal_and_the_model_badge(desk, people):
    at = signed_in(people.officer)
    rows = api.list_findings(desk, people.officer, status="pending", limit=None)
    assert at.selectbox(key="q_pick").value == min(rows, key=lambda r: (r.score, r.id)).id
    markdown = texts(at.main)
    assert "Gợi ý của mô hình" in markdown
    assert "Căn cứ pháp lý" in markdown and "Giấy tờ phải nộp" in markdown
    shown = " ".join(h.proto.body for h in at.get("html"))
    picked = next(r for r in rows if r.id == at.selectbox(key="q_pick").value)
    assert picked.citation in shown


def test_confirm_moves_on_and_undo_brings_the_proposal_back(desk, people):
    at = signed_in(people.officer)
    first = at.selectbox(key="q_pick").value
    pending = api.count_findings(desk, people.officer, status="pending")
    button(at, "Xác nhận").click().run()
    assert api.get_finding(desk, people.officer, first).row.proposal.status == "confirmed"
    assert api.count_findings(desk, people.officer, status="pending") == pending - 1
    assert at.selectbox(key="q_pick").value != first
    assert any("Đã ghi «Xác nhận»" in s.value for s in at.success)

    button(at, "Hoàn tác").click().run()
    assert api.get_finding(desk, people.officer, first).row.proposal.status == "pending"
    assert at.selectbox(key="q_pick").value == first


def test_an_edit_records_the_action_the_officer_chose(desk, people):
    at = signed_in(people.officer)
    first = at.selectbox(key="q_pick").value
    proposal = api.get_finding(desk, people.officer, first).row.proposal
    chosen = next(a for a in api.action_names() if a != proposal.action)
    at.text_area(key=f"edit_{proposal.id}_{proposal.version}").input("Bãi bỏ thành phần hồ sơ này.")
    at.selectbox(key=f"action_{proposal.id}_{proposal.version}").select(chosen).run()
    button(at, "Sửa rồi xác nhận").click().run()
    edited = api.get_finding(desk, people.officer, first).row.proposal
    assert (edited.status, edited.action) == ("confirmed", chosen)


def test_edit_then_confirm_and_reject_with_a_reason(desk, people):
    at = signed_in(people.officer)
    first = at.selectbox(key="q_pick").value
    proposal = api.get_finding(desk, people.officer, first).row.proposal
    new_text = "Bãi bỏ; tra cứu Cơ sở dữ liệu quốc gia về dân cư."
    at.text_area(key=f"edit_{proposal.id}_{proposal.version}").input(new_text)
    button(at, "Sửa rồi xác nhận").click().run()
    edited = api.get_finding(desk, people.officer, first).row.proposal
    assert (edited.status, edited.text) == ("confirmed", new_text)

    second = at.selectbox(key="q_pick").value
    proposal = api.get_finding(desk, people.officer, second).row.proposal
    reason = at.selectbox(key=f"reason_{proposal.id}_{proposal.version}")
    assert reason.value is None, "no reason is chosen for the officer"
    at.text_input(key=f"note_{proposal.id}_{proposal.version}").input("đây là việc của cơ quan")
    button(at, "Từ chối").click().run()
    assert "Chưa chọn lý do từ chối" in errors(at)
    assert api.get_finding(desk, people.officer, second).decisions == ()

    at.selectbox(key=f"reason_{proposal.id}_{proposal.version}").select(REJECT_REASONS[1]).run()
    button(at, "Từ chối").click().run()
    history = api.get_finding(desk, people.officer, second).decisions
    assert history[-1].kind == "reject"
    assert history[-1].reason == f"{REJECT_REASONS[1]}: đây là việc của cơ quan"
    badges = texts(signed_in(people.officer, q_status="__all__", q_pick=second).main)
    assert "Quyết định của lan" in badges


def test_a_proposal_decided_meanwhile_shows_the_conflict_instead_of_overwriting(desk, people):
    other = api.add_user(desk, people.admin, "thu", "thu-mat-khau", "officer", DEPARTMENT)
    at = signed_in(people.officer)
    picked = at.selectbox(key="q_pick").value
    proposal = api.get_finding(desk, people.officer, picked).row.proposal
    api.decide(desk, other, proposal.id, "reject", proposal.version, reason="không phải giấy tờ")

    citation = api.get_finding(desk, people.officer, picked).row.citation
    button(at, "Xác nhận").click().run()
    warning = " ".join(w.value for w in at.warning)
    assert "Xung đột" in warning and "thu" in warning and "Từ chối" in warning
    # it names the clause it is about: the rejected finding left the pending queue, whose next card is below
    assert warning.startswith(f"{citation} — ")
    assert at.selectbox(key="q_pick").value != picked
    shown = [e for e in at.expander if e.label.startswith("Phát hiện vừa bị xung đột")]
    assert shown and citation in texts(shown[0])
    after = api.get_finding(desk, people.officer, picked)
    assert after.row.proposal.status == "rejected"
    assert [d.reviewer for d in after.decisions] == ["thu"]
    at.run()
    assert not at.warning, "the conflict is reported once, not on every later click"


def test_a_conflict_on_the_last_pending_finding_still_shows_it(desk, people):
    from types import SimpleNamespace

    from reviewer.document import Document, DocumentMeta, Unit

    unit = Unit(citation="điểm a khoản 1 Điều 9", text="a) Bản sao Giấy khai sinh;", context="Hồ sơ gồm:")
    single = Document(source="mot-phat-hien.txt", meta=DocumentMeta(number="9/2024/QĐ-UBND"), units=[unit])
    scores = {"certified_copy": 0.0, "original": 0.0, "copy": 0.9, "paper_document": 0.05, "none": 0.05}
    found = SimpleNamespace(id="0", label="copy", score=0.9, scores=scores, evidence=[], neighbours=[])
    api.save_scan(desk, people.department, single.source, "mot", single, [found])
    [row] = api.list_findings(desk, people.officer, search="a) Bản sao Giấy khai sinh;")
    other = api.add_user(desk, people.admin, "thu", "thu-mat-khau", "officer", DEPARTMENT)
    at = signed_in(people.officer, q_document=row.document_id)
    assert at.selectbox(key="q_pick").value == row.id
    api.decide(desk, other, row.proposal.id, "reject", row.proposal.version, reason="không phải giấy tờ")

    button(at, "Xác nhận").click().run()
    # the document's queue is empty now; the warning and the finding it is about are still shown
    assert "Không có phát hiện nào khớp bộ lọc." in " ".join(i.value for i in at.info)
    shown = [e for e in at.expander if e.label.startswith("Phát hiện vừa bị xung đột")]
    assert shown and "điểm a khoản 1 Điều 9" in texts(shown[0])


def test_a_finding_flagged_against_the_models_lean_says_so(desk, people):
    from types import SimpleNamespace

    from reviewer.document import Document, DocumentMeta, Unit
    from reviewer.ui.queue import DOUBTFUL_FLAG

    # Luật Cư trú Điều 22 khoản 1: flagged, though the head gives it more chance of being none (recall first).
    unit = Unit(citation="khoản 1 Điều 22", text="1. Người đăng ký thường trú nộp hồ sơ đăng ký thường trú.")
    document = Document(source="dieu-22.txt", meta=DocumentMeta(number="68/2020/QH14", type="Luật"), units=[unit])
    scores = {"certified_copy": 0.01, "original": 0.01, "copy": 0.01, "paper_document": 0.17, "none": 0.8}
    doubtful = SimpleNamespace(id="0", label="paper_document", score=0.17, scores=scores, evidence=[], neighbours=[])
    api.save_scan(desk, people.department, document.source, "dieu-22", document, [doubtful])
    [row] = api.list_findings(desk, people.officer, search="Người đăng ký thường trú nộp hồ sơ")
    # the surest finding of the queue's first page (least certain first)
    sure = api.list_findings(desk, people.officer, status="pending", order="least_certain", limit=20)[-1]

    assert DOUBTFUL_FLAG in texts(signed_in(people.officer, q_pick=row.id).main)
    assert DOUBTFUL_FLAG not in texts(signed_in(people.officer, q_pick=sure.id).main)

    # labelled original by its words, with a low probability of its own: the model leans to paper_document
    worded = Unit(citation="điểm a khoản 2 Điều 22", text="a) Bản chính Giấy khai sinh;", context="Hồ sơ gồm:")
    leaning = {"certified_copy": 0.0, "original": 0.25, "copy": 0.0, "paper_document": 0.45, "none": 0.3}
    relabelled = SimpleNamespace(id="0", label="original", score=0.25, scores=leaning, evidence=[], neighbours=[])
    other = Document(source="khoan-2.txt", meta=DocumentMeta(number="68/2020/QH14", type="Luật"), units=[worded])
    api.save_scan(desk, people.department, other.source, "khoan-2", other, [relabelled])
    [row] = api.list_findings(desk, people.officer, search="Bản chính Giấy khai sinh")
    assert DOUBTFUL_FLAG not in texts(signed_in(people.officer, q_pick=row.id).main)


def test_the_head_approves_the_confirmed_set_or_returns_it_with_a_comment(desk, people):
    rows = api.list_findings(desk, people.officer, status="pending", limit=3)
    for row in rows:
        api.decide(desk, people.officer, row.proposal.id, "confirm", row.proposal.version)
    at = signed_in(people.head, nav="approval")
    assert "**3** phương án" in texts(at.main) and "Quyết định của lan" in texts(at.main)
    bases = [b for r in rows for b in r.proposal.legal_basis]
    assert bases and all(any(b in t.value for t in at.text) for b in bases)  # the head sees what is signed off
    button(at, "Trả lại toàn bộ kèm ý kiến").click().run()
    assert errors(at), "returning without a comment is refused"
    at.text_area(key="ap_comment").input("Bổ sung căn cứ Nghị định 104/2022/NĐ-CP")
    button(at, "Phê duyệt", exact=True).click().run()
    assert api.count_findings(desk, people.head, status="approved") == 1
    button(at, "Phê duyệt toàn bộ").click().run()
    assert api.count_findings(desk, people.head, status="approved") == 3


def test_the_dashboard_counts_and_clicks_through_to_the_queue(desk, people):
    at = signed_in(people.admin)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Phát hiện"] == str(api.stats(desk, people.admin).findings)
    button(at, DEPARTMENT).click().run()
    assert at.session_state["nav"] == "follow"  # the admin's read-only view of the queue
    assert at.session_state["q_department"] == DEPARTMENT and at.session_state["q_status"] == "pending"
    assert [h.value for h in at.header] == ["Theo dõi phát hiện"]
    assert at.selectbox(key="q_department").value == DEPARTMENT

    at = signed_in(people.head, nav="dashboard")
    button(at, DEPARTMENT).click().run()
    assert at.session_state["nav"] == "queue" and [h.value for h in at.header] == ["Hàng chờ rà soát"]


@pytest.mark.parametrize("format", ["csv", "xlsx", "docx"])
def test_export_gives_a_file_with_the_findings(desk, people, format):
    at = signed_in(people.officer, nav="exports")
    at.radio(key="ex_format").set_value(format).run()
    button(at, "Tạo tệp").click().run()
    name, data, _ = at.session_state["ex_file"]
    assert name == f"bao-cao-ra-soat.{format}" and at.get("download_button")
    if format == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) - 1 == api.stats(desk, people.officer).findings
    else:
        assert zipfile.is_zipfile(io.BytesIO(data))


def test_upload_a_real_law_text_reads_classifies_and_stores_it(desk, people, with_model):
    at = signed_in(people.department, nav="upload")
    data = (FIXTURES / "luat_cu_tru_dieu_21.txt").read_bytes()
    at.file_uploader(key="up_files").upload("luat_cu_tru_dieu_21.txt", data, "text/plain").run()
    button(at, "Đọc và rà soát").click().run()
    assert not at.exception
    stored = [d for d in api.list_documents(desk, people.department) if d.source == "luat_cu_tru_dieu_21.txt"]
    assert len(stored) == 1 and stored[0].status == "scanned" and stored[0].units > 5
    assert any("luat_cu_tru_dieu_21.txt" in s.value for s in at.success)

    button(at, "Đọc và rà soát").click().run()  # the same content again is not read twice
    assert "giống một văn bản đã tải lên" in " ".join(i.value for i in at.info)
    button(at, "Xem phát hiện của").click().run()
    assert at.session_state["nav"] == "follow" and at.selectbox(key="q_document").value == stored[0].id


def test_upload_refuses_a_file_whose_content_is_not_its_name_and_says_why(desk, people, with_model):
    at = signed_in(people.department, nav="upload")
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)  # an image, named as a PDF
    at.file_uploader(key="up_files").upload("quyet-dinh.pdf", png, "application/pdf").run()
    button(at, "Đọc và rà soát").click().run()
    message = errors(at)
    assert "quyet-dinh.pdf" in message and "bị từ chối" in message
    assert "tệp ảnh, tệp nén hoặc chương trình, không phải văn bản" in message, "the reason is in Vietnamese"
    failed = [d for d in api.list_documents(desk, people.department) if d.status == "failed"]
    assert [d.source for d in failed] == ["quyet-dinh.pdf"] and failed[0].error
    listed = signed_in(people.department, nav="documents").dataframe[0].value
    assert "tệp ảnh, tệp nén hoặc chương trình, không phải văn bản" in list(listed["Lý do từ chối"])


def test_a_department_opens_the_findings_of_one_of_its_documents(desk, people):
    at = signed_in(people.department, nav="documents")
    document = api.list_documents(desk, people.department)[0]
    files = list(at.dataframe[0].value["Tệp"])
    assert document.source.rsplit("/", 1)[-1] in files and not any("/" in str(name) for name in files)
    button(at, "Mở", exact=True).click().run()
    assert [h.value for h in at.header] == ["Theo dõi phát hiện"]
    assert at.selectbox(key="q_document").value == document.id
    assert f"**{document.findings}** phát hiện" in texts(at.main)


def _scan_roots(monkeypatch, *roots) -> None:
    from reviewer.config import settings

    monkeypatch.setenv("REVIEWER_SCAN_ROOTS", os.pathsep.join(str(root) for root in roots))
    settings.cache_clear()


def test_the_admin_scans_a_folder_on_the_server(desk, people, with_model):
    at = signed_in(people.admin, nav="scan")
    at.text_input(key="scan_path").input(str(FIXTURES))
    at.text_input(key="scan_dept").input("Sở Xây dựng")
    button(at, "Bắt đầu quét").click().run()
    assert not at.exception and not errors(at)
    summary = texts(at.main)
    assert "Tìm thấy 1 văn bản: đã đọc 1" in summary
    stored = api.list_documents(desk, people.admin, "Sở Xây dựng")
    assert [d.source.endswith("luat_cu_tru_dieu_21.txt") for d in stored] == [True]


def test_the_desk_scans_only_inside_the_configured_folders(desk, people, with_model, monkeypatch, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "etc").symlink_to("/etc")  # a link inside the folder does not open the way out of it
    _scan_roots(monkeypatch, inbox)
    before = api.list_documents(desk, people.admin)
    for folder in ("/etc", str(inbox / "etc"), str(inbox / ".." / "data")):
        at = signed_in(people.admin, nav="scan")
        assert str(inbox) in texts(at.main)  # the page says where it may read
        at.text_input(key="scan_path").input(folder)
        button(at, "Bắt đầu quét").click().run()
        assert f"trang này chỉ quét các thư mục {inbox}" in errors(at), folder
    assert api.list_documents(desk, people.admin) == before


def test_a_link_to_a_file_outside_the_scan_folders_is_not_read(desk, people, with_model, monkeypatch, tmp_path):
    inbox, secrets = tmp_path / "inbox", tmp_path / "secrets"
    inbox.mkdir()
    secrets.mkdir()
    (secrets / "mat-khau.txt").write_text("Điều 1. Mật khẩu cơ sở dữ liệu là abc.", encoding="utf-8")
    (inbox / "ghi-chu.txt").symlink_to(secrets / "mat-khau.txt")
    (inbox / "luat.txt").write_bytes((FIXTURES / "luat_cu_tru_dieu_21.txt").read_bytes())
    _scan_roots(monkeypatch, inbox)
    at = signed_in(people.admin, nav="scan")
    at.text_input(key="scan_path").input(str(inbox))
    at.text_input(key="scan_dept").input("Sở Xây dựng")
    button(at, "Bắt đầu quét").click().run()
    assert not errors(at)
    assert "1 tệp bị bỏ qua: liên kết trỏ ra ngoài thư mục được phép quét" in texts(at.main)
    stored = api.list_documents(desk, people.admin, "Sở Xây dựng")
    assert [d.source.endswith("luat.txt") for d in stored] == [True]


def test_the_admin_retrains_from_decisions_sees_the_new_card_and_switches(
    desk, people, with_model, tiny_base_dir, monkeypatch
):
    from reviewer.config import settings
    from reviewer.ui.services import active_model_dir

    monkeypatch.setenv("REVIEWER_BASE_MODEL", str(tiny_base_dir))
    monkeypatch.setenv("REVIEWER_CORPUS_DIR", str(FIXTURES.parent / "classify"))
    settings.cache_clear()
    for row in api.list_findings(desk, people.officer, status="pending", limit=3):
        api.decide(desk, people.officer, row.proposal.id, "confirm", row.proposal.version)
    at = signed_in(people.admin, nav="learning")
    assert "**3** quyết định" in texts(at.main)
    button(at, "Huấn luyện lại").click().run()
    assert not at.exception and not errors(at)
    new = at.session_state["learn_new"]
    assert "Mô hình mới" in texts(at.main)
    assert {m.label for m in at.metric} >= {"Độ chính xác", "Macro-F1", "Độ phủ phát hiện"}
    button(at, "Chuyển sang mô hình mới").click().run()
    assert str(active_model_dir()) == new


def test_the_officer_can_look_at_the_units_the_model_doubtfully_called_none(desk, people):
    from reviewer.store import UNSURE_NONE_BELOW

    at = signed_in(people.officer)
    button(at, "Khoản có thể bị bỏ sót").click().run()
    doubtful = api.count_findings(desk, people.officer, label=["none"], max_score=UNSURE_NONE_BELOW)
    assert doubtful > 0 and f"**{doubtful}** phát hiện" in texts(at.main)
    assert at.selectbox(key="q_pick").value in {
        r.id for r in api.list_findings(desk, people.officer, label="none", limit=None)
    }


def test_an_upload_without_a_trained_model_says_so(desk, people, tmp_path, monkeypatch):
    from reviewer.config import settings

    monkeypatch.setenv("REVIEWER_MODEL_DIR", str(tmp_path / "no-model"))
    settings.cache_clear()
    at = signed_in(people.department, nav="upload")
    data = (FIXTURES / "luat_cu_tru_dieu_21.txt").read_bytes()
    at.file_uploader(key="up_files").upload("luat_cu_tru_dieu_21.txt", data, "text/plain").run()
    button(at, "Đọc và rà soát").click().run()
    assert "Chưa có mô hình phân loại" in errors(at) and not at.exception


def test_the_officer_flags_a_requirement_the_model_missed(desk, people):
    at = signed_in(people.officer)
    button(at, "Khoản có thể bị bỏ sót").click().run()
    missed = at.selectbox(key="q_pick").value
    at.selectbox(key=f"flag_label_{missed}").select("certified_copy").run()
    button(at, "Đánh dấu là yêu cầu giấy tờ").click().run()
    flagged = api.get_finding(desk, people.officer, missed).row
    assert (flagged.current_label, flagged.proposal.status) == ("certified_copy", "confirmed")
    assert not errors(at) and not at.exception


def test_the_officer_is_told_of_proposals_the_head_sent_back(desk, people):
    row = api.list_findings(desk, people.officer, status="pending", limit=1)[0]
    api.decide(desk, people.officer, row.proposal.id, "confirm", row.proposal.version)
    at = signed_in(people.officer)
    assert not any("trả lại" in w.value for w in at.warning)
    api.decide(desk, people.head, row.proposal.id, "return", row.proposal.version + 1, reason="Bổ sung căn cứ")
    at = signed_in(people.officer)
    assert any("**1** phương án" in w.value for w in at.warning)
    button(at, "Xem phương án bị trả lại").click().run()
    assert at.session_state["q_status"] == "returned" and at.selectbox(key="q_pick").value == row.id


def test_an_upload_says_when_it_replaces_a_version_or_repeats_a_number_on_file(desk, people, with_model):
    # A trial user uploaded an older copy of a decision under a new name: a second live copy, and no word of it.
    # (the desk already holds Luật Cư trú under another name: this copy gets a number of its own)
    data = (FIXTURES / "luat_cu_tru_dieu_21.txt").read_bytes().replace(b"68/2020/QH14", b"99/2024/QH15")
    at = signed_in(people.department, nav="upload")
    at.file_uploader(key="up_files").upload("luat_cu_tru_dieu_21.txt", data, "text/plain").run()
    button(at, "Đọc và rà soát").click().run()
    assert not any("số hiệu" in w.value for w in at.warning)
    assert not any("phiên bản trước" in i.value for i in at.info)

    changed = data + "\nĐiều 99. Điều khoản thêm\nNgười đề nghị nộp bản sao Giấy khai sinh.\n".encode()
    at = signed_in(people.department, nav="upload")
    at.file_uploader(key="up_files").upload("luat_cu_tru_dieu_21.txt", changed, "text/plain").run()
    button(at, "Đọc và rà soát").click().run()
    assert any("phiên bản trước cùng tên" in i.value for i in at.info)

    at = signed_in(people.department, nav="upload")
    at.file_uploader(key="up_files").upload("ban-sao (1).txt", data, "text/plain").run()
    button(at, "Đọc và rà soát").click().run()
    assert any("cùng số hiệu" in w.value and "luat_cu_tru_dieu_21.txt" in w.value for w in at.warning)
