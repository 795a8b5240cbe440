"""ui/cache.py: a builder runs once per input and content version; a rerun re-emits its result."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from studylab.ui import cache, site

CALLS: list[tuple[int, ...]] = []


@dataclass(frozen=True)
class Inputs:
    size: int


def build(inputs: Inputs, extra: int = 0) -> list[int]:
    CALLS.append((inputs.size, extra))
    return list(range(inputs.size + extra))


def test_equal_inputs_reemit_the_stored_result() -> None:
    cache.clear()
    CALLS.clear()
    first = cache.cached(build, Inputs(3))
    again = cache.cached(build, Inputs(3))
    assert again is first
    assert CALLS == [(3, 0)]


def test_other_inputs_build_again() -> None:
    cache.clear()
    CALLS.clear()
    cache.cached(build, Inputs(3))
    cache.cached(build, Inputs(4))
    cache.cached(build, Inputs(3), extra=1)
    assert CALLS == [(3, 0), (4, 0), (3, 1)]


def test_a_builder_is_named_by_module_and_qualified_name() -> None:
    assert cache.builder_name(build) == "tests.ui.test_cache.build"


def count_rows(frame: pd.DataFrame) -> int:
    CALLS.append((len(frame),))
    return len(frame)


def test_a_table_goes_in_by_name_and_reaches_the_builder_as_its_rows() -> None:
    cache.clear()
    CALLS.clear()
    rows = len(site.site().content.table("sim_controls"))
    assert cache.cached(count_rows, cache.Table("sim_controls")) == rows
    assert cache.cached(count_rows, cache.Table("sim_controls")) == rows
    assert CALLS == [(rows,)]


def test_a_cached_figure_computes_its_dict_once() -> None:
    import plotly.graph_objects as go

    from studylab.ui.cache import FrozenFigure, _frozen

    figure = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    frozen, (inner, number) = _frozen(figure), _frozen((figure, 3))
    assert isinstance(frozen, FrozenFigure) and isinstance(inner, FrozenFigure) and number == 3
    assert frozen.to_dict() == figure.to_dict()
    assert frozen.to_dict() is frozen.to_dict()  # computed once, handed out again


@dataclass(frozen=True)
class View:
    charts: tuple[object, ...]
    chart: object
    label: str


def test_figures_inside_a_returned_dataclass_are_frozen_too() -> None:
    import plotly.graph_objects as go

    from studylab.ui.cache import FrozenFigure, _frozen

    figure = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    view = _frozen(View(charts=(figure, figure), chart=figure, label="x"))
    assert isinstance(view, View) and view.label == "x"
    assert all(isinstance(c, FrozenFigure) for c in (*view.charts, view.chart))
    plain = View(charts=(), chart=None, label="y")
    assert _frozen(plain) is plain


def echo(value: object) -> str:
    CALLS.append((1,))
    return repr(value)


def test_equal_values_of_other_types_are_other_inputs() -> None:
    cache.clear()
    CALLS.clear()
    assert [cache.cached(echo, value) for value in (1, 1.0, True, 1)] == ["1", "1.0", "True", "1"]
    assert len(CALLS) == 3


def test_a_hit_survives_a_visitors_clear_cache_and_cache_clear_forgets_it() -> None:
    import streamlit as st

    cache.clear()
    CALLS.clear()
    first = cache.cached(build, Inputs(5))
    st.cache_resource.clear()  # what any browser's clear_cache message does
    assert cache.cached(build, Inputs(5)) is first and CALLS == [(5, 0)]
    cache.clear()
    assert cache.cached(build, Inputs(5)) is not first and CALLS == [(5, 0), (5, 0)]


def first_rows(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    CALLS.append((len(frame), n))
    return frame.head(n)


def test_a_content_tables_own_frame_is_keyed_by_its_name_like_table(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    CALLS.clear()
    frame = site.site().content.table("sim_controls")
    # Keyed by name: the frame's cells are never hashed (Streamlit's hasher would have to read them).
    monkeypatch.setattr(pd.util, "hash_pandas_object", _no_hashing)
    assert cache.cached(count_rows, frame) == len(frame)
    assert cache.cached(count_rows, cache.Table("sim_controls")) == len(frame)
    assert CALLS == [(len(frame),)]


def test_a_frame_cached_built_is_keyed_by_the_call_that_built_it() -> None:
    cache.clear()
    CALLS.clear()
    head = cache.cached(first_rows, cache.Table("sim_controls"), 3)
    assert cache.cached(count_rows, head) == 3
    assert cache.cached(count_rows, cache.cached(first_rows, cache.Table("sim_controls"), 3)) == 3
    assert cache.cached(count_rows, cache.cached(first_rows, cache.Table("sim_controls"), 2)) == 2
    assert [c for c in CALLS if len(c) == 1] == [(3,), (2,)]


def test_any_other_frame_is_keyed_by_its_values() -> None:
    cache.clear()
    CALLS.clear()
    frame = site.site().content.table("sim_controls")
    copy = frame.copy()
    assert site.table_name(copy) is None
    assert cache.cached(count_rows, copy) == len(frame)
    assert cache.cached(count_rows, copy.head(2)) == 2
    assert CALLS == [(len(frame),), (2,)]


def _no_hashing(*args: object, **kwargs: object) -> None:
    raise AssertionError("a content table's cells were hashed")
