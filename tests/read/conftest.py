from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "read"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
