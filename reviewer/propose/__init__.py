"""Proposals: from a finding (label, clause text, rule evidence) to a drafted phương án with its legal basis.

The mapping from document kinds and labels to actions, data sources and legal bases is data in
``rules.yaml``; :func:`load_rules` checks that no rule cites a basis that does not fit its document kind.
A paper that goes to a private party (an insurer, a bank, an employer) is not part of an administrative
procedure: :func:`recipient_of` finds who receives it, and ``rules.yaml`` ``private_party`` says what to propose.
"""

from .draft import ProposalDraft, document_kind, draft_proposal, private_recipient, recipient_of
from .recipient import Recipient
from .rules import ACTIONS, FINDING_LABELS, Rule, Rules, default_rules, load_rules

__all__ = [
    "ACTIONS",
    "FINDING_LABELS",
    "ProposalDraft",
    "Recipient",
    "Rule",
    "Rules",
    "default_rules",
    "document_kind",
    "draft_proposal",
    "load_rules",
    "private_recipient",
    "recipient_of",
]
