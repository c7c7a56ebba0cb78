"""What sits in a department's folder without being a document is left out, counted, and can be read on request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from scan_support import FIXTURES

from reviewer.cli import main
from reviewer.scan import scan_paths
from reviewer.scan.inputs import DEFAULT_EXCLUDES

NOTES = FIXTURES / "folder-notes"  # the head of /work/shared/data's README.md and files/MANIFEST.tsv


def _word_lock_file(user: str) -> bytes:
    """What Word leaves beside an open file (~$name.docx): the user's name, then padding, 162 bytes in all."""
    name = user.encode("latin-1")
    return (bytes([len(name)]) + name).ljust(54, b" ") + user.encode("utf-16-le").ljust(108, b"\x00")


@pytest.fixture
def cluttered(folder):
    """The scan folder as a department's share holds it: notes, tables, lock files and hidden things beside it."""
    shutil.copy(NOTES / "README.md", folder / "README.md")
    shutil.copy(NOTES / "MANIFEST.tsv", folder / "luat" / "MANIFEST.tsv")
    (folder / "luat" / "~$luat_cu_tru_2020_dieu_20_22.docx").write_bytes(_word_lock_file("lan"))
    (folder / "luat" / "Thumbs.db").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    (folder / "thu-tuc" / "danh-sach.csv").write_text("ma_thu_tuc,ten\n1.000178,Đăng ký thường trú\n", "utf-8")
    (folder / "thu-tuc" / "cau-hinh.json").write_text('{"department": "Sở Tư pháp"}\n', "utf-8")
    (folder / ".gitkeep").write_bytes(b"")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    return folder


def test_files_that_are_not_documents_are_left_out_and_counted(store, cluttered, loader):
    summary = scan_paths([cluttered], store, workers=0, classifier_factory=loader)

    assert summary.read == summary.inputs == 8 and not summary.refused and summary.exit_code == 0
    left_out = sorted(source.removeprefix(str(cluttered.resolve()) + "/") for source in summary.excluded)
    assert left_out == [
        ".git/",  # a hidden folder is left out whole, not file by file
        ".gitkeep",
        "README.md",
        "luat/MANIFEST.tsv",
        "luat/Thumbs.db",
        "luat/~$luat_cu_tru_2020_dieu_20_22.docx",
        "thu-tuc/cau-hinh.json",
        "thu-tuc/danh-sach.csv",
    ]
    stored = {row.source.rsplit("/", 1)[-1] for row in store.list_documents(status=None)}
    assert not stored & {"README.md", "MANIFEST.tsv", "Thumbs.db", "danh-sach.csv", "cau-hinh.json"}
    assert "8 excluded by name (not documents): " in "\n".join(summary.lines())

    # a second run counts them again: they are left out, not remembered
    again = scan_paths([cluttered], store, workers=0, classifier_factory=loader)
    assert again.skipped == 8 and len(again.excluded) == 8


def test_procedure_records_are_never_left_out_by_the_default_patterns(store, tmp_path, loader):
    records = (FIXTURES / "procedures-sample.jsonl").read_text("utf-8").splitlines(keepends=True)
    folder = tmp_path / "thu-tuc"
    folder.mkdir()
    (folder / "procedures-2025.jsonl").write_text("".join(records[:3]), "utf-8")
    (folder / "bo-tu-phap-xuat.jsonl").write_text("".join(records[3:]), "utf-8")  # a ministry's own file name
    other = folder / "ghi-chu.jsonl"
    other.write_text('{"ghi_chu": "not a portal record"}\n', "utf-8")

    summary = scan_paths([folder], store, workers=0, classifier_factory=loader)

    assert summary.read == 5 and summary.excluded == [str(other.resolve())]
    assert {row.source.rsplit("/", 1)[-1].split("#")[0] for row in store.list_documents()} == {
        "procedures-2025.jsonl",
        "bo-tu-phap-xuat.jsonl",
    }
    # named on its own, a procedures file is read too; another data table is not
    assert not scan_paths([folder / "procedures-2025.jsonl"], store, workers=0, classifier_factory=loader).excluded
    assert scan_paths([other], store, workers=0).excluded == [str(other.resolve())]


def _names(sources: list[str]) -> set[str]:
    return {Path(source).name + ("/" if source.endswith("/") else "") for source in sources}


def test_own_patterns_leave_out_more_and_the_defaults_can_be_switched_off(store, cluttered, loader):
    (cluttered / "luat" / "cu").mkdir()
    old_version = (FIXTURES / "luat_cu_tru_2020_dieu_23_24.txt").read_text("utf-8") + "\n(bản cũ)\n"
    (cluttered / "luat" / "cu" / "ban-cu.txt").write_text(old_version, "utf-8")

    own = scan_paths([cluttered], store, workers=0, classifier_factory=loader, exclude=["CU", "*.PDF"])
    assert {"cu/", "thong-tu-02-2021.pdf", "README.md"} <= _names(own.excluded)  # case does not matter
    assert own.read == 7  # two laws and five procedures

    by_path = scan_paths([cluttered], store, workers=0, classifier_factory=loader, exclude=["luat/*.txt"])
    assert {"luat_cu_tru_2020_dieu_20_22.txt", "luat_cu_tru_2020_dieu_23_24.txt"} <= _names(by_path.excluded)
    assert "ban-cu.txt" not in _names(by_path.excluded)  # luat/cu/ban-cu.txt is one folder deeper
    assert by_path.read == 2  # the PDF and the old law, left out before

    everything = scan_paths(
        [cluttered], store, workers=0, classifier_factory=loader, default_excludes=False, exclude=[".git"]
    )
    assert _names(everything.excluded) == {".git/"}
    tried = _names([source for source, _ in everything.refused]) | _names(
        [row.source for row in store.list_documents(status="scanned")]
    )
    assert {".gitkeep", "README.md", "MANIFEST.tsv", "Thumbs.db", "danh-sach.csv", "cau-hinh.json"} <= tried
    assert "~$luat_cu_tru_2020_dieu_20_22.docx" in tried
    assert everything.read + len(everything.refused) == 7


def test_the_command_documents_and_honours_the_exclusions(tmp_path, cluttered, scan_model):
    runner = CliRunner()
    help_text = " ".join(runner.invoke(main, ["scan", "--help"]).output.split())
    assert "--exclude GLOB" in help_text and "--no-default-excludes" in help_text
    assert all(pattern in help_text for pattern in DEFAULT_EXCLUDES)

    database = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    common = ["scan", str(cluttered), "--db", database, "--model", str(scan_model), "--workers", "0", "--quiet"]
    result = runner.invoke(main, [*common, "--exclude", "thu-tuc"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "3 documents found: 3 read" in result.output
    assert "7 excluded by name (not documents): " in result.output and "thu-tuc/" in result.output

    nothing = runner.invoke(main, [*common, "--exclude", "*"], catch_exceptions=False)
    assert nothing.exit_code == 3 and "0 documents found" in nothing.output


def test_patterns_match_names_written_decomposed_or_in_capitals():
    import unicodedata
    from pathlib import PurePosixPath

    from reviewer.scan.inputs import Exclusions

    exclusions = Exclusions(patterns=("lưu trữ", "bản nháp/*.docx"), defaults=False)
    decomposed = unicodedata.normalize("NFD", "Lưu Trữ")
    assert decomposed != "Lưu Trữ"
    assert exclusions.match(PurePosixPath(decomposed)) == "lưu trữ"
    assert exclusions.match(PurePosixPath(unicodedata.normalize("NFD", "Bản nháp/tờ trình.docx"))) is not None
    assert exclusions.match(PurePosixPath("luat-cu-tru.txt")) is None


def test_a_server_folder_scanned_by_mistake_yields_its_documents_only(store, tmp_path, loader):
    server = tmp_path / "etc"
    server.mkdir()
    (server / "postgresql.conf").write_text("listen_addresses = 'localhost'\nport = 5432\n", "utf-8")
    (server / "ca-certificates.crt").write_text("-----BEGIN CERTIFICATE-----\nMIIB\n", "utf-8")
    (server / "nhat-ky.log").write_text("2026-11-26 scan started\n", "utf-8")
    (server / "sao-luu.sh").write_text("#!/bin/sh\npg_dump reviewer\n", "utf-8")
    shutil.copy(FIXTURES / "luat_cu_tru_2020_dieu_20_22.txt", server / "luat.txt")

    summary = scan_paths([server], store, workers=0, classifier_factory=loader)

    assert summary.read == 1 and not summary.refused
    assert {Path(source).name for source in summary.excluded} == {
        "postgresql.conf",
        "ca-certificates.crt",
        "nhat-ky.log",
        "sao-luu.sh",
    }
