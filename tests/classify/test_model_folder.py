"""A model folder that does not fit the code or its own head is refused with a domain error, not a numpy one."""

from __future__ import annotations

import json
import shutil

import pytest

from reviewer.classify import load_classifier
from reviewer.classify.model import embedding_width
from reviewer.errors import ModelNotFound


def _copy_with_head(tiny_model, tmp_path, change) -> str:
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    head = json.loads((folder / "head.json").read_text(encoding="utf-8"))
    change(head)
    (folder / "head.json").write_text(json.dumps(head), encoding="utf-8")
    return str(folder)


def test_the_trained_folder_records_its_body(tiny_model):
    head = json.loads((tiny_model / "head.json").read_text(encoding="utf-8"))
    assert head["body"] == "static"
    assert head["embedding_dim"] == embedding_width(load_classifier(tiny_model).body)


def test_a_body_of_another_width_is_refused(tiny_model, tmp_path):
    folder = _copy_with_head(tiny_model, tmp_path, lambda head: head.update(embedding_dim=384))
    with pytest.raises(ModelNotFound, match="reviewer train"):
        load_classifier(folder)


def test_a_folder_from_the_averaged_heads_era_is_refused(tiny_model, tmp_path):
    def older(head):
        head["lexical_weight"] = 0.5
        head.pop("none_threshold")

    folder = _copy_with_head(tiny_model, tmp_path, older)
    with pytest.raises(ModelNotFound, match="older reviewer"):
        load_classifier(folder)
    (tmp_path / "model" / "head.joblib").rename(tmp_path / "model" / "lexical.joblib")
    with pytest.raises(ModelNotFound, match="older reviewer"):
        load_classifier(folder)


def test_a_head_fitted_on_another_layout_of_rule_features_is_refused(tiny_model, tmp_path):
    head = json.loads((tiny_model / "head.json").read_text(encoding="utf-8"))
    assert head["rule_features"] == 2
    folder = _copy_with_head(tiny_model, tmp_path, lambda head: head.pop("rule_features"))
    with pytest.raises(ModelNotFound, match="older reviewer"):
        load_classifier(folder)
