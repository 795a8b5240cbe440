"""The house rules that import-linter cannot state alone: every face is declared, no module grows past 500 lines."""

from __future__ import annotations

import tomllib
from pathlib import Path

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


def test_page_links_go_through_the_one_helper() -> None:
    """``st.page_link`` with a path resolves it on the file system at every call; ``ui.site.page_link`` does it once."""
    helper = PACKAGE / "ui" / "site.py"
    scripts = [*PACKAGE.rglob("*.py"), ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
    direct = [p.relative_to(ROOT).as_posix() for p in scripts if p != helper and ".page_link(" in _code(p)]
    assert direct == []


def _code(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.replace("ui.page_link(", "").replace("site.page_link(", "")
