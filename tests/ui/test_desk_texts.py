"""Every refusal the library can put in front of a desk user has Vietnamese words; names read like citations."""

from __future__ import annotations

import ast
import re

import pytest
from desk_helpers import ROOT

from reviewer.errors import BadInput, DecisionConflict, PermissionDenied, UnreadableDocument
from reviewer.ui.common import error_message, refusal_reason
from reviewer.ui.texts import document_short_name, reason_text

# The code whose refusals reach the desk: the API, the store, the desk itself, the readers behind an upload, and
# the exports.
SOURCES = [
    ROOT / "reviewer" / "api.py",
    ROOT / "reviewer" / "store" / "store.py",
    ROOT / "reviewer" / "report" / "__init__.py",
    *sorted((ROOT / "reviewer" / "ui").glob("*.py")),
    *sorted((ROOT / "reviewer" / "read").glob("*.py")),
]
ERRORS = {
    "BadInput",
    "PermissionDenied",
    "DecisionConflict",
    "StoreUnavailable",
    "UnreadableDocument",
    "UnsupportedFormat",
    "EncryptedDocument",
    "DocumentTooLarge",
    "ConverterMissing",
}
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)


def _sample(node: ast.expr) -> str | None:
    """The text of a reason argument, with '1' for each value formatted into it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_sample(part) or "1" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sample(node.left), _sample(node.right)
        return (left or "1") + (right or "1") if left or right else None
    if isinstance(node, ast.IfExp):
        return _sample(node.body)
    return None


def _reasons() -> list[tuple[str, str]]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            argument = None
            if name in ERRORS and len(node.args) >= 2:
                argument = node.args[1]
            elif name == "_conflict" and len(node.args) >= 3:
                argument = node.args[2]
            elif name in ("_deny", "_require_admin") and len(node.args) >= 2:
                found.append((f"{path.name}:{node.lineno}", f"an officer user may not {_sample(node.args[1])}"))
            for keyword in node.keywords:
                if keyword.arg == "what" and name == "_require":
                    found.append((f"{path.name}:{node.lineno}", f"a head user may not {_sample(keyword.value)}"))
            text = _sample(argument) if argument is not None else None
            if text is not None:
                found.append((f"{path.name}:{node.lineno}", text))
    return found


REASONS = _reasons()


def test_the_code_was_read():
    assert len(REASONS) > 60
    assert any("may not" in reason for _, reason in REASONS)


@pytest.mark.parametrize("where, reason", REASONS, ids=[where for where, _ in REASONS])
def test_every_refusal_reason_has_vietnamese_words(where, reason):
    text = reason_text(reason)
    assert text is not None, f"{where}: no Vietnamese for {reason!r} in reviewer/ui/texts.py REASONS"
    assert VIETNAMESE.search(text), text


def test_the_desk_shows_a_refusal_without_the_libraries_english():
    denied = PermissionDenied("so-tu-phap", "a department user may not confirm proposals")
    assert error_message(denied) == (
        "⛔ Không có quyền: tài khoản so-tu-phap — vai trò Đơn vị (Sở, ngành) không được xác nhận phương án."
    )
    refused = BadInput("proposal 12", "cannot approve a proposal that is pending")
    assert (
        error_message(refused) == "Không thực hiện được: không thể phê duyệt phương án đang ở trạng thái «Chưa xử lý»."
    )
    unread = UnreadableDocument("/tmp/reviewer-upload-x/nghi-dinh.pdf", "corrupt or truncated PDF (EOF marker)")
    assert error_message(unread) == "Không đọc được tệp «nghi-dinh.pdf»: tệp PDF bị hỏng hoặc không trọn vẹn."
    rescanned = DecisionConflict("proposal 3", "its document was re-scanned; decide on the new version (proposal 9)")
    assert "vừa được quét lại" in error_message(rescanned)


def test_a_reason_nobody_translated_yet_is_still_vietnamese(caplog):
    novel = BadInput("x", "the moon is not made of cheese")
    assert error_message(novel) == "Không thực hiện được: dữ liệu nhập không hợp lệ."
    assert "the moon is not made of cheese" in caplog.text  # kept in English for the administrator
    assert refusal_reason("something new broke") == "không đọc được tệp"


def test_reasons_stored_with_refused_uploads_are_shown_in_vietnamese():
    assert refusal_reason("binary content (image, archive or program), not a document") == (
        "tệp ảnh, tệp nén hoặc chương trình, không phải văn bản"
    )
    assert refusal_reason("31.5 MB exceeds the limit of 30 MB") == "tệp 31.5 MB, vượt giới hạn 30 MB"


@pytest.mark.parametrize(
    "number, kind, title, source, expected",
    [
        ("68/2020/QH14", "Luật", "Luật Cư trú", "luat.txt", "Luật Cư trú 68/2020/QH14"),
        ("68/2020/QH14", "Luật", "CƯ TRÚ", "luat.txt", "Luật Cư trú 68/2020/QH14"),
        (
            "104/2022/NĐ-CP",
            "Nghị định",
            "Sửa đổi, bổ sung một số điều của các nghị định …",
            "x.pdf",
            "Nghị định 104/2022/NĐ-CP",
        ),
        (
            "163/QĐ-BTP",
            "Thủ tục hành chính",
            "Thủ tục đăng ký lại khai sinh",
            "p.jsonl",
            "Thủ tục đăng ký lại khai sinh (163/QĐ-BTP)",
        ),
        (None, None, None, "/data/so-tu-phap/quy-che.docx", "quy-che.docx"),
    ],
)
def test_a_document_short_name(number, kind, title, source, expected):
    assert document_short_name(number, kind, title, source) == expected
