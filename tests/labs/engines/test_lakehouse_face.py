"""The lakehouse page's lab in AppTest: commits, time travel, enforcement, a crash, convergence."""

from __future__ import annotations

from tests.labs.engines.support import click, texts
from tests.pages_support import run_page


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


def test_a_linked_version_is_explained_and_can_be_replayed() -> None:
    at = run_page("pages/lakehouse.py", query={"version": "2"})
    assert not at.exception
    (info,) = [i for i in texts(at.info) if "asks for version 2" in i]
    assert "yours is at version 0" in info
    at = click(at, "Append months up to version 2")
    assert any("now at version 2" in s for s in texts(at.success))
    assert at.select_slider(key="version").value == 2
    assert not any("asks for version" in i for i in texts(at.info))
    again = run_page("pages/lakehouse.py", query={"version": "nonsense"})
    assert not again.exception and not any("asks for version" in i for i in texts(again.info))
