"""The engine labs on their pages: real queries, commits and time travel, in AppTest."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from studylab.content.loader import ROOT, Content
from studylab.labs.engines.workspace import Workspace
from tests.pages_support import run_page


def texts(elements: object) -> list[str]:
    return [str(e.value) for e in elements]  # type: ignore[attr-defined]


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def test_every_note_the_labs_ask_for_exists_and_every_note_is_used(content: Content) -> None:
    source = (ROOT / "studylab/labs/engines/face.py").read_text(encoding="utf-8")
    asked = set(re.findall(r"""note\(\s*["']([a-z0-9_]+)["']""", source))
    assert asked == set(content.table("engine_notes")["id"])


def test_warehouse_runs_the_example_query() -> None:
    at = run_page("pages/data_warehouse.py")
    assert not at.exception and not at.error
    assert at.text_area(key="sql").value.startswith("SELECT d.year_month AS month")
    assert any("row(s) in" in c for c in texts(at.caption))


def test_warehouse_example_from_the_url() -> None:
    at = run_page("pages/data_warehouse.py", query={"query": "Top products"})
    assert "ORDER BY revenue DESC" in at.text_area(key="sql").value
    assert any(c.startswith("5 row(s)") for c in texts(at.caption))


def test_a_forbidden_query_shows_a_message_not_a_traceback() -> None:
    at = run_page("pages/data_warehouse.py")
    for sql, message in (
        ("DELETE FROM fact_sales", "Refused: DELETE is not a read query"),
        ("SELECT * FROM read_csv('/etc/passwd')", "Permission Error"),
        ("SELEC 1", "Parser Error"),
    ):
        at.text_area(key="sql").set_value(sql)
        at = click(at, "Run query")
        assert not at.exception
        assert any(message in e for e in texts(at.error)), texts(at.error)


def test_etl_and_elt_run_from_the_page() -> None:
    at = click(run_page("pages/data_warehouse.py"), "Run both pipelines")
    assert not at.exception and not at.error
    assert any("Both pipelines built the same mart" in s for s in texts(at.success))


def test_lake_reads_a_drifted_file_with_the_old_schema() -> None:
    at = run_page("pages/data_lake.py", query={"file": "sales/2025-08.csv", "schema": "sales v1"})
    assert not at.exception and not at.error
    warnings = texts(at.warning)
    assert any("'revenue' is missing" in w for w in warnings)
    assert any("silently show no revenue" in w for w in warnings)


def test_lake_swamp_toggles_change_the_outcome() -> None:
    at = run_page("pages/data_lake.py")
    governed = [m.value for m in at.metric]
    for key in ("catalog", "ownership", "enforcement"):
        at.toggle(key=key).set_value(False)
    at = at.run()
    assert not at.exception
    assert [m.value for m in at.metric] != governed


def test_lakehouse_append_time_travel_and_bad_write() -> None:
    at = run_page("pages/lakehouse.py")
    assert not at.exception and not at.error
    at = click(at, "Append the next month")
    assert any("as version 1" in s for s in texts(at.success))
    at.select_slider(key="version").set_value(0)
    at = at.run()
    rows_then = next(m for m in at.metric if m.label == "Rows then")
    assert rows_then.value == "113"
    at = click(at, "Try this write")
    (error,) = [e for e in texts(at.error) if "Rejected by schema enforcement" in e]
    assert "Checked: still version 1" in error


def test_lakehouse_crash_and_vacuum() -> None:
    at = click(run_page("pages/lakehouse.py"), "Crash a write")
    assert not at.exception
    seen = {m.label: m.value for m in at.metric if m.label == "Rows a reader sees"}
    assert seen, "both readers are shown"
    at = click(at, "Vacuum the orphaned files")
    assert any("Vacuum deleted 2 file(s)" in s for s in texts(at.success))


def test_lakehouse_convergence_marks_the_lake_wrong() -> None:
    at = click(run_page("pages/lakehouse.py"), "Load the sales three ways and ask")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Lake :material/cancel:" in labels
    assert "Lakehouse :material/check_circle:" in labels


def test_stack_builder_scores_a_choice() -> None:
    at = run_page("pages/modern_data_stack.py")
    assert not at.exception and not at.error
    assert sum("nothing yet" in m for m in texts(at.markdown)) == 6
    at.selectbox(key="ingestion").set_value("managed_connectors")
    at = at.run()
    assert any("Managed connector service" in m for m in texts(at.markdown))
    assert sum("nothing yet" in m for m in texts(at.markdown)) == 5


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
        "import studylab.labs.engines.face, studylab.labs.engines.lake\n"
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
