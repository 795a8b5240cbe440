"""The warehouse page's lab: the star schema in this session's DuckDB, the SQL box, ETL versus ELT."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.labs.engines import face, figures
from studylab.ui import site as ui
from studylab.ui.cache import per_session
from studylab.ui.notes import note


def _example_changed(queries: pd.DataFrame) -> None:
    st.session_state["sql"] = queries.loc[st.session_state["query"], "sql"]


def _run(wh: Any, sql: str, spec: pd.Series) -> tuple[Any, go.Figure | None]:
    result = wh.run(sql)
    return result, figures.build_query_chart(result.frame, spec) if result.ok else None


@st.fragment
def _sql_box(wh: Any, queries: pd.DataFrame) -> None:
    query_id = st.selectbox(
        "Example query",
        list(queries.index),
        format_func=lambda qid: queries.loc[qid, "title"],
        key="query",
        bind="query-params",
        on_change=_example_changed,
        args=(queries,),
    )
    spec = queries.loc[query_id]
    st.markdown(f"**Question.** {spec['question']}")
    if "sql" not in st.session_state:
        st.session_state["sql"] = spec["sql"]
    with st.form("sql_form", border=False):
        st.text_area("SQL (DuckDB dialect, read-only)", key="sql", height=190)
        pressed = st.form_submit_button("Run query", icon=":material/play_arrow:", type="primary")
    sql = st.session_state["sql"]
    # Run on this session's own DuckDB: kept until the SQL or the example changes, or *Run* is pressed.
    result, figure = per_session("wh_sql", (query_id, sql), lambda: _run(wh, sql, spec), fresh=pressed)
    if not result.ok:
        # DuckDB's messages point at the error with a caret line: keep their layout in a code block.
        first, _, detail = (result.error or "").partition("\n")
        st.error(first, icon=":material/block:" if result.refused else ":material/error:")
        if detail.strip():
            st.code(detail.strip("\n"), language=None)
        return
    timing = f"{len(result.frame)} row(s) in {result.seconds * 1000:.0f} ms"
    if result.truncated:
        timing += f" (only the first {len(result.frame)} are shown)"
    if result.cuts:
        timing += "; " + "; ".join(result.cuts)
    st.caption(timing)
    if figure is not None:
        left, right = st.columns([3, 2])
        left.plotly_chart(figure, key="wh_chart")
        right.dataframe(result.frame, hide_index=True, height=340)
    else:
        st.dataframe(result.frame, hide_index=True)


def _pipelines(tables: dict[str, pd.DataFrame], steps: pd.DataFrame) -> None:
    from studylab.labs.engines.warehouse import run_elt, run_etl, write_raw_extracts

    st.subheader("ETL or ELT? Run both on the same raw files")
    st.caption(note("wh_pipelines"))
    if st.button("Run both pipelines", icon=":material/play_arrow:", key="run_pipelines"):
        raw = face.workspace().reset("raw_extracts")
        settings = ui.table("wh_settings")
        seed = int(settings.set_index("id").loc["default", "seed"]) if settings is not None else 0
        write_raw_extracts(raw, tables, seed)
        st.session_state["wh_runs"] = {"etl": run_etl(raw), "elt": run_elt(raw)}
    runs = st.session_state.get("wh_runs")
    if runs is None:
        return
    titles = {"etl": note("wh_etl_title"), "elt": note("wh_elt_title")}
    places = {"outside": note("wh_place_outside"), "inside": note("wh_place_inside")}
    for column, (name, run) in zip(st.columns(2), runs.items(), strict=True):
        explained = pd.DataFrame(run.steps).merge(steps[steps["pipeline"] == name], on="step", how="left")
        with column.container(border=True):
            st.markdown(f"**{titles[name]}**")
            st.markdown(
                "\n".join(
                    f"{i}. **{s.step}** ({s.stage}, {places.get(s.place, s.place)}): {s.rows:,} rows in {s.ms:g} ms. "
                    f"{s.description}"
                    for i, s in enumerate(explained.itertuples(), start=1)
                )
            )
            st.markdown("Tables in the warehouse afterwards:")
            st.dataframe(run.tables, hide_index=True)
    total = runs["etl"].mart["revenue_cents"].sum() / 100
    if runs["etl"].mart.equals(runs["elt"].mart):
        st.success(
            note("wh_same_mart", rows=len(runs["etl"].mart), revenue=f"{total:,.2f}"), icon=":material/check_circle:"
        )
    else:
        st.error(note("wh_marts_differ"), icon=":material/error:")


def warehouse_lab() -> None:
    """The warehouse page's lab: the star schema, the SQL box, ETL versus ELT."""
    st.header("Try it: a warehouse on DuckDB")
    content = face.tables("wh_queries", "wh_pipeline_steps")
    wh = face.warehouse()
    if content is None or wh is None:
        return
    st.caption(note("wh_intro"))
    schema, sql = st.columns([1, 3])
    with schema:
        st.markdown("**Tables**")
        st.dataframe(wh.row_counts(), hide_index=True)
        with st.expander("Columns"):
            st.dataframe(wh.columns(), hide_index=True, height=300)
    with sql:
        _sql_box(wh, content["wh_queries"].set_index("id", drop=False))
    star = face.star()
    if star is not None:
        _pipelines(star, content["wh_pipeline_steps"])
