"""Vietnamese names for what the exports print: labels, actions, statuses, decisions, document kinds."""

from __future__ import annotations

from reviewer.propose import default_rules
from reviewer.store import ExportRow

LABEL_NAMES = {
    "certified_copy": "Bản sao có chứng thực",
    "original": "Bản chính",
    "copy": "Bản sao",
    "paper_document": "Đơn, tờ khai, giấy tờ",
    "none": "Không phải yêu cầu giấy tờ",
}
ACTION_NAMES = {
    "abolish": "Bãi bỏ",
    "database_lookup": "Khai thác cơ sở dữ liệu",
    "electronic_copy": "Chấp nhận bản điện tử",
    "electronic_form": "Biểu mẫu điện tử",
    "drop_certification": "Bỏ yêu cầu chứng thực",
    "keep": "Giữ nguyên",
}
STATUS_NAMES = {
    "pending": "Chưa xử lý",
    "confirmed": "Đã xác nhận",
    "rejected": "Không chấp nhận",
    "approved": "Đã phê duyệt",
    "returned": "Trả lại",
}
DECISION_NAMES = {
    "confirm": "Xác nhận",
    "edit": "Sửa và xác nhận",
    "reject": "Không chấp nhận",
    "approve": "Phê duyệt",
    "return": "Trả lại",
    "undo": "Hoàn tác",
}


def kind_name(kind: str | None) -> str:
    if not kind:
        return ""
    spec = default_rules().kinds.get(kind) or {}
    name = spec.get("name", kind)
    return name[:1].upper() + name[1:]


def paper_cell(row: ExportRow) -> str:
    """'Sổ hộ khẩu (bản sao)': the kind of paper and the form asked for."""
    form = LABEL_NAMES.get(row.label, row.label)
    name = kind_name(row.document_kind)
    if not name:
        return form
    if row.label == "paper_document":
        return name
    return f"{name} ({form[:1].lower() + form[1:]})"


def document_heading(row: ExportRow) -> str:
    """'Luật Cư trú số 68/2020/QH14' or the source file when the document's identity is unknown."""
    title = (row.document_title or "").strip()
    number = (row.document_number or "").strip()
    if title and number:
        return f"{title} (số {number})" if number not in title else title
    return title or (f"Văn bản số {number}" if number else row.document_source)
