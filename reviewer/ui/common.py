"""Streamlit plumbing shared by the pages: the cached store and classifier, the signed-in user, messages."""

from __future__ import annotations

import logging
from datetime import datetime

import streamlit as st

from reviewer import api
from reviewer.config import settings
from reviewer.errors import (
    BadInput,
    ConverterMissing,
    DecisionConflict,
    DocumentTooLarge,
    EncryptedDocument,
    ModelNotFound,
    PermissionDenied,
    ReviewerError,
    StoreUnavailable,
    UnreadableDocument,
    UnsupportedFormat,
)
from reviewer.report.labels import file_name
from reviewer.store import DecisionRow, Store, User

from .services import active_model_dir, open_store
from .texts import decision_name, reason_text, status_name

_log = logging.getLogger(__name__)

SIGN_IN = "sign_in"  # session key of this page's sign-in token (see app._sign_in)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)


def get_store() -> Store:
    return _store(settings().effective_database_url)


@st.cache_resource(show_spinner="Đang nạp mô hình phân loại…")
def _classifier(path: str):
    from reviewer.classify import load_classifier

    return load_classifier(path)


def get_classifier():
    return _classifier(str(active_model_dir()))


def forget_classifier() -> None:
    _classifier.clear()


def current_user(store: Store) -> User | None:
    """The signed-in user, re-read on every run so that a disabled account or a new role applies at once."""
    user = st.session_state.get("user")
    if user is None:
        return None
    token = st.session_state.get(SIGN_IN)
    # With a sign-in token, a new password or a disabled account (which end it) signs this page out too.
    fresh = api.resume_sign_in(store, token) if token else store.get_user(user.username)
    if fresh is None or not fresh.active:
        st.session_state.pop("user", None)
        st.session_state.pop(SIGN_IN, None)
        st.query_params.clear()
        account = store.get_user(user.username)
        if account is not None and account.active:
            flash("warning", "Phiên đăng nhập đã hết hạn hoặc mật khẩu vừa được đổi; vui lòng đăng nhập lại.")
        else:
            flash("warning", "Tài khoản đã bị khóa hoặc không còn tồn tại; vui lòng đăng nhập lại.")
        return None
    st.session_state["user"] = fresh
    return fresh


def flash(kind: str, message: str) -> None:
    """A message shown once, at the top of the next run (callbacks run before the page is drawn)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flashes() -> None:
    for kind, message in st.session_state.pop("flash", []):
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(message)


def when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%H:%M %d/%m/%Y") if moment else ""


def conflict_message(error: DecisionConflict) -> str:
    current = error.current
    if "re-scanned" in error.reason:
        return (
            "Xung đột: văn bản của phát hiện này vừa được quét lại; quyết định của bạn chưa được ghi. "
            "Hãy mở phát hiện trong phiên bản mới của văn bản rồi quyết định."
        )
    if isinstance(current, DecisionRow):
        return (
            f"Xung đột: đề xuất này vừa được {current.reviewer} quyết định "
            f"«{decision_name(current.kind)}» lúc {when(current.at)} (trạng thái hiện tại: "
            f"{status_name(current.new_status)}). Quyết định của bạn chưa được ghi; hãy xem lại rồi quyết định."
        )
    status = getattr(current, "status", None)
    return (
        f"Xung đột: đề xuất này đã thay đổi trong lúc bạn xem (trạng thái hiện tại: {status_name(status)}). "
        "Quyết định của bạn chưa được ghi."
    )


UNEXPECTED = "lỗi ngoài dự kiến; hãy báo quản trị hệ thống"

_KIND_REFUSALS: list[tuple[type[ReviewerError], str]] = [
    (EncryptedDocument, "tệp có mật khẩu"),
    (DocumentTooLarge, "tệp quá lớn"),
    (UnsupportedFormat, "định dạng tệp không được hỗ trợ"),
    (ConverterMissing, "máy chủ thiếu công cụ để đọc loại tệp này"),
    (UnreadableDocument, "không đọc được nội dung tệp"),
    (StoreUnavailable, "không mở được cơ sở dữ liệu; hãy báo quản trị hệ thống"),
    (BadInput, "dữ liệu nhập không hợp lệ"),
    (PermissionDenied, "không có quyền thực hiện thao tác này"),
]


def refusal_reason(error: ReviewerError | str) -> str:
    """Why the library refused, in Vietnamese: the reason's own translation, else one for its kind of error.

    A reason with no translation is logged in English (for the administrator) and never shown to the user.
    """
    reason = error if isinstance(error, str) else error.reason
    text = reason_text(reason)
    if text is not None:
        return text
    _log.warning("no Vietnamese text for the refusal %r; showing a general one", reason)
    if isinstance(error, str):
        return "không đọc được tệp"
    # Not "không thực hiện được …": error_message already opens with those words.
    return next((vi for kind, vi in _KIND_REFUSALS if isinstance(error, kind)), UNEXPECTED)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def error_message(error: ReviewerError) -> str:
    """One clear line for the user, in Vietnamese."""
    if isinstance(error, DecisionConflict):
        return conflict_message(error)
    if isinstance(error, PermissionDenied):
        return f"⛔ Không có quyền: tài khoản {error.source} — {refusal_reason(error)}."
    if isinstance(error, ModelNotFound):
        return (
            "Chưa có mô hình phân loại để đọc văn bản; quản trị viên cần huấn luyện mô hình "
            "(lệnh `reviewer train`) hoặc chọn lại thư mục mô hình."
        )
    if isinstance(error, UnreadableDocument):
        name = file_name(error.source)
        return f"Không đọc được tệp «{name}»: {refusal_reason(error)}."
    return f"Không thực hiện được: {refusal_reason(error)}."


def show_error(error: ReviewerError) -> None:
    st.error(error_message(error))
