"""Fixtures for the batch scan: a tiny trained classifier, a folder of real documents, a store snapshot.

The classifier is a real model folder written by ``reviewer.classify.train`` on a tiny static-embedding base
(a word-level tokenizer learnt from the classification fixture, random 64-d embeddings), trained in seconds:
the scan loads it with ``load_classifier`` exactly as it loads the real one.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# The test modules share helpers through scan_support; pytest's importlib mode does not put this folder on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scan_support import CLASSIFY_FIXTURES, FIXTURES, TEXT_PDF  # noqa: E402


def _tiny_base(folder: Path, dim: int = 64) -> Path:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel
    from tokenizers.trainers import WordLevelTrainer

    rows = [json.loads(line) for line in (CLASSIFY_FIXTURES / "labelled.jsonl").read_text("utf-8").splitlines() if line]
    tokenizer = Tokenizer(WordLevel(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Punctuation()])
    tokenizer.train_from_iterator(
        [f"{r['text']} {r['context']}" for r in rows], WordLevelTrainer(special_tokens=["[UNK]", "[PAD]"])
    )
    torch.manual_seed(0)
    weights = torch.randn(tokenizer.get_vocab_size(), dim) / dim**0.5
    SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu").save(str(folder))
    return folder


@pytest.fixture(scope="session")
def scan_model(tmp_path_factory) -> Path:
    """A trained model folder (tiny static-embedding body, logistic head) for ``load_classifier``."""
    from reviewer.classify import TrainConfig, train

    base = _tiny_base(tmp_path_factory.mktemp("scan-tiny-base"))
    out = tmp_path_factory.mktemp("scan-models") / "tiny-clauses"
    config = TrainConfig(steps=30, lr=0.05, batch_size=20, prefix="", time_budget_s=120, carves=1)
    train(CLASSIFY_FIXTURES, out, base=base, config=config, progress=False)
    return out


@dataclass
class CountingLoader:
    """The default model loader, counting its calls: the incremental scan must not load the model."""

    path: Path
    calls: int = 0

    def __call__(self):
        from reviewer.scan import ModelLoader

        self.calls += 1
        return ModelLoader(str(self.path))()


@pytest.fixture
def loader(scan_model) -> CountingLoader:
    return CountingLoader(scan_model)


@pytest.fixture
def folder(tmp_path) -> Path:
    """Two law excerpts (Luật Cư trú 2020), a 3-page text PDF and five portal procedures, in sub-folders."""
    root = tmp_path / "documents"
    (root / "luat").mkdir(parents=True)
    (root / "thu-tuc").mkdir()
    for name in ("luat_cu_tru_2020_dieu_20_22.txt", "luat_cu_tru_2020_dieu_23_24.txt"):
        shutil.copy(FIXTURES / name, root / "luat" / name)
    shutil.copy(TEXT_PDF, root / "thong-tu-02-2021.pdf")
    shutil.copy(FIXTURES / "procedures-sample.jsonl", root / "thu-tuc" / "procedures-sample.jsonl")
    return root
