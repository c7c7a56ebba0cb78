"""From a finding to a proposal: which paper it is, what to do with it, and on which legal basis."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from reviewer.errors import BadInput

from .recipient import Recipient, find_recipient
from .rules import FINDING_LABELS, GENERIC_KIND, Rule, Rules, default_rules

# The document kinds reviewer.find's patterns know (docs/ARCHITECTURE.md). Kinds that legal staff add to
# rules.yaml beyond these are found by their rules.yaml keywords.
SHARED_KINDS = frozenset(
    "so_ho_khau so_tam_tru xac_nhan_cu_tru can_cuoc ho_chieu giay_khai_sinh ket_hon giay_chung_tu "
    "dang_ky_doanh_nghiep dang_ky_ho_kinh_doanh giay_phep_lai_xe dang_ky_xe quyen_su_dung_dat bao_hiem_xa_hoi "
    "ly_lich_tu_phap van_bang giay_kham_suc_khoe don_to_khai anh uy_quyen hop_dong giay_phep tai_lieu_khac".split()
)

# A unit that starts with an application form is about the form, whatever permit it applies for
# ("Đơn đề nghị cấp giấy phép lái xe" is a form, not a driving licence).
LEADING_KINDS = ("don_to_khai",)
# Papers a proposal covers besides the one that decided its kind; a unit naming more reads as a list the officer
# words better than a string of sentences would.
MORE_PAPERS = 2


@dataclass(frozen=True)
class ProposalDraft:
    """A drafted proposal (phương án đơn giản hóa), before any legal officer has seen it."""

    action: str  # abolish | database_lookup | electronic_copy | electronic_form | drop_certification | keep
    text: str  # Vietnamese, ready to print
    legal_basis: list[str] = field(default_factory=list)  # citations as printed, Vietnamese
    document_kind: str = GENERIC_KIND  # a key of docs/ARCHITECTURE.md "Document kinds"
    data_source: str | None = None  # the database the state reads instead, Vietnamese
    label: str = ""
    basis_keys: tuple[str, ...] = ()  # keys of rules.yaml legal_bases, for tests and filters
    # The private party the paper goes to, as the text names it ("doanh nghiệp bảo hiểm"); None when it goes
    # to a state body or no recipient is named. The proposal text then says why no database is proposed.
    recipient: str | None = None


@dataclass(frozen=True)
class _Mention:
    start: int
    kind: str


def _field(item: Any, name: str, default: Any = None) -> Any:
    # Evidence arrives as reviewer.find.Evidence objects from a scan, or as dicts read back from the store.
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _mentions_from_evidence(evidence: Iterable[Any], rules: Rules) -> list[_Mention]:
    return [
        _Mention(int(_field(e, "start", 0) or 0), _field(e, "tag"))
        for e in evidence
        if _field(e, "kind") == "document" and _field(e, "tag") in rules.kinds
    ]


def _mentions_from_find(text: str, rules: Rules) -> list[_Mention] | None:
    """Ask reviewer.find for document mentions; None when that stage is not available."""
    try:
        from reviewer.find import find_documents
    except ImportError:
        return None
    return _mentions_from_evidence(find_documents(text), rules)


def _mentions_from_keywords(text: str, rules: Rules, only_new: bool = False) -> list[_Mention]:
    folded = unicodedata.normalize("NFC", text).lower()
    mentions = []
    for kind, spec in rules.kinds.items():
        if only_new and kind in SHARED_KINDS:
            continue
        for keyword in spec.get("keywords") or ():
            at = folded.find(keyword.lower())
            if at >= 0:
                mentions.append(_Mention(at, kind))
    return mentions


# Words before a paper's name that make it something other than the paper asked for: what the procedure issues
# ("Hồ sơ đề nghị cấp giấy phép gồm:", "Tờ khai đề nghị cấp Giấy phép lái xe"), or the paper on which changed
# information is written ("… những thông tin đã thay đổi trên thẻ căn cước"). Pages "trong Sổ hộ khẩu" are still the
# book asked for, and the household books are never passed over (their end of validity must be cited).
HOUSEHOLD_KINDS = ("so_ho_khau", "so_tam_tru")
_NOT_ASKED_FOR = re.compile(
    r"(?:\b(?:cấp|cấp lại|cấp đổi|cấp mới|gia hạn|điều chỉnh|thu hồi)|\bthay đổi\s+(?:trên|trong))"
    r"\s+(?:các\s+|một\s+)?$",
    re.IGNORECASE,
)


def _not_asked_for(text: str, mention: _Mention) -> bool:
    if mention.kind in HOUSEHOLD_KINDS:
        return False
    return bool(_NOT_ASKED_FOR.search(unicodedata.normalize("NFC", text[max(0, mention.start - 24) : mention.start])))


def _mentions(text: str, evidence: Iterable[Any], rules: Rules) -> list[_Mention]:
    """The papers a unit names as asked for: rule evidence, else reviewer.find (else rules.yaml keywords)."""
    mentions = _mentions_from_evidence(evidence, rules)
    if not mentions:
        found = _mentions_from_find(text, rules)
        mentions = _mentions_from_keywords(text, rules) if found is None else found
    mentions += _mentions_from_keywords(text, rules, only_new=True)
    return [m for m in mentions if not _not_asked_for(text, m)]


def document_kind(text: str, evidence: Iterable[Any] = (), rules: Rules | None = None) -> str:
    """The kind of paper a unit asks for: rule evidence, else reviewer.find (else rules.yaml keywords).

    Kinds added to rules.yaml that reviewer.find does not know are always looked for by their keywords.
    """
    rules = rules or default_rules()
    mentions = _mentions(text, evidence, rules)
    if not mentions:
        return GENERIC_KIND
    kinds = {m.kind for m in mentions}
    rank = {kind: i for i, kind in enumerate(rules.priority)}
    first = min(mentions, key=lambda m: (m.start, rank.get(m.kind, len(rank))))
    # The household books always decide: every proposal that touches them must cite their end of validity.
    for dominant in HOUSEHOLD_KINDS:
        if dominant in kinds:
            return dominant
    if first.kind in LEADING_KINDS:
        return first.kind
    return min(kinds, key=lambda kind: rank.get(kind, len(rank)))


def recipient_of(text: str, context: str = "", rules: Rules | None = None) -> Recipient | None:
    """Who receives the paper a unit asks for, read from the unit and its lead-in (None: not named)."""
    rules = rules or default_rules()
    if rules.recipients is None:
        return None
    return find_recipient(text, context, rules.recipients)


def private_recipient(
    label: str, text: str, context: str = "", kind: str | None = None, rules: Rules | None = None
) -> Recipient | None:
    """The private party whose rules the proposal for this finding follows, or None where the usual rules do.

    None also where a private party receives a paper whose kind keeps its usual rule whoever asks for it
    (``private_party.not_for``: a household book sent to a bank is still abolished).
    """
    rules = rules or default_rules()
    if label not in FINDING_LABELS:
        return None
    recipient = recipient_of(text, context, rules)
    if recipient is None or rules.private_rule(kind or GENERIC_KIND, label, recipient) is None:
        return None
    return recipient


def draft_proposal(
    label: str, text: str, context: str = "", evidence: Iterable[Any] = (), rules: Rules | None = None
) -> ProposalDraft:
    """Draft the proposal for a finding with this label (not ``none``) and clause text.

    ``evidence`` is the rule evidence of the finding (``Evidence`` objects or their dicts); a ``document``
    evidence's ``tag`` names the document kind. ``context`` (the lead-in) does not change the kind, but it may
    name who receives the paper: a paper sent to a private party (an insurer, a bank, an employer) gets the
    ``private_party`` rules of rules.yaml instead of a database lookup or the Public Service Portal.
    """
    if label not in FINDING_LABELS:
        raise BadInput(text[:60], f"no proposal for label {label!r}; a finding's label is one of {FINDING_LABELS}")
    rules = rules or default_rules()
    # The lead-in names what the dossier is for ("Hồ sơ đề nghị cấp giấy phép lái xe gồm:"), not the paper
    # an item asks for, so the kind comes from the unit's own text only.
    kind = document_kind(text, evidence, rules)
    recipient = private_recipient(label, text, context, kind, rules)
    if recipient is not None:
        return _private_draft(rules.private_rule(kind, label, recipient), label, recipient, rules)
    draft = _draft_for(kind, label, text, rules)
    # "Bản sao Giấy khai sinh hoặc bản sao Sổ hộ khẩu": each paper the unit names gets its sentence, not only the
    # one that decided the kind (generic papers and the applicant's own forms have nothing of their own to add).
    for other in _other_kinds(text, evidence, kind, rules)[:MORE_PAPERS]:
        extra = _draft_for(other, label, text, rules)
        keys = tuple(dict.fromkeys((*draft.basis_keys, *extra.basis_keys)))
        draft = replace(
            draft,
            text=f"{draft.text} {extra.text}",
            legal_basis=[rules.basis_cite(key) for key in keys],
            basis_keys=keys,
        )
    return draft


def _other_kinds(text: str, evidence: Iterable[Any], kind: str, rules: Rules) -> list[str]:
    skip = {kind, GENERIC_KIND, *LEADING_KINDS, *(HOUSEHOLD_KINDS if kind in HOUSEHOLD_KINDS else ())}
    ordered = sorted(_mentions(text, evidence, rules), key=lambda m: m.start)
    return list(dict.fromkeys(m.kind for m in ordered if m.kind not in skip and m.kind in rules.kinds))


def _draft_for(kind: str, label: str, text: str, rules: Rules) -> ProposalDraft:
    rule = rules.rule(kind, label)
    spec = rules.kinds[rule.kind]
    data_source = rules.data_sources.get(rule.data_source) if rule.data_source else None
    books = _household_books(text, rule.kind, rules)
    note = spec.get("note")
    if books and note:
        note = note.replace(spec["name"], books, 1)  # "Sổ hộ khẩu, Sổ tạm trú đã hết giá trị sử dụng …"
    values = {
        "paper": rules.papers[label],
        "paper_form": rules.paper_forms[label],
        "document": books or spec.get("name", "giấy tờ, tài liệu"),
        "data_source": data_source or "cơ sở dữ liệu quốc gia, chuyên ngành",
        "reason": rule.reason or "",
        "channels": spec.get("channels") or rules.channels,
    }
    return ProposalDraft(
        action=rule.action,
        text=" ".join(filter(None, [note, rules.templates[rule.action].format(**values)])),
        legal_basis=[rules.basis_cite(key) for key in rule.legal_basis],
        document_kind=rule.kind,
        data_source=data_source,
        label=label,
        basis_keys=rule.legal_basis,
    )


def _household_books(text: str, kind: str, rules: Rules) -> str | None:
    """ "Sổ hộ khẩu, Sổ tạm trú" when a unit asking for one of the books names the other too ("Sổ hộ khẩu hoặc Sổ
    tạm trú"): the proposal abolishes both, not only the one that decided the kind."""
    if kind not in HOUSEHOLD_KINDS:
        return None
    folded = unicodedata.normalize("NFC", text).lower()
    named = [k for k in HOUSEHOLD_KINDS if any(w.lower() in folded for w in rules.kinds[k].get("keywords") or ())]
    return ", ".join(rules.kinds[k]["name"] for k in named) if len(named) > 1 else None


def _private_draft(rule: Rule, label: str, recipient: Recipient, rules: Rules) -> ProposalDraft:
    spec = rules.kinds[rule.kind]
    reason = rule.reason.format(recipient=recipient.name)
    values = {
        "paper": rules.papers[label],
        "paper_form": rules.paper_forms[label],
        "document": spec.get("name", "giấy tờ, tài liệu"),
        "recipient": recipient.name,
        "reason": reason,
    }
    return ProposalDraft(
        action=rule.action,
        text=rules.private_party["templates"][rule.action].format(**values),
        legal_basis=[rules.basis_cite(key) for key in rule.legal_basis],
        document_kind=rule.kind,
        data_source=None,
        label=label,
        basis_keys=rule.legal_basis,
        recipient=recipient.name,
    )
