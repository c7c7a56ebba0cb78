"""``reviewer scan``: the administrator's batch scan, a thin shell over :func:`reviewer.scan.scan_paths`."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from reviewer.cli import EXIT_FAILED
from reviewer.errors import ReviewerError

EXIT_INTERRUPTED = 130  # the shell's code for a program stopped by Ctrl-C


def _terminate_as_interrupt(signum, frame) -> None:
    # `kill PID` stops as cleanly as Ctrl-C: readers ended, the document being stored rolled back whole.
    raise KeyboardInterrupt


@click.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--department", help="Department every document belongs to (default: a procedure's ministry).")
@click.option("--db", "db_url", help="Database URL (default: the configured one, a SQLite file).")
@click.option("--workers", type=click.IntRange(min=0), help="Reading processes or Ray actors (default: cores).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--address", help="Ray cluster address, e.g. ray://head:10001 (default: a local Ray instance).")
@click.option("--model", "model_dir", type=click.Path(path_type=Path), help="Model folder (default: configured).")
@click.option("--ship-model", is_flag=True, help="Ray: send the model folder to the nodes instead of sharing it.")
@click.option("--retry-failed", is_flag=True, help="Read again the files refused last time even if unchanged.")
@click.option(
    "--reclassify",
    is_flag=True,
    help="Read again unchanged files whose findings came from another model version (after `reviewer train`); "
    "officers' decisions carry over to the new findings.",
)
@click.option(
    "--exclude",
    "exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out files and folders whose name matches GLOB; with a '/', GLOB is matched against the path "
    "under PATH ('**' for any folders); repeatable.",
)
@click.option(
    "--no-default-excludes",
    is_flag=True,
    help="Read also what is left out by default: hidden files and folders (.*), Office lock files (~$*), "
    "Thumbs.db, desktop.ini, README*, MANIFEST*, LICENSE*, *.tsv, *.csv, *.json, *.jsonl other than "
    "portal procedure records (procedures*.jsonl, or records with a ma_thu_tuc), and a server's configuration, "
    "certificate, log and program files: *.conf, *.cfg, *.ini, *.crt, *.pem, *.key, *.log, *.py, *.sh, *.yaml, "
    "*.yml, *.toml, *.sqlite, *.db.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def scan_command(
    paths: tuple[Path, ...],
    department: str | None,
    db_url: str | None,
    workers: int | None,
    engine: str,
    address: str | None,
    model_dir: Path | None,
    ship_model: bool,
    retry_failed: bool,
    reclassify: bool,
    exclude: tuple[str, ...],
    no_default_excludes: bool,
    quiet: bool,
) -> None:
    """Read, classify and store every file under PATHS and every portal procedure record (.jsonl) in them.

    Unchanged files (same content) are skipped without loading the model; a stopped scan (Ctrl-C, kill)
    finishes when run again. Files that are not documents (hidden files, Office lock files, README, MANIFEST,
    data tables) are left out and counted in the summary. Exit codes: 0 done, 1 some files refused, 3 nothing
    done, 130 interrupted.

    \b
    Examples:
      reviewer scan /data/so-tu-phap --department "Sở Tư pháp"
      reviewer scan /data/procedures.jsonl --workers 2
      reviewer scan /data/so-y-te --exclude "luu-tru" --exclude "*.bak"
      reviewer scan /data/so-tu-phap --department "Sở Tư pháp" --reclassify   # after a new model
      reviewer scan /shared/corpus --engine ray --address ray://head:10001 \\
          --db postgresql+psycopg://reviewer@db/reviewer --model /shared/models/reviewer-clauses
    """
    from reviewer.scan import ScanInterrupted, TqdmProgress, scan_paths
    from reviewer.store import Store

    if (address or ship_model) and engine != "ray":
        raise click.UsageError("--address and --ship-model need --engine ray")
    try:
        store = Store(db_url)
    except ReviewerError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    except Exception as error:  # noqa: BLE001 - the driver's own message (refused, unknown host …) on one line
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        click.echo(f"error: cannot open the database: {first_line}", err=True)
        sys.exit(EXIT_FAILED)
    previous_handler = signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    try:
        with store, TqdmProgress(disable=True if quiet else None) as progress:
            summary = scan_paths(
                paths,
                store,
                department,
                workers=workers,
                engine=engine,
                address=address,
                model_dir=model_dir,
                progress=progress,
                retry_failed=retry_failed,
                reclassify=reclassify,
                ship_model=ship_model,
                exclude=exclude,
                default_excludes=not no_default_excludes,
            )
    except ScanInterrupted as interrupted:
        click.echo("", err=True)
        for line in interrupted.summary.lines():
            click.echo(line, err=True)
        click.echo("interrupted: the documents above are stored; run the same command again to finish", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:  # before the scan started (opening the database): nothing was stored
        click.echo("\ninterrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except ReviewerError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    for line in summary.lines():
        click.echo(line)
    if department is None and summary.files_read:
        # Portal records go to their ministry; files need a department, or no officer's queue shows them.
        click.echo(
            "note: no --department was given, so the files are stored under no department and only administrators "
            'see them; scan again with --department "…" to put them in a department\'s queue'
        )
    sys.exit(summary.exit_code)


COMMANDS = [scan_command]
