"""The streaming simulations on their pages: the shared stream widgets and the Dataflow model.

Each page calls one ``*_lab()`` function (Lambda and Kappa live in ``lambda_kappa_face``). It
draws its widgets inside an ``st.fragment`` (a slider reruns only the simulation, not the
page) and keeps each in the URL by its key, so a link reproduces a run; the preset goes by
its id. Widget defaults come from the chosen row of ``data/stream_presets.csv``, slider
ranges from ``data/sim_controls.csv``, and ``labs.streaming.presets`` turns the values into
the frozen inputs of a run. Runs and figures (``labs.streaming.figures``) are built through
``studylab.ui.cache``: once per input and content version, re-emitted on every rerun.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal, get_args, get_origin

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.content.catalog import find_page
from studylab.content.schemas import StreamPresetRow
from studylab.labs.streaming import figures, presets
from studylab.labs.streaming.dataflow import (
    DataflowConfig,
    DataflowRun,
    StreamSpec,
    compare_bounded,
    simulate_dataflow,
    simulate_events,
    watermark_tradeoff,
)
from studylab.ui import cache, url_state
from studylab.ui import site as ui
from studylab.ui.controls import control_rows, slider
from studylab.ui.notes import note

TABLE = "stream_presets"
CONTROLS = "sim_controls"
TRADEOFF_LAGS = [0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
"""Heuristic watermark lags compared in the latency-versus-completeness chart."""
CATCH_UP_SPEEDS = (1.1, 20.0, 40)
"""Replay speeds (x input rate) of the catch-up curve: from, to, points."""
PAGES = {"dataflow_model": "Dataflow model", "lambda_architecture": "Lambda", "kappa_architecture": "Kappa"}
"""The three pages that read the same stream (slug -> short label for cross-links)."""


CHOICES = {
    "window": "Windows",
    "watermark": "Watermark",
    "mode": "Panes",
    "bug": "Bug in code path",
    "old_bug": "Old logic has the bug",
}
"""Labels of the option widgets (their options are the preset table's allowed values)."""
SIMS = {"dataflow": presets.DATAFLOW, "lambda": presets.LAMBDA, "kappa": presets.KAPPA}
"""Each page's simulation (its name in ``data/sim_controls.csv``) and its own widgets."""


# --- Widgets bound to presets and the URL ------------------------------------------


def _label(option: str) -> str:
    return option.replace("_", " ").capitalize()


def _int_from_url(key: str, low: int, high: int) -> int | None:
    """The URL's whole number for ``key`` if it is one within ``low``..``high``; None otherwise."""
    try:
        value = int(st.query_params.get(key, ""))
    except ValueError:
        return None
    return value if low <= value <= high else None


def widget(sim: str, key: str, column: str, row: pd.Series) -> Any:
    """Draw one widget with the preset's value as its default, bound to the URL by ``key``."""
    default = presets.preset_value(row, key, column)
    annotation = StreamPresetRow.model_fields[column].annotation
    if annotation is bool:
        return st.toggle(CHOICES[key], value=default, key=key, bind="query-params")
    if get_origin(annotation) is Literal:
        options = list(get_args(annotation))
        return st.radio(
            CHOICES[key],
            options,
            index=options.index(default),
            format_func=_label,
            horizontal=True,
            key=key,
            bind="query-params",
        )
    control = control_rows(sim).get(key)
    if control is None:
        return default
    if key == "seed":
        # A number box (a seed has no scale to slide along), kept in the URL by hand: the
        # bound number box crashes on a URL value too large for an int.
        low, high = int(control.minimum), int(control.maximum)
        if key not in st.session_state:
            given = _int_from_url(key, low, high)
            st.session_state[key] = default if given is None else given
        value = st.number_input(control.label, low, high, step=int(control.step), help=control.help, key=key)
        url_state.publish(key, str(value), str(default))
        return value
    return slider(control, value=default)


def _apply_preset(table: pd.DataFrame, columns: dict[str, str]) -> None:
    """Callback of the preset picker: every widget takes the new preset's value."""
    row = table.loc[st.session_state["preset"]]
    st.session_state.update(presets.preset_values(row, {**presets.STREAM, **columns}))
    if "show" in st.session_state:
        st.session_state["show"] = 0


def preset_table() -> pd.DataFrame | None:
    frame = ui.table(TABLE)
    if frame is None:
        return None
    if frame.empty:
        st.info(f"No presets in `data/{TABLE}.csv`: the simulation needs at least one.")
        return None
    # The same frame on every run (built from the content table once): cached() keys it by that build.
    return cache.cached(_by_id, frame)


def _by_id(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("id", drop=False)


def _titles(table: pd.DataFrame) -> dict[str, str]:
    return {str(pid): str(title) for pid, title in zip(table.index, table["title"], strict=True)}


def _pick_preset(table: pd.DataFrame, columns: dict[str, str]) -> str:
    """The preset picker; the URL keeps the preset's id (a title, from older links, still works)."""
    titles = cache.cached(_titles, table)
    ids = list(titles)
    given = st.query_params.get("preset")
    if "preset" not in st.session_state and given is not None:
        found = presets.resolve_preset(table, given)
        if found is None:
            st.info(note("unknown_preset"), icon=":material/info:")
        else:
            st.session_state["preset"] = found
    url_state.seed("preset", ids, ids[0])
    chosen = st.selectbox(
        "Preset",
        ids,
        format_func=titles.__getitem__,
        key="preset",
        on_change=_apply_preset,
        args=(table, columns),
    )
    url_state.publish("preset", chosen, ids[0])
    return str(chosen)


def stream_controls(table: pd.DataFrame, sim: str) -> tuple[pd.Series, StreamSpec]:
    """The preset picker and the stream's own widgets; returns the preset row and the stream spec."""
    top = st.columns([3, 2, 2, 2, 1], vertical_alignment="bottom")
    with top[0]:
        row = table.loc[_pick_preset(table, SIMS[sim])]
    values = {}
    for column, (key, preset_column) in zip(top[1:], presets.STREAM.items(), strict=True):
        with column:
            values[key] = widget("stream", key, preset_column, row)
    st.caption(f"**The stream.** {row['story']}")
    st.info(f"**What to notice.** {row[f'notice_{sim}']}", icon=":material/visibility:")
    return row, presets.stream_spec(row, values)


def same_stream_links(page: str, row: pd.Series, spec: StreamSpec) -> None:
    """Links to the other two pages with this stream's settings, so the same data can be compared."""
    params = {
        "preset": str(row["id"]),
        "events": str(spec.events),
        "late": str(spec.late_fraction),
        "late_delay": str(spec.late_delay_min),
        "seed": str(spec.seed),
    }
    catalog = ui.site().catalog
    columns = st.columns(3)
    columns[0].markdown("**The same stream in:**")
    others = [slug for slug in PAGES if slug != page]
    for column, slug in zip(columns[1:], others, strict=True):
        target = find_page(catalog, slug)
        if target is not None:
            with column:
                ui.page_link(target.path, label=PAGES[slug], icon=target.icon, query_params=params)


# --- Builders: pure functions of frozen inputs (a StreamSpec, a config, numbers) ------------
# The face calls each through ``cache.cached``: a rerun with the same inputs, or a second
# student on the same preset, re-emits the stored run or figure instead of building it again.


def stream_events(spec: StreamSpec) -> pd.DataFrame:
    """The seeded stream: one per spec, shared by the three pages."""
    return cache.cached(simulate_events, spec)


def _run_dataflow(spec: StreamSpec, config: DataflowConfig) -> DataflowRun:
    return simulate_dataflow(stream_events(spec), config)


def _bounded_check(spec: StreamSpec, config: DataflowConfig) -> dict[str, float]:
    return compare_bounded(stream_events(spec), config)


def _event_time_figure(spec: StreamSpec, config: DataflowConfig, key: int, label: str) -> go.Figure:
    run = cache.cached(_run_dataflow, spec, config)
    return figures.build_event_time_figure(run, stream_events(spec), key, config, label)


def _tradeoff_figure(spec: StreamSpec, config: DataflowConfig) -> go.Figure:
    swept = replace(config, watermark="heuristic", lag_min=0.0, accumulation="accumulating")
    tradeoff = watermark_tradeoff(stream_events(spec), swept, TRADEOFF_LAGS)
    return figures.build_tradeoff_figure(tradeoff, config, cache.cached(_run_dataflow, spec, config).metrics)


def minutes(value: float) -> str:
    return "never" if not np.isfinite(value) else f"{value:.1f} min"


# --- Dataflow model -----------------------------------------------------------------


@st.fragment
def dataflow_lab() -> None:
    """The Dataflow model over the shared stream: windows, watermark, triggers, lateness, accumulation."""
    table = preset_table()
    if table is None:
        return
    st.subheader("Play with the Dataflow model")
    row, spec = stream_controls(table, "dataflow")
    cols = st.columns(4)
    own = presets.DATAFLOW
    values: dict[str, Any] = {}

    def draw(key: str) -> None:
        values[key] = widget("dataflow", key, own[key], row)

    with cols[0]:
        # Only the settings of the chosen kind of window are drawn (a disabled slider would be unreadable).
        draw("window")
        if values["window"] != "session":
            draw("size")
        if values["window"] == "sliding":
            draw("slide")
        if values["window"] == "session":
            draw("gap")
    with cols[1]:
        draw("watermark")
        if values["watermark"] == "heuristic":
            draw("lag")
        draw("mode")
    with cols[2]:
        for name in ("early", "late_every", "lateness"):
            draw(name)
    with cols[3]:
        label = str(row["key_label"])
        key = st.selectbox(
            f"Show {label}",
            list(range(spec.keys)),
            format_func=lambda k: f"{label} {k + 1}",
            key="show",
            bind="query-params",
        )
    config = presets.dataflow_config(row, values)
    run = cache.cached(_run_dataflow, spec, config)

    m = run.metrics
    tiles = st.columns(5)
    tiles[0].metric("Latency", minutes(m["latency_min"]), help=note("help_df_latency"))
    tiles[1].metric("Completeness", f"{m['on_time_completeness_pct']:.1f}%", help=note("help_df_completeness"))
    tiles[2].metric("Correct in the end", f"{100 * m['correct_share']:.0f}%", help=note("help_df_correct"))
    tiles[3].metric("Late events dropped", f"{m['dropped_events']:,.0f}")
    tiles[4].metric("Panes emitted", f"{m['panes']:,.0f}", help=note("help_df_panes"))

    st.plotly_chart(
        cache.cached(_event_time_figure, spec, config, key, label),
        key="dataflow_plot",
        alt="Event time against processing time: events, watermark and emitted panes",
    )
    st.caption(note("dataflow_plot"))
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**Emitted panes for {label} {key + 1} against the truth**")
        st.dataframe(cache.cached(_panes, spec, config, key), hide_index=True, height=320)
    with right:
        st.plotly_chart(
            cache.cached(_tradeoff_figure, spec, config),
            key="dataflow_tradeoff",
            alt="Watermark trade-off: latency against completeness",
        )
    _bounded_note(cache.cached(_bounded_check, spec, config))
    same_stream_links("dataflow_model", row, spec)


def _panes(spec: StreamSpec, config: DataflowConfig, key: int) -> pd.DataFrame:
    return _pane_table(cache.cached(_run_dataflow, spec, config), key)


def _pane_table(run: DataflowRun, key: int) -> pd.DataFrame:
    panes = run.panes[run.panes["key"] == key]
    truth = run.windows.set_index("window")["truth"]
    return pd.DataFrame(
        {
            "window": [f"{a:.1f}–{b:.1f}" for a, b in zip(panes["window_start"], panes["window_end"], strict=True)],
            "fired at": panes["fire_time"].round(2),
            "pane": panes["timing"].astype(str).str.replace("_", " "),
            "events": panes["events"],
            "emitted": panes["emitted"],
            "running total": panes["total"],
            "truth": truth.loc[panes["window"]].to_numpy(),
            "still missing": truth.loc[panes["window"]].to_numpy() - panes["total"].to_numpy(),
        }
    )


def _bounded_note(check: dict[str, float]) -> None:
    with st.container(border=True):
        st.markdown(
            note(
                "bounded_stream",
                windows=f"{check['windows']:.0f}",
                panes=f"{check['bounded_panes_per_window']:.0f}",
                matches=f"{100 * check['bounded_matches_batch']:.0f}",
            )
        )
        if check["stream_matches_bounded"] == 1.0:
            st.success(note("bounded_agrees"))
        else:
            st.warning(
                note(
                    "bounded_differs",
                    agree=f"{100 * check['stream_matches_bounded']:.0f}",
                    dropped=f"{check['stream_dropped_events']:.0f}",
                )
            )
