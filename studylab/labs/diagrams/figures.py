"""Plotly figures of diagram graphs: styles per kind, fitted labels, boxes, arrows, click areas.

Every ``build_*`` function is pure: the same graph, layout and highlight give an equal
figure, so a face may cache it per content version and highlight.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx
import plotly.graph_objects as go

from studylab.content.loader import Content
from studylab.labs.diagrams.layout import BOX_HALF_HEIGHT, Layout, layered_layout
from studylab.labs.diagrams.model import CONTROL, FEEDBACK, describe_edge, edge_key

# --- Style ---------------------------------------------------------------------

TEXT_COLOR = "#111418"
"""Label text; the theme's text colour."""

BACKGROUND = "#ffffff"
"""Figure background; the theme's background colour."""

HIGHLIGHT = "#b0125a"
"""Edges the followed record travels in the current step, and the selected node's outline."""


@dataclass(frozen=True)
class KindStyle:
    """How one node or edge kind looks, and its name in the legend."""

    label: str
    color: str
    """Line and marker colour; at least 3:1 against the background (WCAG non-text contrast)."""
    dash: str = "solid"
    """Plotly line dash of an edge kind."""
    both_ends: bool = False
    """Edge kinds that are symmetric (``contrasts with``) get an arrowhead at each end."""


NODE_KINDS: dict[str, KindStyle] = {
    "source": KindStyle("Source system", "#0b6aa2"),
    "ingestion": KindStyle("Ingestion", "#00767f"),
    "storage": KindStyle("Storage", "#9c5a00"),
    "processing": KindStyle("Processing", "#1a7a3c"),
    "serving": KindStyle("Serving", "#a3366f"),
    "consumer": KindStyle("Consumer", "#c0440b"),
    "control": KindStyle("Control and oversight", "#5f6368"),
    "business": KindStyle("Business", "#7a6a00"),
    "model": KindStyle("Model", "#6a3d9a"),
}
"""Node kinds of architecture diagrams, in legend order."""

EDGE_KINDS: dict[str, KindStyle] = {
    "batch": KindStyle("batch flow", "#1f4e99"),
    "stream": KindStyle("stream flow", "#b54a00", dash="dash"),
    "query": KindStyle("query", "#4a4f55", dash="dot"),
    "step": KindStyle("life-cycle step", "#1f4e99"),
    CONTROL: KindStyle("control", "#5f6368", dash="dashdot"),
    FEEDBACK: KindStyle("feedback loop", "#6a3d9a", dash="dash"),
}
"""Edge kinds of architecture diagrams, in legend order."""

CONCEPT_EDGE_KINDS: dict[str, KindStyle] = {
    "builds_on": KindStyle("builds on", "#4a4f55"),
    "contrasts_with": KindStyle("contrasts with", "#b54a00", dash="dot", both_ends=True),
}
"""Edge kinds of the concept map."""

SECTION_PALETTE = ("#0b6aa2", "#00767f", "#1a7a3c", "#7a6a00", "#9c5a00", "#c0440b", "#a3366f", "#6a3d9a", "#5f6368")
"""Colours given to sections of the concept map, in section order."""

TINT = 0.16
"""Share of the kind colour in a node's box fill (the rest is white), so dark text stays readable."""


def tint(color: str, share: float = TINT) -> str:
    """``color`` mixed with white: ``share`` of the colour, the rest white."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - c) * share) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two ``#rrggbb`` colours (1 to 21)."""

    def luminance(color: str) -> float:
        channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def section_styles(content: Content) -> dict[str, KindStyle]:
    """Concept-map node kinds: one per section, in menu order, each with its own colour."""
    sections = content.tables.get("sections")
    if sections is None:
        return {}
    ordered = sections.sort_values(["order", "id"])
    return {
        row.id: KindStyle(row.title, SECTION_PALETTE[index % len(SECTION_PALETTE)])
        for index, row in enumerate(ordered.itertuples())
    }


# --- Figure ----------------------------------------------------------------------------

ROW_PX = 112
"""Figure height per unit of layout height, in pixels."""

CONCEPT_ROW_PX = 84
"""Row height of the concept map: it has many rows, so they are packed tighter than a diagram's."""

DESIGN_WIDTH_PX = 760
"""Plot width the labels are fitted to: the main column of a 1280x720 screen with the menu open.
Wider screens only add room."""

CHAR_EM = 0.5
"""Average glyph width of the theme's sans-serif font, as a share of the font size."""

CHIP_PX = 20
"""Room the colour chip takes at the left of a label, with its inset from the border."""

CHIP_INSET = 0.06
"""Distance of the colour chip's centre from the box's left border, in layer units; arrowheads
end on the border and stay visible."""

LINE_EM = 1.3
"""Line height of a wrapped label, as a share of the font size."""

FONT_SIZES = (15, 14, 13, 12)
"""Label font sizes tried, largest first; the largest at which every label fits is used."""


@dataclass(frozen=True)
class Labels:
    """Node labels wrapped to fit their boxes, and the font size they fit at."""

    size: int
    text: dict[str, str]
    """Each node's label, lines joined by ``<br>``."""
    fits: bool
    """False if even the smallest size leaves a word wider than its box or too many lines."""


def fit_labels(graph: nx.DiGraph, layout: Layout, row_px: int = ROW_PX) -> Labels:
    """Wrap every label to its box at the largest font size where all of them fit.

    Fitted to :data:`DESIGN_WIDTH_PX`; a wider plot only adds room around the text.
    """
    left, right = layout.x_range
    px_per_unit = DESIGN_WIDTH_PX / (right - left)
    box_height = 2 * BOX_HALF_HEIGHT * row_px
    for size in FONT_SIZES:
        text: dict[str, str] = {}
        fits = True
        for node, label in graph.nodes(data="label"):
            chars = int((2 * layout.half_widths[node] * px_per_unit - CHIP_PX) / (CHAR_EM * size))
            wrapped = wrap(label, max(chars, 1))
            lines = wrapped.split("<br>")
            text[node] = wrapped
            if max(len(line) for line in lines) > chars or len(lines) * LINE_EM * size > box_height:
                fits = False
        if fits:
            return Labels(size, text, True)
    return Labels(FONT_SIZES[-1], text, False)


def wrap(text: str, width: int) -> str:
    """Text wrapped for plotly (lines joined by ``<br>``)."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) or text


@dataclass(frozen=True)
class Highlight:
    """What one rerun adds on top of a diagram: the selected node and the record's current step."""

    node: str | None = None
    step: Sequence[tuple[str, str]] = ()
    """Edges the record travels in the current step."""
    visited: frozenset[str] = field(default_factory=frozenset)
    """Nodes the record has reached so far (including the start)."""


def build_figure(
    graph: nx.DiGraph,
    layout: Layout | None = None,
    *,
    node_kinds: dict[str, KindStyle] | None = None,
    edge_kinds: dict[str, KindStyle] | None = None,
    highlight: Highlight | None = None,
    row_px: int = ROW_PX,
) -> go.Figure:
    """A plotly figure of any diagram graph.

    One line trace per edge kind and one marker-and-label trace per node kind
    (its legend entry), an arrowhead annotation at the end of every edge (both
    ends for symmetric kinds), a box shape per node and hover text with each
    node's description. Invisible points fill every box (``customdata``: the node id)
    and line every arrow (``customdata``: :func:`~.model.edge_key`), so a click anywhere
    on a box or an arrow can be mapped back to it.
    """
    layout = layout or layered_layout(graph)
    node_kinds = node_kinds or NODE_KINDS
    edge_kinds = edge_kinds or EDGE_KINDS
    highlight = highlight or Highlight()
    labels = fit_labels(graph, layout, row_px)
    font_size = labels.size
    traces: list[go.Scatter] = []
    annotations: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    hover_x: list[float] = []
    hover_y: list[float] = []
    hover_text: list[str] = []
    hover_ids: list[str] = []
    used_edge_kinds = [k for k in edge_kinds if any(kind == k for *_, kind in graph.edges(data="kind"))]
    for kind in used_edge_kinds:
        style = edge_kinds[kind]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for u, v, data in graph.edges(data=True):
            if data["kind"] != kind:
                continue
            route = layout.routes[(u, v)]
            xs += [x for x, _ in route] + [None]
            ys += [y for _, y in route] + [None]
            annotations += _arrows(route, style.color, both=style.both_ends)
            points = _along(route)
            hover_x += [x for x, _ in points]
            hover_y += [y for _, y in points]
            hover_text += [f"<b>{style.label}</b><br>{wrap(describe_edge(graph, (u, v)), 48)}"] * len(points)
            hover_ids += [edge_key(u, v)] * len(points)
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=style.label,
                line={"color": style.color, "width": 2.5, "dash": style.dash},
                hoverinfo="skip",
            )
        )
    if highlight.step:
        xs, ys = [], []
        for edge in highlight.step:
            route = layout.routes[edge]
            xs += [x for x, _ in route] + [None]
            ys += [y for _, y in route] + [None]
            annotations += _arrows(route, HIGHLIGHT, both=False, size=1.3)
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name="record, this step",
                line={"color": HIGHLIGHT, "width": 6},
                hoverinfo="skip",
            )
        )
    traces.append(
        go.Scatter(
            x=hover_x,
            y=hover_y,
            mode="markers",
            marker={"size": 18, "color": CLEAR},
            hovertext=hover_text,
            hoverinfo="text",
            customdata=hover_ids,
            showlegend=False,
            name="edge details",
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
        )
    )
    hit_x: list[float] = []
    hit_y: list[float] = []
    hit_ids: list[str] = []
    hit_text: list[str] = []
    for kind, style in node_kinds.items():
        members = [n for n, k in graph.nodes(data="kind") if k == kind]
        if not members:
            continue
        for node in members:
            x, y = layout.positions[node]
            visited = node in highlight.visited
            shapes.append(
                {
                    "type": "rect",
                    "x0": x - layout.half_widths[node],
                    "x1": x + layout.half_widths[node],
                    "y0": y - BOX_HALF_HEIGHT,
                    "y1": y + BOX_HALF_HEIGHT,
                    "line": {"color": HIGHLIGHT if visited else style.color, "width": 3.5 if visited else 2},
                    "fillcolor": tint(style.color),
                    "layer": "below",
                }
            )
            points = _grid(x, y, layout.half_widths[node])
            hit_x += [px for px, _ in points]
            hit_y += [py for _, py in points]
            hit_ids += [node] * len(points)
            hit_text += [_node_hover(graph, node, style)] * len(points)
        traces.append(
            go.Scatter(
                x=[layout.positions[n][0] - layout.half_widths[n] + CHIP_INSET for n in members],
                y=[layout.positions[n][1] for n in members],
                mode="markers+text",
                name=style.label,
                marker={"symbol": "square", "size": 12, "color": style.color, "line": {"width": 0}},
                text=[labels.text[n] for n in members],
                textposition="middle right",
                textfont={"size": font_size, "color": TEXT_COLOR},
                customdata=members,
                hovertext=[_node_hover(graph, n, style) for n in members],
                hoverinfo="text",
                # A click selects a point; keep every box fully visible afterwards.
                selected={"marker": {"opacity": 1}},
                unselected={"marker": {"opacity": 1}, "textfont": {"color": TEXT_COLOR}},
            )
        )
    # Clicks land on the nearest point within ``hoverdistance`` pixels: a grid of invisible points
    # over every box makes a click anywhere on it select the node, not only one on its colour chip.
    traces.append(
        go.Scatter(
            x=hit_x,
            y=hit_y,
            mode="markers",
            marker={"size": HIT_MARKER_PX, "color": CLEAR},
            customdata=hit_ids,
            hovertext=hit_text,
            hoverinfo="text",
            showlegend=False,
            name="box areas",
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
        )
    )
    if highlight.node in layout.positions:
        x, y = layout.positions[highlight.node]
        pad = 0.05
        shapes.append(
            {
                "type": "rect",
                "x0": x - layout.half_widths[highlight.node] - pad,
                "x1": x + layout.half_widths[highlight.node] + pad,
                "y0": y - BOX_HALF_HEIGHT - pad,
                "y1": y + BOX_HALF_HEIGHT + pad,
                "line": {"color": TEXT_COLOR, "width": 4, "dash": "dot"},
                "fillcolor": "rgba(0,0,0,0)",
            }
        )
    height = (layout.top - layout.bottom + 0.3) * row_px + 70
    figure = go.Figure(data=traces)
    figure.update_layout(
        height=round(max(height, 300)),
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        plot_bgcolor=BACKGROUND,
        paper_bgcolor=BACKGROUND,
        font={"size": font_size, "color": TEXT_COLOR},
        hoverlabel={"font_size": 14, "bgcolor": BACKGROUND, "font_color": TEXT_COLOR, "align": "left"},
        hovermode="closest",
        hoverdistance=40,
        clickmode="event+select",
        dragmode=False,
        showlegend=True,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "itemclick": False,
            "itemdoubleclick": False,
            "font": {"size": 14},
        },
        annotations=annotations,
        shapes=shapes,
        xaxis={
            "visible": False,
            "range": list(layout.x_range),
            "fixedrange": True,
        },
        yaxis={"visible": False, "range": [layout.bottom - 0.15, layout.top + 0.15], "fixedrange": True},
    )
    return figure


CLEAR = "rgba(0,0,0,0)"
"""Colour of the invisible points that make boxes and arrows clickable."""

HIT_COLUMNS = 7
"""Invisible click points across a box; with :data:`HIT_ROWS`, dense enough that every spot of a
box lies within ``hoverdistance`` of one at any plot width up to a wide screen."""

HIT_ROWS = 3
"""Invisible click points down a box."""

HIT_MARKER_PX = 24
"""Size of an invisible click point."""

EDGE_HIT_STEP = 0.12
"""Distance between the invisible click points along an arrow, in layout units."""


def _grid(x: float, y: float, half_width: float) -> list[tuple[float, float]]:
    """Points spread evenly over a box centred at ``(x, y)``, inside its border."""
    xs = [x - half_width + (i + 0.5) * 2 * half_width / HIT_COLUMNS for i in range(HIT_COLUMNS)]
    ys = [y - BOX_HALF_HEIGHT + (j + 0.5) * 2 * BOX_HALF_HEIGHT / HIT_ROWS for j in range(HIT_ROWS)]
    return [(px, py) for py in ys for px in xs]


def _along(route: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points every :data:`EDGE_HIT_STEP` along a route (at least one per segment, never its ends)."""
    points: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in pairwise(route):
        count = max(1, int(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 / EDGE_HIT_STEP))
        points += [(x0 + (x1 - x0) * (i + 0.5) / count, y0 + (y1 - y0) * (i + 0.5) / count) for i in range(count)]
    return points


def _node_hover(graph: nx.DiGraph, node: str, style: KindStyle) -> str:
    data = graph.nodes[node]
    return f"<b>{data['label']}</b> ({style.label.lower()})<br>{wrap(data['description'], 48)}"


ARROW_TAIL = 0.12
"""Length of an arrowhead annotation's shaft, in layout units."""


def _arrows(route: list[tuple[float, float]], color: str, *, both: bool, size: float = 1.1) -> list[dict[str, Any]]:
    """Arrowhead annotations at the end of a route (and at its start if ``both``)."""
    ends = [(route[-2], route[-1])]
    if both:
        ends.append((route[1], route[0]))
    arrows = []
    for (x0, y0), (x1, y1) in ends:
        # The arrow's own shaft lies on the edge's line; plotly draws no head on a very short one.
        share = min(1.0, ARROW_TAIL / max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-9))
        arrows.append(
            {
                "x": x1,
                "y": y1,
                "ax": x1 - (x1 - x0) * share,
                "ay": y1 - (y1 - y0) * share,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": size,
                "arrowwidth": 2.5,
                "arrowcolor": color,
                "text": "",
            }
        )
    return arrows
