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
from studylab.content.slides import Embed
from studylab.labs.diagrams import model as dg
from studylab.ui.controls import slider

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
    if preset is None:
        # No preset means the default one: cache both under one key, so the presenter view's
        # build is already there when the slides window and the room's screens ask.
        try:
            preset = embeds.default_preset(content, embeds.parse_spec(spec))
        except ValueError:
            pass  # the build below reports it
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


def slide_settings(content: Content, embed: Embed, preset: str | None) -> dict[str, Any]:
    """Sliders for the simulation's settings, starting at the scenario's; returns the ones moved away from it."""
    try:
        ref = embeds.parse_spec(embed.spec)
        pairs = embeds.slide_controls(content, ref, preset)
    except (ValueError, ContentError):
        return {}
    if not pairs:
        return {}
    changed: dict[str, Any] = {}
    with st.expander("Change the settings", icon=":material/tune:"):
        columns = st.columns(2)
        for number, (control, start) in enumerate(pairs):
            with columns[number % 2]:
                value = slider(control, value=start, key=f"slide_setting_{embed.line}_{preset}_{control.name}")
            if value != start and not (isinstance(start, tuple) and tuple(value) == start):
                changed[control.name] = tuple(value) if isinstance(value, list | tuple) else value
        st.caption("These settings stay on this slide in this window; the link keeps only the scenario.")
    return changed
