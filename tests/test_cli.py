from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from storytrace.cli import cli

from .conftest import FIXTURES


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("STORYTRACE_DB", str(tmp_path / "cli.db"))
    return CliRunner()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "harbour.txt").write_text((FIXTURES / "harbour.txt").read_text())
    (folder / "orchard.txt").write_text((FIXTURES / "orchard.txt").read_text())
    return folder


def test_every_command_has_help() -> None:
    assert cli.help
    for name, command in cli.commands.items():
        assert command.help, f"command {name} has no help text"
        assert isinstance(command, click.Command)


def test_ingest_list_show_search(runner: CliRunner, inputs: Path) -> None:
    result = runner.invoke(cli, ["ingest", str(inputs)])
    assert result.exit_code == 0, result.output
    assert "2 article(s) added" in result.stderr
    listed = json.loads(runner.invoke(cli, ["list", "--json"]).stdout)
    assert sorted(a["title"] for a in listed) == [
        "Harbour Crane Failure Halts Night Shift at Port Vell",
        "Late Frost Cuts Apple Harvest in the Upper Valley by a Third",
    ]
    harbour = next(a for a in listed if a["title"].startswith("Harbour"))
    shown = runner.invoke(cli, ["show", harbour["id"], "--removed"]).stdout
    assert "caption" in shown and "why: photo caption" in shown and "Related posts" in shown
    data = json.loads(runner.invoke(cli, ["show", harbour["id"], "--json"]).stdout)
    for removal in data["removed"]:
        assert removal["text"] and removal["reason"]
    hits = json.loads(runner.invoke(cli, ["search", "frost", "--json"]).stdout)
    assert [h["title"][:10] for h in hits] == ["Late Frost"]
    assert runner.invoke(cli, ["search", "submarine"]).exit_code == 1


def test_failed_inputs_give_exit_status_1_and_a_summary(runner: CliRunner, inputs: Path) -> None:
    (inputs / "empty.txt").write_text("")
    result = runner.invoke(cli, ["ingest", str(inputs)])
    assert result.exit_code == 1
    assert "1 input(s) failed" in result.stderr and "empty.txt: empty file" in result.stderr


def test_usage_errors_give_exit_status_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["ingest"]).exit_code == 2
    assert runner.invoke(cli, ["nonsense"]).exit_code == 2


def test_unknown_article_is_a_clear_error(runner: CliRunner, inputs: Path) -> None:
    runner.invoke(cli, ["ingest", str(inputs)])
    result = runner.invoke(cli, ["show", "ffffffff"])
    assert result.exit_code == 1 and "no article with id 'ffffffff'" in result.stderr


def test_run_writes_html_and_markdown(runner: CliRunner, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["run", str(inputs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "articles.html").read_text()
    markdown = (out / "articles.md").read_text()
    assert "Harbour Crane Failure" in html and "photo caption" in html
    assert "| caption |" in markdown and "Late Frost" in markdown


def test_config_file_overrides_options(runner: CliRunner, inputs: Path, tmp_path: Path) -> None:
    config = tmp_path / "st.toml"
    config.write_text("[ingest]\nmax_bytes = 100\n")
    result = runner.invoke(cli, ["--config", str(config), "ingest", str(inputs)])
    assert result.exit_code == 1 and "100-byte limit" in result.stderr
    config.write_text("[ingest]\nmax_byte = 100\n")
    result = runner.invoke(cli, ["--config", str(config), "list"])
    assert result.exit_code == 2 and "unknown key(s) in [ingest]: max_byte" in result.stderr
    config.write_text('[group]\ncohesion_margin = "two"\n')
    result = runner.invoke(cli, ["--config", str(config), "list"])
    assert result.exit_code == 2 and "[group] cohesion_margin must be float" in result.stderr


def test_a_bad_relation_model_stops_before_any_work(
    runner: CliRunner, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYTRACE_RELATION_MODEL", "bert")
    result = runner.invoke(cli, ["ingest", str(inputs)])
    assert result.exit_code == 2
    assert "relation model 'bert'" in result.stderr and "Traceback" not in result.output
    monkeypatch.delenv("STORYTRACE_RELATION_MODEL")
    listed = runner.invoke(cli, ["list", "--json"])
    assert listed.exit_code in (0, 2) and "harbour" not in listed.output


def test_the_model_path_without_its_packages_is_explained(
    runner: CliRunner, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storytrace.read import relation_model

    monkeypatch.setattr(relation_model, "missing", lambda: "the relation model needs torch")
    monkeypatch.setenv("STORYTRACE_RELATION_MODEL", "embedding")
    result = runner.invoke(cli, ["ingest", str(inputs)])
    assert result.exit_code == 1
    assert "the relation model needs torch" in result.stderr
    assert "Traceback" not in result.output
