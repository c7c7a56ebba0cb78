"""The review desk's entry: sign-in, then the pages the user's role may open."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.store import Store, User

from . import pages
from .common import SIGN_IN, current_user, flash, get_store, show_error, show_flashes
from .queue import render_queue
from .texts import ROLE_NAMES

PAGE_NAMES = {
    "queue": "Hàng chờ rà soát",
    "follow": "Theo dõi phát hiện",
    "approval": "Phê duyệt",
    "upload": "Tải văn bản lên",
    "documents": "Văn bản đã tải lên",
    "dashboard": "Tổng quan",
    "exports": "Xuất báo cáo",
    "scan": "Quét hàng loạt",
    "learning": "Học từ quyết định",
    "accounts": "Tài khoản",
}
SIGN_IN_PARAM = "phien"  # the page address keeps the sign-in token and the page open
PAGE_PARAM = "trang"
ROLE_PAGES = {
    "department": ("upload", "documents", "follow", "dashboard", "exports"),
    "officer": ("queue", "dashboard", "exports"),
    "head": ("queue", "approval", "dashboard", "exports"),
    "admin": ("dashboard", "follow", "exports", "scan", "learning", "accounts", "upload", "documents"),
}


def _sign_in(store: Store) -> None:
    st.title("Rà soát thành phần hồ sơ giấy — Đề án 06")
    st.caption("Đăng nhập bằng tài khoản do quản trị hệ thống cấp.")
    with st.form("signin"):
        username = st.text_input("Tên đăng nhập", key="si_user")
        password = st.text_input("Mật khẩu", type="password", key="si_password")
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if submitted:
        try:
            user = api.authenticate(store, username.strip(), password)
        except ReviewerError:
            st.error("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.")
            return
        st.session_state["user"] = user
        st.session_state.pop("nav", None)
        # The token goes in the page's address: reloading the page (F5) then keeps the user signed in.
        token = api.start_sign_in(store, user)
        st.session_state[SIGN_IN] = token
        st.query_params[SIGN_IN_PARAM] = token
        st.rerun()


def _resume_sign_in(store: Store) -> None:
    """A reloaded page: sign the user in again from the token in its address, if it is still valid."""
    token = st.query_params.get(SIGN_IN_PARAM)
    if "user" in st.session_state or not token:
        return
    user = api.resume_sign_in(store, token)
    if user is None:
        del st.query_params[SIGN_IN_PARAM]
        flash("warning", "Phiên đăng nhập đã hết hạn hoặc đã đăng xuất; vui lòng đăng nhập lại.")
        return
    st.session_state["user"] = user
    st.session_state[SIGN_IN] = token
    page = st.query_params.get(PAGE_PARAM)
    if page in ROLE_PAGES.get(user.role, ()):
        st.session_state["nav"] = page


def _sign_out() -> None:
    token = st.session_state.get(SIGN_IN)
    if token:
        try:
            api.end_sign_in(get_store(), token)
        except ReviewerError:
            pass  # the database is gone: the token is useless without it, and the page forgets it below
    for key in list(st.session_state):
        del st.session_state[key]
    st.query_params.clear()
    flash("info", "Đã đăng xuất.")


def _sidebar(user: User) -> str:
    allowed = ROLE_PAGES.get(user.role, ("dashboard",))
    if st.session_state.get("nav") not in allowed:
        st.session_state["nav"] = allowed[0]
    with st.sidebar:
        st.markdown("### Rà soát Đề án 06")
        st.text(f"{user.username}\n{ROLE_NAMES.get(user.role, user.role)}\n{user.department or 'Tất cả đơn vị'}")
        page = st.radio("Trang", allowed, key="nav", format_func=PAGE_NAMES.get)
        st.button("Đăng xuất", key="signout", on_click=_sign_out)
    st.query_params[PAGE_PARAM] = page  # a reload opens the same page
    return page


def main() -> None:
    st.set_page_config(page_title="Rà soát Đề án 06", page_icon="📑", layout="wide")
    try:
        store = get_store()
    except ReviewerError as error:
        # An unreachable database is said in Vietnamese, not as a traceback.
        st.title("Rà soát thành phần hồ sơ giấy — Đề án 06")
        show_error(error)
        return
    _resume_sign_in(store)
    user = current_user(store)
    show_flashes()
    if user is None:
        _sign_in(store)
        return
    page = _sidebar(user)
    render = {
        "queue": lambda: render_queue(store, user),
        "follow": lambda: render_queue(store, user, can_decide=False),
        "approval": lambda: pages.render_approval(store, user),
        "upload": lambda: pages.render_upload(store, user),
        "documents": lambda: pages.render_documents(store, user),
        "dashboard": lambda: pages.render_dashboard(store, user),
        "exports": lambda: pages.render_exports(store, user),
        "scan": lambda: pages.render_scan(store, user),
        "learning": lambda: pages.render_learning(store, user),
        "accounts": lambda: pages.render_accounts(store, user),
    }[page]
    render()
