"""Every refusal the library can put in front of a desk user has Vietnamese words; names read like citations."""

from __future__ import annotations

import ast
import re

import pytest
from desk_helpers import ROOT

from reviewer.errors import BadInput, DecisionConflict, PermissionDenied, ReviewerError, UnreadableDocument
from reviewer.scan.summary import ScanSummary
from reviewer.ui.common import error_message, refusal_reason
from reviewer.ui.texts import document_short_name, reason_text

# The code whose refusals reach the desk: the API, the store, the desk itself, the readers behind an upload, the
# exports, and the scan (its reasons for refusing a file are stored and shown in the documents list).
SOURCES = [
    ROOT / "reviewer" / "api.py",
    ROOT / "reviewer" / "store" / "store.py",
    ROOT / "reviewer" / "report" / "__init__.py",
    *sorted((ROOT / "reviewer" / "ui").glob("*.py")),
    *sorted((ROOT / "reviewer" / "read").glob("*.py")),
    *sorted((ROOT / "reviewer" / "scan").glob("*.py")),
]
ERRORS = {
    "ReviewerError",
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
    if isinstance(node, ast.BoolOp):  # `error.reason or f"not a JSON object ({…})"`: the fallback is the text
        return _sample(node.values[-1])
    return None


def _stored_reason(node: ast.AST) -> ast.expr | None:
    """A refusal reason the scan stores without raising: ``reason=…`` in a call, ``reason = …``,
    ``outcome.reason = …``, and a ``ListingProblem``'s fourth argument."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if getattr(target, "id", None) == "reason" or getattr(target, "attr", None) == "reason":
            return node.value
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name == "ListingProblem" and len(node.args) >= 4:
            return node.args[3]
        return next((k.value for k in node.keywords if k.arg == "reason"), None)
    return None


def _reasons() -> list[tuple[str, str]]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            stored = _stored_reason(node) if path.parent.name == "scan" else None
            text = _sample(stored) if stored is not None else None
            if text is not None:
                found.append((f"{path.name}:{node.lineno}", text))
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
            elif name == "for_role" and len(node.args) >= 3:
                found.append((f"{path.name}:{node.lineno}", f"a department user may not {_sample(node.args[2])}"))
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


def test_an_unexpected_error_says_so_without_repeating_itself(caplog):
    message = error_message(ReviewerError("scan", "the moon fell on the reader"))
    assert message == "Không thực hiện được: lỗi ngoài dự kiến; hãy báo quản trị hệ thống."
    assert message.lower().count("không thực hiện được") == 1
    assert "the moon fell on the reader" in caplog.text


def test_the_scans_reasons_were_read():
    reasons = {reason for where, reason in REASONS}
    assert "out of memory while reading" in reasons
    assert any(reason.startswith("the reader process died while reading") for reason in reasons)
    assert any(reason.startswith("internal error while classifying") for reason in reasons)


def test_what_the_scan_stores_for_a_refused_file_is_shown_in_vietnamese_without_a_warning(caplog):
    stored = {
        "the reader process died while reading /data/so-tu-phap/qd-12.pdf (killed by SIGKILL, perhaps out of memory)": (
            "tiến trình đọc tệp bị dừng đột ngột khi đọc tệp này (tệp hỏng hoặc máy chủ thiếu bộ nhớ)"
        ),
        "out of memory while reading": "máy chủ hết bộ nhớ khi đọc tệp này",
        "internal error while reading (KeyError: 'w:body')": "lỗi nội bộ khi đọc tệp; hãy báo quản trị hệ thống",
        "unreadable": "không đọc được tệp",
    }
    for reason, expected in stored.items():
        assert refusal_reason(reason) == expected
    assert "no Vietnamese text" not in caplog.text


def test_the_scans_exclusion_summary_has_vietnamese_words():
    summary = ScanSummary(excluded=["/data/so-tu-phap/README.md", "/data/so-tu-phap/.git/"])
    [line] = [line for line in summary.lines() if "excluded" in line]
    assert reason_text(line) == "2 tệp, thư mục bị loại theo tên (không phải văn bản): .git/, README.md"


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
        ("24/2008/QH12", "Luật", "QUỐC TỊCH VIỆT NAM", "l.txt", "Luật Quốc tịch Việt Nam 24/2008/QH12"),
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


def test_two_uploads_of_one_document_are_told_apart_by_file_name_never_by_server_path():
    from types import SimpleNamespace

    from reviewer.ui.queue import document_name

    def stored(source: str):
        return SimpleNamespace(number="02/2021/TT-BTC", type="Thông tư", title="Quy định mức thu phí", source=source)

    first = document_name(stored("/srv/uploads/tt-02-2021.pdf"))
    second = document_name(stored("/srv/uploads/ban-sua/tt-02-2021-ban-2.docx"))
    assert first == "Thông tư 02/2021/TT-BTC · tt-02-2021.pdf"
    assert second == "Thông tư 02/2021/TT-BTC · tt-02-2021-ban-2.docx"
    untitled = SimpleNamespace(number=None, type=None, title=None, source="C:\\Users\\lan\\quy-che.docx")
    assert document_name(untitled) == "quy-che.docx"
