"""Every code block of the README runs: the walkthrough and metadata shell blocks and the
Python API script are executed as written (in a scratch folder, ``storytrace`` being this
checkout), the TOML block is loaded as a config, and the command reference is mirrored:
each command and option it shows exists."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from storytrace.cli import cli
from storytrace.config import Config, load_config

from .conftest import FIXTURES, REPO
from .web import free_port

README = (REPO / "README.md").read_text(encoding="utf-8")
TAGGED = re.compile(r"<!-- readme-test: (\w+) -->\n```(\w+)\n(.*?)```", re.S)
BLOCKS = {name: (lang, body) for name, lang, body in TAGGED.findall(README)}


def test_every_code_block_is_tested() -> None:
    """Tagged blocks run below; the two untagged shell blocks are mirrored: the set-up
    block's make targets exist, and the command reference is checked option by option."""
    fences = re.findall(r"^```(\w+)\n", README, re.M)
    tagged = [lang for lang, _ in BLOCKS.values()]
    assert fences.count("python") == tagged.count("python") == 1
    assert fences.count("toml") == tagged.count("toml") == 1
    assert fences.count("sh") == tagged.count("sh") + 2
    assert set(BLOCKS) == {"walkthrough", "metadata", "python", "config"}
    makefile = (REPO / "Makefile").read_text()
    for target in re.findall(r"^make (\w+)", README, re.M):
        assert re.search(rf"^{target}:", makefile, re.M), target


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as after ``make demo``, with ``my-articles/`` and ``storytrace`` on PATH."""
    root = tmp_path_factory.mktemp("readme")
    articles = root / "my-articles"
    articles.mkdir()
    for name in ("harbour.txt", "orchard.txt"):
        shutil.copy(FIXTURES / name, articles / name)
    bin_dir = root / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "storytrace"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m storytrace "$@"\n')
    shim.chmod(0o755)
    run_sh("storytrace demo -o out/demo", root)
    return root


def env_for(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "STORYTRACE_DB"}
    env["PATH"] = f"{root / 'bin'}:{env['PATH']}"
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def run_sh(script: str, root: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["bash", "-e", "-c", script], cwd=root, env=env_for(root), text=True,
        capture_output=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def commands(body: str) -> list[str]:
    lines = [line.split("  #")[0].strip() for line in body.splitlines()]
    return [line for line in lines if line and not line.startswith("source ")]


def test_walkthrough(scratch: Path) -> None:
    lines = commands(BLOCKS["walkthrough"][1])
    serve = [line for line in lines if " serve" in line]
    done = run_sh("\n".join(line for line in lines if line not in serve), scratch)
    assert "Halvard" in done.stdout and "harbour.txt" not in done.stderr
    assert (scratch / "out" / "mine" / "storytrace.db").exists()
    [line] = serve
    port = free_port()
    proc = subprocess.Popen(
        ["bash", "-c", f"exec {line} --port {port}"], cwd=scratch, env=env_for(scratch),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(120):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        assert page.status_code == 200 and "Harbour Crane" in page.text
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_metadata_block_updates_in_place(scratch: Path) -> None:
    import json

    run_sh("storytrace run my-articles/ -o out/mine", scratch)
    done = run_sh(BLOCKS["metadata"][1], scratch)
    listed = json.loads(done.stdout)
    assert len(listed) == 2
    harbour = next(a for a in listed if a["source"].endswith("harbour.txt"))
    assert harbour["outlet"] == "Quay Courier" and harbour["published"] == "2024-03-02"


def test_python_api_runs_as_a_plain_script(scratch: Path) -> None:
    script = scratch / "api_example.py"
    script.write_text(BLOCKS["python"][1])
    done = subprocess.run(
        [sys.executable, str(script)], cwd=scratch, env=env_for(scratch), text=True,
        capture_output=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("2 []")


def test_config_block_loads(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(BLOCKS["config"][1])
    assert load_config(path) != Config()


def test_command_reference_is_mirrored() -> None:
    reference = README[README.index("## Using it") :].split("```sh\n", 1)[1].split("```")[0]
    for line in commands(reference):
        words = line.split("#")[0].split()
        if words[0] != "storytrace":
            continue
        command = cli.commands[words[1]]
        known = {o for p in command.params for o in getattr(p, "opts", [])}
        for option in re.findall(r"(?<!\w)--[a-z][a-z-]*", line.split("#")[0]):
            assert option in known, f"{words[1]} has no {option}"
