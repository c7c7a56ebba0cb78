"""The batch scan on real documents: a folder goes in, documents, units, findings and proposals come out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from scan_support import FIXTURES, TEXT_PDF, WORD_DOC, snapshot

from reviewer.scan import scan_paths


def test_a_folder_is_read_classified_and_stored(store, folder, loader):
    summary = scan_paths([folder], store, workers=2, classifier_factory=loader)

    assert loader.calls == 1
    assert summary.inputs == 3 + 5 and summary.files == 3
    assert summary.read == 8 and not summary.refused and summary.exit_code == 0
    stats = store.stats()
    assert stats.documents == 8 and stats.units == summary.units > 50
    assert stats.findings == summary.findings > 0
    assert stats.by_label == dict(summary.by_label)
    assert summary.pages == 3  # the PDF; text files and procedure records have no pages
    documents = snapshot(store)
    law = documents[str((folder / "luat" / "luat_cu_tru_2020_dieu_20_22.txt").resolve())]
    # Điều 21 (Hồ sơ đăng ký thường trú) lists the papers an applicant files: the model flags some of it
    assert any(label != "none" and "Điều 21" in citation for citation, label, _ in law["labels"].values())
    # every finding has a drafted proposal, every unit a stored prediction
    for document in documents.values():
        assert len(document["labels"]) == document["units"]
        for _, label, action in document["labels"].values():
            assert (action is not None) == (label != "none")


def test_procedure_records_go_to_their_ministry_unless_a_department_is_given(store, folder, loader):
    jsonl = folder / "thu-tuc" / "procedures-sample.jsonl"
    scan_paths([jsonl], store, workers=0, classifier_factory=loader)
    assert set(store.list_departments()) == {
        "Bộ Công an",
        "Bộ Tài chính",
        "Bộ Tư pháp",
        "Bộ Xây dựng",
    }  # named as people name them
    sources = {row.source for row in store.list_documents()}
    assert f"{jsonl.resolve()}#1.000178" in sources  # <file>#<ma_thu_tuc>
    assert all(row.type == "Thủ tục hành chính" for row in store.list_documents())

    law = folder / "luat" / "luat_cu_tru_2020_dieu_20_22.txt"
    scan_paths([law], store, department="Sở Tư pháp", workers=0, classifier_factory=loader)
    assert [row.source for row in store.list_documents(department="Sở Tư pháp")] == [str(law.resolve())]


def test_a_second_scan_skips_everything_without_loading_the_model(store, folder, loader):
    scan_paths([folder], store, workers=2, classifier_factory=loader)
    before = snapshot(store)
    loader.calls = 0

    again = scan_paths([folder], store, workers=2, classifier_factory=loader)

    assert loader.calls == 0 and not again.model_loaded
    assert again.skipped == 8 and again.read == 0 and again.exit_code == 0
    assert snapshot(store) == before
    assert store.stats().documents == 8


def test_a_changed_file_is_read_again_and_decisions_on_unchanged_units_are_kept(store, folder, loader):
    law = folder / "luat" / "luat_cu_tru_2020_dieu_20_22.txt"
    scan_paths([folder], store, workers=0, classifier_factory=loader)
    source = str(law.resolve())
    findings = store.list_findings(search="", order="position", limit=None)
    decided = next(f for f in findings if f.document_source == source)
    store.decide(decided.proposal.id, "confirm", "lan", decided.proposal.version)

    law.write_text(law.read_text("utf-8") + "\nĐiều 22a. Điều mới\nCông dân nộp bản sao giấy tờ.\n", "utf-8")
    loader.calls = 0
    summary = scan_paths([folder], store, workers=0, classifier_factory=loader)

    assert summary.read == 1 and summary.skipped == 7 and loader.calls == 1
    current = [row for row in store.list_documents() if row.source == source]
    assert len(current) == 1 and current[0].supersedes_id is not None
    carried = [f for f in store.list_findings(document_id=current[0].id, limit=None) if f.citation == decided.citation]
    assert carried and carried[0].proposal.status == "confirmed"
    assert len(store.list_documents()) == 8


def test_bad_files_are_recorded_with_their_reason_and_the_rest_is_scanned(store, tmp_path, loader):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty2.pdf").write_bytes(b"")  # the same (no) content as empty.txt, yet no copy of it
    (folder / "corrupt.pdf").write_bytes(TEXT_PDF.read_bytes()[:4000])  # a real PDF cut short
    shutil.copy(WORD_DOC, folder / "nghi-dinh-23-2018.docx")  # a Word 97 .doc named .docx: read by content
    shutil.copy(FIXTURES / "luat_cu_tru_2020_dieu_20_22.txt", folder / "luat.txt")
    shutil.copy(FIXTURES / "luat_cu_tru_2020_dieu_20_22.txt", folder / "luat-ban-sao.txt")
    lines = (FIXTURES / "procedures-sample.jsonl").read_text("utf-8").splitlines()
    (folder / "procedures-broken.jsonl").write_text(lines[0] + "\n{not json\n" + lines[1] + "\n", "utf-8")

    summary = scan_paths([folder], store, workers=2, classifier_factory=loader)

    refused = {source.rsplit("/", 1)[-1]: reason for source, reason in summary.refused}
    assert set(refused) == {"empty.txt", "empty2.pdf", "corrupt.pdf", "procedures-broken.jsonl:2"}
    assert "empty" in refused["empty.txt"] and "empty" in refused["empty2.pdf"]
    assert refused["corrupt.pdf"]
    assert "JSON" in refused["procedures-broken.jsonl:2"]
    assert summary.read == 4 and summary.exit_code == 1
    # one of the two identical laws is read, the other named as its duplicate
    [(copy, first)] = summary.duplicate_of
    assert {Path(copy).name, Path(first).name} == {"luat.txt", "luat-ban-sao.txt"}
    assert f"duplicate: {copy} (same content as {first})" in summary.lines()
    failed = {row.source.rsplit("/", 1)[-1]: row.error for row in store.list_documents(status="failed")}
    assert failed == refused
    word = next(row for row in store.list_documents(status="scanned") if row.source.endswith(".docx"))
    assert word.format == "doc" and word.units > 10

    # refused files are not retried while unchanged, unless asked; the scan still says they are refused
    again = scan_paths([folder], store, workers=0, classifier_factory=loader)
    assert again.skipped == 8 and not again.refused and again.exit_code == 1
    assert {Path(source).name.split(":")[0] for source, _ in again.still_refused} == {
        "empty.txt",
        "empty2.pdf",
        "corrupt.pdf",
        "procedures-broken.jsonl",
    }
    corrupt = str(folder / "corrupt.pdf")
    assert f"still refused (unchanged): {corrupt}: {refused['corrupt.pdf']}" in again.lines()
    retried = scan_paths([folder], store, workers=0, classifier_factory=loader, retry_failed=True)
    assert len(retried.refused) == 4 and retried.read == 0 and not retried.still_refused
    assert len(store.list_documents(status="failed")) == 4


def test_nothing_readable_exits_3(store, tmp_path, loader):
    (tmp_path / "empty.txt").write_bytes(b"")  # beside the store's SQLite file, which the scan leaves alone
    summary = scan_paths([tmp_path], store, workers=0, classifier_factory=loader)
    assert summary.exit_code == 3 and loader.calls == 0 and len(summary.refused) == 1


def test_identical_files_are_scanned_once(store, tmp_path, loader):
    (tmp_path / "copies").mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(FIXTURES / "luat_cu_tru_2020_dieu_20_22.txt", tmp_path / "copies" / name)
    summary = scan_paths([tmp_path / "copies"], store, workers=0, classifier_factory=loader)
    assert summary.read == 1 and summary.duplicates == 1


def test_the_audit_log_names_the_admin_who_ran_the_scan(store, tmp_path, loader):
    from reviewer import api

    admin = store.add_user("quan-tri", "mat-khau", "admin")
    (tmp_path / "so-tu-phap").mkdir()
    law = tmp_path / "so-tu-phap" / "luat.txt"
    shutil.copy(FIXTURES / "luat_cu_tru_2020_dieu_20_22.txt", law)
    (tmp_path / "so-tu-phap" / "empty.txt").write_bytes(b"")

    api.scan(store, admin, [tmp_path / "so-tu-phap"], workers=0, classifier_factory=loader)
    law.write_text(law.read_text("utf-8") + "\nĐiều 22a. Điều mới\nCông dân nộp bản sao giấy tờ.\n", "utf-8")
    api.scan(store, admin, [tmp_path / "so-tu-phap"], workers=0, classifier_factory=loader, actor="someone-else")

    entries = store.audit_log(entity="document")
    assert sorted(entry.action for entry in entries) == ["fail", "scan", "scan", "supersede"]
    assert {entry.actor for entry in entries} == {"quan-tri"}  # the acting user, whatever the options say


def test_reclassify_reads_again_what_another_model_classified_and_keeps_the_decisions(
    store, folder, loader, scan_model, tmp_path
):
    scan_paths([folder], store, workers=0, classifier_factory=loader)
    decided = store.list_findings(search="", order="position", limit=None)[0]
    store.decide(decided.proposal.id, "confirm", "lan", decided.proposal.version)
    newer = tmp_path / "newer-model"
    shutil.copytree(scan_model, newer)
    head = json.loads((newer / "head.json").read_text("utf-8"))
    head["version"] = "tiny-clauses-newer"
    (newer / "head.json").write_text(json.dumps(head), "utf-8")
    newer_loader = type(loader)(newer)  # the counting loader, on the newer folder

    plain = scan_paths([folder], store, workers=0, classifier_factory=newer_loader, model_dir=newer)
    assert plain.skipped == 8 and newer_loader.calls == 0  # unchanged files stay as they are by default

    again = scan_paths([folder], store, workers=0, classifier_factory=newer_loader, model_dir=newer, reclassify=True)
    assert again.read == 8 and again.skipped == 0 and newer_loader.calls == 1
    current = store.list_findings(search="", order="position", limit=None)
    assert {f.model_version for f in current} == {"tiny-clauses-newer"}
    carried = [f for f in current if f.document_source == decided.document_source and f.citation == decided.citation]
    assert carried and carried[0].proposal.status == "confirmed"
    assert len(store.list_documents()) == 8

    newer_loader.calls = 0
    settled = scan_paths([folder], store, workers=0, classifier_factory=newer_loader, model_dir=newer, reclassify=True)
    assert settled.skipped == 8 and newer_loader.calls == 0
