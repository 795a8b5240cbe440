"""Helpers of the study page tests (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    """The button whose label starts with ``label``."""
    matches = [b for b in at.button if b.label.startswith(label)]
    assert matches, [b.label for b in at.button]
    return matches[0]


def number_box(at: AppTest):  # type: ignore[no-untyped-def]
    (box,) = [t for t in at.text_input if t.key and t.key.endswith("_number")]
    return box


def ok(at: AppTest) -> AppTest:
    """The run raised nothing and the sample content shows no content problem."""
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if "content problem" in e.value], [e.value for e in at.error]
    return at
