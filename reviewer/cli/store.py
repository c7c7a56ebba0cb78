"""``reviewer findings | propose | decide | undo | export``: the review desk from the command line.

Each command opens the database given by ``--db`` (default: the embedded SQLite file from the settings).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from reviewer.cli import EXIT_FAILED
from reviewer.errors import DecisionConflict, ReviewerError

# reviewer.store.FINDING_LABELS and PROPOSAL_STATUSES, spelled out so that `reviewer --help` need not import
# SQLAlchemy (tests/store holds them equal).
FINDING_LABELS = ("certified_copy", "original", "copy", "paper_document")
# rules.yaml "actions", spelled out for the same reason (tests check they agree)
PROPOSAL_ACTIONS = ("abolish", "database_lookup", "electronic_copy", "electronic_form", "drop_certification", "keep")
PROPOSAL_STATUSES = ("pending", "confirmed", "rejected", "approved", "returned")

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    default=None,
    help="Database URL, e.g. sqlite:///reviewer.sqlite or postgresql+psycopg://user:pw@host/db "
    "[default: the embedded SQLite file, or REVIEWER_DATABASE_URL].",
)


def open_store(db_url: str | None):
    from reviewer.store import Store

    return Store(db_url)


def require_department(store, department: str | None) -> None:
    """A department named on the command line must exist: a typo would give an empty list or report."""
    from reviewer.errors import BadInput

    if department is None:
        return
    known = store.list_departments()
    if department not in known:
        listed = ", ".join(f'"{name}"' for name in known) or "none yet"
        raise BadInput(f'department "{department}"', f"no such department (known: {listed})")


def reports_errors(command):
    """Print a domain error as one line and exit 3, as every reviewer command does."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DecisionConflict as error:
            current = error.current
            who = getattr(current, "reviewer", None)
            if who:
                click.echo(
                    f"conflict: {error}; {who} decided {current.kind} ({current.new_status}) first. "
                    "Reload and decide again.",
                    err=True,
                )
            else:
                click.echo(f"conflict: {error}", err=True)
            sys.exit(EXIT_FAILED)
        except ReviewerError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_FAILED)

    return wrapper


def acting_user(store, username: str):
    from reviewer.errors import BadInput

    user = store.get_user(username)
    if user is None:
        raise BadInput(username, "no such user; add one with `reviewer user add`")
    return user


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command("findings")
@db_option
@click.option("--department", help="Only this department's documents.")
@click.option("--document", "document_id", type=int, help="Only this document (id).")
@click.option(
    "--label",
    multiple=True,
    type=click.Choice((*FINDING_LABELS, "none")),
    help="Label (repeatable); none lists the units the model called none, where a missed requirement hides.",
)
@click.option("--status", multiple=True, type=click.Choice(PROPOSAL_STATUSES), help="Proposal status (repeatable).")
@click.option("--kind", "document_kind", multiple=True, help="Document kind, e.g. so_ho_khau (repeatable).")
@click.option("--search", help="Text, citation or the document's number (số hiệu) contains this.")
@click.option(
    "--order",
    type=click.Choice(["least_certain", "most_certain", "position", "newest"]),
    default="least_certain",
    show_default=True,
)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--as", "username", help="List as this user (limits to the user's department).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@reports_errors
def findings_command(
    db_url,
    department,
    document_id,
    label,
    status,
    document_kind,
    search,
    order,
    limit,
    offset,
    username,
    as_json,
):
    """List stored findings with their proposals, least certain first.

    \b
    Example:
      reviewer findings --department "Sở Tư pháp" --status pending --limit 20
      reviewer findings --kind so_ho_khau --json > so-ho-khau.jsonl
    """
    from dataclasses import asdict

    from reviewer import api

    store = open_store(db_url)
    require_department(store, department)
    user = acting_user(store, username) if username else api.SYSTEM
    filters = dict(
        department=department,
        document_id=document_id,
        label=list(label) or None,
        status=list(status) or None,
        document_kind=list(document_kind) or None,
        search=search,
    )
    rows = api.list_findings(store, user, **filters, order=order, limit=limit, offset=offset)
    for row in rows:
        if as_json:
            # "label" is the model's; "current_label" the officer's where one was chosen
            record = {**asdict(row), "current_label": row.current_label}
            click.echo(json.dumps(record, ensure_ascii=False, default=str))
            continue
        proposal = row.proposal
        state = f"#{proposal.id} v{proposal.version} {proposal.status} {proposal.action}" if proposal else "-"
        # The officer's label when one was chosen; the score stays the model's, for the label the model gave.
        label = row.current_label if row.current_label == row.label else f"{row.current_label} (model: {row.label})"
        click.echo(f"[{row.id}] {row.score:.2f} {label:<15} {row.citation} — {row.document_number or ''}")
        click.echo(f"    {_short(row.text, 120)}")
        click.echo(f"    proposal {state}")
    if not as_json:
        total = api.count_findings(store, user, **filters)
        click.echo(f"{len(rows)} of {total} findings shown")


@click.command("propose")
@db_option
@click.option("--document", "document_id", type=int, help="Only this stored document (id).")
@reports_errors
def propose_command(db_url, document_id):
    """Draft proposals for stored findings that have none (the scan normally does this).

    \b
    Example:
      reviewer propose --document 12
    """
    from reviewer import api

    store = open_store(db_url)
    created = api.propose(store, api.SYSTEM, document_id)
    click.echo(f"{len(created)} proposals drafted")


@click.command("decide")
@db_option
@click.argument("proposal_id", type=int)
@click.argument("kind", type=click.Choice(["confirm", "edit", "reject", "approve", "return"]))
@click.option("--reviewer", required=True, help="User name of the officer (or head) deciding.")
@click.option("--reason", help="Why (required to reject or return).")
@click.option("--text", help="The edited proposal text (required for edit).")
@click.option(
    "--label",
    type=click.Choice(FINDING_LABELS),
    help="The correct label of the finding, when confirming or editing; the proposal is re-drafted for it "
    "[default: keep the current label].",
)
@click.option(
    "--action",
    type=click.Choice(PROPOSAL_ACTIONS),
    help="With edit: the action your text proposes (abolish, keep …), for the report's Phương án column "
    "[default: keep the drafted action].",
)
@click.option(
    "--expected-version",
    type=int,
    help="The proposal version you reviewed; the decision fails if someone decided since "
    "[default: the current version].",
)
@reports_errors
def decide_command(db_url, proposal_id, kind, reviewer, reason, text, label, action, expected_version):
    """Confirm, edit or reject a proposal (officers); approve or return a confirmed one (heads).

    \b
    Example:
      reviewer decide 42 confirm --reviewer lan --expected-version 0
      reviewer decide 45 confirm --reviewer lan --label certified_copy
      reviewer decide 43 edit --reviewer lan --text "Bãi bỏ yêu cầu nộp bản sao Sổ hộ khẩu."
      reviewer decide 46 edit --reviewer lan --action abolish --text "Bãi bỏ thành phần hồ sơ …"
      reviewer decide 44 reject --reviewer lan --reason "Quy định về trách nhiệm của cơ quan"
    """
    from reviewer import api
    from reviewer.errors import BadInput

    if kind in ("reject", "return") and not (reason or "").strip():
        raise click.UsageError(f"say why with --reason: a proposal cannot be {kind}ed without one")
    if kind == "edit" and not (text or "").strip():
        raise click.UsageError("give the edited proposal with --text")
    if action and kind != "edit":
        raise click.UsageError("--action goes with edit: the action of the text you write")
    store = open_store(db_url)
    user = acting_user(store, reviewer)
    if expected_version is None:
        proposal = store.get_proposal(proposal_id)
        if proposal is None:
            raise BadInput(f"proposal {proposal_id}", "no such proposal")
        expected_version = proposal.version
    decision = api.decide(
        store, user, proposal_id, kind, expected_version, reason=reason, text=text, label=label, action=action
    )
    click.echo(
        f"proposal {proposal_id}: {decision.previous_status} → {decision.new_status} "
        f"(decision {decision.id} by {decision.reviewer}, version {expected_version + 1})"
    )


@click.command("flag")
@db_option
@click.argument("finding_id", type=int)
@click.option("--label", required=True, type=click.Choice(FINDING_LABELS), help="The paper the unit asks for.")
@click.option("--reviewer", required=True, help="User name of the officer (or head) flagging it.")
@reports_errors
def flag_command(db_url, finding_id, label, reviewer):
    """Put a requirement the model missed into the review: the unit (a finding the model labelled none; see
    `reviewer findings --label none`) gets a proposal drafted for LABEL, confirmed by you. `reviewer undo` undoes it.

    \b
    Example:
      reviewer flag 57 --label copy --reviewer lan
    """
    from reviewer import api

    store = open_store(db_url)
    decision = api.flag_missed(store, acting_user(store, reviewer), finding_id, label)
    click.echo(f"finding {finding_id}: flagged as {label}, proposal {decision.proposal_id} confirmed by {reviewer}")


@click.command("undo")
@db_option
@click.option("--reviewer", required=True, help="Undo this user's newest decision.")
@reports_errors
def undo_command(db_url, reviewer):
    """Undo your newest decision (the undo is itself recorded as a decision).

    \b
    Example:
      reviewer undo --reviewer lan
    """
    from reviewer import api

    store = open_store(db_url)
    decision = api.undo_last(store, acting_user(store, reviewer))
    click.echo(f"proposal {decision.proposal_id}: {decision.previous_status} → {decision.new_status} (undone)")


@click.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "docx"]),
    help="Output format [default: from the --out suffix].",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--department", help="Only this department (the DOCX is then that department's report).")
@click.option(
    "--recipient",
    help='The "Kính gửi" line of the DOCX report; several separated by ";" '
    '[default: the head of the department, e.g. "Giám đốc Sở Tư pháp"].',
)
@reports_errors
def export_command(db_url, fmt, out, department, recipient):
    """Export findings, proposals and decisions as CSV, XLSX or the DOCX report.

    \b
    Example:
      reviewer export --format docx --out bao-cao.docx --department "Sở Tư pháp"
      reviewer export --format docx --out bao-cao.docx --department "Sở Tư pháp" \\
        --recipient "Ủy ban nhân dân tỉnh Quảng Ninh"
      reviewer export --out ket-qua.xlsx
    """
    from reviewer import api

    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx", "docx"):
        raise click.UsageError(f"say --format csv, xlsx or docx (the file name {out.name} does not tell)")
    store = open_store(db_url)
    require_department(store, department)
    written = api.export(store, api.SYSTEM, fmt, out, department=department, recipient=recipient)
    click.echo(f"wrote {written}")


COMMANDS = [findings_command, propose_command, decide_command, flag_command, undo_command, export_command]
