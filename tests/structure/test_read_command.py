"""`reviewer read`: a real file in, its structure out, as an outline or as JSON; bad files exit non-zero."""

import json
from pathlib import Path

from click.testing import CliRunner

from reviewer.cli import EXIT_FAILED, main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAW = FIXTURES / "laws" / "Luat-68-2020-QH14-cu-tru-435315.txt"


def test_read_json_gives_the_document_and_its_cited_units():
    result = CliRunner().invoke(main, ["read", str(LAW), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload["document"]) >= {"number", "type", "issuer", "date", "title", "format", "pages"}
    assert payload["document"]["number"] == "68/2020/QH14"
    assert payload["document"]["format"] == "text"
    units = {unit["citation"]: unit for unit in payload["units"]}
    assert set(next(iter(units.values()))) == {"citation", "text", "context", "page"}
    assert units["điểm a khoản 1 Điều 21"]["text"] == "a) Tờ khai thay đổi thông tin cư trú;"
    assert units["điểm a khoản 1 Điều 21"]["context"].startswith("1. Hồ sơ đăng ký thường trú")


def test_read_outline_is_readable():
    result = CliRunner().invoke(main, ["read", str(LAW)])
    assert result.exit_code == 0
    assert result.output.startswith("Luật 68/2020/QH14")
    assert "\nđiểm b khoản 2 Điều 21\n  b) Giấy tờ, tài liệu chứng minh quan hệ nhân thân" in result.output


def test_a_bad_file_is_one_clear_line_and_a_failing_exit_code(tmp_path):
    empty = tmp_path / "rong.pdf"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["read", str(empty)])
    assert result.exit_code == EXIT_FAILED
    assert result.output.strip().splitlines() == [f"error: {empty}: the file is empty"]
