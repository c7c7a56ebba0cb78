"""Rule evidence: cue phrases and required documents as character spans over a unit's text.

Like spaCy's ``Doc`` spans, each :class:`Evidence` says exactly which characters triggered it, so the UI can
highlight them. The rules are data: ``reviewer/find/patterns/*.jsonl`` (EntityRuler-style lines, see
:mod:`reviewer.find.matcher`), which legal staff can extend without touching code.

Matching runs on a folded copy of the text (NFC, lower case, one tone placement for hoà/hòa and thuỷ/thủy,
glued table cells split) and maps every hit back to offsets in the string given, NFD input included.

Why ``spacy.blank("xx")`` and not ``spacy.blank("vi")``: the Vietnamese tokenizer runs pyvi word segmentation,
which is 4-6x slower and turns syllables into words (``hồ_sơ``), so token patterns written syllable by syllable
(``hồ sơ … gồm``, ``mang theo … để đối chiếu``, ``01 bản chính``) stop matching and phrase matches shift with
the neighbours (``hành vi vi phạm``). The multilingual tokenizer splits on spaces and punctuation, one syllable a
token, which is what pattern authors write. ``bench/bench_find.py``, 2 shared cores, units per CPU second, best
of 5 (2026-11-25):

    =====================================  ======  =====  =====================================
    units                                  xx      vi     evidence differs (vi vs xx)
    =====================================  ======  =====  =====================================
    Luật Cư trú 68/2020/QH14, 339 lines    12,980  1,962  24 units (7.1%): vi loses gap patterns
    dossier items, 200 procedures (832)     6,601  1,491  138 units (16.6%)
    =====================================  ======  =====  =====================================

The pipeline is built once per process (``matcher.pipeline()``, ~0.2 s).
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.find.label import rule_label
from reviewer.find.matcher import pipeline

__all__ = ["Evidence", "find_evidence", "find_documents", "rule_label"]

EVIDENCE_KINDS = ("cue", "document")


@dataclass(frozen=True)
class Evidence:
    """One rule hit: ``text[start:end] == self.text`` in the string that was searched."""

    start: int
    end: int
    text: str
    kind: str  # "cue" | "document"
    tag: str  # cue tag, or a document-kind key (docs/ARCHITECTURE.md)


def find_evidence(text: str) -> list[Evidence]:
    """Cue and document evidence in ``text``, sorted by start; within a kind no two spans overlap."""
    return [
        Evidence(m.start, m.end, text[m.start : m.end], m.kind, m.tag)
        for m in pipeline().match(text)
        if m.kind in EVIDENCE_KINDS
    ]


def find_documents(text: str) -> list[Evidence]:
    """Only the required-document evidence (kind ``document``)."""
    return [e for e in find_evidence(text) if e.kind == "document"]
