"""CSV (for machines: stable English column names, UTF-8 with BOM so Excel reads Vietnamese) and XLSX."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from reviewer.store import ExportRow

from .labels import ACTION_NAMES, DECISION_NAMES, LABEL_NAMES, STATUS_NAMES, kind_name, reason_text

# (csv column, xlsx header, column width in characters, value)
COLUMNS = [
    ("department", "Cơ quan", 18, lambda r: r.department or ""),
    ("document_number", "Số hiệu", 16, lambda r: r.document_number or ""),
    ("document_title", "Văn bản", 30, lambda r: r.document_title or ""),
    ("document_source", "Tệp nguồn", 24, lambda r: r.document_source),
    ("citation", "Điều khoản", 22, lambda r: r.citation),
    ("text", "Nội dung yêu cầu", 60, lambda r: r.text),
    ("context", "Câu dẫn", 30, lambda r: r.context),
    ("label", "Loại yêu cầu", 20, lambda r: r.label),
    ("score", "Độ tin cậy", 10, lambda r: round(r.score, 4)),
    ("document_kind", "Loại giấy tờ", 24, lambda r: r.document_kind or ""),
    ("action", "Phương án", 20, lambda r: r.action or ""),
    ("proposal", "Nội dung đề xuất", 60, lambda r: r.proposal_text or ""),
    ("legal_basis", "Căn cứ pháp lý", 50, lambda r: "\n".join(r.legal_basis)),
    ("status", "Trạng thái", 14, lambda r: r.status or ""),
    ("decision", "Quyết định", 14, lambda r: r.decision or ""),
    ("reviewer", "Người xử lý", 14, lambda r: r.reviewer or ""),
    ("reason", "Lý do", 30, lambda r: r.reason or ""),
    (
        "decided_at",
        "Thời điểm",
        20,
        lambda r: r.decided_at.isoformat(timespec="seconds") if r.decided_at else "",
    ),
]

# In the spreadsheet people read, codes become Vietnamese words.
_READABLE = {
    "label": lambda r: LABEL_NAMES.get(r.label, r.label),
    "document_kind": lambda r: kind_name(r.document_kind),
    "action": lambda r: ACTION_NAMES.get(r.action or "", r.action or ""),
    "status": lambda r: STATUS_NAMES.get(r.status or "", r.status or ""),
    "decision": lambda r: DECISION_NAMES.get(r.decision or "", r.decision or ""),
    "reason": reason_text,
    "legal_basis": lambda r: "\n".join(f"- {b}" for b in r.legal_basis),
}


def write_csv(rows: Sequence[ExportRow], out: Path) -> None:
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, *_ in COLUMNS])
        for row in rows:
            writer.writerow([value(row) for *_, value in COLUMNS])


def write_xlsx(rows: Sequence[ExportRow], out: Path, title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Kết quả rà soát"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([header for _, header, *_ in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        sheet.append([_READABLE.get(name, value)(row) for name, _, _, value in COLUMNS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, (_, _, width, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = wrap
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{max(2, len(rows) + 2)}"
    book.save(out)
