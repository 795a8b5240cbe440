"""Colours the figures draw with, in one place (pure constants: figures import this, never ``ui``).

Names say what a colour marks, not what it looks like, so a figure asks for ``STREAM["late"]``
and a change of palette is one edit here.
"""

from __future__ import annotations

from typing import Final

INK: Final = "#111418"
"""Text on a white plot."""
MUTED_INK: Final = "#8a939e"
"""Text of nodes that are not in focus."""
EDGE: Final = "#55606e"
"""Lines between nodes, and nodes that only route."""
PALE_EDGE: Final = "#c5ccd6"
"""Lines that are not in focus."""
NEUTRAL: Final = "#9aa5b1"
"""Load curves and other background quantities."""
GUIDE: Final = "#999999"
"""Reference lines (no delay, y = x)."""
MARKER_LINE: Final = "#888888"
"""Vertical markers of events in time (a batch view published, a deploy)."""
CURSOR: Final = "#333333"
"""The current moment, and the log head."""
WINDOW_BAND: Final = "#9bb7d4"
"""Shading of every other event-time window."""
BLUE: Final = "#1f5fa8"
PURPLE: Final = "#7a4fa3"
ORANGE: Final = "#d9822b"
GREEN: Final = "#2e7d32"
RED: Final = "#c0392b"
AMBER: Final = "#e0a800"
DARK_RED: Final = "#6d1b12"
WHITE: Final = "#ffffff"

STREAM: Final = {
    "on_time": "#1f77b4",
    "late": "#e67e22",
    "dropped": "#d62728",
    "early": "#7f7f7f",
    "watermark": "#8e44ad",
    "truth": "#c7c7c7",
    "batch": "#1f77b4",
    "speed": "#e67e22",
    "served": "#2ca02c",
    "old": "#d62728",
    "new": "#2ca02c",
}
"""The streaming figures: event status, watermark, and the layers or jobs that answer."""
RETENTION_FILL: Final = "rgba(214,39,40,0.15)"
"""Offsets that retention has deleted from a Kappa log."""

POLICY: Final = {"fixed": PURPLE, "autoscale": BLUE, "scale_to_zero": ORANGE}
"""Capacity policies of the elasticity simulation."""
FRAMEWORK: Final = {"aws": ORANGE, "google": GREEN, "authors": BLUE}
"""The three principle lists."""
SERVICE_STATE: Final = {"ok": GREEN, "degraded": AMBER, "failed": RED, "origin": DARK_RED}
"""Nodes of the service graph by state."""
ROUTE_NEW: Final = "rgba(31,95,168,0.45)"
ROUTE_LEGACY: Final = "rgba(122,79,163,0.35)"
"""Traffic links of the strangler Sankey, to the new and to the legacy system."""
MET: Final = GREEN
MISSED: Final = RED
"""A day that met its standard, or missed it."""
