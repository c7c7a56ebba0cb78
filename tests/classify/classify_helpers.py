"""Helpers for the classification tests: the fixture corpus and a tiny static-embedding base.

The tiny base stands in for e5 so that the tests exercise the real ``train`` code path without the large
weights: a word-level tokenizer learnt from the fixture sentences and random 64-d static embeddings.
"""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "classify"
CORPUS = FIXTURES / "labelled.jsonl"


def corpus_texts() -> list[str]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [f"{r['text']} {r['context']}" for r in rows]


def build_tiny_base(folder: Path, dim: int = 64) -> Path:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel
    from tokenizers.trainers import WordLevelTrainer

    tokenizer = Tokenizer(WordLevel(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Punctuation()])
    tokenizer.train_from_iterator(corpus_texts(), WordLevelTrainer(special_tokens=["[UNK]", "[PAD]"]))
    torch.manual_seed(0)
    weights = torch.randn(tokenizer.get_vocab_size(), dim) / dim**0.5
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu")
    model.save(str(folder))
    return folder
