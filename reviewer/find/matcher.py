"""The spaCy rule pipeline: pattern files → PhraseMatcher + Matcher over folded text → spans in the original.

Patterns are EntityRuler-style JSONL lines, ``{"label": ..., "pattern": ..., "id"?: ...}``, where
``pattern`` is a phrase (a string, matched with ``PhraseMatcher``) or a list of token dicts (matched with
``Matcher``). Each file is one *kind*:

- ``cues.jsonl``: ``label`` is the cue tag (certified_copy, original, copy, paper_document, channel,
  agency_action, none_hint); ``id`` refines it where the baseline needs to know more (``lead_in``,
  ``quantity``, ``present``, ``paper_channel``);
- ``documents.jsonl``: ``label`` is a document-kind key (docs/ARCHITECTURE.md);
- ``signals.jsonl``: words that show the applicant must do something (``burden``); used by :func:`rule_label`,
  never returned as evidence;
- ``exclusions.jsonl``: phrases that veto any shorter match inside them (``đơn vị`` vetoes ``đơn``,
  ``ảnh hưởng`` vetoes ``ảnh``);
- ``actors.jsonl``: who acts in a lead-in (``state_body``, ``applicant``) and the verbs of compiling or
  forwarding a dossier (``compile``); see :mod:`reviewer.find.actors`;
- ``heads.jsonl``: the head nouns of dossier items, ``issued`` (by someone else: giấy phép, hợp đồng …) or ``own``
  (written by the applicant: đơn, tờ khai, báo cáo …); see :mod:`reviewer.find.issuer`.

Pattern strings are folded like the text (lower case, NFC, one tone placement), so a pattern written ``hoà``
matches ``HÒA``. Token patterns test ``LOWER``/``ORTH``/``TEXT``/``NORM`` against single syllables: the
pipeline tokenises syllable by syllable (see :mod:`reviewer.find` for why).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from reviewer.errors import BadInput
from reviewer.find.normalize import fold, fold_string

PATTERN_DIR = Path(__file__).parent / "patterns"
KIND_FILES = {
    "cue": "cues.jsonl",
    "document": "documents.jsonl",
    "signal": "signals.jsonl",
    "exclude": "exclusions.jsonl",
    "actor": "actors.jsonl",
    "head": "heads.jsonl",
}
DEFAULT_LANG = "xx"
MATCH_CACHE_SIZE = 20_000
_TEXT_ATTRS = {"ORTH", "LOWER", "TEXT", "NORM"}


@dataclass(frozen=True)
class Match:
    """One rule hit, in original-text offsets; ``pid`` is the pattern's optional ``id``."""

    start: int
    end: int
    kind: str
    tag: str
    pid: str


@dataclass(frozen=True)
class _Rule:
    kind: str
    tag: str
    pid: str


def _fold_token_spec(spec: dict[str, Any], source: str) -> dict[str, Any]:
    folded: dict[str, Any] = {}
    for attr, value in spec.items():
        if attr.upper() in _TEXT_ATTRS:
            value = _fold_token_value(value, source)
            attr = "LOWER"
        folded[attr] = value
    return folded


def _fold_token_value(value: Any, source: str) -> Any:
    if isinstance(value, str):
        folded = fold_string(value)
        if " " in folded.strip():
            raise BadInput(source, f"token pattern value {value!r} spans several syllables; split it")
        return folded
    if isinstance(value, dict):
        return {op: _fold_token_value(v, source) for op, v in value.items()}
    if isinstance(value, list):
        return [_fold_token_value(v, source) for v in value]
    return value


def load_patterns(kind: str, directory: Path = PATTERN_DIR) -> list[dict[str, Any]]:
    """Read one kind's pattern file; each line is checked so a legal officer's typo names its line."""
    path = directory / KIND_FILES[kind]
    rules: list[dict[str, Any]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path}:{lineno}"
        try:
            rule = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadInput(where, f"not JSON: {error.msg}") from error
        if not isinstance(rule, dict) or "label" not in rule or "pattern" not in rule:
            raise BadInput(where, 'a pattern line needs "label" and "pattern"')
        if not isinstance(rule["pattern"], str | list):
            raise BadInput(where, '"pattern" must be a phrase or a list of token dicts')
        rule["_where"] = where
        rules.append(rule)
    return rules


class RulePipeline:
    """A blank spaCy pipeline with one PhraseMatcher and one Matcher holding every kind's patterns."""

    def __init__(self, lang: str = DEFAULT_LANG, directory: Path = PATTERN_DIR):
        self.lang = lang
        self.nlp: Language = spacy.blank(lang)
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        # One Matcher per token pattern, each guarded by the literal syllables it needs: spaCy's Matcher costs
        # ~30 µs per pattern per unit whatever the pattern, so patterns whose words are absent are skipped.
        self.tokens: list[tuple[list[tuple[str, ...]], Matcher]] = []
        self.rules: dict[str, _Rule] = {}
        self._recent: OrderedDict[str, tuple[Match, ...]] = OrderedDict()
        self._lock = threading.Lock()
        for kind in KIND_FILES:
            for rule in load_patterns(kind, directory):
                self._add(kind, rule)

    def _add(self, kind: str, rule: dict[str, Any]) -> None:
        tag, pid = str(rule["label"]), str(rule.get("id", ""))
        key = f"{kind}|{tag}|{pid}"
        self.rules[key] = _Rule(kind, tag, pid)
        pattern = rule["pattern"]
        if isinstance(pattern, str):
            self.phrases.add(key, [self.nlp.make_doc(fold_string(pattern))])
        else:
            specs = [_fold_token_spec(spec, rule["_where"]) for spec in pattern]
            matcher = Matcher(self.nlp.vocab, validate=True)
            try:
                matcher.add(key, [specs])
            except (ValueError, KeyError) as error:
                raise BadInput(rule["_where"], f"invalid token pattern: {error}") from error
            self.tokens.append((_anchors(specs), matcher))

    def match(self, text: str) -> list[Match]:
        """Every surviving hit of every kind, sorted by start; per kind non-overlapping, longest wins.

        Cached by text: a lead-in is matched once for all its điểm, and the baseline, the rule features, the
        evidence and the gate all ask for the same units.
        """
        if not text:
            return []
        with self._lock:  # the desk classifies uploads on several Streamlit threads
            cached = self._recent.get(text)
            if cached is not None:
                self._recent.move_to_end(text)
                return list(cached)
        hits = self._match(text)
        with self._lock:
            self._recent[text] = tuple(hits)
            if len(self._recent) > MATCH_CACHE_SIZE:
                self._recent.popitem(last=False)
        return hits

    def clear_cache(self) -> None:
        """Forget earlier matches (benchmarks time each contender from cold)."""
        with self._lock:
            self._recent.clear()

    def _match(self, text: str) -> list[Match]:
        folded = fold(text)
        doc = self.nlp.make_doc(folded.text)
        hits = list(self.phrases(doc))
        for anchors, matcher in self.tokens:
            if all(any(word in folded.text for word in words) for words in anchors):
                hits += matcher(doc)
        by_kind: dict[str, list[Span]] = {}
        for key_id, s, e in hits:
            rule = self.rules[self.nlp.vocab.strings[key_id]]
            by_kind.setdefault(rule.kind, []).append(Span(doc, s, e, label=self.nlp.vocab.strings[key_id]))
        vetoes = [(sp.start_char, sp.end_char) for sp in by_kind.pop("exclude", [])]
        out: list[Match] = []
        for kind, spans in by_kind.items():
            kept = [sp for sp in spans if not _vetoed(sp, vetoes)]
            for sp in filter_spans(kept):
                rule = self.rules[sp.label_]
                start, end = folded.original_span(sp.start_char, sp.end_char)
                out.append(Match(start, end, kind, rule.tag, rule.pid))
        out.sort(key=lambda m: (m.start, -m.end, m.kind))
        return out


def _anchors(specs: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """For each required token with literal text, the strings one of which must occur in the unit."""
    anchors = []
    for spec in specs:
        if spec.get("OP", "1") not in {"1", "+"}:  # optional or negated tokens need nothing present
            continue
        value = spec.get("LOWER")
        if isinstance(value, str):
            anchors.append((value,))
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            anchors.append(tuple(value["IN"]))
    return anchors


def _vetoed(span: Span, vetoes: list[tuple[int, int]]) -> bool:
    s, e = span.start_char, span.end_char
    return any(vs <= s and e <= ve and (ve - vs) > (e - s) for vs, ve in vetoes)


@cache
def pipeline(lang: str = DEFAULT_LANG) -> RulePipeline:
    """The shared pipeline, built once per language on first use."""
    return RulePipeline(lang)
