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


PROCEDURES = Path(__file__).resolve().parents[2] / "corpus" / "documents" / "procedures-sample.jsonl"


def test_a_portal_procedures_file_is_read_record_by_record():
    records = [json.loads(line) for line in PROCEDURES.read_text("utf-8").splitlines() if line.strip()]
    result = CliRunner().invoke(main, ["read", str(PROCEDURES), "--json"])
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in result.output.splitlines()]
    assert [d["document"]["number"] for d in documents] == [r["ma_thu_tuc"] for r in records]
    assert all(d["document"]["format"] == "procedure" for d in documents)

    code = records[0]["ma_thu_tuc"]
    one = CliRunner().invoke(main, ["read", str(PROCEDURES), "--record", code])
    assert one.exit_code == 0, one.output
    assert one.output.startswith(f"Thủ tục hành chính {code} — {records[0]['ten_thu_tuc'].strip()}")
    assert "\nThành phần hồ sơ, mục 1\n" in one.output

    missing = CliRunner().invoke(main, ["read", str(PROCEDURES), "--record", "0.000000"])
    assert missing.exit_code == EXIT_FAILED
    assert "no procedure record with code 0.000000" in missing.output
    assert CliRunner().invoke(main, ["read", str(LAW), "--record", code]).exit_code == 2


def test_a_procedures_file_is_known_whatever_the_case_of_its_name(tmp_path):
    shouting = tmp_path / "PROCEDURES.JSONL"
    shouting.write_bytes(PROCEDURES.read_bytes())
    result = CliRunner().invoke(main, ["read", str(shouting), "--json"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len([line for line in PROCEDURES.read_text("utf-8").splitlines() if line.strip()])
    assert all(json.loads(line)["document"]["format"] == "procedure" for line in lines)
