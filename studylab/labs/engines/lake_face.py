"""The lake page's lab: this session's lake of raw files, schema-on-read, the monthly report, a swamp forming."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.labs.engines import face, figures
from studylab.ui import cache
from studylab.ui.notes import note

SWAMP_METRICS = (
    ("Datasets nobody can find", "lost"),
    ("Queries broken by schema drift", "broken_queries"),
    ("Storage bill per month ($)", "monthly_cost"),
)
"""The swamp simulation's charts: title and column, left to right."""


def _lake(tables: dict[str, pd.DataFrame], manifest: pd.DataFrame) -> tuple[Path, pd.DataFrame]:
    from studylab.labs.engines.lake import build_raw_lake

    workspace = face.workspace()
    root = workspace.root / "lake"
    if "lake_listing" not in st.session_state or not root.exists():
        st.session_state["lake_listing"] = build_raw_lake(workspace.reset("lake"), tables, manifest, face.LAKE_SEED)
        st.session_state.pop("lake_report", None)
        cache.forget(*LAKE_SLOTS)
    return root, st.session_state["lake_listing"]


LAKE_SLOTS = ("lake_read", "lake_on_disk", "lake_notes")
"""This session's results read from its lake's files, forgotten when the lake is rebuilt."""


@st.fragment
def _schema_on_read(root: Path, notes: dict[str, str]) -> None:
    from studylab.labs.engines.lake import READER_SCHEMAS, read_with_schema

    st.subheader("Schema-on-read")
    st.caption(note("lake_schema_on_read"))
    left, right = st.columns(2)
    path = left.selectbox("File", list(notes), key="file", bind="query-params")
    names = {"raw": "None: as the format gives it", **{k: k.replace("_", " ") for k in READER_SCHEMAS}}
    schema = right.selectbox(
        "Read it with the schema", list(names), format_func=lambda k: names[k], key="schema", bind="query-params"
    )
    st.markdown(f"*{notes[path]}*")
    # The files change only when the lake is rebuilt (which forgets this): read once per choice.
    result = cache.per_session(
        "lake_read", (path, schema), lambda: read_with_schema(root / path, None if schema == "raw" else schema)
    )
    for problem in result.problems:
        st.warning(problem, icon=":material/warning:")
    if schema != "raw" and not result.problems:
        st.success(note("lake_schema_fits"), icon=":material/check_circle:")
    st.dataframe(result.frame.head(50), hide_index=True, height=260)


def _sold_by_month() -> tuple[tuple[str, float], ...]:
    """Revenue per month as the warehouse's fact table records it (the truth the lake report is held to)."""
    tables = face.built_star()
    if tables is None:
        return ()
    fact = tables["fact_sales"].merge(tables["dim_date"], on="date_key")
    truth = fact.groupby("year_month", as_index=False)["revenue"].sum()
    return tuple(zip(truth["year_month"].astype(str), truth["revenue"].astype(float), strict=True))


def _report_view(report: pd.DataFrame) -> tuple[tuple[tuple[str, float], ...], pd.DataFrame]:
    """The report's revenue per month, and its months with problems (kept per session with the report).

    The figure is keyed on the numbers it shows (two short lists), never on the session's files."""
    reported = tuple(zip(report["month"].astype(str), report["revenue"].fillna(0).astype(float), strict=True))
    return reported, report[report["problems"] != ""]


def _lake_report(root: Path, listing: pd.DataFrame) -> None:
    from studylab.labs.engines.lake import lake_monthly_revenue

    st.subheader("The monthly report, read straight from the lake")
    if "lake_report" not in st.session_state:
        st.session_state["lake_report"] = _report_view(lake_monthly_revenue(root, listing))
    reported, broken = st.session_state["lake_report"]
    sold = cache.cached(_sold_by_month)
    labels = ("What the lake report shows", "What was sold (warehouse)")
    st.plotly_chart(cache.cached(figures.build_lake_report_figure, reported, sold, labels), key="lake_report")
    if not broken.empty:
        st.warning(note("lake_report_broken", months=len(broken)), icon=":material/warning:")
        st.dataframe(broken[["month", "file", "rows", "problems"]], hide_index=True)


def _swamp_view(presets: pd.DataFrame, preset: str, catalog: bool, ownership: bool, enforcement: bool) -> SwampView:
    """One preset's swamp simulation and its charts (built once per preset and switches, through ``cache``)."""
    from studylab.labs.engines.lake import simulate_swamp

    row = presets.set_index("id", drop=False).loc[preset].to_dict()
    sim = simulate_swamp(row, catalog=catalog, ownership=ownership, enforcement=enforcement)
    last = sim[sim["month"] == sim["month"].max()].set_index("arm")
    return SwampView(
        ends=tuple(
            (label, float(last.loc["governed", metric]), float(last.loc["ungoverned", metric]))
            for label, metric in SWAMP_CARDS
        ),
        rejected=int(sim.loc[sim["arm"] == "governed", "rejected_writes"].sum()),
        charts=tuple(
            cache.FrozenFigure(figures.build_swamp_figure(sim, metric, title)) for title, metric in SWAMP_METRICS
        ),
    )


SWAMP_CARDS: Final = (
    ("Datasets nobody can find", "lost"),
    ("Queries broken by drift", "broken_queries"),
    ("Storage bill per month ($)", "monthly_cost"),
    ("...of it for lost data ($)", "lost_cost"),
)
"""The figures compared at the simulation's last month: label and column."""


@dataclass(frozen=True)
class SwampView:
    """One swamp setting as the page shows it."""

    ends: tuple[tuple[str, float, float], ...]
    """Per card: its label, then the governed and the ungoverned lake's figure at the last month."""
    rejected: int
    """Writes the governed lake refused (schema enforcement)."""
    charts: tuple[go.Figure, ...]


def _preset_labels(presets: pd.DataFrame) -> dict[str, str]:
    return {str(i): str(label) for i, label in zip(presets["id"], presets["label"], strict=True)}


@st.fragment
def _swamp(presets: pd.DataFrame) -> None:
    st.subheader("Watch a swamp form")
    st.caption(note("swamp_intro"))
    labels = cache.cached(_preset_labels, presets)
    top = st.columns([2.4, 1, 1.1, 1.5], vertical_alignment="bottom")
    preset = top[0].selectbox("Lake", list(labels), format_func=labels.__getitem__, key="lake", bind="query-params")
    catalog = top[1].toggle("Catalog", True, key="catalog", bind="query-params", help=note("swamp_catalog_help"))
    ownership = top[2].toggle(
        "Ownership", True, key="ownership", bind="query-params", help=note("swamp_ownership_help")
    )
    enforcement = top[3].toggle(
        "Schema enforcement", True, key="enforcement", bind="query-params", help=note("swamp_enforcement_help")
    )
    view = cache.cached(_swamp_view, presets, str(preset), bool(catalog), bool(ownership), bool(enforcement))
    for column, (label, governed, ungoverned) in zip(st.columns(len(view.ends)), view.ends, strict=True):
        difference = round(governed - ungoverned)
        if difference == 0:  # no arrow: an equal figure is neither better nor worse
            column.metric(label, f"{governed:,.0f}", note("swamp_same"), delta_color="off", delta_arrow="off")
        else:
            column.metric(label, f"{governed:,.0f}", note("swamp_versus", difference=f"{difference:+,}"), "inverse")
    keys = ("swamp_lost", "swamp_broken", "swamp_cost")
    for column, chart, key in zip(st.columns(3), view.charts, keys, strict=True):
        column.plotly_chart(chart, key=key)
    if enforcement:
        st.caption(note("swamp_rejected", rejected=view.rejected))


def _on_disk(root: Path, listing: pd.DataFrame) -> pd.DataFrame:
    """The lake's files as the table above the lab shows them, with their sizes on disk."""
    from studylab.labs.engines.lake import list_lake

    on_disk = listing.drop(columns=["manifest_id", "note"], errors="ignore").merge(
        list_lake(root)[["path", "bytes"]], on="path", how="left"
    )
    on_disk["owner"] = on_disk["owner"].fillna("nobody")
    return on_disk[["path", "format", "bytes", "dataset", "version", "owner"]]


def lake_lab() -> None:
    """The lake page's lab: files of mixed formats, schema-on-read, the swamp simulation."""
    st.header("Try it: a lake of raw files")
    content = face.tables("lake_files", "lake_presets")
    star = face.star()
    if content is None or star is None:
        return
    root, listing = _lake(star, content["lake_files"])
    st.caption(note("lake_intro"))
    on_disk = cache.per_session("lake_on_disk", (), lambda: _on_disk(root, listing))
    st.dataframe(on_disk, hide_index=True, height=240)
    notes = cache.per_session("lake_notes", (), lambda: _notes_by_path(listing, content["lake_files"]))
    _schema_on_read(root, notes)
    _lake_report(root, listing)
    _swamp(content["lake_presets"])


def _notes_by_path(listing: pd.DataFrame, manifest: pd.DataFrame) -> dict[str, str]:
    """Each file of the session's lake, in listing order, with its manifest's note."""
    notes = manifest.set_index("id")["note"]
    return {str(path): str(notes.get(m, "")) for path, m in zip(listing["path"], listing["manifest_id"], strict=True)}
