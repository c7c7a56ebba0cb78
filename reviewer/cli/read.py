"""``reviewer read``: one file in, its structure out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reviewer.cli import EXIT_FAILED
from reviewer.errors import ReviewerError


@click.command("read")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: document metadata and units.")
@click.option("--no-ocr", is_flag=True, help="Refuse scanned PDFs instead of running OCR.")
def read_command(file: Path, as_json: bool, no_ocr: bool) -> None:
    """Read FILE (PDF, scanned PDF, DOCX, DOC, text) and show its legal structure.

    \b
    Example:
      reviewer read luat-cu-tru.pdf
      reviewer read nghi-dinh.doc --json > nd.json
    """
    from reviewer.pipeline import read_document

    try:
        document = read_document(file, ocr=not no_ocr)
    except ReviewerError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    if as_json:
        click.echo(json.dumps(document.to_json(), ensure_ascii=False, indent=1))
        return
    meta = document.meta
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
