"""A database that cannot be opened is one clear domain error, with the password kept out of the message."""

import pytest
from click.testing import CliRunner

from reviewer.cli import EXIT_FAILED, main
from reviewer.errors import StoreUnavailable
from reviewer.store import Store

REFUSED = "postgresql+psycopg://reviewer:secret-pw@127.0.0.1:9/reviewer"  # port 9 (discard): nothing listens


def test_an_unreachable_server_is_named_without_its_password():
    with pytest.raises(StoreUnavailable) as caught:
        Store(REFUSED)
    message = str(caught.value)
    assert "127.0.0.1:9" in message and "cannot open the database" in message
    assert "secret-pw" not in message


def test_a_malformed_url_is_refused_as_such():
    with pytest.raises(StoreUnavailable):
        Store("nonsense-driver://x")


def test_the_command_prints_one_line_and_exits_3():
    result = CliRunner().invoke(main, ["findings", "--db", REFUSED])
    assert result.exit_code == EXIT_FAILED
    assert "cannot open the database" in result.output
    assert "Traceback" not in result.output
