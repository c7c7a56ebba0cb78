"""Fixtures for the classification tests: a tiny static-embedding base and a model trained on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .classify_helpers import FIXTURES, build_tiny_base


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    return build_tiny_base(tmp_path_factory.mktemp("tiny-base"))


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory, tiny_base) -> Path:
    from reviewer.classify import TrainConfig, train

    out = tmp_path_factory.mktemp("models") / "tiny-clauses"
    config = TrainConfig(steps=30, lr=0.05, batch_size=20, prefix="", time_budget_s=120, carves=1)
    train(FIXTURES, out, base=tiny_base, config=config, progress=False)
    return out
