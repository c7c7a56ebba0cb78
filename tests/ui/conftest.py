"""Fixtures for the review desk: a real store (via ``REVIEWER_DATABASE_URL``) holding Luật Cư trú's units with
the labels a legal officer gave them, the users of each role, and a tiny classifier for uploads.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

# The test modules import their helpers by name; with --import-mode=importlib pytest leaves sys.path alone.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from desk_helpers import ROOT  # noqa: E402

from reviewer import api
from reviewer.config import settings

CLASSIFY_FIXTURES = ROOT / "tests" / "fixtures" / "classify"


@pytest.fixture
def desk_env(store_url, tmp_path, monkeypatch):
    """Point the app's settings at the test database and a scratch data folder."""
    monkeypatch.setenv("REVIEWER_DATABASE_URL", store_url)
    monkeypatch.setenv("REVIEWER_DATA_DIR", str(tmp_path / "data"))
    # The desk's batch scan reads only inside its scan folders: here the test's own and the fixtures.
    monkeypatch.setenv("REVIEWER_SCAN_ROOTS", os.pathsep.join([str(tmp_path), str(ROOT / "tests" / "fixtures")]))
    settings.cache_clear()
    yield store_url
    settings.cache_clear()


@pytest.fixture
def desk(desk_env, store, people, cu_tru):
    """The store with Luật Cư trú (Điều 21, 28) scanned for Sở Tư pháp: 22 findings with drafted proposals."""
    document, predictions = cu_tru
    api.save_scan(store, people.department, document.source, "cu-tru-hash", document, predictions)
    return store


def _load_classify_helpers():
    path = ROOT / "tests" / "classify" / "classify_helpers.py"
    spec = importlib.util.spec_from_file_location("classify_helpers_for_ui", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def tiny_base_dir(tmp_path_factory) -> Path:
    """A static-embedding sentence-transformer built from the fixture sentences (the classify tests' recipe)."""
    return _load_classify_helpers().build_tiny_base(tmp_path_factory.mktemp("ui-tiny-base"))


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, tiny_base_dir) -> Path:
    """A real model folder trained in seconds on the tiny base."""
    from reviewer.classify import TrainConfig, train

    base = tiny_base_dir
    out = tmp_path_factory.mktemp("ui-models") / "tiny-clauses"
    config = TrainConfig(steps=30, lr=0.05, batch_size=20, prefix="", time_budget_s=120, carves=1)
    train(CLASSIFY_FIXTURES, out, base=base, config=config, progress=False)
    return out


@pytest.fixture
def with_model(desk_env, tiny_model_dir, monkeypatch):
    monkeypatch.setenv("REVIEWER_MODEL_DIR", str(tiny_model_dir))
    settings.cache_clear()
    return tiny_model_dir
