"""Shared by the live pages' AppTest files: a check that a run was clean (the ``store`` fixture is in conftest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def ok(at: AppTest) -> AppTest:
    """The run raised nothing and showed no error."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at
