"""Figures that a slide can embed with a marker line ``[[figure: <kind> <name> [preset]]]``.

Two kinds exist:

* ``diagram <id>``: an architecture diagram from ``data/diagrams.csv``, e.g.
  ``[[figure: diagram lambda]]``;
* ``sim <name> [preset]``: a simulation run with one of its presets, e.g.
  ``[[figure: sim elasticity flash_sale]]``; without a preset the simulation's first
  preset (lowest ``order``) is used. The simulations and their preset tables are
  listed in :data:`SIMS`.

A figure is built from content alone (seeded simulations), so the same marker and
preset give the same figure on every machine: in the slide, in the presenter view,
in a live quiz's "run it" step and in the exported handout.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from studylab.content.loader import Content, ContentError
from studylab.content.slides import Embed
from studylab.labs.diagrams import figures as fg
from studylab.labs.mlops import drift
from studylab.labs.mlops import figures as mlops_figures
from studylab.labs.qualities import availability as av
from studylab.labs.qualities import figures as qf
from studylab.labs.qualities import presets as qp

KINDS = ("diagram", "sim")
"""The first word of a figure spec."""

SIMS: dict[str, tuple[str, str, str]] = {
    "elasticity": ("load_presets", "label", "A day of load: fixed capacity, autoscaling and scale to zero"),
    "availability": ("availability_systems", "label", "Simulated downtime per month against the formula"),
    "drift": ("drift_presets", "title", "A deployed model meets drifting data"),
}
"""Each embeddable simulation: its preset table, the column naming a preset, and a caption."""

AVAILABILITY_YEARS = 10
"""Years of failures simulated for the availability figure (the page's default)."""


@dataclass(frozen=True)
class FigureRef:
    """A parsed figure spec."""

    kind: str
    name: str
    preset: str | None = None

    @property
    def spec(self) -> str:
        return " ".join(p for p in (self.kind, self.name, self.preset) if p)


def parse_spec(spec: str) -> FigureRef:
    """The figure a spec names; ValueError with a readable problem if it is malformed."""
    parts = spec.split()
    if len(parts) not in (2, 3):
        raise ValueError(
            f"a figure marker is [[figure: diagram <id>]] or [[figure: sim <name> [preset]]], got {spec!r}"
        )
    kind, name, *rest = parts
    if kind not in KINDS:
        raise ValueError(f"unknown figure kind {kind!r} (known: {', '.join(KINDS)})")
    if kind == "diagram" and rest:
        raise ValueError(f"a diagram has no preset: write [[figure: diagram {name}]]")
    return FigureRef(kind, name, rest[0] if rest else None)


def preset_options(content: Content, ref: FigureRef) -> dict[str, str]:
    """A simulation's presets as id -> label, in order; empty for diagrams and unknown simulations."""
    if ref.kind != "sim" or ref.name not in SIMS:
        return {}
    table, label, _ = SIMS[ref.name]
    try:
        frame = content.table(table)
    except ContentError:
        return {}
    frame = frame.sort_values(["order", "id"]) if "order" in frame else frame
    return dict(zip(frame["id"].astype(str), frame[label].astype(str), strict=True))


def problem(content: Content, ref: FigureRef, diagram_ids: set[str]) -> str | None:
    """What is wrong with a parsed figure reference, or None if it can be drawn."""
    if ref.kind == "diagram":
        if ref.name not in diagram_ids:
            return f"unknown diagram {ref.name!r} (known: {', '.join(sorted(diagram_ids))})"
        return None
    if ref.name not in SIMS:
        return f"unknown simulation {ref.name!r} (known: {', '.join(SIMS)})"
    presets = preset_options(content, ref)
    if not presets:
        return f"simulation {ref.name!r} has no presets in data/{SIMS[ref.name][0]}.csv"
    if ref.preset is not None and ref.preset not in presets:
        return f"unknown preset {ref.preset!r} of {ref.name} (known: {', '.join(presets)})"
    return None


def resolve(content: Content, spec: str, diagram_ids: set[str]) -> FigureRef:
    """A spec parsed and checked; ValueError naming the problem otherwise."""
    ref = parse_spec(spec)
    wrong = problem(content, ref, diagram_ids)
    if wrong:
        raise ValueError(wrong)
    return ref


def default_preset(content: Content, ref: FigureRef) -> str | None:
    """The preset a marker names, else the simulation's first preset (None for diagrams)."""
    if ref.kind != "sim":
        return None
    return ref.preset or next(iter(preset_options(content, ref)), None)


def caption(content: Content, ref: FigureRef, preset: str | None, graphs: dict[str, nx.DiGraph]) -> str:
    """One line under the figure: what it shows."""
    if ref.kind == "diagram":
        graph = graphs.get(ref.name)
        return str(graph.graph["title"]) if graph is not None else ref.name
    presets = preset_options(content, ref)
    chosen = preset or default_preset(content, ref)
    return f"{SIMS[ref.name][2]} — {presets.get(chosen or '', chosen or '')}"


def build_embed_figure(
    content: Content, ref: FigureRef, preset: str | None, graphs: dict[str, nx.DiGraph]
) -> go.Figure:
    """The figure of a checked reference; ``preset`` overrides the marker's own preset."""
    if ref.kind == "diagram":
        return fg.build_figure(graphs[ref.name])
    chosen = preset or default_preset(content, ref)
    table = content.table(SIMS[ref.name][0]).set_index("id", drop=False)
    if chosen not in table.index:
        raise ValueError(f"unknown preset {chosen!r} of {ref.name}")
    row = table.loc[chosen]
    if ref.name == "elasticity":
        return _elasticity(row)
    if ref.name == "availability":
        return _availability(content, row)
    return _drift(content, row)


def _elasticity(row: pd.Series) -> go.Figure:
    return qf.build_elasticity_figure(qp.run_elasticity(qp.elasticity_inputs(row)))


def _availability(content: Content, row: pd.Series) -> go.Figure:
    built = qp.availability_chain(content.table("availability_stages"), str(row["id"]))
    intervals = av.simulate_outages(built, AVAILABILITY_YEARS, float(row["mttr_hours"]), seed=0)
    return qf.build_downtime_figure(av.downtime_by_month(intervals), av.expected_monthly_downtime(built))


def _drift(content: Content, row: pd.Series) -> go.Figure:
    inputs = drift.drift_inputs(row, _control_defaults(content, "model_drift"))
    return mlops_figures.build_drift_figure(drift.simulate_inputs(inputs), inputs.monitoring, inputs.environment)


def _control_defaults(content: Content, sim: str) -> dict[str, float]:
    """The default of each slider of a simulation (``data/sim_controls.csv``)."""
    try:
        controls = content.table("sim_controls")
    except ContentError:
        return {}
    rows = controls[controls["sim"] == sim]
    return {str(name): float(value) for name, value in zip(rows["name"], rows["default"], strict=True)}


# --- Checking the markers in every topic ------------------------------------------------


def body_offset(text: str) -> int:
    """Lines of a topic file before the first line of its body (front matter and blank lines)."""
    lines = text.splitlines()
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if closing is None:
        return 0
    index = closing + 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def marker_problems(content: Content, embeds: list[Embed], path: str, offset: int = 0) -> list[ContentError]:
    """A ContentError for every marker that cannot be drawn, located by file line."""
    diagram_ids = diagram_ids_of(content)
    problems: list[ContentError] = []
    for embed in embeds:
        try:
            resolve(content, embed.spec, diagram_ids)
        except ValueError as error:
            problems.append(ContentError(path, f"line {offset + embed.line}", f"figure marker: {error}"))
    return problems


def diagram_ids_of(content: Content) -> set[str]:
    """Ids of the diagrams in ``data/diagrams.csv`` (empty if the table is unusable)."""
    frame = content.tables.get("diagrams")
    return set() if frame is None else set(frame["id"].astype(str))


def check_embeds(content: Content) -> list[ContentError]:
    """Every figure marker in every topic that names no drawable figure."""
    problems: list[ContentError] = []
    for topic in content.topics.values():
        embeds = [embed for slide in topic.slides for embed in slide.figures]
        if not embeds:
            continue
        text = (content.root / topic.path).read_text(encoding="utf-8")
        problems += marker_problems(content, embeds, topic.path, body_offset(text))
    return problems
