"""Shared fixtures: a real store on SQLite and, when REVIEWER_TEST_POSTGRES_URL is set, on PostgreSQL.

Start a local PostgreSQL with ``export REVIEWER_TEST_POSTGRES_URL=$(scripts/start_postgres.sh)``; every test
that uses ``store`` or ``store_url`` then runs twice, once per database, each PostgreSQL run in its own schema.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reviewer.document import Document, DocumentMeta, Unit

FIXTURES = Path(__file__).resolve().parent / "fixtures"
POSTGRES_URL = os.environ.get("REVIEWER_TEST_POSTGRES_URL", "")

DATABASES = ["sqlite"] + ([pytest.param("postgresql", marks=pytest.mark.postgres)] if POSTGRES_URL else [])


def _with_search_path(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=DATABASES)
def store_url(request, tmp_path):
    """A URL to an empty database: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reviewer.sqlite'}"
        return
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _with_search_path(POSTGRES_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """argon2 at its production cost takes ~0.3 s a hash here; the tests need the behaviour, not the cost."""
    from argon2 import PasswordHasher

    import reviewer.store.store as store_module

    monkeypatch.setattr(store_module, "_password_hasher", PasswordHasher(time_cost=1, memory_cost=256))


@pytest.fixture
def store(store_url):
    from reviewer.store import Store

    opened = Store(store_url)
    yield opened
    opened.close()


@dataclass
class FixturePrediction:
    """What the classifier returns for a unit (reviewer.classify.Prediction), as plain data."""

    id: str
    label: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list = field(default_factory=list)
    neighbours: list = field(default_factory=list)


def _score(text: str) -> float:
    # A stable spread of confidences so that "least certain first" has something to order.
    return round(0.5 + int(hashlib.sha1(text.encode()).hexdigest()[:6], 16) / 0xFFFFFF * 0.49, 4)


def load_labelled(name: str) -> tuple[Document, list[FixturePrediction]]:
    """A real document cut into units, with the label a legal officer gave each unit as its prediction."""
    data = json.loads((FIXTURES / "store" / name).read_text(encoding="utf-8"))
    units = [Unit(citation=u["citation"], text=u["text"], context=u["context"]) for u in data["units"]]
    document = Document(source=data["source"], meta=DocumentMeta(**data["meta"]), units=units)
    predictions = []
    for position, u in enumerate(data["units"]):
        score = _score(u["text"])
        others = (1 - score) / 4
        predictions.append(
            FixturePrediction(
                id=str(position),
                label=u["label"],
                score=score,
                scores={label: (score if label == u["label"] else others) for label in LABELS},
                neighbours=[{"id": f"corpus-{position}", "label": u["label"], "similarity": 0.9}],
            )
        )
    return document, predictions


LABELS = ("certified_copy", "original", "copy", "paper_document", "none")


@pytest.fixture
def cu_tru():
    """Luật Cư trú 68/2020/QH14, Điều 21 and 28 (dossiers for residence registration), labelled."""
    return load_labelled("luat_cu_tru_dieu_21_28.json")


@pytest.fixture
def khai_sinh():
    """Two published procedures (Bộ Tư pháp) whose items ask for identity papers and the household book."""
    return load_labelled("thu_tuc_khai_sinh_so_ho_khau.json")


@dataclass
class People:
    admin: object
    department: object
    officer: object
    head: object
    other_officer: object


DEPARTMENT = "Sở Tư pháp"
OTHER_DEPARTMENT = "Sở Y tế"


@pytest.fixture
def people(store) -> People:
    """One user of each role in Sở Tư pháp, and an officer of Sở Y tế."""
    return People(
        admin=store.add_user("admin", "admin-pw", "admin"),
        department=store.add_user("so-tu-phap", "dept-pw", "department", DEPARTMENT),
        officer=store.add_user("lan", "officer-pw", "officer", DEPARTMENT),
        head=store.add_user("minh", "head-pw", "head", DEPARTMENT),
        other_officer=store.add_user("hoa", "other-pw", "officer", OTHER_DEPARTMENT),
    )
