"""End to end with the real e5 base (slow: converts the base if needed, fine-tunes a few steps)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reviewer.classify import ClauseInput, TrainConfig, load_classifier, train
from reviewer.classify.e5_base import build_base, default_out_dir
from reviewer.cli import main

from .classify_helpers import FIXTURES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def e5_base():
    folder = default_out_dir()
    if not (folder / "model.safetensors").is_file():
        build_base(folder)
    return folder


def test_train_and_classify_with_the_e5_base(e5_base, tmp_path):
    out = tmp_path / "e5-clauses"
    metrics = train(FIXTURES, out, base=e5_base, config=TrainConfig(steps=4, batch_size=10, carves=1), progress=False)
    assert metrics["model"]["n"] > 0
    classifier = load_classifier(out)
    items = [
        ClauseInput("cc", "a) Bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp;", "Hồ sơ đề nghị gồm:"),
        ClauseInput("no", "Chính phủ quy định chi tiết Điều này."),
    ]
    by_id = {p.id: p for p in classifier.predict(items)}
    assert by_id["cc"].label != "none"
    assert by_id["cc"].scores["none"] < by_id["no"].scores["none"]

    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(i.__dict__, ensure_ascii=False) for i in items), encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", str(path), "--model", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["label"] for r in rows] == [by_id["cc"].label, by_id["no"].label]
