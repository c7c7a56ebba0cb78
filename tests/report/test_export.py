"""Exports: what a department gets out of the review, as CSV, XLSX and its DOCX report."""

from __future__ import annotations

import csv
import shutil
import subprocess

import pytest
from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from reviewer import api
from reviewer.errors import BadInput
from reviewer.report import export
from reviewer.report.docx_report import TABLE_COLUMNS

DEPARTMENT = "Sở Tư pháp"
REJECT_REASON = "Giấy tờ chứng minh chỗ ở do người dân tự cung cấp"
EDITED = "Bãi bỏ; người dân kê khai trên biểu mẫu điện tử tại Cổng Dịch vụ công quốc gia."


@pytest.fixture
def reviewed(store, people, cu_tru, khai_sinh):
    """Two documents of Sở Tư pháp, one of Sở Y tế; three proposals decided."""
    api.save_scan(store, people.admin, cu_tru[0].source, "h1", *cu_tru, department=DEPARTMENT)
    api.save_scan(store, people.admin, khai_sinh[0].source, "h2", *khai_sinh, department=DEPARTMENT)
    api.save_scan(store, people.admin, "khac.pdf", "h3", *khai_sinh, department="Sở Y tế")
    rows = api.list_findings(store, people.officer, order="position", limit=None)
    api.decide(store, people.officer, rows[0].proposal.id, "confirm", 0)
    api.decide(store, people.officer, rows[1].proposal.id, "reject", 0, reason=REJECT_REASON)
    api.decide(store, people.officer, rows[2].proposal.id, "edit", 0, text=EDITED)
    return store


def test_csv_has_every_finding_in_order(reviewed, tmp_path):
    out = export(reviewed, "csv", tmp_path / "ket-qua.csv", department=DEPARTMENT)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Vietnamese right
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = reviewed.export_rows(DEPARTMENT)
    assert len(rows) == len(expected) and {r["department"] for r in rows} == {DEPARTMENT}
    assert [r["citation"] for r in rows] == [e.citation for e in expected]
    rejected = [r for r in rows if r["decision"] == "reject"]
    assert len(rejected) == 1 and rejected[0]["reason"] == REJECT_REASON
    assert any(r["proposal"] == EDITED and r["status"] == "confirmed" for r in rows)
    household = [r for r in rows if r["document_kind"] == "so_ho_khau"]
    assert household and all("01/01/2023" in r["legal_basis"] for r in household)


def test_xlsx_reads_in_vietnamese(reviewed, tmp_path):
    out = export(reviewed, "xlsx", tmp_path / "ket-qua.xlsx")
    sheet = load_workbook(out).active
    headers = [cell.value for cell in sheet[2]]
    assert headers[:6] == ["Cơ quan", "Số hiệu", "Văn bản", "Tệp nguồn", "Điều khoản", "Nội dung yêu cầu"]
    data = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(data) == len(reviewed.export_rows())
    status = headers.index("Trạng thái")
    assert {row[status] for row in data} >= {"Chưa xử lý", "Đã xác nhận", "Đã từ chối"}
    assert sheet.freeze_panes == "A3"


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_docx_is_laid_out_as_an_administrative_report(reviewed, tmp_path):
    out = export(reviewed, "docx", tmp_path / "bao-cao.docx", department=DEPARTMENT)
    document = open_docx(out)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    text = _all_text(document)
    for expected in (
        "SỞ TƯ PHÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "theo Đề án 06",
        "Nơi nhận:",
    ):
        assert expected in text
    assert "Sở Y tế" not in text  # another department's documents stay out of this report
    finding_tables = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    assert len(finding_tables) == 2  # one table per document
    assert [c.text for c in finding_tables[0].rows[0].cells] == [title for title, _ in TABLE_COLUMNS]
    rows = reviewed.export_rows(DEPARTMENT)
    assert sum(len(t.rows) - 1 for t in finding_tables) == len(rows)
    body = finding_tables[0].rows[1].cells
    assert body[0].text == "1" and body[1].text == rows[0].citation
    # the clause under its lead-in, which says that the item is required
    assert body[2].text.splitlines()[-1] == rows[0].text and rows[0].context.endswith(
        body[2].text.splitlines()[0][-40:]
    )
    assert REJECT_REASON in text and EDITED in text
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                fonts |= {run.font.name for p in cell.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="needs LibreOffice")
def test_docx_opens_in_libreoffice(reviewed, tmp_path):
    out = export(reviewed, "docx", tmp_path / "bao-cao.docx", department=DEPARTMENT)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bao-cao.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Phương án đề xuất" in text and "Luật Cư trú" in text


def test_unknown_format_is_refused(reviewed, tmp_path):
    with pytest.raises(BadInput):
        export(reviewed, "pdf", tmp_path / "x.pdf")


def test_an_empty_department_still_gets_a_report(store, tmp_path):
    document = open_docx(export(store, "docx", tmp_path / "rong.docx", department="Sở Xây dựng"))
    assert "Chưa có quy định nào được phát hiện." in _all_text(document)


@pytest.mark.parametrize(
    ("title", "kind", "number", "heading"),
    [
        ("CƯ TRÚ", "Luật", "68/2020/QH14", "Luật Cư trú số 68/2020/QH14"),
        ("QUỐC TỊCH VIỆT NAM", "Luật", "24/2008/QH12", "Luật Quốc tịch Việt Nam số 24/2008/QH12"),
        (
            "Quy định chi tiết một số điều của Luật Cư trú",
            "Nghị định",
            "62/2021/NĐ-CP",
            "Nghị định số 62/2021/NĐ-CP quy định chi tiết một số điều của Luật Cư trú",
        ),
        (
            "Thủ tục đăng ký lại khai sinh",
            "Thủ tục hành chính",
            "163/QĐ-BTP",
            "Thủ tục đăng ký lại khai sinh (163/QĐ-BTP)",
        ),
        (None, "Thông tư", "79/2024/TT-BCA", "Thông tư số 79/2024/TT-BCA"),
        (None, None, None, "scan-0001.pdf"),
    ],
)
def test_documents_are_named_as_officers_name_them(title, kind, number, heading):
    from reviewer.report.labels import document_heading
    from reviewer.store import ExportRow

    row = ExportRow(
        department=None,
        document_id=1,
        document_source="/srv/reviewer/uploads/scan-0001.pdf",
        document_number=number,
        document_title=title,
        position=0,
        citation="",
        text="",
        context="",
        label="copy",
        score=0.9,
        document_kind=None,
        action=None,
        proposal_text=None,
        legal_basis=(),
        status=None,
        decision=None,
        reviewer=None,
        reason=None,
        decided_at=None,
        document_type=kind,
    )
    assert document_heading(row) == heading


def test_an_undone_decision_reads_in_vietnamese_in_the_xlsx_and_the_report(reviewed, people, tmp_path):
    api.undo_last(reviewed, people.officer)  # takes back the edit of the third finding
    sheet = load_workbook(export(reviewed, "xlsx", tmp_path / "ket-qua.xlsx", department=DEPARTMENT)).active
    headers = [cell.value for cell in sheet[2]]
    reasons = [row[headers.index("Lý do")] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "Hoàn tác quyết định «Sửa và xác nhận»" in reasons
    report = _all_text(open_docx(export(reviewed, "docx", tmp_path / "bao-cao.docx", department=DEPARTMENT)))
    assert "Hoàn tác quyết định «Sửa và xác nhận»" in report and "undo decision" not in report
    with export(reviewed, "csv", tmp_path / "ket-qua.csv", department=DEPARTMENT).open(encoding="utf-8-sig") as f:
        assert any(r["reason"].startswith("undo decision ") for r in csv.DictReader(f))  # the audit's own words


def test_the_report_says_who_took_each_decision_and_when(reviewed, tmp_path):
    document = open_docx(export(reviewed, "docx", tmp_path / "bao-cao.docx", department=DEPARTMENT))
    rows = [r for t in document.tables if t.rows[0].cells[0].text == "STT" for r in t.rows[1:]]
    rejected = next(r for r in rows if r.cells[7].text == REJECT_REASON)
    decision, who = rejected.cells[6].text.splitlines()
    assert decision == "Từ chối" and who.startswith("(lan, ") and who.endswith(")")
    pending = next(r for r in rows if r.cells[6].text == "Chưa xử lý")  # nobody decided it: nobody is named
    assert "(" not in pending.cells[6].text
