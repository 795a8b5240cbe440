"""What a live quiz draws: the answer histogram, the wrong options with their misconceptions, and the
QR code of the join link. Pure functions of their inputs (plotly figures, an SVG string); the faces
show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

import plotly.graph_objects as go
import segno

from studylab.present.rounds import RoundState, percentages
from studylab.present.scoring import WrongOption

RIGHT_COLOUR = "#1e8449"
OTHER_COLOUR = "#1f5fa8"
WRONG_COLOUR = "#b03a2e"
"""Bars of wrong options that point to a misconception (contrast 6:1 on white)."""
UNTAGGED_COLOUR = "#6b6b6b"

JOIN_SLUG = "live_join"
"""The participants' page, as it appears in a URL."""


def build_histogram(state: RoundState, reveal: bool, font_size: int = 16, row_px: int | None = None) -> go.Figure:
    """Answers per option as horizontal bars; the right option turns green once revealed.

    ``row_px`` is the height of one option's row (by default, room for two lines of its label).
    """
    labels = [f"{i}. {text}" for i, text in enumerate(state.options, start=1)]
    colours = [RIGHT_COLOUR if reveal and i == state.right else OTHER_COLOUR for i in range(1, len(labels) + 1)]
    shares = percentages(state.counts)
    figure = go.Figure(
        go.Bar(
            x=list(state.counts),
            y=[wrap(label) for label in labels],
            orientation="h",
            marker_color=colours,
            text=[f"{c} ({s:.0f}%)" for c, s in zip(state.counts, shares, strict=True)],
            textposition="auto",
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        height=90 + (row_px or 60 + 2 * (font_size - 16)) * len(labels),
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        xaxis={"title": "answers", "rangemode": "tozero", "dtick": max(1, max(state.counts, default=0) // 5 or 1)},
        yaxis={"autorange": "reversed", "tickfont": {"size": font_size}},
        font={"size": font_size},
    )
    return figure


def build_misconceptions(rows: Sequence[WrongOption], font_size: int = 16, chars: int = 45) -> go.Figure:
    """The wrong options as bars of how many chose them; above each bar, the option and the belief behind it.

    ``chars`` is the width of a text line: about 45 on a phone, 80 on a projector's half.
    """
    notes = [
        wrap(
            f"<b>{row.number}. {row.option}</b> · "
            + (f"“{row.belief}”" if row.belief else "no misconception recorded"),
            chars,
        )
        for row in rows
    ]
    lines = max((note.count("<br>") + 1 for note in notes), default=1)
    most = max((row.count for row in rows), default=0)
    figure = go.Figure(
        go.Bar(
            x=[row.count for row in rows],
            y=list(range(len(rows))),
            width=0.3,
            orientation="h",
            marker_color=[WRONG_COLOUR if row.belief else UNTAGGED_COLOUR for row in rows],
            text=[f"{row.count} chose it" for row in rows],
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    for number, note in enumerate(notes):
        # The sentence sits just above its bar, from the left edge: as readable on a phone as on a projector.
        figure.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=number - 0.17,
            yanchor="bottom",
            text=note,
            showarrow=False,
            align="left",
        )
    text_px = lines * font_size * 1.4 + 6
    per_row = text_px + 2.2 * font_size
    top = -0.17 - text_px / per_row
    units = len(rows) - 0.5 - top
    figure.update_layout(
        height=int(20 + units * per_row),
        margin={"l": 10, "r": 10, "t": 0, "b": 20},
        xaxis={"visible": False, "range": [0, max(1, most) * 1.3]},
        yaxis={"visible": False, "range": [len(rows) - 0.5, top]},
        font={"size": font_size, "color": "#1a1a1a"},
        showlegend=False,
    )
    return figure


def wrap(text: str, width: int = 40) -> str:
    """``text`` broken into lines of at most about ``width`` characters (plotly's ``<br>``)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def join_url(page_url: str | None, code: str) -> str:
    """The participants' link for ``code``, on the server that serves ``page_url`` (any page of the app).

    Without a page URL (a script run outside a browser) the link is relative to the app's root.
    """
    query = urlencode({"code": code})
    if not page_url:
        return f"/{JOIN_SLUG}?{query}"
    parts = urlsplit(page_url)
    folder = parts.path.rsplit("/", 1)[0] if parts.path.count("/") > 1 or parts.path.endswith("/") else ""
    return urlunsplit((parts.scheme, parts.netloc, f"{folder}/{JOIN_SLUG}", query, ""))


def qr_code(text: str) -> segno.QRCode:
    """The QR code of ``text`` (error correction M: still readable with a glare spot on the screen)."""
    return segno.make_qr(text, error="m")


def qr_svg(text: str, scale: int = 8) -> str:
    """:func:`qr_code` as SVG markup (dark modules on white, with its quiet zone), made locally."""
    return qr_code(text).svg_inline(scale=scale, dark="#000000", light="#ffffff", omitsize=False)
