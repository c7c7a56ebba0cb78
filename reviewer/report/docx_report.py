"""The department's report as a Vietnamese administrative document (python-docx).

Layout after the usual form of a báo cáo: the issuing body and the Quốc hiệu side by side, the title, a
summary, then for each reviewed document a heading and a table of its findings, and the signature block.
A4 landscape, Times New Roman.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from itertools import groupby
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reviewer.store import ExportRow

from .labels import ACTION_NAMES, DECISION_NAMES, STATUS_NAMES, document_heading, paper_cell

FONT = "Times New Roman"
# (header, width in cm); the widths add up to the 25.7 cm between the margins of A4 landscape.
TABLE_COLUMNS = [
    ("STT", 1.3),
    ("Điều khoản", 2.3),
    ("Nội dung yêu cầu", 6.0),
    ("Loại giấy tờ", 2.4),
    ("Phương án đề xuất", 5.4),
    ("Căn cứ pháp lý", 3.6),
    ("Quyết định", 2.0),
    ("Lý do", 2.7),
]


def _set_font(run, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    run.font.name = FONT
    # Word picks the East Asian font slot for some Vietnamese characters; pin every slot.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _paragraph(container, text: str = "", size: float = 13, bold=False, italic=False, align=None, after=0):
    paragraph = container.add_paragraph()
    if text:
        _set_font(paragraph.add_run(text), size, bold, italic)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _cell_text(cell, text: str, size: float = 11, bold=False, italic=False, align=None) -> None:
    """Fill a fresh cell; line breaks in ``text`` become paragraphs."""
    lines = text.split("\n") if text else [""]
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        if align is not None:
            paragraph.alignment = align
        if line:
            _set_font(paragraph.add_run(line), size, bold, italic)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_widths(table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for index, width in enumerate(widths_cm):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)


def _landscape(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _header_block(document, issuer: str, place: str) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _set_widths(table, [10.2, 15.5])
    left, right = table.rows[0].cells
    _cell_text(left, issuer.upper(), size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, "—————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, "Số:        /BC-RS", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "———————————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    today = date.today()
    _paragraph(
        right,
        f"{place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
        size=13,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )


def _summary(document, rows: Sequence[ExportRow]) -> None:
    documents = len({row.document_id for row in rows})
    actions = Counter(row.action for row in rows if row.action)
    statuses = Counter(row.status for row in rows if row.status)
    _paragraph(
        document,
        "Thực hiện Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển "
        "đổi số quốc gia (Đề án 06, Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ), cơ quan "
        "đã rà soát các văn bản thuộc phạm vi quản lý để phát hiện các quy định yêu cầu tổ chức, cá nhân nộp, "
        "xuất trình bản chính, bản sao, bản sao có chứng thực hoặc giấy tờ giấy có thể thay thế bằng dữ liệu "
        "điện tử. Kết quả như sau:",
        after=6,
    ).paragraph_format.first_line_indent = Cm(1.0)
    lines = [
        f"Số văn bản đã rà soát: {documents}.",
        # Only what an officer confirmed counts as a requirement; model suggestions are reported as such.
        "Số quy định có yêu cầu nộp, xuất trình giấy tờ đã được xác nhận: "
        f"{sum(statuses[s] for s in ('confirmed', 'approved'))}; "
        f"gợi ý của mô hình chưa xử lý: {statuses['pending'] + statuses['returned']}; "
        f"đã từ chối: {statuses['rejected']}.",
    ]
    if actions:
        lines.append(
            "Phương án đề xuất: "
            + "; ".join(f"{ACTION_NAMES.get(a, a).lower()}: {n}" for a, n in actions.most_common())
            + "."
        )
    if statuses:
        lines.append(
            "Tình trạng xử lý: "
            + "; ".join(f"{STATUS_NAMES.get(s, s).lower()}: {n}" for s, n in statuses.most_common())
            + "."
        )
    for line in lines:
        paragraph = _paragraph(document, f"- {line}", after=2)
        paragraph.paragraph_format.first_line_indent = Cm(1.0)
    _paragraph(
        document,
        "Chi tiết từng văn bản tại các bảng dưới đây.",
        after=6,
    ).paragraph_format.first_line_indent = Cm(1.0)


def _decision_cell(row: ExportRow) -> str:
    if row.decision and row.decision != "undo":
        return DECISION_NAMES.get(row.decision, row.decision)
    return STATUS_NAMES.get(row.status or "", "")


def _proposal_cell(row: ExportRow) -> str:
    # The text alone: after an officer's edit it may no longer match the drafted action's name.
    return row.proposal_text or ""


def _document_table(document, rows: Sequence[ExportRow]) -> None:
    table = document.add_table(rows=1, cols=len(TABLE_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, (title, _) in zip(header.cells, TABLE_COLUMNS, strict=True):
        _cell_text(cell, title, size=11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, "E7ECF3")
    for number, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        _cell_text(cells[0], str(number), align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_text(cells[1], row.citation)
        _cell_text(cells[2], row.text)
        _cell_text(cells[3], paper_cell(row))
        _cell_text(cells[4], _proposal_cell(row))
        _cell_text(cells[5], "\n".join(f"- {basis}" for basis in row.legal_basis), size=10)
        _cell_text(cells[6], _decision_cell(row), align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_text(cells[7], row.reason or "", italic=True)
    _set_widths(table, [width for _, width in TABLE_COLUMNS])


def _signature(document, signer: str) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _set_widths(table, [12.0, 13.7])
    left, right = table.rows[0].cells
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in ("- Như trên;", "- Lưu: VT, PC."):
        _paragraph(left, line, size=11)
    _cell_text(right, signer.upper(), size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "(Ký, ghi rõ họ tên, đóng dấu)", size=12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def write_docx(rows: Sequence[ExportRow], out: Path, department: str | None, place: str = "........") -> None:
    """The report of ``department`` (or of every department in ``rows`` when None)."""
    document = new_docx()
    _landscape(document)
    departments = sorted({row.department or "" for row in rows})
    issuer = department or (departments[0] if len(departments) == 1 and departments[0] else "Cơ quan rà soát")
    _header_block(document, issuer, place)
    _paragraph(document, after=6)
    _paragraph(document, "BÁO CÁO", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        "Kết quả rà soát quy định về thành phần hồ sơ, giấy tờ yêu cầu nộp, xuất trình",
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, "theo Đề án 06", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _summary(document, rows)
    if not rows:
        _paragraph(document, "Chưa có quy định nào được phát hiện.", italic=True, after=6)
    ordered = sorted(rows, key=lambda r: (r.department or "", r.document_id, r.position))
    for index, (_, group) in enumerate(groupby(ordered, key=lambda r: r.document_id), start=1):
        group = list(group)
        first = group[0]
        heading = f"{index}. {document_heading(first)}"
        if department is None and len(departments) > 1 and first.department:
            heading += f" — {first.department}"
        _paragraph(document, heading, size=13, bold=True, after=4).paragraph_format.space_before = Pt(10)
        if first.document_number or first.document_source:
            _paragraph(document, f"Nguồn: {first.document_source}", size=11, italic=True, after=4)
        _document_table(document, group)
    _paragraph(document, after=6)
    _signature(document, "Thủ trưởng cơ quan")
    document.core_properties.title = "Báo cáo kết quả rà soát theo Đề án 06"
    document.core_properties.author = issuer
    document.save(str(out))
