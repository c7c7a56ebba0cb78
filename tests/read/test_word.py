"""DOCX tables in body order without merged-cell duplicates; legacy .doc through the converter."""

import shutil
import zipfile
from pathlib import Path

import pytest

from reviewer.errors import ReviewerError, UnreadableDocument
from reviewer.read import read_file
from reviewer.read.word import read_doc


def test_docx_paragraphs_and_tables_in_body_order(fixtures: Path) -> None:
    doc = read_file(fixtures / "ho_so_thuong_tru_table.docx")
    assert doc.format == "docx" and doc.pages is None
    kinds = [b.kind for b in doc.blocks]
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "Điều 21. Hồ sơ đăng ký thường trú"
    # a paragraph with a manual line break holding two points becomes two blocks
    assert "a) Tờ khai thay đổi thông tin cư trú;" in texts
    assert "b) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp." in texts
    header = texts.index("Thành phần hồ sơ:")
    assert kinds[header + 1] == "table_row"
    assert doc.blocks[header + 1].cells == ("Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng")
    assert doc.blocks[header + 3].cells[2] == "0 bản chính, 1 bản sao"
    assert texts[-1] == "Điều 22. Thủ tục đăng ký thường trú"
    assert all(b.page is None for b in doc.blocks)


def test_docx_merged_cells_not_duplicated(fixtures: Path) -> None:
    rows = [b.cells for b in read_file(fixtures / "ho_so_thuong_tru_table.docx").blocks if b.kind == "table_row"]
    assert ("Hồ sơ nộp trực tiếp hoặc qua bưu chính",) in rows  # merged across three columns: once
    assert ("Công dân Việt Nam", "Thẻ căn cước") in rows
    assert ("", "Giấy khai sinh") in rows  # vertical merge continues: not repeated


@pytest.mark.parametrize("name", ["luat_pccc_2001.doc", "renamed.docx"])
def test_legacy_doc_read_whatever_its_name(fixtures: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    shutil.copy(fixtures / "luat_pccc_2001.doc", path)
    doc = read_file(path)
    assert doc.format == "doc"
    texts = [b.text for b in doc.blocks]
    assert "Điều 1. Phòng cháy và chữa cháy" in texts[:80] or any(t.startswith("Điều 1.") for t in texts)
    assert any(t.startswith("Điều 5. Trách nhiệm phòng cháy và chữa cháy") for t in texts)
    assert sum(len(t) for t in texts) > 30000


def test_antiword_fallback_reads_the_same_law(fixtures: Path) -> None:
    if not shutil.which("antiword"):
        pytest.skip("antiword not installed")
    doc = read_doc(fixtures / "luat_pccc_2001.doc", converter="antiword")
    assert any(b.text.startswith("Điều 5. Trách nhiệm phòng cháy và chữa cháy") for b in doc.blocks)


def test_corrupt_docx_and_doc(fixtures: Path, tmp_path: Path) -> None:
    data = (fixtures / "ho_so_thuong_tru_table.docx").read_bytes()
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableDocument, match="cut.docx"):
        read_file(truncated)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(UnreadableDocument, match="broken.docx"):
        read_file(broken)
    doc_bytes = (fixtures / "luat_pccc_2001.doc").read_bytes()
    cut_doc = tmp_path / "cut.doc"
    cut_doc.write_bytes(doc_bytes[:4096])
    with pytest.raises(ReviewerError, match="cut.doc"):
        read_file(cut_doc)
