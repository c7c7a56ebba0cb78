"""Streamlit plumbing shared by the pages: the cached store and classifier, the signed-in user, messages."""

from __future__ import annotations

import re
from datetime import datetime

import streamlit as st

from reviewer.config import settings
from reviewer.errors import DecisionConflict, ModelNotFound, PermissionDenied, ReviewerError
from reviewer.store import DecisionRow, Store, User

from .services import active_model_dir, open_store
from .texts import ROLE_NAMES, decision_name, status_name


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
    fresh = store.get_user(user.username)
    if fresh is None or not fresh.active:
        st.session_state.pop("user", None)
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


_ROLE_REFUSAL = re.compile(r"^an? (\w+) user may not (.+)$")


def error_message(error: ReviewerError) -> str:
    """One clear line for the user, in Vietnamese, with the library's reason."""
    if isinstance(error, DecisionConflict):
        return conflict_message(error)
    if isinstance(error, PermissionDenied):
        refusal = _ROLE_REFUSAL.match(error.reason)
        if refusal:
            role = ROLE_NAMES.get(refusal.group(1), refusal.group(1))
            return (
                f"⛔ Không có quyền: tài khoản {error.source} (vai trò {role}) không được thực hiện thao tác này "
                f"({refusal.group(2)})."
            )
        return f"⛔ Không có quyền: {error.reason} (tài khoản {error.source})."
    if isinstance(error, ModelNotFound):
        return (
            "Chưa có mô hình phân loại để đọc văn bản; quản trị viên cần huấn luyện mô hình "
            f"(`reviewer train`). Chi tiết: {error}"
        )
    return f"Không thực hiện được: {error}"


def show_error(error: ReviewerError) -> None:
    st.error(error_message(error))
