"""``reviewer user add | list | passwd | disable``: accounts for the review desk.

Whoever can open the database from the command line is its administrator, so these commands need no login.
"""

from __future__ import annotations

import sys

import click

from reviewer.cli.store import db_option, open_store, reports_errors

# reviewer.store.ROLES, spelled out so that `reviewer --help` need not import SQLAlchemy.
ROLES = ("department", "officer", "head", "admin")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("user")
def user_group() -> None:
    """Manage users: department, officer, head and admin accounts."""


@user_group.command("add")
@db_option
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--department", help="The department the user works for (required except for admin).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@reports_errors
def add_command(db_url, username, role, department, password_stdin):
    """Add a user; the password is asked for (or read from stdin).

    \b
    Example:
      reviewer user add lan --role officer --department "Sở Tư pháp"
      echo "$PASSWORD" | reviewer user add admin --role admin --password-stdin
    """
    from reviewer import api

    store = open_store(db_url)
    known = store.list_departments()
    user = api.add_user(store, api.SYSTEM, username, _read_password(password_stdin), role, department)
    click.echo(f"added {user.username} ({user.role}{', ' + user.department if user.department else ''})")
    if user.department and user.department not in known:
        # A typo would give the user an empty department: say so, with the names already in use.
        listed = ", ".join(f'"{name}"' for name in known) or "none before"
        click.echo(f'note: "{user.department}" is a new department (known: {listed})')


@user_group.command("list")
@db_option
@reports_errors
def list_command(db_url):
    """List users with their role and department.

    \b
    Example:
      reviewer user list
    """
    from reviewer import api

    store = open_store(db_url)
    for user in api.list_users(store, api.SYSTEM):
        state = "" if user.active else "  (disabled)"
        click.echo(f"{user.username:<20} {user.role:<11} {user.department or '-'}{state}")


@user_group.command("passwd")
@db_option
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of stdin.")
@reports_errors
def passwd_command(db_url, username, password_stdin):
    """Set a user's password.

    \b
    Example:
      reviewer user passwd lan
    """
    from reviewer import api

    store = open_store(db_url)
    api.set_password(store, api.SYSTEM, username, _read_password(password_stdin))
    click.echo(f"password of {username} changed")


@user_group.command("disable")
@db_option
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable the account again instead.")
@reports_errors
def disable_command(db_url, username, enable):
    """Disable (or with --enable, enable again) a user's account; its decisions stay.

    \b
    Example:
      reviewer user disable lan
    """
    from reviewer import api

    store = open_store(db_url)
    api.set_active(store, api.SYSTEM, username, enable)
    click.echo(f"{username} {'enabled' if enable else 'disabled'}")


COMMANDS = [user_group]
