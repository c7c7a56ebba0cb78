"""One real scanned page of Luật Cư trú 2020 (stamps, speckles): OCR with Tesseract 'vie'."""

import re
import shutil
from pathlib import Path

import pytest

from reviewer.errors import UnreadableDocument
from reviewer.read import read_file
from reviewer.read.ocr import clean_line, tsv_lines

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


@needs_tesseract
def test_scanned_page_of_luat_cu_tru(fixtures: Path) -> None:
    doc = read_file(fixtures / "luat_cu_tru_p11_scan.pdf")
    assert doc.format == "pdf-ocr" and doc.pages == 1
    texts = [b.text for b in doc.blocks]
    assert all(b.page == 1 for b in doc.blocks)
    # khoản and điểm open their own blocks, wrapped lines are joined
    assert any(re.match(r"^6\. Hồ sơ đăng ký thường trú đối với người quy định tại khoản 5 Điều 20", t) for t in texts)
    assert any(t.startswith("a) Tờ khai thay đổi thông tin cư trú") for t in texts)
    assert any(t.startswith("c) Giấy tờ, tài liệu xác nhận về việc chăm sóc, nuôi dưỡng, trợ giúp") for t in texts)
    points = [t for t in texts if re.match(r"^[a-dđ]\) ", t)]
    assert len(points) >= 7
    # the page number "11" printed at the top is not a block
    assert "11" not in texts


def test_ocr_line_cleanup() -> None:
    assert clean_line("_ Điều 20 của Luật này bao gồm: _") == "Điều 20 của Luật này bao gồm:"
    assert clean_line("| ©) Giấy tờ, tài liệu") == "c) Giấy tờ, tài liệu"
    assert clean_line("$. Người được chăm sóc") == "5. Người được chăm sóc"
    assert clean_line("bằng văn bản; Ạ") == "bằng văn bản;"


def test_tsv_lines_group_words_and_measure_width() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t10\t300\t20\t95\ta)",
        "5\t1\t1\t1\t1\t2\t420\t10\t1580\t20\t93\tTờ khai thay đổi thông tin cư trú;",
        "5\t1\t1\t1\t2\t1\t100\t40\t500\t20\t90\tb) Giấy tờ",
        "5\t1\t2\t1\t1\t1\t1500\t90\t40\t20\t12\t~",
    ]
    lines = tsv_lines("\n".join([header, *rows]), 3)
    assert [(ln.text, ln.page) for ln in lines] == [("a) Tờ khai thay đổi thông tin cư trú;", 3), ("b) Giấy tờ", 3)]
    assert lines[0].fill == pytest.approx(1.0)
    assert lines[1].fill < 0.3


@needs_tesseract
def test_worker_errors_come_back_as_domain_errors(fixtures: Path) -> None:
    from reviewer.read.ocr import ocr_pdf_pages

    with pytest.raises(UnreadableDocument, match="page 6 cannot be rendered"):
        ocr_pdf_pages(fixtures / "luat_cu_tru_p11_scan.pdf", [5, 6], workers=2)
