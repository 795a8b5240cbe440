"""The house rules that import-linter cannot state alone: every face is declared, no module grows past 500 lines."""

from __future__ import annotations

import tomllib

from studylab.content.loader import ROOT

PACKAGE = ROOT / "studylab"
SCHEMA_REGISTRY = PACKAGE / "content" / "schemas.py"
"""The one module allowed past the limit: every schema in one place, where authors look them up."""


def _module(path: str) -> str:
    return ".".join(path.removesuffix(".py").split("/"))


def test_every_face_module_is_named_in_the_streamlit_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "streamlit-in-faces"]
    allowed = {line.split(" -> ")[0] for line in contract["ignore_imports"]}
    faces = [p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*_face.py")]
    assert faces, "the package has named faces"
    assert [f for f in faces if _module(f) not in allowed] == []


def test_no_module_is_over_500_lines_but_the_schema_registry() -> None:
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if p != SCHEMA_REGISTRY and (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
