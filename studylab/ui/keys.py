"""Keys for actions that already have a control on screen: a second key for a button, a digit for a radio option.

Streamlit binds one key to one button (``st.button(shortcut=...)``) and, for a single key without
Ctrl, Cmd or Alt, ignores it while the focus is in a text field, a select box or a radio button: a
student typing "1" into a name never rates a card. A key that needs no button of its own (Enter
beside the Space of "Show answer", a digit that picks a radio option) is a button inside a container
that :data:`KEYS_CSS` keeps out of view; the action it stands for is always on screen as a control
that works by mouse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

KEYS_CSS = (
    "<style>[class*='st-key-offscreen_keys_'] { display: none; } kbd[aria-label^='Shortcut'] { opacity: 0.9; }</style>"
)
"""Hides the containers of key-only buttons, and draws the key on a button dark enough to read (Streamlit's
60 % opacity gives white on the primary blue 3.4:1, under WCAG AA's 4.5:1). A module constant: no content
or input reaches it."""


def key_styles() -> None:
    """Put :data:`KEYS_CSS` on the page (once per page that shows keys; it takes no space)."""
    st.html(KEYS_CSS)


@dataclass(frozen=True)
class Key:
    """One key and what it does."""

    shortcut: str
    """The key, as ``st.button`` names it: ``"Enter"``, ``"1"``, ``"t"``."""
    label: str
    """What the key does, in words (the button's label, for tests and screen readers)."""
    action: Callable[..., None]
    args: tuple[Any, ...] = ()


def offscreen_keys(name: str, keys: Sequence[Key]) -> None:
    """Bind each key to its action through a button kept out of view (``name`` makes the widget keys unique);
    the page must call :func:`key_styles` too."""
    with st.container(key=f"offscreen_keys_{name}"):
        for key in keys:
            st.button(
                key.label,
                key=f"{name}_key_{key.shortcut.lower()}",
                shortcut=key.shortcut,
                on_click=key.action,
                args=key.args,
            )
