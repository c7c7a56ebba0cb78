"""Who receives the paper: a state body (the usual case) or a private party.

Project 06, the national databases and the Public Service Portal concern administrative procedures before state
bodies. A paper the applicant hands to an insurer, a bank, an employer or the other side of a contract is not a
component of such a procedure, so its proposal must not send anyone to a state database. The words that name the
parties and the verbs that point at a recipient are data (``recipients`` in ``rules.yaml``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

STATE = "state"

# A sentence, or a list item, ends here; a recipient named after it belongs to another statement.
_BREAK = re.compile(r"[.;:\n]")
# How far a transfer verb may stand before its recipient ("gửi đề nghị thẩm định cùng hồ sơ chương trình, dự
# án sử dụng vốn vay ODA, vay ưu đãi nước ngoài cho Bộ Tài chính").
_MAX_WORDS_BETWEEN = 16
# How far the subject of a receiving verb may stand before it ("Doanh nghiệp bảo hiểm có trách nhiệm phối hợp
# với bên mua bảo hiểm, người được bảo hiểm và các bên có liên quan để thu thập …").
_MAX_WORDS_TO_VERB = 24
# "tiền gửi" is a deposit, not a sending.
_NOT_A_VERB = r"(?<!tiền )"


@dataclass(frozen=True)
class Recipient:
    """The party a unit's paper goes to."""

    group: str  # a key of recipients.private in rules.yaml, or "state"
    name: str  # the party as the text names it, lower case ("doanh nghiệp bảo hiểm")
    private: bool
    # "transfer" (gửi cho …), "receiving" (… thu thập), "sender" (do bên mua bảo hiểm cung cấp), "topic" (hồ sơ
    # bồi thường bảo hiểm)
    how: str
    where: str  # "text" or "context"


@dataclass(frozen=True)
class _Party:
    start: int
    end: int
    term: str
    group: str


@dataclass(frozen=True)
class RecipientRules:
    """The ``recipients`` section of rules.yaml, compiled."""

    parties: re.Pattern[str]  # every term, longest first, so "ngân hàng nhà nước" wins over "ngân hàng"
    groups: dict[str, str]  # term -> group
    transfer_before: re.Pattern[str]  # matches the end of the text before a party named as recipient
    receiving_after: re.Pattern[str]  # matches the start of the text after a party that receives
    topics: tuple[tuple[str, str], ...]  # (dossier phrase, group)
    senders: re.Pattern[str] | None = None  # parties whose papers go to one private group only
    sender_groups: dict[str, str] = field(default_factory=dict)  # sender term -> group
    sending_after: re.Pattern[str] | None = None  # matches the start of the text after a sender that sends
    names: dict[str, str] = field(default_factory=dict)  # private group -> the name a proposal prints
    state_topics: tuple[str, ...] = ()  # phrases that place a unit in an administrative procedure
    # "Bộ", "Sở", "Cục": state bodies only as the head of a name ("Bộ Tài chính", "Sở Y tế"); lower case they
    # are ordinary nouns ("nộp bộ hồ sơ"), so they are matched on the cased text.
    bodies: re.Pattern[str] | None = None
    not_names: frozenset[str] = frozenset()  # words after a capitalised head that are no name ("Bộ luật")
    # matches the whole text between a dossier's name and the party it is filed with ("tại", "của")
    placed_before: re.Pattern[str] = re.compile(r"^\s*$")

    @classmethod
    def from_data(cls, data: dict) -> RecipientRules:
        groups: dict[str, str] = {}
        for group, spec in (data.get("private") or {}).items():
            for term in spec.get("terms") or ():
                groups[_fold(term)] = group
        for term in (data.get("state") or {}).get("terms") or ():
            groups[_fold(term)] = STATE
        verbs = _alternation(data.get("transfer_verbs") or ())
        links = _alternation(data.get("links") or ())
        receiving = _alternation(data.get("receiving_verbs") or ())
        between = rf"(?:[^\s.;:]+\s+){{0,{_MAX_WORDS_BETWEEN}}}?"
        topics = tuple(
            (_fold(topic), group)
            for group, spec in (data.get("private") or {}).items()
            for topic in spec.get("topics") or ()
        )
        senders = {
            _fold(term): group
            for group, spec in (data.get("private") or {}).items()
            for term in spec.get("senders") or ()
        }
        return cls(
            names={group: spec.get("name", group) for group, spec in (data.get("private") or {}).items()},
            senders=_words(senders) if senders else None,
            sender_groups=senders,
            sending_after=re.compile(rf"^(?:[^.;:]*?\s)?{_NOT_A_VERB}(?:{verbs})\b"),
            parties=_words(groups),
            groups=groups,
            # "gửi cho X", "nộp hồ sơ đến X", or the verb right before X ("gửi doanh nghiệp bảo hiểm").
            transfer_before=re.compile(rf"{_NOT_A_VERB}\b(?:{verbs})\s+(?:{between}(?:{links})\s+)?$"),
            receiving_after=re.compile(
                rf"^(?:[^.;:]*?\s)?(?:{receiving})\b" if receiving else r"(?!)",
            ),
            topics=topics,
            placed_before=re.compile(rf"^\s*(?:{between}(?:{_alternation(data.get('places') or ())})\s+)?$"),
            state_topics=tuple(_fold(t) for t in (data.get("state") or {}).get("topics") or ()),
            **_bodies((data.get("state") or {}).get("bodies") or {}),
        )


def _bodies(spec: dict) -> dict:
    heads = spec.get("heads") or ()
    if not heads:
        return {}
    # The head, then the first word of the name; whether both are capitalised is checked on the match. A state
    # body's name is not printed, so the head and that word are enough to place it.
    alternation = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return {
        # "Bộ, cơ quan ngang Bộ": a capitalised head alone, before punctuation, is the body the text defined.
        "bodies": re.compile(rf"(?<!\w)(?:{alternation})(?: (\w+)|(?=[,;.:)]|$))", re.IGNORECASE),
        "not_names": frozenset(_fold(w) for w in spec.get("not_names") or ()),
    }


def _words(terms) -> re.Pattern[str]:
    # Longest first, so that "ngân hàng nhà nước" (state) is found where "ngân hàng" (private) also fits.
    ordered = sorted(terms, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in ordered) + r")\b")


def _alternation(words) -> str:
    return "|".join(re.escape(_fold(w)) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def _fold(text: str) -> str:
    # Text may arrive decomposed (NFD), capitalised or broken over lines. The two tone placements ("uỷ",
    # "ủy") are different letters even in NFC: rules.yaml lists both.
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _parties(folded: str, rules: RecipientRules, cased: str = "") -> list[_Party]:
    found = [_Party(m.start(), m.end(), m.group(0), rules.groups[m.group(0)]) for m in rules.parties.finditer(folded)]
    if rules.bodies is None or len(cased) != len(folded):
        return found
    # A named body counts where no listed term covers it ("Bộ phận một cửa" is listed as a whole).
    bodies = [
        _Party(m.start(), m.end(), folded[m.start() : m.end()], STATE)
        for m in rules.bodies.finditer(cased)
        if _is_name(m, rules) and not any(p.start < m.end() and m.start() < p.end for p in found)
    ]
    return sorted(found + bodies, key=lambda p: p.start)


def _is_name(match: re.Match[str], rules: RecipientRules) -> bool:
    head, name = match.group(0)[0], match.group(1)
    if name is None:
        return head.isupper()
    return head.isupper() and name[0].isupper() and name.lower() not in rules.not_names


def _cased(text: str) -> str:
    """The text as :func:`_fold` sees it, before lower-casing: the positions of both agree."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _statement_before(folded: str, at: int) -> str:
    breaks = [m.end() for m in _BREAK.finditer(folded, 0, at)]
    return folded[breaks[-1] if breaks else 0 : at]


def _named_by_transfer(folded: str, party: _Party, rules: RecipientRules) -> bool:
    return rules.transfer_before.search(_statement_before(folded, party.start)) is not None


def _verb_follows(folded: str, end: int, stops: list[int], pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` (a verb) follows ``end`` in the same statement, before the next party is named."""
    limit = len(folded)
    stop = _BREAK.search(folded, end)
    if stop:
        limit = stop.start()
    following = [at for at in stops if at >= end]
    if following:
        limit = min(limit, following[0])
    words = folded[end:limit].split()[:_MAX_WORDS_TO_VERB]
    return pattern.search(" " + " ".join(words)) is not None


def _named_by_receiving(folded: str, party: _Party, parties: list[_Party], rules: RecipientRules) -> bool:
    # The subject's reach ends at the statement's end or at the next party (who may be the one receiving).
    return _verb_follows(folded, party.end, [p.start for p in parties], rules.receiving_after)


def _recipient_of_sender(folded: str, where: str, parties: list[_Party], rules: RecipientRules) -> Recipient | None:
    """ "do bên mua bảo hiểm, người được bảo hiểm cung cấp": what an insurance buyer sends goes to the insurer."""
    if rules.senders is None or rules.sending_after is None:
        return None
    senders = list(rules.senders.finditer(folded))
    stops = [p.start for p in parties] + [m.start() for m in senders]
    for match in senders:
        if _verb_follows(folded, match.end(), stops, rules.sending_after):
            group = rules.sender_groups[match.group(0)]
            return Recipient(group=group, name=rules.names[group], private=True, how="sender", where=where)
    return None


def _recipient_in(text: str, where: str, rules: RecipientRules) -> Recipient | None:
    folded = _fold(text)
    parties = _parties(folded, rules, _cased(text))
    # A party a transfer verb points at outranks the subject of a receiving verb: in "Bên mua bảo hiểm có trách
    # nhiệm thu thập và gửi doanh nghiệp bảo hiểm …" the insurer, not the buyer, receives.
    for party in parties:
        if _named_by_transfer(folded, party, rules):
            return _recipient(party, "transfer", where)
    for party in parties:
        if _named_by_receiving(folded, party, parties, rules):
            return _recipient(party, "receiving", where)
    return None


def _sender_in(text: str, where: str, rules: RecipientRules) -> Recipient | None:
    folded = _fold(text)
    return _recipient_of_sender(folded, where, _parties(folded, rules, _cased(text)), rules)


def _recipient(party: _Party, how: str, where: str) -> Recipient:
    return Recipient(group=party.group, name=party.term, private=party.group != STATE, how=how, where=where)


def _topic_in(text: str, where: str, rules: RecipientRules) -> Recipient | None:
    folded = _fold(text)
    found = [(folded.find(topic), topic, group) for topic, group in rules.topics if topic in folded]
    if not found:
        return None
    at, topic, group = min(found)
    # "Hồ sơ vay vốn tại Ngân hàng Chính sách xã hội": the party the dossier is filed with decides, a state
    # policy bank as much as a private one.
    placed = _placed_at(folded, at + len(topic), _parties(folded, rules, _cased(text)), rules)
    if placed is not None:
        return _recipient(placed, "topic", where)
    return Recipient(group=group, name=rules.names.get(group, group), private=True, how="topic", where=where)


def _placed_at(folded: str, end: int, parties: list[_Party], rules: RecipientRules) -> _Party | None:
    """The party named right after a dossier's name, or after a place word ("tại", "của") a few words on."""
    for party in parties:
        if party.start >= end:
            return party if rules.placed_before.search(folded[end : party.start]) else None
    return None


def find_recipient(text: str, context: str, rules: RecipientRules) -> Recipient | None:
    """The party the unit's paper goes to, or None when neither the unit nor its lead-in names one.

    A unit of a published administrative procedure ("Thành phần hồ sơ thủ tục …") goes to a state body. Else
    a recipient named explicitly (in the unit, then in its lead-in) comes before one inferred from who sends
    the paper ("do bên mua bảo hiểm cung cấp"), and both before a dossier's name ("Hồ sơ bồi thường bảo hiểm").
    """
    for where, part in (("text", text), ("context", context)):
        # A published administrative procedure is filed with a state body, whoever else its items mention.
        folded = _fold(part)
        for topic in rules.state_topics:
            if topic in folded:
                return Recipient(group=STATE, name=topic, private=False, how="topic", where=where)
    for where, part in (("text", text), ("context", context)):
        found = _recipient_in(part, where, rules) if part else None
        if found is not None:
            return found
    for where, part in (("text", text), ("context", context)):
        found = _sender_in(part, where, rules) if part else None
        if found is not None:
            return found
    for where, part in (("text", text), ("context", context)):
        found = _topic_in(part, where, rules) if part else None
        if found is not None:
            return found
    return None
