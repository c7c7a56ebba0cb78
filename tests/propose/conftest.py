"""Fixtures for the proposal tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from reviewer.propose.rules import RULES_PATH


@pytest.fixture
def edited_rules(tmp_path) -> Callable[[Callable[[dict], None]], Path]:
    """Writes a copy of rules.yaml changed by ``change(data)`` and returns its path."""

    def write(change: Callable[[dict], None]) -> Path:
        data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
        change(data)
        path = tmp_path / "rules.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    return write
