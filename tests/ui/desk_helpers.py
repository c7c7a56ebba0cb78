"""Paths, the app under AppTest, and small finders over its element tree."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
FIXTURES = ROOT / "tests" / "fixtures" / "ui"
DEPARTMENT = "Sở Tư pháp"  # the people fixture's department (tests/conftest.py)
PASSWORDS = {"admin": "admin-pw", "so-tu-phap": "dept-pw", "lan": "officer-pw", "minh": "head-pw", "hoa": "other-pw"}


def app(timeout: float = 60):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=timeout)


def signed_in(user, **state):
    """The app with ``user`` already signed in (the sign-in form itself is tested on its own)."""
    at = app()
    at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def buttons(at, label: str, exact: bool = False) -> list:
    return [b for b in at.button if (b.label == label if exact else b.label.startswith(label))]


def button(at, label: str, exact: bool = False):
    found = buttons(at, label, exact)
    assert found, f"no button {label!r} among {[b.label for b in at.button]}"
    return found[0]


def errors(at) -> str:
    """Every error message on the page, one a line."""
    return "\n".join(e.value for e in at.error)


def texts(block) -> str:
    """Every markdown, caption, text and metric label under a block, as one string."""
    parts = []
    for kind in ("markdown", "caption", "text", "header", "subheader"):
        parts.extend(str(e.value) for e in block.get(kind))
    return "\n".join(parts)
