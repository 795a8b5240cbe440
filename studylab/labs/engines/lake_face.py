"""The lake page's lab: this session's lake of raw files, schema-on-read, the monthly report, a swamp forming."""

from __future__ import annotations

from pathlib import Path

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


LAKE_SLOTS = ("lake_read", "lake_on_disk")
"""This session's results read from its lake's files, forgotten when the lake is rebuilt."""


@st.fragment
def _schema_on_read(root: Path, listing: pd.DataFrame) -> None:
    from studylab.labs.engines.lake import READER_SCHEMAS, read_with_schema

    st.subheader("Schema-on-read")
    st.caption(note("lake_schema_on_read"))
    paths = list(listing["path"])
    left, right = st.columns(2)
    path = left.selectbox("File", paths, key="file", bind="query-params")
    names = {"raw": "None: as the format gives it", **{k: k.replace("_", " ") for k in READER_SCHEMAS}}
    schema = right.selectbox(
        "Read it with the schema", list(names), format_func=lambda k: names[k], key="schema", bind="query-params"
    )
    entry = listing.set_index("path").loc[path]
    st.markdown(f"*{entry['note']}*")
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


def _lake_report(root: Path, listing: pd.DataFrame) -> None:
    from studylab.labs.engines.lake import lake_monthly_revenue

    st.subheader("The monthly report, read straight from the lake")
    if "lake_report" not in st.session_state:
        st.session_state["lake_report"] = lake_monthly_revenue(root, listing)
    report = st.session_state["lake_report"]
    # The figure is keyed on the numbers it shows (two short lists), never on the session's files.
    reported = tuple(zip(report["month"].astype(str), report["revenue"].fillna(0).astype(float), strict=True))
    sold = cache.cached(_sold_by_month)
    labels = ("What the lake report shows", "What was sold (warehouse)")
    st.plotly_chart(cache.cached(figures.build_lake_report_figure, reported, sold, labels), key="lake_report")
    broken = report[report["problems"] != ""]
    if not broken.empty:
        st.warning(note("lake_report_broken", months=len(broken)), icon=":material/warning:")
        st.dataframe(broken[["month", "file", "rows", "problems"]], hide_index=True)


def _swamp_view(
    presets: pd.DataFrame, preset: str, catalog: bool, ownership: bool, enforcement: bool
) -> tuple[pd.DataFrame, tuple[go.Figure, ...]]:
    """One preset's swamp simulation and its charts (built once per preset and switches, through ``cache``)."""
    from studylab.labs.engines.lake import simulate_swamp

    row = presets.set_index("id", drop=False).loc[preset].to_dict()
    sim = simulate_swamp(row, catalog=catalog, ownership=ownership, enforcement=enforcement)
    return sim, tuple(figures.build_swamp_figure(sim, metric, title) for title, metric in SWAMP_METRICS)


@st.fragment
def _swamp(presets: pd.DataFrame) -> None:
    st.subheader("Watch a swamp form")
    st.caption(note("swamp_intro"))
    top = st.columns([2.4, 1, 1.1, 1.5], vertical_alignment="bottom")
    preset = top[0].selectbox(
        "Lake", list(presets.index), format_func=lambda pid: presets.loc[pid, "label"], key="lake", bind="query-params"
    )
    catalog = top[1].toggle("Catalog", True, key="catalog", bind="query-params", help=note("swamp_catalog_help"))
    ownership = top[2].toggle(
        "Ownership", True, key="ownership", bind="query-params", help=note("swamp_ownership_help")
    )
    enforcement = top[3].toggle(
        "Schema enforcement", True, key="enforcement", bind="query-params", help=note("swamp_enforcement_help")
    )
    sim, charts = cache.cached(
        _swamp_view, cache.Table("lake_presets"), str(preset), bool(catalog), bool(ownership), bool(enforcement)
    )
    last = sim[sim["month"] == sim["month"].max()].set_index("arm")
    for column, (label, metric) in zip(
        st.columns(4),
        (
            ("Datasets nobody can find", "lost"),
            ("Queries broken by drift", "broken_queries"),
            ("Storage bill per month ($)", "monthly_cost"),
            ("...of it for lost data ($)", "lost_cost"),
        ),
        strict=True,
    ):
        governed, ungoverned = last.loc["governed", metric], last.loc["ungoverned", metric]
        difference = round(float(governed) - float(ungoverned))
        if difference == 0:  # no arrow: an equal figure is neither better nor worse
            column.metric(label, f"{governed:,.0f}", note("swamp_same"), delta_color="off", delta_arrow="off")
        else:
            column.metric(label, f"{governed:,.0f}", note("swamp_versus", difference=f"{difference:+,}"), "inverse")
    for column, chart, key in zip(st.columns(3), charts, ("swamp_lost", "swamp_broken", "swamp_cost"), strict=True):
        column.plotly_chart(chart, key=key)
    if enforcement:
        rejected = int(sim.loc[sim["arm"] == "governed", "rejected_writes"].sum())
        st.caption(note("swamp_rejected", rejected=rejected))


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
    notes = content["lake_files"].set_index("id")["note"]
    _schema_on_read(root, listing.assign(note=listing["manifest_id"].map(notes)))
    _lake_report(root, listing)
    _swamp(content["lake_presets"].set_index("id", drop=False))
