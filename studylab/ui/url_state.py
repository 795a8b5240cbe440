"""Widget state kept in the URL by option id, so a link reopens exactly what was on screen.

Streamlit's ``bind="query-params"`` writes an option widget's *display label* into the URL
(``?preset=Flash+sale+at+18%3A00``). Pages whose options are ids shown through ``format_func``
use these two helpers instead and keep the id (``?preset=flash_sale``): ``seed`` before the
widget is drawn, ``publish`` after. A value that is not a valid option is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def seed(
    key: str, options: Sequence[str], default: Any = None, *, param: str | None = None, multi: bool = False
) -> bool:
    """Give widget ``key`` its value from ``?param=`` the first time; drop a value no longer allowed.

    Returns whether the widget now holds a valid value (for single choice) or True (multi).
    """
    param = param or key
    if key not in st.session_state:
        if multi:
            st.session_state[key] = list(dict.fromkeys(v for v in st.query_params.get_all(param) if v in options))
            return True
        given = st.query_params.get(param)
        if given in options:
            st.session_state[key] = given
        elif default is not None:
            st.session_state[key] = default
    elif not multi and st.session_state[key] not in options:
        # The options changed under the widget (another variant, another deck).
        if default is None:
            del st.session_state[key]
        else:
            st.session_state[key] = default
    return multi or (key in st.session_state and st.session_state[key] in options)


def publish(param: str, value: str | Sequence[str] | None, default: Any = None) -> None:
    """Keep ``?param=`` in step with a widget's value; absent when nothing or the default is chosen."""
    if value is None or value == default:
        wanted: list[str] = []
    elif isinstance(value, str):
        wanted = [value]
    else:
        wanted = list(value)
    if st.query_params.get_all(param) == wanted:
        return
    if wanted:
        st.query_params[param] = wanted if len(wanted) > 1 else wanted[0]
    elif param in st.query_params:
        del st.query_params[param]
