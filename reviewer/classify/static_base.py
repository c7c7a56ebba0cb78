"""Distil a sentence-transformer body into a static one: a vector per token, averaged over the text.

A transformer body reads 15–45 clause units a second on 2 cores; a batch scan of a ministry's corpus needs
hundreds. Following the Model2Vec recipe (Tulkens & van Dongen, 2024), each token of the teacher's vocabulary is
passed through the teacher alone (``[CLS] token [SEP]``, the teacher's own mean pooling), the vectors are reduced
by PCA, and each is weighted by how informative its token is (SIF: ``a / (a + p(token))``, with ``p`` from the
Unigram tokenizer's own log-probabilities, so no corpus counts are needed). The result is a
sentence-transformers ``StaticEmbedding`` with the teacher's tokenizer: it loads anywhere sentence-transformers
does, is fine-tuned by the same SetFit loop as any body, and embeds thousands of units a second.

Only tokens written in the Latin script (with Vietnamese letters, digits and punctuation) are distilled:
112k of XLM-R's 250k pieces, which halves the setup time; Vietnamese legal text needs no others, and a token
left out weighs nothing in the average. Nothing is downloaded: the teacher is a local folder (by default the
e5 converted by ``reviewer build-base``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from reviewer.config import settings
from reviewer.errors import ModelNotFound

SIF_A = 1e-3
# ASCII, Latin-1 to Latin Extended-B (ơ, ư), combining marks, Latin Extended Additional (ạ … ỹ), dashes, quotes.
LATIN_PIECE = re.compile(r"^[\u2581\u0020-\u007e\u00a0-\u024f\u0300-\u036f\u1e00-\u1eff\u2010-\u2027]+$")


def default_static_dir() -> Path:
    return settings().cache_dir / "e5-small-static"


def _teacher(folder: Path):
    import torch
    from transformers import AutoModel

    if not (folder / "config.json").is_file() or not (folder / "tokenizer.json").is_file():
        raise ModelNotFound(str(folder), "no transformer teacher here; run `reviewer build-base` first")
    torch.set_num_threads(max(1, torch.get_num_threads()))
    model = AutoModel.from_pretrained(str(folder), local_files_only=True)
    model.eval()
    return model


def _special_ids(tokenizer_json: dict) -> tuple[int, int, set[int]]:
    """(cls, sep, all special ids) from a tokenizer.json's added tokens and post-processor."""
    added = {t["content"]: t["id"] for t in tokenizer_json.get("added_tokens", []) if t.get("special")}
    cls_id = added.get("<s>", added.get("[CLS]", 0))
    sep_id = added.get("</s>", added.get("[SEP]", 2))
    return cls_id, sep_id, set(added.values())


def latin_ids(tokenizer_json: dict, special: set[int]) -> list[int]:
    """Ids of the Unigram pieces written in the Latin script (see ``LATIN_PIECE``), specials left out."""
    vocab = tokenizer_json.get("model", {}).get("vocab") or []
    return [
        i for i, entry in enumerate(vocab) if i not in special and LATIN_PIECE.match(str(entry[0]) if entry else "")
    ]


def token_vectors(teacher, token_ids: list[int], cls_id: int, sep_id: int, batch_size: int = 512, progress=None):
    """The teacher's mean-pooled output for each token id alone: ``(len(token_ids), hidden)`` float32."""
    import torch

    from reviewer.classify.model import cpu_has_bf16

    out = np.zeros((len(token_ids), teacher.config.hidden_size), dtype=np.float32)
    all_ids = torch.tensor(token_ids, dtype=torch.long)
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=cpu_has_bf16()):
        for start in range(0, len(token_ids), batch_size):
            ids = all_ids[start : start + batch_size]
            batch = torch.stack(
                [torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)],
                dim=1,
            )
            states = teacher(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            out[start : start + len(ids)] = states.mean(dim=1).float().numpy()
            if progress is not None:
                progress(len(ids))
    return out


def sif_weights(log_probabilities: np.ndarray, a: float = SIF_A) -> np.ndarray:
    """Smooth inverse frequency: frequent tokens (``của``, ``và``, punctuation) weigh little."""
    p = np.exp(np.clip(log_probabilities, -50.0, 0.0))
    return (a / (a + p)).astype(np.float32)


def reduce(vectors: np.ndarray, dims: int, seed: int = 13) -> np.ndarray:
    """PCA to ``dims`` components (all of them when ``dims`` ≥ the width): decorrelated, centred axes."""
    from sklearn.decomposition import PCA

    dims = min(dims, vectors.shape[1])
    return PCA(n_components=dims, random_state=seed).fit_transform(vectors).astype(np.float32)


def unigram_log_probabilities(tokenizer_json: dict, vocab_size: int) -> np.ndarray:
    """Log-probabilities of the Unigram pieces; tokens without a score (specials, added) get the lowest."""
    vocab = tokenizer_json.get("model", {}).get("vocab") or []
    scores = np.full(vocab_size, np.nan, dtype=np.float64)
    for index, entry in enumerate(vocab[:vocab_size]):
        if isinstance(entry, list | tuple) and len(entry) == 2:
            scores[index] = float(entry[1])
    floor = np.nanmin(scores) if np.isfinite(scores).any() else -20.0
    return np.where(np.isfinite(scores), scores, floor)


def distil(
    teacher_dir: Path | None = None, out_dir: Path | None = None, dims: int = 256, progress: bool = True
) -> Path:
    """Write a ``StaticEmbedding`` sentence-transformer distilled from ``teacher_dir`` into ``out_dir``."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer
    from tqdm import tqdm

    from reviewer.classify.e5_base import default_out_dir

    teacher_dir = Path(teacher_dir or default_out_dir())
    out_dir = Path(out_dir or default_static_dir())
    teacher = _teacher(teacher_dir)
    tokenizer_json = json.loads((teacher_dir / "tokenizer.json").read_text(encoding="utf-8"))
    cls_id, sep_id, special = _special_ids(tokenizer_json)
    vocab_size = teacher.config.vocab_size
    chosen = [i for i in latin_ids(tokenizer_json, special) if i < vocab_size]
    with tqdm(total=len(chosen), desc="token vectors", unit="token", disable=not progress) as bar:
        distilled = token_vectors(teacher, chosen, cls_id, sep_id, progress=bar.update)
    distilled = reduce(distilled, dims)
    distilled *= sif_weights(unigram_log_probabilities(tokenizer_json, vocab_size))[chosen][:, None]
    vectors = np.zeros((vocab_size, distilled.shape[1]), dtype=np.float32)
    vectors[chosen] = distilled
    tokenizer = Tokenizer.from_file(str(teacher_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    static = StaticEmbedding(tokenizer, embedding_weights=vectors)
    model = SentenceTransformer(modules=[static], device="cpu")
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))
    (out_dir / "DISTILLED.json").write_text(
        json.dumps(
            {"teacher": str(teacher_dir), "dims": int(vectors.shape[1]), "tokens": len(chosen), "sif_a": SIF_A},
            indent=2,
        ),
        encoding="utf-8",
    )
    return out_dir
