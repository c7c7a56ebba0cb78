"""The static body distilled from a transformer teacher (the Model2Vec recipe), on a tiny random teacher."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from reviewer.classify.static_base import distil, latin_ids, sif_weights

from .classify_helpers import FIXTURES, corpus_texts

FOREIGN = "合同 文件 合同"  # pieces outside the Latin script: never distilled


def build_tiny_teacher(folder: Path) -> Path:
    """A 2-layer BERT with random weights and a Unigram tokenizer learnt from the fixture sentences."""
    import torch
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from tokenizers.trainers import UnigramTrainer
    from transformers import BertConfig, BertModel

    tokenizer = Tokenizer(Unigram())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    trainer = UnigramTrainer(vocab_size=600, special_tokens=specials, unk_token="<unk>")
    tokenizer.train_from_iterator(corpus_texts() + [FOREIGN] * 5, trainer)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="module")
def distilled(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("static")
    teacher = build_tiny_teacher(root / "teacher")
    return teacher, distil(teacher, root / "static", dims=16, progress=False)


def test_distilled_body_embeds_text_with_the_teachers_tokenizer(distilled):
    from reviewer.classify.model import embed, load_body

    _, folder = distilled
    body = load_body(folder)
    vectors = embed(body, ["Bản sao có chứng thực giấy khai sinh", "Tờ khai đăng ký thường trú"])
    assert vectors.shape == (2, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) < 0.999  # different texts, different vectors
    assert json.loads((folder / "DISTILLED.json").read_text(encoding="utf-8"))["dims"] == 16


def test_only_latin_script_pieces_are_distilled(distilled):
    from tokenizers import Tokenizer

    from reviewer.classify.model import load_body

    teacher, folder = distilled
    tokenizer_json = json.loads((teacher / "tokenizer.json").read_text(encoding="utf-8"))
    chosen = set(latin_ids(tokenizer_json, {0, 1, 2, 3}))
    tokenizer = Tokenizer.from_file(str(teacher / "tokenizer.json"))
    foreign = {i for i in tokenizer.encode(FOREIGN, add_special_tokens=False).ids if tokenizer.id_to_token(i) != "▁"}
    vietnamese = set(tokenizer.encode("giấy khai sinh", add_special_tokens=False).ids)
    assert foreign and not foreign & chosen
    assert vietnamese <= chosen
    weights = load_body(folder)[0].embedding.weight.detach().numpy()
    assert np.all(weights[sorted(foreign)] == 0)
    assert np.all(np.abs(weights[sorted(vietnamese)]).sum(axis=1) > 0)


def test_frequent_tokens_weigh_less():
    weights = sif_weights(np.log(np.array([0.05, 1e-3, 1e-6])))
    assert weights[0] < weights[1] < weights[2] <= 1.0


def train_quickly(distilled, out: Path, carves: int) -> dict:
    """A few fine-tuning steps on the distilled body; returns the folder's training.json."""
    from reviewer.classify import TrainConfig, train

    _, folder = distilled
    config = TrainConfig(steps=5, batch_size=20, time_budget_s=60, carves=carves)
    train(FIXTURES, out, base=folder, config=config, progress=False)
    return json.loads((out / "training.json").read_text(encoding="utf-8"))


def test_the_default_training_recipe_runs_on_a_static_body(distilled, tmp_path):
    from reviewer.classify import TrainConfig

    out = tmp_path / "model"
    training = train_quickly(distilled, out, carves=1)
    assert training["body"] == "static"
    assert training["config"]["prefix"] == "" and training["config"]["lr"] == TrainConfig().static_lr
    assert (out / "head.joblib").is_file()


def test_carves_pool_their_thresholds_by_median(distilled, tmp_path):
    """Each carve holds other validation documents; the model keeps the median of their thresholds."""
    from statistics import median

    out = tmp_path / "model"
    training = train_quickly(distilled, out, carves=3)
    thresholds = training["validation"]["thresholds_of_carves"]
    assert len(thresholds) == 3
    assert training["none_threshold"] == median(thresholds)
    assert json.loads((out / "head.json").read_text(encoding="utf-8"))["none_threshold"] == median(thresholds)
    assert "median of 3 validation carves" in (out / "README.md").read_text(encoding="utf-8")


def test_build_base_leaves_built_folders_alone(distilled):
    from click.testing import CliRunner

    from reviewer.cli import main

    _, folder = distilled
    weights = folder / "model.safetensors"
    before = weights.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["build-base", "--out", str(folder), "--static-out", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.count("already built") == 2
    assert weights.stat().st_mtime_ns == before
