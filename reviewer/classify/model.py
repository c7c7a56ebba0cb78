"""The trained classifier: a sentence-transformer body, a logistic-regression head, a recall threshold.

A model folder (``models/reviewer-clauses/``) holds:

- ``body/``: the fine-tuned sentence-transformer (weights stay out of git);
- ``head.joblib``: the head (:class:`ClauseHead`), one logistic regression over the unit's embedding, its words
  and the rule features;
- ``head.json``: the decision threshold on P(none), the input prefix, the body's kind and width, the rule tags;
- ``neighbours.npz``: normalised embeddings and ids of the labelled training units (for ``neighbours``);
- ``training.json``, ``metrics.json``, ``README.md`` (the model card).
"""

from __future__ import annotations

import json
import os
import re
from collections import OrderedDict
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from reviewer.classify.data import FINDING_LABELS, LABELS, NONE, ClauseInput, Prediction, clean, model_input
from reviewer.config import settings
from reviewer.errors import BadInput, ModelNotFound

HEAD_FILE, NEIGHBOURS_FILE, BODY_DIR = "head.json", "neighbours.npz", "body"
HEAD_MODEL_FILE = "head.joblib"
CACHE_SIZE = 50_000
ORIGINAL = "original"
CERTIFIED_COPY = "certified_copy"
NEIGHBOUR_ROWS = 1024  # units compared with the labelled examples at a time

# The gate. A unit whose text and lead-in hold none of these words cannot ask for a paper: it is labelled none
# whatever the head says (its scores are still the head's).
# On the labelled corpus (7,642 units, 3,331 findings) the gate lets every finding through; on whole codes it
# spares the model most
# units (Bộ luật Hình sự 2015: 925 of 4,448 pass; Bộ luật Dân sự 2015: 873 of 2,141; Luật Cư trú: 208 of 276).
PAPER_SIGNAL = re.compile(
    r"hồ sơ|giấy|văn bản|bản |bản$|đơn|tờ khai|tài liệu|chứng|nộp|gửi|xuất trình|mang theo|kèm|ảnh|hợp đồng|"
    r"báo cáo|danh sách|phiếu|sổ |thẻ|quyết định|biên bản|mẫu|bộ|bằng|trích lục|cam kết|đề nghị|đăng ký|"
    r"hộ chiếu|căn cước"
)


TABLE_CELL_SEPARATOR = " | "  # how reviewer.structure writes the cells of a table row


def may_ask_for_paper(text: str, context: str, preamble: str = "") -> bool:
    """False when neither the unit nor its lead-in holds a paper word, or when a state body compiles the dossier
    (``reviewer.find.actors``, reading the lead-in and, for a lead-in that only names the dossier, the article's
    ``preamble``; or the unit itself, ``c) Giám thị trại tạm giam … lập danh sách, hồ sơ …``: only the
    applicant's burden counts).

    A table row is judged by its own cells: the rows of a rate table or a list of premises inherit their
    lead-in ("… quy định tại Phụ lục II ban hành kèm theo …") but ask for nothing, while a row that lists a
    dossier paper names it in a cell.
    """
    if _state_compiled(clean(context), preamble) or _unit_state_compiled(clean(text), preamble):
        return False
    if _states_legal_value(clean(text)) or _only_waives(clean(text)):
        return False
    if PAPER_SIGNAL.search(clean(text).lower()):
        return True
    # a khoản of an article whose heading the source lost has no lead-in: its earlier khoản stand in for it
    lead_in = context if context.strip() else preamble
    return TABLE_CELL_SEPARATOR not in text and bool(PAPER_SIGNAL.search(clean(lead_in).lower()))


@lru_cache(maxsize=4096)
def _state_compiled(context: str, preamble: str) -> bool:
    """Cached per lead-in and preamble: every điểm of a khoản shares them (keys hold up to 2,000 characters)."""
    try:
        from reviewer.find.actors import compiled_by_state
    except ImportError:  # the rule stage is optional for the model itself
        return False
    return compiled_by_state(context, preamble)


def _unit_state_compiled(text: str, preamble: str) -> bool:
    """Not cached here: units rarely repeat, and the rule matcher caches its matches by text."""
    try:
        from reviewer.find.actors import heads_state_dossier, unit_compiled_by_state
    except ImportError:
        return False
    return unit_compiled_by_state(text) or heads_state_dossier(text, preamble)


def _states_legal_value(text: str) -> bool:
    try:
        from reviewer.find.label import states_legal_value
    except ImportError:
        return False
    return states_legal_value(text)


def _only_waives(text: str) -> bool:
    try:
        from reviewer.find.label import only_waives
    except ImportError:
        return False
    return only_waives(text)


def clear_rule_caches() -> None:
    """Forget cached rule results (the gate's and the rule matcher's): benchmarks time each contender from cold."""
    _state_compiled.cache_clear()
    try:
        from reviewer.find.matcher import pipeline
    except ImportError:
        return
    pipeline().clear_cache()


def default_threads() -> int:
    return max(1, int(os.environ.get("REVIEWER_THREADS") or os.cpu_count() or 1))


def load_body(path: Path, max_seq_length: int | None = None):
    """A sentence-transformer from a local folder, on CPU."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(default_threads())
    body = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    if max_seq_length:
        try:
            body.max_seq_length = max_seq_length
        except (AttributeError, ValueError):
            pass  # bodies without a tokenizer limit (static embeddings) take any length
    return body


def embedding_width(body) -> int | None:
    """The body's embedding size (sentence-transformers renamed the method in version 6)."""
    method = getattr(body, "get_embedding_dimension", None) or body.get_sentence_embedding_dimension
    return method()


@lru_cache(maxsize=1)
def cpu_has_bf16() -> bool:
    """True on CPUs with native bfloat16 dot products (AVX512-BF16 or AMX), where bf16 autocast pays off."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def embed(body, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
    """L2-normalised float32 embeddings; sentence-transformers batches by length internally.

    On CPUs with native bf16 the matrix products run in bfloat16 (1.4x faster on 2 cores; cosine with the
    fp32 embeddings ≥ 0.9999 on the Luật Cư trú units); ``REVIEWER_BF16=0`` turns it off.
    """
    import torch

    if not texts:
        return np.zeros((0, embedding_width(body) or 0), dtype=np.float32)
    quantized = getattr(body, "reviewer_int8", False)  # int8 kernels take float32 activations only
    use_bf16 = cpu_has_bf16() and not quantized and os.environ.get("REVIEWER_BF16", "1") != "0"
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=use_bf16):
        vectors = body.encode(
            texts,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=progress,
        )
    return np.asarray(vectors, dtype=np.float32)


def decide(probabilities: np.ndarray, none_threshold: float) -> list[tuple[str, float]]:
    """Label and its probability per row: a finding whenever P(none) falls below the threshold."""
    none_index = LABELS.index(NONE)
    finding_columns = [LABELS.index(label) for label in FINDING_LABELS]
    decisions = []
    for row in probabilities:
        if row[none_index] >= none_threshold:
            decisions.append((NONE, float(row[none_index])))
        else:
            best = max(finding_columns, key=lambda j: row[j])
            decisions.append((LABELS[best], float(row[best])))
    return decisions


def _as_worded(decision: tuple[str, float], row: np.ndarray, text: str, context: str) -> tuple[str, float]:
    """A finding whose words ask for the original of an issued paper, or that names an issued paper under a
    lead-in that has it shown (``xuất trình các giấy tờ sau:``), is ``original``, whichever finding label the head
    prefers (its words and look-alikes pull short items such as ``a) Bản chính Giấy khai sinh;`` or ``b) Sổ hộ
    khẩu;`` towards the far more common ``paper_document``). Whether it is a finding at all stays the head's call."""
    from reviewer.find.issuer import asks_original_of_issued, presented_under_lead_in

    label, _ = decision
    if label in (NONE, ORIGINAL):
        return decision
    if asks_original_of_issued(text) or (label != CERTIFIED_COPY and presented_under_lead_in(text, context)):
        return ORIGINAL, float(row[LABELS.index(ORIGINAL)])
    return decision


def _evidence(text: str) -> list:
    try:
        from reviewer.find import find_evidence
    except ImportError:  # the rule stage is optional for the model itself
        return []
    return find_evidence(text)


class RuleFeatures:
    """The rule stage's view of a unit as extra head features, like spaCy's rules beside its models.

    One-hot of ``rule_label(text, context)``, one flag per evidence tag (``kind:tag``) seen in training, found in
    the unit text and, separately, in its lead-in, and a one-hot of the item's head (issued by someone else, the
    applicant's own, unknown) crossed with the form it is asked in (original, copy, unsaid). Lexical cues
    (``bản sao có chứng thực``, ``xuất trình``) separate the finding labels sharply; the crossing separates
    ``original`` from ``paper_document``, which a linear head cannot learn from the words one at a time; the
    embeddings bring the rest.
    """

    VERSION = 2  # head.json records it: a head fitted on another layout of these features is refused
    HEADS = ("issued", "own", None)
    FORMS = ("original", "copy", None)

    def __init__(self, tags: list[str]):
        self.tags = list(tags)
        self._index = {tag: i for i, tag in enumerate(self.tags)}

    @property
    def size(self) -> int:
        return len(LABELS) + 2 * len(self.tags) + len(self.HEADS) * len(self.FORMS)

    @classmethod
    def _crossing(cls, text: str) -> int:
        from reviewer.find.issuer import item_head, stated_form

        return cls.HEADS.index(item_head(text)) * len(cls.FORMS) + cls.FORMS.index(stated_form(text))

    @staticmethod
    def _tags(text: str) -> set[str]:
        return {f"{e.kind}:{e.tag}" for e in _evidence(text)}

    @classmethod
    def learn(cls, pairs: list[tuple[str, str]]) -> RuleFeatures:
        tags: set[str] = set()
        for text, context in pairs:
            tags |= cls._tags(text) | cls._tags(context)
        return cls(sorted(tags))

    def vector(self, text: str, context: str) -> np.ndarray:
        from reviewer.find import rule_label

        out = np.zeros(self.size, dtype=np.float32)
        out[LABELS.index(rule_label(text, context))] = 1.0
        offset = len(LABELS)
        for tag in self._tags(text):
            if tag in self._index:
                out[offset + self._index[tag]] = 1.0
        offset += len(self.tags)
        for tag in self._tags(context):
            if tag in self._index:
                out[offset + self._index[tag]] = 1.0
        out[offset + len(self.tags) + self._crossing(text)] = 1.0
        return out

    def matrix(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, self.size), dtype=np.float32)
        return np.stack([self.vector(text, context) for text, context in pairs])


class CharTfidf:
    """Character 2–5-gram TF-IDF + logistic regression over ``text | context``: the ``tfidf`` baseline of
    ``reviewer evaluate`` (the model's own head, :class:`ClauseHead`, reuses its text form)."""

    def __init__(self, vectoriser, model):
        self.vectoriser, self.model = vectoriser, model

    @staticmethod
    def text(text: str, context: str) -> str:
        return model_input(text, context, "").lower()

    @classmethod
    def fit(cls, pairs: list[tuple[str, str]], labels: list[str], c: float = 4.0) -> CharTfidf:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        x = vectoriser.fit_transform([cls.text(t, c_) for t, c_ in pairs])
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        model.fit(x, labels)
        return cls(vectoriser, model)

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        out = np.zeros((len(pairs), len(LABELS)))
        if not pairs:
            return out
        known = self.model.predict_proba(self.vectoriser.transform([self.text(t, c) for t, c in pairs]))
        for j, name in enumerate(self.model.classes_):
            out[:, LABELS.index(str(name))] = known[:, j]
        return out

    def save(self, path: Path) -> None:
        import joblib

        joblib.dump({"vectoriser": self.vectoriser, "model": self.model}, path, compress=3)

    @classmethod
    def load(cls, path: Path) -> CharTfidf:
        import joblib

        data = joblib.load(path)
        return cls(data["vectoriser"], data["model"])


class ClauseHead:
    """The head: one logistic regression over what a unit says, in words and as a sentence embedding.

    - syllable 1–3-grams of the unit and, apart, of its lead-in (``bản sao`` in a unit asks for a copy; the same
      words in the lead-in only frame it), and character 2–5-grams of both (spelling variants, OCR slips);
    - the rule features (:class:`RuleFeatures`);
    - the fine-tuned body's normalised embedding, scaled by ``embedding_scale``.

    One model over all of them, rather than an embedding head averaged with a word head, ranks findings better
    where recall matters most: on the validation part of TRAIN, precision at recall 0.97 went from 0.73 to 0.76
    (dev: 0.76 to 0.81).
    """

    TOKEN = r"(?u)\b\w+\b"
    CONTEXT_WEIGHT = 0.7  # the lead-in's words count, but less than the unit's own

    def __init__(self, text_words, context_words, chars, model, embedding_scale: float, rule_count: int):
        self.text_words, self.context_words, self.chars, self.model = text_words, context_words, chars, model
        self.embedding_scale, self.rule_count = embedding_scale, rule_count

    @property
    def embedding_dim(self) -> int:
        words = len(self.text_words.vocabulary_) + len(self.context_words.vocabulary_) + len(self.chars.vocabulary_)
        return self.model.coef_.shape[1] - words - self.rule_count

    def _matrix(self, pairs: list[tuple[str, str]], rules: np.ndarray, embeddings: np.ndarray):
        from scipy import sparse

        return sparse.hstack(
            [
                self.text_words.transform([t.lower() for t, _ in pairs]),
                self.context_words.transform([c.lower() for _, c in pairs]) * self.CONTEXT_WEIGHT,
                self.chars.transform([CharTfidf.text(t, c) for t, c in pairs]),
                sparse.csr_matrix(rules),
                sparse.csr_matrix(embeddings * self.embedding_scale),
            ]
        ).tocsr()

    @classmethod
    def fit(
        cls,
        pairs: list[tuple[str, str]],
        rules: np.ndarray,
        embeddings: np.ndarray,
        labels: list[str],
        c: float = 16.0,
        embedding_scale: float = 0.5,
        seed: int = 13,
    ) -> ClauseHead:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:
            raise BadInput("training data", f"needs at least two labels, found {sorted(set(labels))}")

        def words():
            return TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, min_df=2, token_pattern=cls.TOKEN)

        text_words = words().fit([t.lower() for t, _ in pairs])
        context_words = words().fit([c_.lower() for _, c_ in pairs if c_] or ["_"])
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        chars.fit([CharTfidf.text(t, c_) for t, c_ in pairs])
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=seed)
        head = cls(text_words, context_words, chars, model, embedding_scale, rules.shape[1])
        model.fit(head._matrix(pairs, rules, embeddings), labels)
        return head

    def probabilities(self, pairs: list[tuple[str, str]], rules: np.ndarray, embeddings: np.ndarray) -> np.ndarray:
        """(n, len(LABELS)) probabilities in LABELS order."""
        out = np.zeros((len(pairs), len(LABELS)))
        if not pairs:
            return out
        known = self.model.predict_proba(self._matrix(pairs, rules, embeddings))
        for j, name in enumerate(self.model.classes_):
            out[:, LABELS.index(str(name))] = known[:, j]
        return out

    def save(self, path: Path) -> None:
        import joblib

        parts = {"text_words": self.text_words, "context_words": self.context_words, "chars": self.chars}
        joblib.dump(
            {**parts, "model": self.model, "embedding_scale": self.embedding_scale, "rule_count": self.rule_count},
            path,
            compress=3,
        )

    @classmethod
    def load(cls, path: Path) -> ClauseHead:
        import joblib

        data = joblib.load(path)
        parts = (data["text_words"], data["context_words"], data["chars"], data["model"])
        return cls(*parts, float(data["embedding_scale"]), int(data["rule_count"]))


class Classifier:
    """Classifies clause units; identical inputs (after :func:`clean`) are embedded once per process."""

    def __init__(
        self,
        path: Path,
        body,
        head: ClauseHead,
        config: dict,
        neighbours: tuple[np.ndarray, list[str]],
    ):
        self.path = Path(path)
        self.body = body
        self.head = head
        self.config = config
        self.none_threshold = float(config.get("none_threshold", 0.5))
        self.neighbour_vectors, self.neighbour_ids = neighbours
        self.prefix: str = config.get("prefix", "passage: ")
        self.top_k: int = int(config.get("neighbours", 3))
        tags = config.get("rule_tags")
        self.rules = RuleFeatures(tags) if tags is not None else None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()  # model input -> embedding, then rule features
        self._evidence: OrderedDict[str, list] = OrderedDict()  # unit text -> evidence spans

    @property
    def version(self) -> str:
        return str(self.config.get("version", "unknown"))

    def input_text(self, item: ClauseInput) -> str:
        return model_input(item.text, item.context, self.prefix)

    def features(self, items: list[ClauseInput], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        """Embedding, then rule features, per item, through the cache (portal items repeat by the thousand)."""
        texts = [self.input_text(item) for item in items]
        found: dict[str, np.ndarray] = {}
        missing = {}
        for text, item in zip(texts, items, strict=True):
            cached = self._cache.get(text)
            if cached is not None:
                found[text] = cached
            elif text not in missing:
                missing[text] = item
        if missing:
            vectors = embed(self.body, list(missing), batch_size=batch_size, progress=progress)
            vectors = np.concatenate([vectors, self.rule_matrix(list(missing.values()))], axis=1)
            for text, vector in zip(missing, vectors, strict=True):
                found[text] = self._cache[text] = vector
            # Trimmed after use, not before: one call may bring more new texts than the cache holds.
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        width = self.head.embedding_dim + self.head.rule_count
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, width), np.float32)

    def rule_matrix(self, items: list[ClauseInput]) -> np.ndarray:
        if self.rules is None:
            return np.zeros((len(items), 0), dtype=np.float32)
        return self.rules.matrix([(clean(i.text), clean(i.context)) for i in items])

    def evidence(self, text: str) -> list:
        spans = self._evidence.get(text)
        if spans is None:
            spans = self._evidence[text] = _evidence(text)
            while len(self._evidence) > CACHE_SIZE:
                self._evidence.popitem(last=False)
        return spans

    def predict(self, items: list[ClauseInput], batch_size: int = 64, progress: bool = False) -> list[Prediction]:
        """One prediction per item, in order. Identical units (portal items repeat by the thousand) are scored once."""
        items = list(items)
        first: dict[tuple[str, str, str], int] = {}
        slots = [first.setdefault((i.text, i.context, i.preamble), index) for index, i in enumerate(items)]
        distinct = sorted(set(slots))
        scored = dict(zip(distinct, self._predict([items[k] for k in distinct], batch_size, progress), strict=True))
        return [_copy(scored[slot], item.id) for item, slot in zip(items, slots, strict=True)]

    def _predict(self, items: list[ClauseInput], batch_size: int, progress: bool) -> list[Prediction]:
        gated = [not may_ask_for_paper(i.text, i.context, i.preamble) for i in items]
        # Every unit is scored by the whole head (a static body embeds cheaply): a gated unit's scores stay the
        # head's honest opinion, which the desk's "possibly missed" view reads when the rule errs.
        features = self.features(items, batch_size=batch_size, progress=progress)
        dim = self.head.embedding_dim
        probabilities = self.head.probabilities(_pairs(items), features[:, dim:], features[:, :dim])
        neighbours: list[list[str]] = [[] for _ in items]
        rows = [index for index, skip in enumerate(gated) if not skip]
        if rows:
            for index, near in zip(rows, self._neighbours(features[rows, :dim]), strict=True):
                neighbours[index] = near
        decisions = [
            _as_worded(decision, row, item.text, item.context)
            for decision, row, item in zip(
                decide(probabilities, self.none_threshold), probabilities, items, strict=True
            )
        ]
        # A gated unit (no paper word in it or its lead-in; a table row with none in its cells; a dossier a state
        # body compiles) is `none` whatever the head leans to: the gate lets every labelled finding through, and
        # the recall-first threshold would otherwise flag table cells.
        decisions = [
            (NONE, float(row[LABELS.index(NONE)])) if skip else decision
            for decision, row, skip in zip(decisions, probabilities, gated, strict=True)
        ]
        return [
            Prediction(
                id=item.id,
                label=label,
                score=round(score, 4),
                scores={name: round(float(p), 4) for name, p in zip(LABELS, row, strict=True)},
                # A gated unit is none by rule: no evidence to highlight, no look-alike examples.
                evidence=[] if skip else self.evidence(item.text),
                neighbours=near,
            )
            for item, (label, score), row, near, skip in zip(
                items, decisions, probabilities, neighbours, gated, strict=True
            )
        ]

    def _neighbours(self, vectors: np.ndarray) -> list[list[str]]:
        if not len(self.neighbour_ids) or self.top_k <= 0:
            return [[] for _ in range(len(vectors))]
        examples = self.neighbour_vectors.T.astype(np.float32)
        result = []
        # In slices: a scan's batch of 5,000 units against 6,500 examples is 0.4 GB of similarities and their ranks.
        for start in range(0, len(vectors), NEIGHBOUR_ROWS):
            similarity = vectors[start : start + NEIGHBOUR_ROWS] @ examples
            k = min(self.top_k, similarity.shape[1])
            top = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
            for row, candidates in zip(similarity, top, strict=True):
                ordered = candidates[np.argsort(-row[candidates])]
                result.append([self.neighbour_ids[j] for j in ordered])
        return result


def _copy(prediction: Prediction, unit_id: str) -> Prediction:
    """The prediction of an identical unit under this unit's id (nothing shared: callers may edit theirs)."""
    return replace(
        prediction,
        id=unit_id,
        scores=dict(prediction.scores),
        evidence=list(prediction.evidence),
        neighbours=list(prediction.neighbours),
    )


def _pairs(items: list[ClauseInput]) -> list[tuple[str, str]]:
    return [(clean(i.text), clean(i.context)) for i in items]


def model_path(path: Path | str | None = None) -> Path:
    return Path(path) if path else settings().model_dir


def folder_version(path: Path | str | None = None) -> str:
    """The version the folder's classifier reports (``Classifier.version``), read without loading the body."""
    head_file = model_path(path) / HEAD_FILE
    if not head_file.is_file():
        raise ModelNotFound(str(model_path(path)), "no trained classifier here; build it with `reviewer train`")
    return str(json.loads(head_file.read_text(encoding="utf-8")).get("version", "unknown"))


def load_classifier(path: Path | str | None = None, quantize: bool | None = None) -> Classifier:
    """Load a model folder written by :func:`reviewer.classify.train`.

    ``quantize`` applies dynamic int8 quantisation to the body's linear layers (faster on CPU); by default it
    follows the model's ``head.json`` (set when training checked that accuracy holds).
    """
    folder = model_path(path)
    head_file = folder / HEAD_FILE
    if not head_file.is_file() or not (folder / BODY_DIR).is_dir():
        raise ModelNotFound(
            str(folder), "no trained classifier here; build it with `reviewer train --out " + str(folder) + "`"
        )
    config = json.loads(head_file.read_text(encoding="utf-8"))
    if not (folder / HEAD_MODEL_FILE).is_file() or "none_threshold" not in config:
        raise ModelNotFound(
            str(folder), f"trained by an older reviewer (no {HEAD_MODEL_FILE}); retrain it with `reviewer train`"
        )
    if config.get("rule_tags") is not None and config.get("rule_features") != RuleFeatures.VERSION:
        raise ModelNotFound(
            str(folder), "trained by an older reviewer (other rule features); retrain it with `reviewer train`"
        )
    body_dir = folder / BODY_DIR
    if not any(body_dir.glob("*.safetensors")) and not any(body_dir.glob("**/*.safetensors")):
        raise ModelNotFound(
            str(body_dir), "the model's body weights are missing (not kept in git); rebuild with `reviewer train`"
        )
    body = load_body(body_dir, config.get("max_seq_length"))
    width = embedding_width(body)
    if config.get("embedding_dim") is not None and width != config["embedding_dim"]:
        # body/ stays out of git: after a pull it may be an older body than head.json expects
        raise ModelNotFound(
            str(body_dir),
            f"the body gives {width}-d embeddings where head.json expects {config['embedding_dim']}; "
            "rebuild with `reviewer train`",
        )
    if quantize is None:
        quantize = bool(config.get("quantize", False))
    if quantize:
        body = quantize_body(body)
    neighbours = _load_neighbours(folder / NEIGHBOURS_FILE)
    return Classifier(folder, body, ClauseHead.load(folder / HEAD_MODEL_FILE), config, neighbours)


def quantize_body(body):
    """Dynamic int8 quantisation of the linear layers: weights int8, activations quantised on the fly."""
    import torch

    try:
        from torch.ao.quantization import quantize_dynamic
    except ImportError:  # pragma: no cover - older torch layouts
        from torch.quantization import quantize_dynamic
    quantized = quantize_dynamic(body, {torch.nn.Linear}, dtype=torch.qint8)
    quantized.reviewer_int8 = True
    return quantized


def _load_neighbours(path: Path) -> tuple[np.ndarray, list[str]]:
    if not path.is_file():
        return np.zeros((0, 0), dtype=np.float32), []
    data = np.load(path, allow_pickle=False)
    return data["vectors"].astype(np.float32), [str(i) for i in data["ids"]]


def save_neighbours(path: Path, vectors: np.ndarray, ids: list[str]) -> None:
    np.savez_compressed(path, vectors=vectors.astype(np.float16), ids=np.asarray(ids, dtype=str))
