"""The engine labs' faces keep each session's work out of the caches any client can clear."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from studylab.labs.engines.face import WAREHOUSE_KEY
from tests.pages_support import run_page


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def successes(at: AppTest) -> list[str]:
    return [str(s.value) for s in at.success]


def clear_cache_from_another_client() -> None:
    # What Streamlit does for any client's ``clear_cache`` websocket message
    # (AppSession._handle_clear_cache_request), minus the sender's own session state.
    st.cache_data.clear()
    st.cache_resource.clear()


def test_lakehouse_commits_survive_another_client_clearing_the_caches() -> None:
    at = click(click(run_page("pages/lakehouse.py"), "Append the next month"), "Append the next month")
    assert any("as version 2" in s for s in successes(at))
    clear_cache_from_another_client()
    at = at.run()
    assert not at.exception and not at.error
    at = click(at, "Append the next month")
    assert any("as version 3" in s for s in successes(at)), successes(at)


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


def test_the_megabyte_query_shows_cut_values_and_says_so() -> None:
    at = run_page("pages/data_warehouse.py")
    at.text_area(key="sql").set_value("SELECT repeat('x', 1000000) AS big FROM range(190)")
    at = click(at, "Run query")
    assert not at.exception and not at.error
    (timing,) = [str(c.value) for c in at.caption if "row(s) in" in str(c.value)]
    assert timing.startswith("190 row(s)") and "is cut" in timing
