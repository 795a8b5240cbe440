"""``python -m studylab check``: zero on good content, one and a line per problem otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from studylab.__main__ import main
from studylab.content.loader import ROOT


def test_check_passes_on_the_real_tree(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and out.count("\n") == 1


def test_check_lists_each_problem_and_fails(tree: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tree / "data/sections.csv").write_text((tree / "data/sections.csv").read_text() + "bad id,T,:material/x:,1,B\n")
    (tree / "pages/orphan.py").write_text("")
    assert main(["check", "--root", str(tree)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("data/sections.csv:line 10, column id: ") for line in lines)
    assert "pages/orphan.py:file: page is in no catalog (add a topic or a data/pages.csv row)" in lines


def test_check_runs_as_a_module(tree: Path) -> None:
    (tree / "content/data_architecture.md").write_text("no front matter")
    result = subprocess.run(
        [sys.executable, "-m", "studylab", "check", "--root", str(tree)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert "content/data_architecture.md:line 1: missing YAML front matter" in result.stdout
