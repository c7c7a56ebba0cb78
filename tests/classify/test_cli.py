"""``reviewer classify`` and ``reviewer evaluate`` as a user runs them; the CLI answers like the library."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reviewer.classify import ClauseInput, load_classifier
from reviewer.classify.io import MAX_TEXT_CHARS, prediction_json
from reviewer.cli import main

from .classify_helpers import FIXTURES

GOOD = [
    {"id": "u1", "text": "a) Bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp;", "context": "Hồ sơ gồm:"},
    {"id": "u2", "text": "Trong thời hạn 05 ngày làm việc, cơ quan đăng ký cấp Giấy chứng nhận cho người đề nghị."},
    {"id": "u3", "text": "c) Bản chụp hộ chiếu của người nước ngoài;", "context": "Hồ sơ gồm:"},
    {
        "id": "u4",
        "text": "b) Bản sao bản án;",
        "context": "2. Hồ sơ đề nghị tha tù trước thời hạn có điều kiện bao gồm:",
        "preamble": "1. Trại giam có trách nhiệm lập hồ sơ đề nghị tha tù trước thời hạn có điều kiện.",
    },
]


def _input_file(tmp_path):
    lines = [
        json.dumps(GOOD[0], ensure_ascii=False),
        "{not json",
        json.dumps(GOOD[1], ensure_ascii=False),
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": "huge", "text": "x" * (MAX_TEXT_CHARS + 1)}),
        "",
        json.dumps(GOOD[2], ensure_ascii=False),
        json.dumps({"id": "odd", "text": "a) Tờ khai;", "preamble": ["not", "text"]}),
        json.dumps({"id": "number", "text": 123}),
        json.dumps({"id": GOOD[0]["id"], "text": "b) Đơn đề nghị;"}),
    ]
    path = tmp_path / "units.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_classify_reports_bad_lines_and_classifies_the_rest(tiny_model, tmp_path):
    out = tmp_path / "predictions.jsonl"
    result = CliRunner().invoke(
        main, ["classify", str(_input_file(tmp_path)), "--out", str(out), "--model", str(tiny_model)]
    )
    assert result.exit_code == 1
    assert "line 2: not JSON" in result.stderr
    assert "line 4: no text" in result.stderr
    assert "line 5: too long" in result.stderr
    assert "line 8: context or preamble is not a string" in result.stderr
    assert "line 2: not JSON (Expecting property name enclosed in double quotes at column 2)" in result.stderr
    assert "line 9: text is not a string but int" in result.stderr
    assert f"line 10: id {GOOD[0]['id']!r} is already used on line 1" in result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["u1", "u2", "u3"]
    for row in rows:
        assert set(row) == {"id", "label", "score", "scores", "evidence", "neighbours"}
        assert row["label"] in row["scores"]


def test_cli_and_library_give_the_same_answers(tiny_model, tmp_path):
    path = tmp_path / "good.jsonl"
    path.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOOD), encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", str(path), "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    from_cli = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    items = [ClauseInput(g["id"], g["text"], g.get("context", ""), g.get("preamble", "")) for g in GOOD]
    from_library = [prediction_json(p) for p in load_classifier(tiny_model).predict(items)]
    assert from_cli == json.loads(json.dumps(from_library, ensure_ascii=False))
    assert from_cli[3]["label"] == "none"  # the article's khoản 1 has a prison compile the dossier


def test_classify_without_a_model_fails_with_one_clear_line(tmp_path):
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps(GOOD[0], ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", str(path), "--model", str(tmp_path / "none")])
    assert result.exit_code == 3
    assert "reviewer train" in result.stderr


def test_evaluate_prints_every_system_in_one_run(tiny_model):
    result = CliRunner().invoke(main, ["evaluate", "--model", str(tiny_model), "--corpus", str(FIXTURES), "--no-write"])
    assert result.exit_code == 0, result.output
    for system in ("keyword", "tfidf", "frozen", "model"):
        assert any(line.startswith(system) for line in result.stdout.splitlines()), system
    assert "certified_copy" in result.stdout and "macroF1" in result.stdout


def test_answers_carry_the_id_as_the_line_gave_it(tiny_model, tmp_path):
    lines = [
        {"id": 7, "text": "a) Tờ khai đăng ký theo mẫu;", "context": "Hồ sơ gồm:"},
        {"id": "7", "text": "b) Đơn đề nghị;"},  # the same id once written as text: two answers could not be told apart
        {"text": "c) Bản chụp hộ chiếu;", "context": "Hồ sơ gồm:"},
        {"id": {"nested": 1}, "text": "d) Giấy tờ khác;"},
    ]
    path = tmp_path / "ids.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", str(path), "--model", str(tiny_model)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [row["id"] for row in rows] == [7, "3"]  # a line without an id is answered under its line number
    assert "line 2: id '7' is already used on line 1" in result.stderr
    assert "line 4: id is not a string or a number" in result.stderr
