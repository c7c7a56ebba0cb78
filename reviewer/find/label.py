"""The keyword baseline: one label per unit from rule hits, following DOMAIN.md's precedence.

certified_copy > original > copy > paper_document > none. The baseline is meant to be fair competition for the
trained model, so it applies the conventions a legal officer would apply with keywords alone:

- a cue only counts where the applicant bears it: the lead-in (context) opens a dossier list, or the unit
  itself has a burden word (nộp, xuất trình, kèm theo, …), a dossier quantity (``01 bản chính``) or is a list
  item that starts with a paper; a definition such as
  ``Bản sao được cấp từ sổ gốc có giá trị sử dụng thay cho bản chính`` has none and stays ``none``;
- a unit whose subject is the agency (``cơ quan … cấp``, ``có trách nhiệm``, ``trong thời hạn``) and that
  names no copy or original is ``none`` unless it hangs from a dossier lead-in;
- ``bản chính``/``bản gốc`` on a paper the applicant writes itself (đơn, tờ khai, báo cáo, …) with no document
  issued by someone else is ``paper_document``; a quantity ``1 bản chính`` beside ``Bản sao …`` yields to the
  wording (``copy``);
- ``nộp trực tiếp`` is a paper requirement only when no other channel is offered;
- a list whose lead-in has a state body compile or forward the dossier is ``none`` (:mod:`reviewer.find.actors`).
"""

from __future__ import annotations

import re
import unicodedata

from reviewer.document import LIST_MARKER
from reviewer.find.actors import DOSSIER_HEADING, state_compiles, unit_compiled_by_state
from reviewer.find.matcher import Match, pipeline

# Papers the applicant (or its own organs) writes: "bản chính" on them is not an original issued by others.
SELF_WRITTEN = {"don_to_khai", "tai_lieu_khac", "anh"}
STRONG_CUES = {"certified_copy", "original", "copy"}
_ALTERNATIVE = re.compile(r"^[\s,]*(?:hoặc|hay)\b", re.IGNORECASE)


def _list_marker(text: str) -> int | None:
    marker = LIST_MARKER.match(text)
    return marker.end() if marker else None


def _starts_item(text: str, hits: list[Match], kinds: tuple[str, ...] = ("document", "cue")) -> bool:
    """A dossier-item shape: an optional list marker and then, first thing, a paper or a copy cue."""
    marker = _list_marker(text)
    offset = marker if marker is not None else len(text) - len(text.lstrip())
    return any(
        m.start <= offset + 1 and m.kind in kinds and (m.kind == "document" or m.tag in STRONG_CUES) for m in hits
    )


def _agency_is_subject(text: str, cues: list[Match], hits: list[Match]) -> bool:
    """The agency acts here: the unit opens with an agency, or an agency action comes before anything the
    applicant is told to do or present."""
    marker = _list_marker(text) or 0
    if any(m.pid == "subject" and m.start <= marker + 2 for m in cues):
        return True
    agency = [m.start for m in cues if m.tag == "agency_action" and m.pid != "subject"]
    if not agency or any(m.pid == "present" for m in cues):
        return False
    applicant = [m.start for m in hits if m.kind == "signal"]
    return not applicant or min(agency) < min(applicant)


def _is_zero_quantity(text: str, m: Match) -> bool:
    """``0 bản chính`` in a portal table means no original is asked for."""
    digits = re.match(r"\s*(\d+)", text[m.start : m.end])
    return m.pid == "quantity" and digits is not None and int(digits.group(1)) == 0


def _alternative_to_copy(text: str, m: Match, copies: list[Match]) -> bool:
    """``bản sao hoặc bản chính`` / ``bản chính hoặc bản sao``: the applicant may bring the lighter paper."""
    for c in copies:
        between = text[c.end : m.start] if c.end <= m.start else text[m.end : c.start]
        if len(between) < 40 and _ALTERNATIVE.match(between):
            return True
    return False


def _original_label(text: str, cues: list[Match], docs: list[Match], copies: list[Match]) -> str | None:
    originals = [m for m in cues if m.tag == "original"]
    if any(m.pid == "present" for m in originals):
        return "original"
    wording = [m for m in originals if m.pid != "quantity" and not _alternative_to_copy(text, m, copies)]
    if copies and not wording:
        return None  # a quantity column or an either/or yields to the copy wording
    if not (wording or originals):
        return None
    head = docs[0].tag if docs else None
    self_written = head in SELF_WRITTEN or any(m.pid == "form" for m in cues)
    if head is None and not self_written and wording:
        return "original"
    return "paper_document" if self_written or head is None else "original"


def label_from_hits(text: str, hits: list[Match], context_hits: list[Match], context: str = "") -> str:
    if state_compiles(unicodedata.normalize("NFC", context)) or unit_compiled_by_state(
        unicodedata.normalize("NFC", text)
    ):
        return "none"  # a dossier one state body compiles for another: not the applicant's burden
    cues = [m for m in hits if m.kind == "cue" and not _is_zero_quantity(text, m)]
    tags = {m.tag for m in cues}
    docs = [m for m in hits if m.kind == "document"]
    lead_in_context = any(m.pid == "lead_in" for m in context_hits) or bool(
        DOSSIER_HEADING.match(unicodedata.normalize("NFC", context))
    )
    item = _starts_item(text, hits)
    burden = (
        lead_in_context
        or any(m.pid == "quantity" for m in cues)
        or any(m.kind == "signal" and m.tag == "burden" for m in hits)
        or any(m.pid in {"lead_in", "present"} for m in cues)
        or (item and bool(context_hits))
        # "2. Bản sao …" with no lead-in at hand: the marker and the copy wording are enough
        or (_list_marker(text) is not None and _starts_item(text, hits, ("cue",)))
    )
    if not burden:
        return "none"
    if _agency_is_subject(text, cues, hits) and not (lead_in_context and (item or tags & STRONG_CUES)):
        return "none"
    if "none_hint" in tags and not lead_in_context and not (tags & STRONG_CUES):
        return "none"
    if "certified_copy" in tags:
        return "certified_copy"
    copies = [m for m in cues if m.tag == "copy"]
    original = _original_label(text, cues, docs, copies)
    if original == "original":
        return original
    if copies:
        return "copy"
    if original:
        return original
    channels = [m for m in cues if m.tag == "channel"]
    paper = [m for m in cues if m.tag == "paper_document" and not (m.pid == "paper_channel" and channels)]
    if paper or (docs and (lead_in_context or item)):
        return "paper_document"
    return "none"


def rule_label(text: str, context: str = "") -> str:
    """The keyword baseline label of one clause unit, judged with its lead-in ``context``."""
    if only_waives(text):
        return "none"
    rules = pipeline()
    hits = rules.match(text)
    context_hits = rules.match(context) if context else []
    return label_from_hits(text, hits, context_hits, context)


# "… có giá trị sử dụng thay cho bản chính.", "… có giá trị pháp lý như hồ sơ bằng bản giấy.": what a paper is worth.
_LEGAL_VALUE = re.compile(
    r"\bcó giá trị (?:sử dụng|pháp lý)\s+(?:thay cho|như|tương đương)\b[^;:]*\.\s*$", re.IGNORECASE
)


def states_legal_value(text: str) -> bool:
    """A sentence that only says what a paper is worth, and asks nobody for it (DOMAIN.md: ``Bản sao được cấp từ sổ
    gốc có giá trị sử dụng thay cho bản chính.`` is a definition, ``none``): not a list item, no quantity, no burden
    word (nộp, xuất trình, kèm theo, …)."""
    text = unicodedata.normalize("NFC", text).strip()
    if not _LEGAL_VALUE.search(text) or ";" in text or ":" in text or _list_marker(re.sub(r"^\d+\.\s+", "", text)):
        return False
    hits = pipeline().match(text)
    burden = any(m.kind == "signal" and m.tag == "burden" for m in hits)
    return not burden and not any(m.kind == "cue" and m.pid == "quantity" for m in hits)


# "không phải nộp", "không yêu cầu … xuất trình", "không được yêu cầu nộp": the ask that follows is waived. The waiver
# reaches over a few words ("không yêu cầu học sinh xuất trình giấy khai sinh bản chính") but not past the end of the
# clause, nor past a new obligation ("không phải nộp bản sao nhưng phải xuất trình bản chính").
_WAIVER = re.compile(
    r"\bkhông\s+(?:phải|cần|bắt buộc(?:\s+phải)?|yêu cầu|được yêu cầu|đòi hỏi)\b(?P<gap>[^.;:!?]*)$", re.IGNORECASE
)
_NEW_OBLIGATION = re.compile(r"\b(?:phải|nhưng|song|thì|mà)\b", re.IGNORECASE)
_WAIVER_REACH = 10  # syllables between the waiver and what it waives
# "không" before an ask that itself opens with the modal ("không" + "phải nộp"); a bare "không nộp" is often a
# condition ("mà không nộp lại được …") of a clause that asks for something else.
_NEGATED = re.compile(r"\bkhông\s+$", re.IGNORECASE)
_MODAL = re.compile(r"(?:phải|cần|bắt buộc)\b", re.IGNORECASE)
_ASKS = {"certified_copy", "original", "copy", "paper_document"}


def _waived(text: str, start: int) -> bool:
    before = text[max(0, start - 80) : start]
    if _NEGATED.search(before) and _MODAL.match(text, start):
        return True
    found = _WAIVER.search(before)
    if found is None:
        return False
    gap = found.group("gap")
    return len(gap.split()) <= _WAIVER_REACH and not _NEW_OBLIGATION.search(gap)


def only_waives(text: str) -> bool:
    """Every ask in the sentence is waived: ``Người đề nghị không phải nộp bản sao Thẻ căn cước công dân.``,
    ``Không yêu cầu học sinh xuất trình giấy khai sinh bản chính.`` A clause that lifts a paper requirement asks for
    none (DOMAIN.md: only the applicant's burden counts); one that also asks for something (a quantity column
    ``(1 bản chính)``, ``… nhưng phải xuất trình …``) keeps that ask."""
    text = unicodedata.normalize("NFC", text)
    asks = [
        m
        for m in pipeline().match(text)
        if (m.kind == "cue" and m.tag in _ASKS and not _is_zero_quantity(text, m))
        or (m.kind == "signal" and m.tag == "burden")
    ]
    return bool(asks) and all(_waived(text, m.start) for m in asks)
