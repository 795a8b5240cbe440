"""One way for every face to cache what it builds: runs, tables and figures, keyed on their inputs.

``cached(builder, *args)`` returns ``builder(*args)``, computed once per process for the same
builder, the same arguments and the same content version (``site.content_version``): a rerun
that changes nothing, another widget, or a second student on the same preset re-emits the
stored result instead of simulating or drawing again. An edited content file gives a new
version, so nothing built from old content is served after a fix.

The arguments are hashed by value, so they must be frozen inputs: frozen dataclasses, tuples,
numbers and strings. A content table goes in as ``Table("name")``: keyed by its name (the
content version stands for its rows, so no DataFrame is hashed on a rerun) and handed to the
builder as the DataFrame; a content table's own DataFrame, as a face receives it, is keyed by its
name the same way. Results go to ``st.cache_resource``: shared by every session and
never copied, so whatever a builder returns must be treated as read-only. In front of it, a
small dict keyed with Python's own hashing serves repeated hits in microseconds (and outlives a
visitor's ``clear_cache``, which costs nothing then).

``per_session`` is the other kind: a result that belongs to one session (a query on the
session's own database), kept in its state until its inputs change.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.ui import site

T = TypeVar("T")

MAX_ENTRIES = 256
"""Results kept per process, least recently used dropped first (a run or a figure is at most a few MB)."""


@dataclasses.dataclass(frozen=True)
class Table:
    """A content table (``data/<name>.csv``) as a builder's input, keyed by its name."""

    name: str


class FrozenFigure(go.Figure):
    """A figure whose dict form is computed once.

    ``st.plotly_chart`` turns a figure into a dict with ``to_dict()`` on every call: a deep
    copy plus a scan of every array, the largest cost of a diagram rerun. Cached figures
    are never changed, so their dict is computed when they are built and reused.
    """

    def __init__(self, figure: go.Figure) -> None:
        super().__init__(figure)
        self._frozen = super().to_dict()

    def to_dict(self) -> dict[str, Any]:
        return self._frozen


def builder_name(builder: Callable[..., Any]) -> str:
    """The name that keys a builder's results: its module and qualified name."""
    return f"{builder.__module__}.{builder.__qualname__}"


@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _memo(
    name: str,
    version: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    _builder: Any,
    _args: tuple[Any, ...],
    _kwargs: dict[str, Any],
) -> Any:
    # Underscored parameters are not hashed: ``name`` stands for the builder, and ``args`` /
    # ``kwargs`` (tables as ``Table`` names) for the values it is called with.
    return _frozen(_builder(*_args, **_kwargs))


def _frozen(result: Any) -> Any:
    # A cached figure is drawn on every rerun: compute its dict once (also inside a tuple or a
    # dataclass, the shapes builders return).
    if isinstance(result, go.Figure) and not isinstance(result, FrozenFigure):
        return FrozenFigure(result)
    if isinstance(result, tuple) and not hasattr(result, "_fields"):
        return tuple(_frozen(item) for item in result)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(result) if f.init}
        changed = {name: _frozen(value) for name, value in fields.items() if isinstance(value, go.Figure | tuple)}
        changed = {name: value for name, value in changed.items() if value is not fields[name]}
        return dataclasses.replace(result, **changed) if changed else result
    return result


def _resolve(value: Any) -> Any:
    # A table is read on every call, hit or miss (a dict lookup), so a broken table raises
    # ContentError here for the face to show, and the tables a page uses can be traced.
    return site.site().content.table(value.name) if isinstance(value, Table) else value


@dataclasses.dataclass(frozen=True)
class Built:
    """A DataFrame that ``cached`` returned, as a builder's input: keyed by the call that built it."""

    key: Hashable


def _key(value: Any) -> Any:
    # A content table passed as its DataFrame is keyed by its name, as ``Table`` is, and a frame
    # ``cached`` built by the call that built it; any other DataFrame goes to Streamlit's hasher
    # (correct, but it reads every cell).
    if isinstance(value, pd.DataFrame):
        name = site.table_name(value)
        if name is not None:
            return Table(name)
        with _recent_lock:
            built = _built.get(id(value))
        if built is not None and built[0] is value:
            return Built(built[1])
    return value


_recent: OrderedDict[Hashable, Any] = OrderedDict()
_built: dict[int, tuple[pd.DataFrame, Hashable]] = {}
"""id of a DataFrame in ``_recent`` -> (the DataFrame, its key there)."""
_recent_lock = threading.Lock()


def _remember(key: Hashable, result: Any) -> None:
    with _recent_lock:
        _forget_built(_recent.get(key))  # two sessions missed at once: keep the newer result only
        _recent[key] = result
        if isinstance(result, pd.DataFrame):
            _built[id(result)] = (result, key)
        while len(_recent) > MAX_ENTRIES:
            _forget_built(_recent.popitem(last=False)[1])


def _forget_built(result: Any) -> None:
    if isinstance(result, pd.DataFrame) and _built.get(id(result), (None,))[0] is result:
        del _built[id(result)]


def cached(builder: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``builder(*args, **kwargs)``, built once per input and content version, then re-emitted."""
    values = tuple(_resolve(arg) for arg in args)
    named = {key: _resolve(value) for key, value in kwargs.items()}
    args = tuple(_key(arg) for arg in args)
    frozen_kwargs = tuple(sorted((key, _key(value)) for key, value in kwargs.items()))
    name, version = builder_name(builder), site.content_version()
    # Pages call this dozens of times per run: a hit is looked up with Python's own hashing first
    # (frozen inputs hash by value), which costs microseconds where Streamlit's hasher costs a
    # fraction of a millisecond. Misses, and inputs Python cannot hash, go through ``_memo``.
    # Types are part of the key, as they are for Streamlit's hasher (in Python, 1 == 1.0 == True).
    key: Hashable | None = (name, version, args, frozen_kwargs, tuple(type(arg) for arg in args))
    try:
        hash(key)
    except TypeError:
        key = None
    if key is not None:
        with _recent_lock:
            if key in _recent:
                _recent.move_to_end(key)
                hit: T = _recent[key]
                return hit
    result: T = _memo(name, version, args, frozen_kwargs, builder, values, named)
    if key is not None:
        _remember(key, result)
    return result


_SESSION_PREFIX = "_per_session_"


def forget(*slots: str) -> None:
    """Drop this session's kept results in ``slots`` (when what they were built from is rebuilt)."""
    for slot in slots:
        st.session_state.pop(_SESSION_PREFIX + slot, None)


def per_session(slot: str, inputs: tuple[Any, ...], builder: Callable[[], T], *, fresh: bool = False) -> T:
    """``builder()``, kept for this session in ``slot`` until ``inputs`` change (or ``fresh`` is asked).

    For results that belong to one session (a query on the session's own database): not
    shared like :func:`cached`, and only the latest one kept, so memory stays one result per slot.
    """
    key = _SESSION_PREFIX + slot
    stored = st.session_state.get(key)
    if fresh or not isinstance(stored, tuple) or stored[0] != inputs:
        stored = (inputs, _frozen(builder()))
        st.session_state[key] = stored
    result: T = stored[1]
    return result


def clear() -> None:
    """Forget every cached result (tests use it to count builder calls from a clean start)."""
    with _recent_lock:
        _recent.clear()
        _built.clear()
    _memo.clear()
