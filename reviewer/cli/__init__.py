"""The ``reviewer`` command: a thin shell over :mod:`reviewer.api`; each stage's commands live in a module here.

Exit codes: 0 success, 1 some inputs failed (the rest were processed), 2 usage error, 3 nothing could be done
(bad input file, missing model or database).
"""

from __future__ import annotations

import importlib

import click

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3

# Each module defines click commands and a ``COMMANDS`` list; importing lazily keeps ``--help`` fast.
COMMAND_MODULES = ["read", "classify", "store", "scan", "users"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reviewer")
def main() -> None:
    """Review Vietnamese legal documents for paper requirements (Đề án 06)."""


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"reviewer.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"reviewer.cli.{name}":
                continue
            raise
        for command in module.COMMANDS:
            main.add_command(command)


_register()
