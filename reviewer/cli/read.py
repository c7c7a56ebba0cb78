"""``reviewer read``: one file in, its structure out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reviewer.cli import EXIT_FAILED
from reviewer.errors import BadInput, ReviewerError


@click.command("read")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON: document metadata and units (one line per record).")
@click.option("--no-ocr", is_flag=True, help="Refuse scanned PDFs instead of running OCR.")
@click.option("--record", "code", default=None, help="Of a portal procedures file, only the record with this code.")
def read_command(file: Path, as_json: bool, no_ocr: bool, code: str | None) -> None:
    """Read FILE (PDF, scanned PDF, DOCX, DOC, text, or the portal's procedures*.jsonl) and show its legal
    structure.

    \b
    Example:
      reviewer read luat-cu-tru.pdf
      reviewer read nghi-dinh.doc --json > nd.json
      reviewer read procedures.jsonl --record 1.001234
    """
    from reviewer.pipeline import read_document
    from reviewer.scan.inputs import is_procedures_file

    procedures = file.is_file() and is_procedures_file(file)
    if code is not None and file.is_file() and not procedures:
        raise click.UsageError(f"--record picks a record of a portal procedures file; {file} is not one")
    try:
        if procedures:
            documents = _procedures(file, code)
        else:
            documents = iter([read_document(file, ocr=not no_ocr)])
        for document in documents:
            _show(document, as_json, compact=procedures and code is None)
    except ReviewerError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FAILED)


def _procedures(file: Path, code: str | None):
    from reviewer.pipeline import structure
    from reviewer.read.procedure import iter_procedures

    found = False
    for raw in iter_procedures(file):
        if code is None or raw.source.endswith(f"#{code}"):
            found = True
            document = structure(raw)
            document.source = raw.source
            yield document
    if not found:
        reason = f"no procedure record with code {code}" if code else "no procedure records"
        raise BadInput(str(file), reason)


def _show(document, as_json: bool, compact: bool) -> None:
    if as_json:
        click.echo(json.dumps(document.to_json(), ensure_ascii=False, indent=None if compact else 1))
        return
    meta = document.meta
    if compact:
        click.echo(f"\n== {document.source}")
    click.echo(f"{meta.type or 'Văn bản'} {meta.number or '(không rõ số hiệu)'} — {meta.title or ''}".strip())
    click.echo(
        f"  cơ quan ban hành: {meta.issuer or '?'}; ngày: {meta.date or '?'}; định dạng: {meta.format}; "
        f"số trang: {meta.pages or '?'}; số đơn vị: {len(document.units)}"
    )
    for unit in document.units:
        page = f" [tr. {unit.page}]" if unit.page else ""
        click.echo(f"\n{unit.citation}{page}")
        click.echo(f"  {unit.text}")


COMMANDS = [read_command]
