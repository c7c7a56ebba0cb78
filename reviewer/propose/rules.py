"""The proposal rules: ``rules.yaml`` loaded, checked and turned into one :class:`Rule` per (kind, label)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from reviewer.errors import BadInput

from .recipient import Recipient, RecipientRules

RULES_PATH = Path(__file__).resolve().parent / "rules.yaml"
ACTIONS: tuple[str, ...] = (
    "abolish",
    "database_lookup",
    "electronic_copy",
    "electronic_form",
    "drop_certification",
    "keep",
)
FINDING_LABELS: tuple[str, ...] = ("certified_copy", "original", "copy", "paper_document")
GENERIC_KIND = "tai_lieu_khac"


@dataclass(frozen=True)
class Rule:
    kind: str
    label: str
    action: str
    legal_basis: tuple[str, ...]  # keys of legal_bases
    data_source: str | None  # key of data_sources
    reason: str | None


@dataclass(frozen=True)
class Rules:
    kinds: dict[str, dict]
    labels: dict[str, dict]
    legal_bases: dict[str, dict]
    data_sources: dict[str, str]
    templates: dict[str, str]
    papers: dict[str, str]
    paper_forms: dict[str, str]
    priority: tuple[str, ...]
    action_names: dict[str, str]
    recipients: RecipientRules | None = None  # None: every paper is taken to go to a state body
    private_groups: dict[str, dict] = field(default_factory=dict)  # recipients.private of rules.yaml
    private_party: dict = field(default_factory=dict)  # private_party of rules.yaml
    channels: str = ""  # how an agency reads the data ({channels} of the templates); a kind may say otherwise

    def rule(self, kind: str, label: str) -> Rule:
        """The rule for a document kind and a label: the kind's own, its per-label override, or the label's."""
        spec = self.kinds.get(kind) or self.kinds[GENERIC_KIND]
        chosen = dict(spec)
        if "action" not in chosen:
            chosen.update(self.labels[label])
        chosen.update((spec.get("labels") or {}).get(label, {}))
        return Rule(
            kind=kind if kind in self.kinds else GENERIC_KIND,
            label=label,
            action=chosen["action"],
            legal_basis=tuple(chosen.get("legal_basis") or ()),
            data_source=chosen.get("data_source"),
            reason=chosen.get("reason"),
        )

    def private_rule(self, kind: str, label: str, recipient: Recipient) -> Rule | None:
        """The rule for a paper that goes to a private party, or None when the kind keeps its usual rule."""
        spec = self.private_party
        if not spec or not recipient.private or kind in (spec.get("not_for") or ()):
            return None
        kind = kind if kind in self.kinds else GENERIC_KIND
        chosen = dict(spec["labels"][label])
        chosen.update((spec.get("kinds") or {}).get(kind, {}))
        extra = (self.private_groups.get(recipient.group) or {}).get("legal_basis") or ()
        bases = list(chosen.get("legal_basis") or ())
        bases += [key for key in extra if key not in bases and self.fits(key, kind)]
        return Rule(
            kind=kind,
            label=label,
            action=chosen["action"],
            legal_basis=tuple(bases),
            data_source=None,
            reason=spec["reason"],
        )

    def basis_cite(self, key: str) -> str:
        """The citation a proposal prints, e.g. "Nghị định số 45/2020/NĐ-CP"."""
        return self.legal_bases[key]["cite"]

    def basis_text(self, key: str) -> str:
        """Why the basis applies, for the review desk."""
        return self.legal_bases[key]["text"]

    def fits(self, basis: str, kind: str) -> bool:
        fits = self.legal_bases[basis].get("fits", [])
        return fits == "all" or kind in fits


def _check(rules: Rules, source: str) -> None:
    """Refuse rules that would print a wrong proposal: unknown keys, misfitting or missing legal bases."""
    for label, spec in rules.labels.items():
        if label not in FINDING_LABELS:
            raise BadInput(source, f"labels: unknown label {label!r}")
        if spec.get("action") not in ACTIONS:
            raise BadInput(source, f"labels.{label}: unknown action {spec.get('action')!r}")
    if GENERIC_KIND not in rules.kinds:
        raise BadInput(source, f"kinds: the generic kind {GENERIC_KIND} is required")
    for kind in rules.kinds:
        for label in FINDING_LABELS:
            rule = rules.rule(kind, label)
            where = f"kinds.{kind} ({label})"
            if rule.action not in ACTIONS:
                raise BadInput(source, f"{where}: unknown action {rule.action!r}")
            if rule.action not in rules.templates:
                raise BadInput(source, f"{where}: no template for action {rule.action!r}")
            if not rule.legal_basis:
                raise BadInput(source, f"{where}: no legal basis")
            if rule.action in ("abolish", "database_lookup") and rule.data_source not in rules.data_sources:
                raise BadInput(source, f"{where}: {rule.action} needs a known data_source")
            if rule.action == "keep" and not rule.reason:
                raise BadInput(source, f"{where}: keep needs a reason")
            for basis in rule.legal_basis:
                if basis not in rules.legal_bases or "cite" not in rules.legal_bases[basis]:
                    raise BadInput(source, f"{where}: unknown legal basis {basis!r} (or it has no cite)")
                if not rules.fits(basis, rule.kind):
                    raise BadInput(source, f"{where}: legal basis {basis!r} does not fit this kind")
            for basis, spec in rules.legal_bases.items():
                if rule.kind in spec.get("required_for", []) and basis not in rule.legal_basis:
                    raise BadInput(source, f"{where}: must cite {basis!r}")
    for kind in rules.priority:
        if kind not in rules.kinds:
            raise BadInput(source, f"priority: unknown kind {kind!r}")
    _check_private(rules, source)


def _check_private(rules: Rules, source: str) -> None:
    """The private-party rules obey the same laws: known actions with templates, fitting legal bases."""
    spec = rules.private_party
    if not spec:
        return
    for key in ("reason", "labels", "templates"):
        if not spec.get(key):
            raise BadInput(source, f"private_party: {key} is required")
    for label in FINDING_LABELS:
        if label not in spec["labels"]:
            raise BadInput(source, f"private_party.labels: no rule for {label!r}")
    sample = {"paper": "", "paper_form": "", "document": "", "recipient": "", "reason": ""}
    for where, text in [("reason", spec["reason"]), *((f"templates.{a}", t) for a, t in spec["templates"].items())]:
        try:
            text.format(**sample)
        except (KeyError, IndexError, ValueError) as error:
            raise BadInput(source, f"private_party.{where}: unknown placeholder {error}") from error
    for kind in spec.get("kinds") or {}:
        if kind not in rules.kinds:
            raise BadInput(source, f"private_party.kinds: unknown kind {kind!r}")
    for group, group_spec in rules.private_groups.items():
        if not group_spec.get("terms"):
            raise BadInput(source, f"recipients.private.{group}: no terms")
        for basis in group_spec.get("legal_basis") or ():
            if basis not in rules.legal_bases:
                raise BadInput(source, f"recipients.private.{group}: unknown legal basis {basis!r}")
    for group in rules.private_groups:
        probe = Recipient(group=group, name=group, private=True, how="transfer", where="text")
        for kind in rules.kinds:
            for label in FINDING_LABELS:
                rule = rules.private_rule(kind, label, probe)
                if rule is None:
                    continue
                where = f"private_party ({kind}, {label})"
                if rule.action not in ACTIONS or rule.action not in spec["templates"]:
                    raise BadInput(source, f"{where}: action {rule.action!r} is unknown or has no template")
                if not rule.legal_basis:
                    raise BadInput(source, f"{where}: no legal basis")
                for basis in rule.legal_basis:
                    if basis not in rules.legal_bases:
                        raise BadInput(source, f"{where}: unknown legal basis {basis!r}")
                    if not rules.fits(basis, rule.kind):
                        raise BadInput(source, f"{where}: legal basis {basis!r} does not fit this kind")


def load_rules(path: Path | str = RULES_PATH) -> Rules:
    """Read and check a rules file; raises ``BadInput`` naming the file and the offending entry."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise BadInput(str(path), f"cannot read proposal rules: {error}") from error
    rules = Rules(
        kinds={k: dict(v or {}) for k, v in data["kinds"].items()},
        labels=data["labels"],
        legal_bases=data["legal_bases"],
        data_sources=data["data_sources"],
        templates=data["templates"],
        papers=data["papers"],
        paper_forms=data["paper_forms"],
        priority=tuple(data.get("priority") or ()),
        action_names=data.get("actions") or {},
        recipients=RecipientRules.from_data(data["recipients"]) if data.get("recipients") else None,
        private_groups=(data.get("recipients") or {}).get("private") or {},
        private_party=data.get("private_party") or {},
        channels=data.get("channels") or "",
    )
    _check(rules, str(path))
    return rules


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    return load_rules(RULES_PATH)
