"""``reviewer scan`` as an administrator types it: a summary at the end and an exit code for scripts."""

from __future__ import annotations

from click.testing import CliRunner

from reviewer.cli import main


def scan(*args: str):
    return CliRunner().invoke(main, ["scan", *args, "--quiet"], catch_exceptions=False)


def test_scan_prints_a_summary_and_skips_unchanged_files_the_second_time(tmp_path, folder, scan_model):
    database = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    first = scan(str(folder), "--db", database, "--model", str(scan_model), "--workers", "0")
    assert first.exit_code == 0, first.output
    assert "8 documents found: 8 read, 0 skipped (unchanged)" in first.output
    assert "findings:" in first.output and "wall time" in first.output
    assert "note: no --department was given" in first.output  # files under no department: only admins see them

    second = scan(str(folder), "--db", database, "--model", str(scan_model), "--workers", "0")
    assert second.exit_code == 0
    assert "0 read, 8 skipped (unchanged)" in second.output and "model not loaded" in second.output
    assert "no --department" not in second.output  # nothing was stored this time


def test_exit_codes_for_refused_files_and_missing_paths(tmp_path, folder, scan_model):
    database = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    (folder / "empty.txt").write_bytes(b"")
    partial = scan(
        str(folder), "--db", database, "--model", str(scan_model), "--workers", "0", "--department", "Sở Tư pháp"
    )
    assert partial.exit_code == 1 and "no --department" not in partial.output
    assert "refused: " in partial.output and "empty.txt: the file is empty" in partial.output

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    assert scan(str(bad), "--db", fresh, "--workers", "0").exit_code == 3

    missing = scan(str(tmp_path / "nowhere"), "--db", database)
    assert missing.exit_code == 3 and "no such file or folder" in missing.output


def test_a_missing_model_is_one_clear_line(tmp_path, folder):
    result = scan(str(folder), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--model", str(tmp_path / "none"))
    assert result.exit_code == 3
    assert "no trained classifier here" in result.output
