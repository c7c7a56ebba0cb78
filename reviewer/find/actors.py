"""Who puts the dossier together: a lead-in (or a unit) in which a state body compiles or forwards it.

DOMAIN.md: only the applicant's burden counts; dossiers passed between state bodies are ``none``. Criminal
enforcement, appraisal and budget procedures list their papers exactly like an applicant's dossier
(``b) Bản sao bản án;``), and the unit alone cannot tell them apart. Its lead-in usually can: the subject of the
sentence that opens the list is a state body (``… cơ quan thi hành án hình sự Công an cấp huyện phải lập hồ sơ
… gồm:``, ``Hồ sơ … do trại giam lập gồm:``).

The words are data (``patterns/actors.jsonl``): ``state_body``, ``applicant`` and ``compile`` verbs. A lead-in
is state-compiled when, in the clause before a compile verb, a state body is named and no applicant comes between
it and the verb; or when it says ``do <state body> … lập``.

When the lead-in only names the dossier (``2. Hồ sơ đề nghị tha tù trước thời hạn có điều kiện bao gồm:``), the
article's earlier khoản usually say who compiles it (``1. Trại giam … có trách nhiệm lập hồ sơ đề nghị …``):
:func:`compiled_by_state` reads them too (``reviewer.structure.article_preambles``).
"""

from __future__ import annotations

import re

from reviewer.find.matcher import Match, pipeline

# Where a subject ends: sentence and list punctuation, a new line (one khoản to the next), and "thì" (the main
# clause after a condition).
_CLAUSE_BREAK = re.compile(r"[.;:]\s|[.;:]$|\n|\bthì\b", re.IGNORECASE)
# A lead-in that names a dossier: "2. Hồ sơ đề nghị … bao gồm:", "Điều 21. Hồ sơ đăng ký thường trú".
DOSSIER_HEADING = re.compile(r"^\s*(?:điều\s+\d+\w*\.\s*|\d+\.\s*)?(?:thành phần\s+)?hồ sơ\b", re.IGNORECASE)
_NUMBERED = re.compile(r"\d+\.\s")
_MADE_BY = re.compile(r"\bdo\s+$", re.IGNORECASE)
_MADE = re.compile(r"(?<!thành )\blập\b", re.IGNORECASE)  # "thành lập" (establish) makes no dossier
_DOSSIER = re.compile(r"\b(?:hồ sơ|danh sách)\b", re.IGNORECASE)
# The applicant hands the papers in: then the dossier is the applicant's whoever else is named.
_SUBMITS = re.compile(r"\b(?:nộp|gửi|xuất trình|cung cấp)\b", re.IGNORECASE)
_PRESENTED = re.compile(r"\bxuất\s+$", re.IGNORECASE)  # "xuất trình hồ sơ": the holder shows it, nobody compiles
_FIRST_STEP = re.compile(r"^\W*bước\s*1\s*[:.]", re.IGNORECASE)
_SUBJECT_REACH = 160  # characters: a subject further back than this belongs to another sentence


def _clause_start(text: str, end: int) -> int:
    start = max(0, end - _SUBJECT_REACH)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)]
    return breaks[-1] if breaks else start


def _clause_after(text: str, start: int) -> str:
    rest = text[start : start + _SUBJECT_REACH]
    cut = _CLAUSE_BREAK.search(rest)
    return rest[: cut.start()] if cut else rest


def _compiles(text: str, verb: Match, actors: list[Match]) -> bool:
    if _PRESENTED.search(text[max(0, verb.start - 8) : verb.start]):
        return False
    start = _clause_start(text, verb.start)
    states = [m for m in actors if m.tag == "state_body" and start <= m.start and m.end <= verb.start]
    if not states:
        return False
    last_state = max(m.end for m in states)
    return not any(m.tag == "applicant" and last_state <= m.start < verb.start for m in actors)


def _made_by(text: str, actors: list[Match]) -> bool:
    """``Hồ sơ … do cơ quan thi hành án hình sự Công an cấp huyện lập`` (not ``khu rừng do Thủ tướng … thành lập``,
    nor ``giấy tờ do cơ quan có thẩm quyền lập hoặc cấp``: the dossier itself must be what is made)."""
    for state in (m for m in actors if m.tag == "state_body"):
        if not _MADE_BY.search(text[max(0, state.start - 4) : state.start]):
            continue
        before = text[_clause_start(text, state.start) : state.start]
        match = _DOSSIER.search(before)
        if match is None or "giấy tờ" in before[match.end() :].lower():
            continue
        if _MADE.search(_clause_after(text, state.end)):
            return True
    return False


def _applicant_submits(text: str, actors: list[Match]) -> bool:
    """An applicant is the subject of a submitting verb in the same clause (``… hộ gia đình nộp hồ sơ gồm:``)."""
    return any(_SUBMITS.search(_clause_after(text, m.end)) for m in actors if m.tag == "applicant")


def _state_actors(text: str) -> list[Match] | None:
    """The actors of ``text`` when a state body is among them and no applicant submits papers; else None."""
    if not text:
        return None
    actors = [m for m in pipeline().match(text) if m.kind == "actor"]
    if not any(m.tag == "state_body" for m in actors) or _applicant_submits(text, actors):
        return None
    return actors


def _subject_compiles(text: str, actors: list[Match]) -> bool:
    return any(_compiles(text, verb, actors) for verb in actors if verb.tag == "compile")


def state_compiles(lead_in: str) -> bool:
    """True when ``lead_in`` says a state body compiles, sends or forwards the dossier it introduces, and no
    applicant submits papers in it."""
    actors = _state_actors(lead_in)
    return actors is not None and (_subject_compiles(lead_in, actors) or _made_by(lead_in, actors))


def unit_compiled_by_state(text: str) -> bool:
    """True when a unit's own sentence has a state body compile or send the dossier (``b) … thì Chủ tịch Ủy ban
    nhân dân cấp xã … lập hồ sơ đề nghị …``). Unlike in a lead-in, ``do <state body> lập`` in a unit names a paper
    the state made that the applicant may still have to hand in (``c) Bản sao danh sách do Ủy ban nhân dân cấp xã
    lập;``), so only a state body as the subject counts."""
    if _FIRST_STEP.match(text):
        return False
    actors = _state_actors(text)
    return actors is not None and _subject_compiles(text, actors)


def compiled_by_state(lead_in: str, preamble: str = "") -> bool:
    """The lead-in, or for a khoản that only names the dossier (``2. Hồ sơ … bao gồm:``) the article's earlier
    khoản, has a state body compile it.

    An article heading (``Điều 9. Hồ sơ, thủ tục …``) does not open the preamble rule: the khoản under it may be
    an applicant's step after a state body's one.
    """
    if state_compiles(lead_in):
        return True
    lead_in = lead_in.lstrip()
    return (
        bool(preamble)
        and _NUMBERED.match(lead_in) is not None
        and DOSSIER_HEADING.match(lead_in) is not None
        and state_compiles(preamble)
    )


def heads_state_dossier(text: str, preamble: str = "") -> bool:
    """A unit that is itself a dossier's lead-in (``2. Hồ sơ vụ án gồm:``, ``1. Hồ sơ … do cơ quan thi hành án
    hình sự … lập bao gồm:``) is judged as a lead-in: by its own words, or by the article's earlier khoản when it
    only names the dossier. Its items are judged the same way through their lead-in."""
    text = text.strip()
    return text.endswith(":") and DOSSIER_HEADING.match(text) is not None and compiled_by_state(text, preamble)
