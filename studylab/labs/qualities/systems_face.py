"""Streamlit parts of the system-qualities simulations: elasticity, availability, reliability.

Each lab is an ``st.fragment``. Its preset picker keeps the preset's id in the URL; the preset
row gives every widget its default (``labs.qualities.presets``), the slider ranges come from
``data/sim_controls.csv``, and one function per simulation turns the values into the frozen
inputs of a run. Runs and figures are cached per input (``studylab.ui.cache``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.labs.qualities import availability as av
from studylab.labs.qualities import elasticity as el
from studylab.labs.qualities import figures
from studylab.labs.qualities import presets as qp
from studylab.labs.qualities import tiers as tiers_model
from studylab.labs.qualities.face import preset_picker
from studylab.ui import cache
from studylab.ui.controls import control_rows, slider
from studylab.ui.notes import note

BIND: Final = "query-params"
NINES_OPTIONS = [90.0, 95.0, 99.0, 99.5, 99.9, 99.95, 99.99, 99.999]
"""Availabilities a component can be given in the builder, in percent (a select slider's stops)."""


# --- Scalability and elasticity -----------------------------------------------------


def _elasticity_runs(inputs: qp.ElasticityInputs) -> dict[el.PolicyKind, pd.DataFrame]:
    # Simulating a day of minutes is the page's main cost: once per input, shared read-only.
    return qp.run_elasticity(inputs)


def _elasticity_summary(inputs: qp.ElasticityInputs) -> pd.DataFrame:
    return el.summarise(cache.cached(_elasticity_runs, inputs))


def _elasticity_figure(inputs: qp.ElasticityInputs) -> go.Figure:
    return figures.build_elasticity_figure(cache.cached(_elasticity_runs, inputs))


def _cost_figure(inputs: qp.ElasticityInputs) -> go.Figure:
    return figures.build_cost_figure(cache.cached(_elasticity_summary, inputs))


@st.fragment
def elasticity_lab(presets: pd.DataFrame) -> None:
    """A day of load against fixed capacity, an autoscaler and scale to zero."""
    st.subheader("Fixed, autoscaling or scale to zero?")
    preset, default = preset_picker(presets, "preset", "Scenario", qp.elasticity_defaults)
    st.info(preset["lesson"], icon=":material/lightbulb:")
    controls = control_rows("elasticity")
    values: dict[str, Any] = {}
    groups = list(dict.fromkeys(row.group for row in controls.values()))
    for column, group in zip(st.columns(len(groups) or 1), groups, strict=False):
        with column:
            st.markdown(f"**{group}**")
            for name, row in controls.items():
                if row.group == group:
                    values[name] = slider(row, value=default[name])
    st.caption(note("instance_cost", rate=f"{preset['rate']:.0f}", price=preset["price_per_hour"]))
    down, up = values.get("band", default["band"])
    if down >= up:
        st.warning("The scale-in threshold must be below the scale-out threshold.", icon=":material/warning:")
        return
    inputs = qp.elasticity_inputs(preset, values)
    summary = cache.cached(_elasticity_summary, inputs)
    st.plotly_chart(cache.cached(_elasticity_figure, inputs), key="elasticity_chart")
    st.dataframe(
        summary.assign(idle_capacity=summary["idle_capacity"] * 100, dropped_share=summary["dropped_share"] * 100),
        hide_index=True,
        column_config={
            "policy": "Policy",
            "cost": st.column_config.NumberColumn("Cost", format="%.2f"),
            "instance_hours": st.column_config.NumberColumn("Instance-hours", format="%.0f"),
            "idle_capacity": st.column_config.NumberColumn("Idle capacity", format="%.0f%%"),
            "dropped": st.column_config.NumberColumn("Dropped", format="%.0f"),
            "dropped_share": st.column_config.NumberColumn("Dropped share", format="%.1f%%"),
            "p95_latency_s": st.column_config.NumberColumn("p95 latency (s)", format="%.1f"),
            "scaling_actions": st.column_config.NumberColumn("Scaling actions"),
            "cold_minutes": st.column_config.NumberColumn(
                "Cold minutes", help="Minutes in which requests arrived but no instance was ready."
            ),
        },
    )
    costs, _ = st.columns([2, 1])
    costs.plotly_chart(cache.cached(_cost_figure, inputs), key="elasticity_cost", config={"displayModeBar": False})


# --- Availability and reliability ------------------------------------------------------


def _percent(value: float) -> str:
    # No "%" sign: bound select sliders store this text in the URL, where it must stay plain.
    return f"{value:g}"


def _outages(stages: tuple[av.Stage, ...], years: int, mttr_hours: float) -> pd.DataFrame:
    return av.simulate_outages(stages, years, mttr_hours, seed=0)


def _downtime_figure(stages: tuple[av.Stage, ...], years: int, mttr_hours: float) -> go.Figure:
    monthly = av.downtime_by_month(cache.cached(_outages, stages, years, mttr_hours))
    return figures.build_downtime_figure(monthly, av.expected_monthly_downtime(stages))


def _availability_options(stages: pd.DataFrame) -> tuple[float, ...]:
    """The availabilities a stage's slider offers: the usual nines and every preset stage's."""
    return tuple(sorted({*NINES_OPTIONS, *stages["availability"].astype(float)}))


def _usable_systems(systems: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """The preset systems that have stages (a frame of its own, so the picker's cache keys it by this call)."""
    return systems[systems["id"].isin(set(stages["system"]))]


def _chain_positions(stages: pd.DataFrame, system: str) -> tuple[tuple[int, str], ...]:
    chain = stages[stages["system"] == system].sort_values("position")
    return tuple((int(s.position), str(s.name)) for s in chain.itertuples())


def _chain(stages: pd.DataFrame, system: str, values: tuple[tuple[str, Any], ...]) -> tuple[av.Stage, ...]:
    return qp.availability_chain(stages, system, dict(values))


def _measured(built: tuple[av.Stage, ...], years: int, mttr_hours: float) -> float:
    return av.measured_availability(cache.cached(_outages, built, years, mttr_hours))


def _downtime_rows(exact: float) -> pd.DataFrame:
    return av.downtime_table(exact)[["period", "downtime"]]


@st.fragment
def availability_lab(systems: pd.DataFrame, stages: pd.DataFrame) -> None:
    """Build a chain of stages with replicas; exact availability, nines, a failure simulation."""
    st.subheader("Build a system: series and parallel")
    options, usable = cache.cached(_availability_options, stages), cache.cached(_usable_systems, systems, stages)
    if usable.empty:
        st.warning("No preset system has any stages.", icon=":material/warning:")
        return
    system, default = preset_picker(
        usable,
        "system",
        "Preset system",
        lambda row: cache.cached(qp.availability_defaults, stages, str(row.name)),
    )
    st.info(system["lesson"], icon=":material/lightbulb:")
    controls = control_rows("availability")
    chain = cache.cached(_chain_positions, stages, str(system.name))
    values: dict[str, Any] = {}
    copies = controls.get("copies")
    for column, (position, name) in zip(st.columns(len(chain)), chain, strict=True):
        with column.container(border=True):
            st.markdown(f"**{position}. {name}**")
            values[f"a{position}"] = st.select_slider(
                "Availability of one copy (%)",
                options,
                default[f"a{position}"],
                format_func=_percent,
                key=f"a{position}",
                bind=BIND,
            )
            values[f"r{position}"] = (
                slider(copies._replace(name=f"r{position}"), value=default[f"r{position}"])
                if copies is not None
                else default[f"r{position}"]
            )
            one = av.Stage(name, values[f"a{position}"] / 100, int(values[f"r{position}"]))
            st.caption(f"Stage: {av.format_percent(av.stage_availability(one))}")
    built = cache.cached(_chain, stages, str(system.name), tuple(sorted(values.items())))
    exact = av.system_availability(built)
    shown = av.readout(exact)
    first, second, third = st.columns(3)
    first.metric("System availability", shown.percent)
    second.metric("Nines", shown.nines)
    third.metric("Downtime per year", shown.downtime_per_year)
    st.markdown(note("series_parallel", formula=av.formula(built)))
    st.dataframe(
        cache.cached(_downtime_rows, exact),
        hide_index=True,
        column_config={"period": "Allowed downtime", "downtime": "at this availability"},
    )

    st.markdown(note("outage_check"))
    years_row = controls.get("years")
    years = int(slider(years_row)) if years_row is not None else 10
    mttr = float(system["mttr_hours"])
    measured = cache.cached(_measured, built, years, mttr)
    left, right = st.columns(2)
    left.metric("Formula", shown.percent)
    right.metric(
        "Simulation", av.format_percent(measured), f"{(measured - exact) * 100:+.4f} points", delta_color="off"
    )
    st.plotly_chart(
        cache.cached(_downtime_figure, built, years, mttr), key="downtime_chart", config={"displayModeBar": False}
    )
    st.caption(note("outage_months"))

    st.markdown(note("tiers_elsewhere"))


# --- Single-tier or multitier ----------------------------------------------------------


def _tiers_figure(setup: tiers_model.Tiers, labels: tuple[tuple[str, str], ...]) -> go.Figure:
    return figures.build_tiers_figure(tiers_model.compare_tiers(setup), dict(labels))


SYSTEMS, STAGES = cache.Table("availability_systems"), cache.Table("availability_stages")
"""The tiers lab's tables, by name: its cached builders are keyed on them (the page passes the same rows)."""


@dataclass(frozen=True)
class TierStage:
    """One tier of a preset system, as the lab draws it."""

    name: str
    position: int
    availability: float
    replicas: int


def _tier_stages(stages: pd.DataFrame, system_id: str) -> tuple[TierStage, ...]:
    chain = stages[stages["system"] == system_id].sort_values("position")
    return tuple(
        TierStage(str(s.name), int(s.position), float(s.availability), int(s.replicas)) for s in chain.itertuples()
    )


@dataclass(frozen=True)
class TiersView:
    """The tiers lab for one setting: its setup, the table shown, and the verdict."""

    setup: tiers_model.Tiers
    table: pd.DataFrame
    series_first: bool
    """Whether one server per tier is less available than all tiers on one server."""
    verdict: tiers_model.Verdict


def _tiers_view(
    stages: pd.DataFrame, system_id: str, server: float, copies: tuple[int, ...], overload_hours: float
) -> TiersView:
    setup = qp.tiers_setup(stages, system_id, server, copies, overload_hours)
    table = tiers_model.compare_tiers(setup)
    labels = {design: note(f"tier_design_{design}") for design in tiers_model.DESIGNS}
    by_design = table.set_index("design")["availability"]
    return TiersView(
        setup=setup,
        table=table.assign(design=table["design"].map(labels))[["design", "percent", "nines", "downtime", "servers"]],
        series_first=bool(by_design["one_per_tier"] < by_design["single"]),
        verdict=tiers_model.verdict(table),
    )


@st.fragment
def tiers_lab(system_id: str, systems: pd.DataFrame, stages: pd.DataFrame) -> None:
    """The same tiers on one server or on their own servers: the book's claim, checked."""
    st.subheader("Single-tier or multitier: which is more reliable?")
    st.info(note("tiers_claim"), icon=":material/menu_book:")
    chain = cache.cached(_tier_stages, STAGES, system_id)
    defaults = cache.cached(_system_servers, SYSTEMS)
    if not chain or system_id not in defaults:
        st.warning(note("tiers_missing"), icon=":material/warning:")
        return
    options = sorted({*NINES_OPTIONS, defaults[system_id]})
    controls = control_rows("tiers")
    server = st.select_slider(
        "Availability of one server (%)",
        options,
        defaults[system_id],
        format_func=_percent,
        key="server",
        bind=BIND,
    )
    copies: list[int] = []
    row = controls.get("copies")
    for column, stage in zip(st.columns(len(chain)), chain, strict=True):
        with column.container(border=True):
            st.markdown(f"**{stage.name} tier**")
            st.caption(note("tier_software", percent=av.format_percent(stage.availability / 100)))
            copies.append(
                int(slider(row._replace(name=f"t{stage.position}"), value=stage.replicas))
                if row is not None
                else stage.replicas
            )
    overload = controls.get("overload_hours")
    overload_hours = float(slider(overload)) if overload is not None else 0.0
    view = cache.cached(_tiers_view, STAGES, system_id, float(server), tuple(copies), overload_hours)
    st.dataframe(
        view.table,
        hide_index=True,
        column_config={
            "design": "Design",
            "percent": "Availability",
            "nines": "Nines",
            "downtime": "Downtime a year",
            "servers": "Servers",
        },
    )
    labels = tuple((design, note(f"tier_design_{design}")) for design in tiers_model.DESIGNS)
    st.plotly_chart(
        cache.cached(_tiers_figure, view.setup, labels), key="tiers_chart", config={"displayModeBar": False}
    )
    if view.series_first:
        st.caption(note("tiers_series"))
    if view.verdict.multitier_ahead:
        st.success(note("tiers_ahead", times=_times(view.verdict.less_downtime)), icon=":material/check_circle:")
    else:
        st.warning(note("tiers_behind"), icon=":material/info:")
    st.markdown(note("tiers_buys"))


def _system_servers(systems: pd.DataFrame) -> dict[str, float]:
    """Each preset system's server availability (%), by id."""
    return {str(i): float(v) for i, v in zip(systems["id"], systems["server"], strict=True)}


def _times(ratio: float) -> str:
    return "∞" if ratio == float("inf") else f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.1f}"


def _year(config: av.ServiceYear) -> pd.DataFrame:
    return av.simulate_service_year(config, seed=0)


def _year_figure(config: av.ServiceYear) -> go.Figure:
    return figures.build_year_figure(cache.cached(_year, config))


def _clock(hours: float) -> str:
    return f"{int(hours):02d}:{round(hours % 1 * 60):02d}"


@st.fragment
def reliability_lab(presets: pd.DataFrame) -> None:
    """A year of a daily job: availability (time up) against reliability (days meeting the standard)."""
    st.subheader("Available is not the same as reliable")
    preset, default = preset_picker(presets, "case", "Case", qp.reliability_defaults)
    st.info(preset["lesson"], icon=":material/lightbulb:")
    values: dict[str, Any] = {}
    controls = control_rows("reliability")
    for column, (name, row) in zip(st.columns(max(len(controls), 1)), controls.items(), strict=False):
        with column:
            values[name] = slider(row, value=default[name])
    config = qp.service_year(preset, values)
    year = cache.cached(_year, config)
    availability, reliability = av.availability_and_reliability(year)
    first, second = st.columns(2)
    first.metric("Availability: share of minutes up", av.format_percent(availability, 4))
    second.metric("Reliability: share of days the job met its standard", f"{reliability * 100:.1f}%")
    st.plotly_chart(cache.cached(_year_figure, config), key="reliability_year", config={"displayModeBar": False})
    st.caption(note("job_standard", start=_clock(config.job_hour), hours=f"{config.job_hours:g}"))
