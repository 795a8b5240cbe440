"""Figures that a slide can embed with a marker line ``[[figure: <kind> <name> [preset]]]``.

Two kinds exist:

* ``diagram <id>``: an architecture diagram from ``data/diagrams.csv``, e.g.
  ``[[figure: diagram lambda]]``;
* ``sim <name> [preset]``: a simulation run with one of its presets, e.g.
  ``[[figure: sim elasticity flash_sale]]`` or ``[[figure: sim kappa offline_phones]]``;
  without a preset the simulation's first preset is used.

This module is the one registry of embeddable simulations. ``data/figures.csv`` names
each one, its preset table, the column that names a preset and its caption; :data:`RENDERERS`
holds how a preset row becomes the figure (through the family's own preset function, its
model and its figures module). To make a new simulation embeddable on slides, in handouts
and in live predictions: one row there and one entry here.

A figure is built from content alone (seeded simulations), so the same marker and
preset give the same figure on every machine: in the slide, in the presenter view,
in a live quiz's "run it" step and in the exported handout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from studylab.content.controls import controls_for
from studylab.content.loader import Content, ContentError
from studylab.content.slides import Embed
from studylab.labs.diagrams import figures as fg
from studylab.labs.mlops import drift
from studylab.labs.mlops import figures as mlops_figures
from studylab.labs.qualities import availability as av
from studylab.labs.qualities import figures as qf
from studylab.labs.qualities import presets as qp
from studylab.labs.qualities import tiers
from studylab.labs.streaming import figures as sf
from studylab.labs.streaming import presets as sp
from studylab.labs.streaming.dataflow import simulate_dataflow, simulate_events
from studylab.labs.streaming.lambda_kappa import simulate_kappa, simulate_lambda

KINDS = ("diagram", "sim")
"""The first word of a figure spec."""

TABLE = "figures"
"""``data/figures.csv``: one row per embeddable simulation."""

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
    sim = simulations(content).get(ref.name)
    if ref.kind != "sim" or sim is None:
        return {}
    table, label = sim["presets"], sim["label"]
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
    sims = simulations(content)
    if ref.name not in sims:
        return f"unknown simulation {ref.name!r} (known: {', '.join(sims)})"
    presets = preset_options(content, ref)
    if not presets:
        return f"simulation {ref.name!r} has no presets in data/{sims[ref.name]['presets']}.csv"
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
    return f"{simulations(content)[ref.name]['caption']} — {presets.get(chosen or '', chosen or '')}"


def preset_row(content: Content, ref: FigureRef, preset: str | None) -> pd.Series:
    """The row of the simulation's preset table that ``preset`` (or the marker's default) names."""
    chosen = preset or default_preset(content, ref)
    table = content.table(simulations(content)[ref.name]["presets"]).set_index("id", drop=False)
    if chosen not in table.index:
        raise ValueError(f"unknown preset {chosen!r} of {ref.name}")
    return table.loc[chosen]


def build_embed_figure(
    content: Content,
    ref: FigureRef,
    preset: str | None,
    graphs: dict[str, nx.DiGraph],
    values: Mapping[str, Any] | None = None,
) -> go.Figure:
    """The figure of a checked reference; ``preset`` overrides the marker's own preset, and
    ``values`` (slider name -> value, see :func:`slide_controls`) the preset's own settings."""
    if ref.kind == "diagram":
        return fg.build_figure(graphs[ref.name])
    return RENDERERS[ref.name](content, preset_row(content, ref, preset), dict(values or {}))


def simulations(content: Content) -> dict[str, dict[str, str]]:
    """The embeddable simulations of ``data/figures.csv`` that have a renderer, by name, in order."""
    try:
        frame = content.table(TABLE)
    except ContentError:
        return {}
    rows = frame.sort_values("order").to_dict("records")
    return {str(row["name"]): {k: str(v) for k, v in row.items()} for row in rows if row["name"] in RENDERERS}


def drawable(content: Content, spec: str) -> bool:
    """Whether a simulation spec names a registered simulation and one of its presets."""
    try:
        ref = parse_spec(spec)
    except ValueError:
        return False
    return ref.kind == "sim" and problem(content, ref, set()) is None


def describe(content: Content, spec: str) -> str:
    """A simulation spec in words (its caption and preset), for people; the spec itself otherwise."""
    try:
        ref = parse_spec(spec)
    except ValueError:
        return spec
    if ref.kind != "sim" or ref.name not in simulations(content):
        return spec
    return caption(content, ref, None, {})


# --- Renderers: a preset row -> the figure, through each family's presets, model and figures --


def _elasticity(content: Content, row: pd.Series, values: dict[str, Any]) -> go.Figure:
    return qf.build_elasticity_figure(qp.run_elasticity(qp.elasticity_inputs(row, values)))


def _availability(content: Content, row: pd.Series, values: dict[str, Any]) -> go.Figure:
    built = qp.availability_chain(content.table("availability_stages"), str(row["id"]))
    intervals = av.simulate_outages(built, AVAILABILITY_YEARS, float(row["mttr_hours"]), seed=0)
    return qf.build_downtime_figure(av.downtime_by_month(intervals), av.expected_monthly_downtime(built))


def _tiers(content: Content, row: pd.Series, values: dict[str, Any]) -> go.Figure:
    setup = qp.tiers_setup(content.table("availability_stages"), str(row["id"]), float(row["server"]))
    notes = content.table("lab_notes").set_index("id")["text"]
    labels: dict[str, str] = {d: str(notes.get(f"tier_design_{d}", d)) for d in tiers.DESIGNS}
    return qf.build_tiers_figure(tiers.compare_tiers(setup), labels)


def _drift(content: Content, row: pd.Series, values: dict[str, Any]) -> go.Figure:
    inputs = drift.drift_inputs(row, {**_control_defaults(content, "model_drift"), **values})
    return mlops_figures.build_drift_figure(drift.simulate_inputs(inputs), inputs.monitoring, inputs.environment)


def _reliability(content: Content, row: pd.Series, values: dict[str, Any]) -> go.Figure:
    return qf.build_year_figure(av.simulate_service_year(qp.service_year(row, values), seed=0))


def _dataflow(content: Content, row: pd.Series, values: dict[str, Any]) -> go.Figure:
    spec = sp.stream_spec(row, values)
    events, config = simulate_events(spec), sp.dataflow_config(row, values)
    first_key = f"{row['key_label']} 1"
    return sf.build_event_time_figure(simulate_dataflow(events, config), events, 0, config, first_key)


def _lambda(content: Content, row: pd.Series, values: dict[str, Any]) -> go.Figure:
    events = simulate_events(sp.stream_spec(row, values))
    run = simulate_lambda(events, sp.lambda_config(row, values))
    # The minute the page first shows: three quarters into the stream.
    return sf.build_lambda_figure(run, min(round(0.75 * float(row["minutes"])), float(run.timeline["time"].iloc[-1])))


def _kappa(content: Content, row: pd.Series, values: dict[str, Any]) -> go.Figure:
    spec = sp.stream_spec(row, values)
    config = sp.kappa_config(row, spec, values)
    return sf.build_kappa_figure(simulate_kappa(simulate_events(spec), config), config)


RENDERERS: dict[str, Callable[[Content, pd.Series, dict[str, Any]], go.Figure]] = {
    "elasticity": _elasticity,
    "availability": _availability,
    "reliability": _reliability,
    "tiers": _tiers,
    "drift": _drift,
    "dataflow": _dataflow,
    "lambda": _lambda,
    "kappa": _kappa,
}
"""How each simulation named in ``data/figures.csv`` draws one preset (with slider values in place)."""


def _dataflow_sliders(row: pd.Series) -> tuple[str, ...]:
    # Only the sliders that matter for the preset's kind of window and watermark.
    window, watermark = str(row["window"]), str(row["watermark"])
    shown = {"size": window != "session", "slide": window == "sliding", "gap": window == "session"}
    shown["lag"] = watermark == "heuristic"
    return tuple(name for name, used in shown.items() if used) + ("early", "late_every", "lateness")


SLIDERS: dict[str, tuple[tuple[str, ...], Callable[[Content, pd.Series], dict[str, Any]]]] = {
    "elasticity": (("elasticity",), lambda content, row: qp.elasticity_defaults(row)),
    "reliability": (("reliability",), lambda content, row: qp.reliability_defaults(row)),
    "drift": (("model_drift",), lambda content, row: _control_defaults(content, "model_drift")),
    "dataflow": (("stream", "dataflow"), lambda content, row: sp.preset_values(row, {**sp.STREAM, **sp.DATAFLOW})),
    "lambda": (("stream", "lambda"), lambda content, row: sp.preset_values(row, {**sp.STREAM, **sp.LAMBDA})),
    "kappa": (("stream", "kappa"), lambda content, row: sp.preset_values(row, {**sp.STREAM, **sp.KAPPA})),
}
"""Simulations whose settings a slide can change: the groups of ``data/sim_controls.csv`` they
use, and the preset's value of each slider. Availability and tiers are set per stage and tier,
so a slide changes only their preset."""
NOT_ON_SLIDES = ("seed",)
"""Sliders a slide leaves out (a seed has nothing to show a room)."""


def slide_controls(content: Content, ref: FigureRef, preset: str | None) -> list[tuple[Any, Any]]:
    """The sliders a slide offers for a simulation: (``sim_controls`` row, the preset's value) pairs."""
    if ref.kind != "sim" or ref.name not in SLIDERS:
        return []
    groups, defaults = SLIDERS[ref.name]
    row = preset_row(content, ref, preset)
    values = defaults(content, row)
    wanted = _dataflow_sliders(row) if ref.name == "dataflow" else None
    controls = content.table("sim_controls")
    pairs = []
    for group in groups:
        for control in controls_for(controls, group).itertuples(index=False):
            if control.name in NOT_ON_SLIDES or control.name not in values:
                continue
            if group == "dataflow" and wanted is not None and control.name not in wanted:
                continue
            pairs.append((control, values[control.name]))
    return pairs


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


def check_registry(content: Content) -> list[ContentError]:
    """Every ``data/figures.csv`` row without a renderer or with an unusable preset table, and every renderer
    without a row."""
    frame = content.tables.get(TABLE)
    if frame is None:
        return []
    problems: list[ContentError] = []
    path = f"data/{TABLE}.csv"
    for row in frame.to_dict("records"):
        where, name, table, label = f"line {row['_line']}", row["name"], row["presets"], row["label"]
        if name not in RENDERERS:
            problems.append(ContentError(path, where, f"no renderer for simulation {name!r} in studylab/figures.py"))
        presets = content.tables.get(str(table))
        if presets is None or label not in presets.columns:
            problems.append(ContentError(path, where, f"data/{table}.csv has no column {label!r} naming presets"))
    for name in sorted(set(RENDERERS) - set(frame["name"])):
        problems.append(ContentError(path, "file", f"simulation {name!r} can be drawn but has no row"))
    return problems


def check_embeds(content: Content) -> list[ContentError]:
    """Every figure marker in every topic that names no drawable figure, and every registry problem."""
    problems: list[ContentError] = check_registry(content)
    for topic in content.topics.values():
        embeds = [embed for slide in topic.slides for embed in slide.figures]
        if not embeds:
            continue
        text = (content.root / topic.path).read_text(encoding="utf-8")
        problems += marker_problems(content, embeds, topic.path, body_offset(text))
    return problems
