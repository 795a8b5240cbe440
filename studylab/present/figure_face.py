"""Figures on slides, in the presenter view, in live rounds and in handouts: one cache for all.

A figure spec (``diagram <id>`` or ``sim <name> [preset]``) is resolved by the figure
registry (:mod:`studylab.figures`) and built once per content version and preset.
"""

from __future__ import annotations

import weakref

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
def _figure(content_id: int, spec: str, preset: str | None, _content: Content) -> tuple[go.Figure, str]:
    graphs = graphs_of(_content)
    ref = embeds.resolve(_content, spec, set(graphs))
    return embeds.build_embed_figure(_content, ref, preset, graphs), embeds.caption(_content, ref, preset, graphs)


def graphs_of(content: Content) -> dict[str, nx.DiGraph]:
    """The architecture diagrams, built once per content version."""
    cached = _graphs(id(content), content)
    if not fresh(cached, content):
        _graphs.clear()
        cached = _graphs(id(content), content)
    return cached[1]


def figure_for(content: Content, spec: str, preset: str | None) -> tuple[go.Figure, str]:
    """A figure and its caption (cached); ValueError if the spec names nothing drawable."""
    if preset is None:
        # No preset means the default one: cache both under one key, so the presenter view's
        # build is already there when the slides window and the room's screens ask.
        try:
            preset = embeds.default_preset(content, embeds.parse_spec(spec))
        except ValueError:
            pass  # the build below reports it
    return _figure(id(content), spec, preset, content)


def draw_figure(content: Content, spec: str, preset: str | None, key: str) -> None:
    """Draw a figure spec, or say why it cannot be drawn."""
    try:
        figure, caption = figure_for(content, spec, preset)
    except (ValueError, ContentError) as error:
        st.warning(f"This figure cannot be drawn (`{spec}`): {error}", icon=":material/broken_image:")
        return
    st.plotly_chart(figure, key=key, config=FIGURE_CONFIG)
    st.caption(caption)
