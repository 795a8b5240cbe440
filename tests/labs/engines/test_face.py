"""The engine labs' faces: each session's work stays out of the caches any client can clear, scratch files go
to temporary folders, the engines load only when a lab needs them, and every sentence comes from the notes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import streamlit as st

from studylab.content.loader import ROOT, Content
from studylab.labs.engines.face import WAREHOUSE_KEY
from studylab.labs.engines.workspace import Workspace
from tests.labs.engines.support import click, texts
from tests.pages_support import run_page


def clear_cache_from_another_client() -> None:
    # What Streamlit does for any client's ``clear_cache`` websocket message
    # (AppSession._handle_clear_cache_request), minus the sender's own session state.
    st.cache_data.clear()
    st.cache_resource.clear()


def test_every_note_the_labs_ask_for_exists_and_every_note_is_used(content: Content) -> None:
    sources = [path.read_text(encoding="utf-8") for path in (ROOT / "studylab/labs/engines").glob("*face.py")]
    asked = {name for text in sources for name in re.findall(r"""note\(\s*["']([a-z0-9_]+)["']""", text)}
    notes = content.table("lab_notes")
    assert asked == set(notes.loc[notes["lab"] == "engines", "id"])


def test_lakehouse_commits_survive_another_client_clearing_the_caches() -> None:
    at = click(click(run_page("pages/lakehouse.py"), "Append the next month"), "Append the next month")
    assert any("as version 2" in s for s in texts(at.success))
    clear_cache_from_another_client()
    at = at.run()
    assert not at.exception and not at.error
    at = click(at, "Append the next month")
    assert any("as version 3" in s for s in texts(at.success)), texts(at.success)


def test_warehouse_keeps_answering_after_the_caches_are_cleared() -> None:
    at = run_page("pages/data_warehouse.py")
    held = at.session_state[WAREHOUSE_KEY][1]
    clear_cache_from_another_client()
    at = at.run()
    assert not at.exception and not at.error
    assert at.session_state[WAREHOUSE_KEY][1] is held
    assert any("row(s) in" in str(c.value) for c in at.caption)


def test_each_session_queries_its_own_warehouse() -> None:
    first, second = run_page("pages/data_warehouse.py"), run_page("pages/data_warehouse.py")
    assert first.session_state[WAREHOUSE_KEY][1] is not second.session_state[WAREHOUSE_KEY][1]


def test_scratch_files_go_to_temporary_folders_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    roots: list[Path] = []
    original = Workspace.__init__

    def recording_init(self: Workspace, label: str = "session") -> None:
        original(self, label)
        roots.append(self.root)

    monkeypatch.setattr(Workspace, "__init__", recording_init)
    monkeypatch.chdir(tmp_path)
    st.cache_resource.clear()  # earlier tests' cached workspaces would otherwise be reused
    for page in ("pages/data_warehouse.py", "pages/data_lake.py", "pages/lakehouse.py"):
        at = run_page(page)
        assert not at.exception
    assert roots, "the labs made a scratch folder"
    assert all(root.parent == Path(tempfile.gettempdir()) and not root.is_relative_to(ROOT) for root in roots)
    assert list(tmp_path.iterdir()) == [], "nothing was written to the working directory"


def test_the_engines_are_not_imported_at_start_up() -> None:
    code = (
        "import sys\n"
        "import studylab.labs.engines.face, studylab.labs.engines.figures, studylab.labs.engines.lake\n"
        "import studylab.labs.engines.warehouse_face, studylab.labs.engines.lake_face\n"
        "import studylab.labs.engines.lakehouse_face, studylab.labs.engines.stack_face\n"
        "import studylab.labs.engines.lakehouse, studylab.labs.engines.warehouse\n"
        "from studylab.content.catalog import HOME\n"
        "from tests.pages_support import run_page\n"
        "for path in (HOME, 'pages/glossary.py', 'pages/modern_data_stack.py'):\n"
        "    assert not run_page(path).exception\n"
        "print(sorted(m for m in ('duckdb', 'deltalake') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_sql_box_runs_a_query_once_until_it_changes_or_run_is_pressed(monkeypatch: pytest.MonkeyPatch) -> None:
    from studylab.labs.engines.sql_box import Warehouse

    ran: list[str] = []
    real = Warehouse.run

    def counting(self: Warehouse, sql: str, **kwargs: object) -> object:
        ran.append(sql)
        return real(self, sql, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Warehouse, "run", counting)
    at = run_page("pages/data_warehouse.py")
    assert len(ran) == 1
    at = at.run()
    assert len(ran) == 1, "a rerun that changes nothing shows the kept result"
    at = click(at, "Run query")
    assert len(ran) == 2, "pressing Run runs the query again"
    at.text_area(key="sql").set_value("SELECT 41 + 1 AS answer")
    at = click(at, "Run query")
    assert ran[-1] == "SELECT 41 + 1 AS answer" and not at.exception
    assert any(str(row) == "42" for row in at.dataframe[-1].value["answer"])


def test_sessions_copy_one_warehouse_template_per_content_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from studylab.labs.engines import sql_box
    from studylab.ui import cache

    built: list[object] = []
    real = sql_box.WarehouseTemplate.__init__

    def counting(self: sql_box.WarehouseTemplate, tables: dict[str, object]) -> None:
        built.append(self)
        real(self, tables)  # type: ignore[arg-type]

    monkeypatch.setattr(sql_box.WarehouseTemplate, "__init__", counting)
    cache.clear()
    first, second = run_page("pages/data_warehouse.py"), run_page("pages/data_warehouse.py")
    assert len(built) == 1, "the star schema is loaded into DuckDB once, then copied"
    mine, theirs = first.session_state[WAREHOUSE_KEY][1], second.session_state[WAREHOUSE_KEY][1]
    assert mine is not theirs
    assert mine.run("SELECT count(*) AS n FROM fact_sales").frame.equals(
        theirs.run("SELECT count(*) AS n FROM fact_sales").frame
    )
