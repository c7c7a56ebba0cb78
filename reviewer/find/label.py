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
- ``nộp trực tiếp`` is a paper requirement only when no other channel is offered.
"""

from __future__ import annotations

import re

from reviewer.find.matcher import Match, pipeline

# Papers the applicant (or its own organs) writes: "bản chính" on them is not an original issued by others.
SELF_WRITTEN = {"don_to_khai", "tai_lieu_khac"}
_ITEM_START = re.compile(r"^\s*(?:[a-zđ]\)|\d+(?:\.\d+)*[.)]|[-+•*–])\s*", re.IGNORECASE)


def _starts_item(text: str, hits: list[Match]) -> bool:
    """A dossier-item shape: an optional list marker and then, first thing, a paper or a copy cue."""
    marker = _ITEM_START.match(text)
    offset = marker.end() if marker else len(text) - len(text.lstrip())
    return any(
        m.start <= offset + 1 and (m.kind == "document" or m.tag in {"certified_copy", "copy", "original"})
        for m in hits
    )


def _agency_is_subject(cues: list[Match], hits: list[Match]) -> bool:
    """The agency acts here: an agency cue comes before anything the applicant is told to do or present."""
    agency = [m.start for m in cues if m.tag == "agency_action"]
    if not agency or any(m.pid == "present" for m in cues):
        return False
    applicant = [m.start for m in hits if m.kind == "signal"]
    return not applicant or min(agency) < min(applicant)


def label_from_hits(text: str, hits: list[Match], context_hits: list[Match]) -> str:
    cues = [m for m in hits if m.kind == "cue"]
    tags = {m.tag for m in cues}
    docs = {m.tag for m in hits if m.kind == "document"}
    lead_in_context = any(m.pid == "lead_in" for m in context_hits)
    quantity = any(m.pid == "quantity" for m in cues)
    burden = (
        lead_in_context
        or quantity
        or any(m.kind == "signal" for m in hits)
        or any(m.pid in {"lead_in", "present"} for m in cues)
    )
    item = _starts_item(text, hits)
    if not (burden or (item and context_hits)):
        return "none"
    agency = _agency_is_subject(cues, hits) and not lead_in_context
    if "certified_copy" in tags:
        return "certified_copy" if not (agency and not item) else "none"
    strong_original = [m for m in cues if m.tag == "original" and m.pid != "quantity"]
    issued = docs - SELF_WRITTEN
    self_written = bool(docs & SELF_WRITTEN) or "paper_document" in tags
    if strong_original and not (agency and not item):
        presented = any(m.pid == "present" for m in strong_original)
        if presented or issued or not self_written:
            return "original"
        return "paper_document"
    if "copy" in tags and not (agency and not item):
        return "copy"
    if quantity and any(m.tag == "original" for m in cues):
        return "original" if issued and not self_written else "paper_document"
    if agency:
        return "none"
    paper = [m for m in cues if m.tag == "paper_document"]
    channels = [m for m in cues if m.tag == "channel"]
    paper = [m for m in paper if not (m.pid == "paper_channel" and channels)]
    if paper:
        return "paper_document"
    if docs and (lead_in_context or item):
        return "paper_document"
    return "none"


def rule_label(text: str, context: str = "") -> str:
    """The keyword baseline label of one clause unit, judged with its lead-in ``context``."""
    rules = pipeline()
    hits = rules.match(text)
    context_hits = rules.match(context) if context else []
    return label_from_hits(text, hits, context_hits)
