"""Figures on slides, in the presenter view, in live rounds and in handouts: one cache for all.

A figure spec (``diagram <id>`` or ``sim <name> [preset]``) is resolved by the figure
registry (:mod:`studylab.figures`) and built once per content version and preset.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

import networkx as nx
import plotly.graph_objects as go
import streamlit as st

from studylab import figures as embeds
from studylab.content.loader import Content, ContentError
from studylab.labs.diagrams import model as dg

FIGURE_CONFIG = {"displayModeBar": False, "scrollZoom": False}


def fresh(cached: tuple[weakref.ref[Content], object], content: Content) -> bool:
    """Whether a cache entry keyed on ``id(content)`` was made for this very content object."""
    return cached[0]() is content


@st.cache_resource(show_spinner=False, max_entries=2)
def _graphs(content_id: int, _content: Content) -> tuple[weakref.ref[Content], dict[str, nx.DiGraph]]:
    graphs, _ = dg.load_diagrams(_content)
    return weakref.ref(_content), graphs


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(
    content_id: int, spec: str, preset: str | None, values: tuple[tuple[str, Any], ...], _content: Content
) -> tuple[go.Figure, str]:
    graphs = graphs_of(_content)
    ref = embeds.resolve(_content, spec, set(graphs))
    figure = embeds.build_embed_figure(_content, ref, preset, graphs, dict(values))
    caption = embeds.caption(_content, ref, preset, graphs)
    return figure, caption + (" (settings changed on the slide)" if values else "")


def graphs_of(content: Content) -> dict[str, nx.DiGraph]:
    """The architecture diagrams, built once per content version."""
    cached = _graphs(id(content), content)
    if not fresh(cached, content):
        _graphs.clear()
        cached = _graphs(id(content), content)
    return cached[1]


def figure_for(
    content: Content, spec: str, preset: str | None, values: Mapping[str, Any] | None = None
) -> tuple[go.Figure, str]:
    """A figure and its caption (cached); ValueError if the spec names nothing drawable.

    ``values`` are slider values that replace the preset's own (only those that differ from it count).
    """
    return _figure(id(content), spec, preset, tuple(sorted((values or {}).items())), content)


def draw_figure(
    content: Content, spec: str, preset: str | None, key: str, values: Mapping[str, Any] | None = None
) -> None:
    """Draw a figure spec, or say why it cannot be drawn."""
    try:
        figure, caption = figure_for(content, spec, preset, values)
    except (ValueError, ContentError) as error:
        st.warning(f"This figure cannot be drawn (`{spec}`): {error}", icon=":material/broken_image:")
        return
    st.plotly_chart(figure, key=key, config=FIGURE_CONFIG)
    st.caption(caption)
