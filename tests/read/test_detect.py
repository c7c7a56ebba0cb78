"""Format from the content, never the name; refusals before any parsing."""

import shutil
import zipfile
from pathlib import Path

import pytest

from reviewer.config import settings
from reviewer.errors import DocumentTooLarge, UnreadableDocument, UnsupportedFormat
from reviewer.read import detect_format, read_file


def test_formats_by_content(fixtures: Path, tmp_path: Path) -> None:
    assert detect_format(fixtures / "luat_can_cuoc_p1-3_cong_bao.pdf") == "pdf"
    assert detect_format(fixtures / "ho_so_thuong_tru_table.docx") == "docx"
    assert detect_format(fixtures / "luat_pccc_2001.doc") == "doc"
    # names lie: a .doc named .docx, a PDF named .txt, a DOCX named .pdf
    shutil.copy(fixtures / "luat_pccc_2001.doc", tmp_path / "luat.docx")
    shutil.copy(fixtures / "luat_can_cuoc_p1-3_cong_bao.pdf", tmp_path / "luat.txt")
    shutil.copy(fixtures / "ho_so_thuong_tru_table.docx", tmp_path / "hoso.pdf")
    assert detect_format(tmp_path / "luat.docx") == "doc"
    assert detect_format(tmp_path / "luat.txt") == "pdf"
    assert detect_format(tmp_path / "hoso.pdf") == "docx"
    text = tmp_path / "a.bin"
    text.write_text("Điều 1. Phạm vi điều chỉnh", encoding="utf-16")
    assert detect_format(text) == "text"


def test_refuses_images_archives_and_binary(tmp_path: Path) -> None:
    png = tmp_path / "scan.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(UnsupportedFormat, match="scan.pdf"):
        read_file(png)
    archive = tmp_path / "bundle.docx"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "not a word document")
    with pytest.raises(UnsupportedFormat, match="ZIP archive"):
        read_file(archive)
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormat):
        read_file(blob)


def test_empty_missing_and_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableDocument, match="empty"):
        read_file(empty)
    with pytest.raises(UnreadableDocument, match="cannot open"):
        read_file(tmp_path / "missing.pdf")
    monkeypatch.setenv("REVIEWER_MAX_FILE_BYTES", "1000")
    settings.cache_clear()
    try:
        with pytest.raises(DocumentTooLarge, match="over the limit"):
            read_file(fixtures / "luat_pccc_2001.doc")
    finally:
        monkeypatch.delenv("REVIEWER_MAX_FILE_BYTES")
        settings.cache_clear()


def test_too_many_pages(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    monkeypatch.setenv("REVIEWER_MAX_PAGES", "2")
    settings.cache_clear()
    try:
        with pytest.raises(DocumentTooLarge, match="3 pages"):
            read_file(fixtures / "luat_can_cuoc_p1-3_cong_bao.pdf")
    finally:
        monkeypatch.delenv("REVIEWER_MAX_PAGES")
        settings.cache_clear()
