"""The export page's "Kính gửi" line, and the admin's batch scan written to the audit log under the admin's name."""

from __future__ import annotations

import io

from desk_helpers import FIXTURES, button, errors, signed_in
from docx import Document as read_docx

from reviewer import api
from reviewer.ui.services import scan_folder


def _docx_lines(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in read_docx(io.BytesIO(data)).paragraphs]


def _word_report(at) -> list[str]:
    button(at, "Tạo tệp").click().run()
    assert not at.exception and not errors(at)
    name, data, made_format = at.session_state["ex_file"]
    assert (name, made_format) == ("bao-cao-ra-soat.docx", "docx")
    return _docx_lines(data)


def test_the_word_report_is_addressed_to_the_recipient_typed_on_the_export_page(desk, people):
    at = signed_in(people.officer, nav="exports")
    at.radio(key="ex_format").set_value("docx").run()
    recipient = at.text_input(key="ex_recipient")
    assert recipient.placeholder == "Giám đốc Sở Tư pháp"  # what an empty field means
    recipient.input("  Ủy ban nhân dân tỉnh Quảng Ninh ").run()
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh." in _word_report(at)

    at.text_input(key="ex_recipient").input("Ủy ban nhân dân tỉnh Quảng Ninh; Bộ Tư pháp").run()
    lines = _word_report(at)
    start = lines.index("Kính gửi:")
    assert lines[start + 1 : start + 3] == ["- Ủy ban nhân dân tỉnh Quảng Ninh;", "- Bộ Tư pháp."]


def test_an_empty_recipient_addresses_the_head_and_tables_ask_for_none(desk, people):
    at = signed_in(people.officer, nav="exports")
    at.radio(key="ex_format").set_value("docx").run()
    assert "Kính gửi: Giám đốc Sở Tư pháp." in _word_report(at)
    at.radio(key="ex_format").set_value("csv").run()
    assert not [t for t in at.text_input if t.key == "ex_recipient"]


def _scan_entries(store, admin) -> list:
    return [e for e in api.audit_log(store, admin, "document") if e.action == "scan"]


def test_a_scan_started_on_the_admin_page_is_logged_under_the_admin(desk, people, with_model):
    before = {e.entity_id for e in _scan_entries(desk, people.admin)}
    at = signed_in(people.admin, nav="scan")
    at.text_input(key="scan_path").input(str(FIXTURES))
    at.text_input(key="scan_dept").input("Sở Xây dựng")
    button(at, "Bắt đầu quét").click().run()
    assert not at.exception and not errors(at)

    stored = api.list_documents(desk, people.admin, "Sở Xây dựng")
    assert len(stored) == 1
    entries = [e for e in _scan_entries(desk, people.admin) if e.entity_id not in before]
    assert [(e.entity_id, e.actor) for e in entries] == [(stored[0].id, "admin")]


def test_scan_folder_logs_stored_and_refused_files_under_the_admin(desk, people, with_model, tmp_path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    (folder / "luat_cu_tru_dieu_21.txt").write_bytes((FIXTURES / "luat_cu_tru_dieu_21.txt").read_bytes())
    (folder / "quyet-dinh.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # an image named as a PDF

    summary = scan_folder(desk, people.admin, folder, "Sở Xây dựng", workers=0)

    assert (summary.read, [source.endswith("quyet-dinh.pdf") for source, _ in summary.refused]) == (1, [True])
    documents = {d.id: d.status for d in api.list_documents(desk, people.admin, "Sở Xây dựng")}
    entries = {
        e.entity_id: (e.action, e.actor)
        for e in api.audit_log(desk, people.admin, "document")
        if e.entity_id in documents
    }
    assert sorted(entries.values()) == [("fail", "admin"), ("scan", "admin")]
    assert {documents[i] for i, (action, _) in entries.items() if action == "fail"} == {"failed"}
