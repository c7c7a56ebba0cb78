"""``python -m reviewer.ui.demo``: create the demo accounts in the configured store and print their password."""

from __future__ import annotations

import sys

from .services import DEMO_DEPARTMENT, create_demo_accounts, open_store


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    department = args[0] if args else DEMO_DEPARTMENT
    with open_store() as store:
        create_demo_accounts(store, department=department)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
