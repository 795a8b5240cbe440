"""The engine labs on their pages: a DuckDB warehouse, a data lake, a Delta lakehouse, a stack builder.

Each page calls one function here. The engines themselves are driven by the pure
models beside it (``warehouse``, ``lake``, ``lakehouse`` and ``data_stack``);
this module only draws widgets and results.

Scratch files live in one temporary folder per session (:class:`~studylab.labs.engines.workspace.Workspace`)
and each session queries its own DuckDB warehouse. Both are kept in ``st.session_state``, never in
``st.cache_resource``: any browser can send Streamlit's ``clear_cache`` message, which empties every
resource cache of the process (Streamlit offers no setting to refuse it), so those caches hold only
what can be rebuilt from content (the star schema, the sales batches). The folder is deleted when
the session's state is dropped (the workspace's finalizer); nothing is written inside the repository.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from studylab.content.loader import content_root, fingerprint
from studylab.labs.engines.workspace import Workspace
from studylab.ui import site as ui

LAKE_SEED = 5
"""Seed of the generated clickstream and tickets in the lake (the sales come from the warehouse)."""
ARCH_COLOURS = {"warehouse": "#1f5fa8", "lake": "#b35c00", "lakehouse": "#2e7d32"}
ARM_COLOURS = {"governed": "#2e7d32", "ungoverned": "#b3261e"}


# --- Shared resources ---------------------------------------------------------------------


WORKSPACE_KEY = "_engines_workspace"
WAREHOUSE_KEY = "_engines_warehouse"
"""Session-state keys of this session's scratch folder and of its warehouse (with the content stamp)."""


def _workspace() -> Workspace:
    """This session's scratch folder, made on first use; deleted when the session's state is dropped."""
    workspace = st.session_state.get(WORKSPACE_KEY)
    if not isinstance(workspace, Workspace) or workspace.closed:
        workspace = Workspace("engines")
        st.session_state[WORKSPACE_KEY] = workspace
    return workspace


def note(note_id: str, **values: Any) -> str:
    """A sentence from ``data/engine_notes.csv`` with its ``{name}`` fields filled in ("" if missing)."""
    notes = ui.table("engine_notes")
    if notes is None:
        return ""
    texts = notes.set_index("id")["text"]
    return str(texts[note_id]).format(**values) if note_id in texts.index else ""


def _tables(*names: str) -> dict[str, pd.DataFrame] | None:
    frames = {name: ui.table(name) for name in names}
    if any(frame is None or frame.empty for frame in frames.values()):
        return None
    return {name: frame for name, frame in frames.items() if frame is not None}


@st.cache_resource(show_spinner=False, max_entries=1)
def _star(root: str, stamp: tuple[tuple[str, int, int], ...]) -> dict[str, pd.DataFrame] | None:
    # ``stamp`` only keys the cache: edited settings or dimensions give a new star schema.
    from studylab.labs.engines.warehouse import build_star_schema

    content = ui.site().content
    try:
        parts = [content.table(n) for n in ("wh_products", "wh_stores", "wh_segments", "wh_settings")]
    except Exception:
        return None
    settings = parts[3].set_index("id")
    if parts[0].empty or parts[1].empty or parts[2].empty or "default" not in settings.index:
        return None
    return build_star_schema(parts[0], parts[1], parts[2], settings.loc["default"])


def star() -> dict[str, pd.DataFrame] | None:
    """The warehouse's star schema (cached per process and content version); None if its content is broken."""
    if _tables("wh_products", "wh_stores", "wh_segments", "wh_settings") is None:
        return None
    root = content_root()
    result = _star(str(root), fingerprint(root))
    if result is None:
        st.error("The warehouse needs a `default` row in `data/wh_settings.csv`.", icon=":material/error:")
    return result


def warehouse() -> Any:
    """This session's read-only DuckDB warehouse, rebuilt when the content changes."""
    from studylab.labs.engines.sql_box import Warehouse

    tables = star()
    if tables is None:
        return None
    stamp = fingerprint(content_root())
    held = st.session_state.get(WAREHOUSE_KEY)
    if held is not None and held[0] == stamp:
        return held[1]
    if held is not None:
        held[1].close()
    built = Warehouse(tables, scratch=_workspace().reset("duckdb_spill"))
    st.session_state[WAREHOUSE_KEY] = (stamp, built)
    return built


# --- The warehouse page -------------------------------------------------------------------


def _example_changed(queries: pd.DataFrame) -> None:
    st.session_state["sql"] = queries.loc[st.session_state["query"], "sql"]


def _chart(frame: pd.DataFrame, spec: pd.Series) -> go.Figure | None:
    """The example's chart, if the result still has the columns it names."""
    x, y, color = (spec.get(k) if isinstance(spec.get(k), str) else None for k in ("x", "y", "color"))
    if spec.get("chart") not in ("line", "bar") or not x or not y or {x, y} - set(frame.columns):
        return None
    colour = color if color in frame.columns else None
    data = frame.assign(**{colour: frame[colour].astype(str)}) if colour else frame
    draw = px.line if spec["chart"] == "line" else px.bar
    kwargs: dict[str, Any] = {"markers": True} if spec["chart"] == "line" else {"barmode": "group"}
    figure = draw(data, x=x, y=y, color=colour, **kwargs)
    figure.update_layout(height=340, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text=colour or "")
    return figure


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
        st.form_submit_button("Run query", icon=":material/play_arrow:", type="primary")
    result = wh.run(st.session_state["sql"])
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
    figure = _chart(result.frame, spec)
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
        raw = _workspace().reset("raw_extracts")
        settings = ui.table("wh_settings")
        seed = int(settings.set_index("id").loc["default", "seed"]) if settings is not None else 0
        write_raw_extracts(raw, tables, seed)
        st.session_state["wh_runs"] = {"etl": run_etl(raw), "elt": run_elt(raw)}
    runs = st.session_state.get("wh_runs")
    if runs is None:
        return
    columns = st.columns(2)
    titles = {"etl": "ETL: transform, then load", "elt": "ELT: load, then transform"}
    places = {"outside": "outside the warehouse", "inside": "in the warehouse"}
    for column, (name, run) in zip(columns, runs.items(), strict=True):
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
    same = runs["etl"].mart.equals(runs["elt"].mart)
    total = runs["etl"].mart["revenue_cents"].sum() / 100
    if same:
        st.success(
            note("wh_same_mart", rows=len(runs["etl"].mart), revenue=f"{total:,.2f}"), icon=":material/check_circle:"
        )
    else:
        st.error("The two marts differ: a pipeline has a bug.", icon=":material/error:")


def warehouse_lab() -> None:
    """The warehouse page's lab: the star schema, the SQL box, ETL versus ELT."""
    st.header("Try it: a warehouse on DuckDB")
    content = _tables("wh_queries", "wh_pipeline_steps")
    wh = warehouse()
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
    tables = star()
    if tables is not None:
        _pipelines(tables, content["wh_pipeline_steps"])


# --- The lake page --------------------------------------------------------------------------


def _lake(tables: dict[str, pd.DataFrame], manifest: pd.DataFrame) -> tuple[Path, pd.DataFrame]:
    from studylab.labs.engines.lake import build_raw_lake

    workspace = _workspace()
    root = workspace.root / "lake"
    if "lake_listing" not in st.session_state or not root.exists():
        st.session_state["lake_listing"] = build_raw_lake(workspace.reset("lake"), tables, manifest, LAKE_SEED)
        st.session_state.pop("lake_report", None)
    return root, st.session_state["lake_listing"]


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
    result = read_with_schema(root / path, None if schema == "raw" else schema)
    for problem in result.problems:
        st.warning(problem, icon=":material/warning:")
    if schema != "raw" and not result.problems:
        st.success(note("lake_schema_fits"), icon=":material/check_circle:")
    st.dataframe(result.frame.head(50), hide_index=True, height=260)


def _lake_report(root: Path, listing: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    from studylab.labs.engines.lake import lake_monthly_revenue

    st.subheader("The monthly report, read straight from the lake")
    if "lake_report" not in st.session_state:
        st.session_state["lake_report"] = lake_monthly_revenue(root, listing)
    report = st.session_state["lake_report"]
    fact = tables["fact_sales"].merge(tables["dim_date"], on="date_key")
    truth = fact.groupby("year_month", as_index=False)["revenue"].sum().rename(columns={"year_month": "month"})
    figure = go.Figure()
    figure.add_bar(
        x=report["month"],
        y=report["revenue"].fillna(0),
        name="What the lake report shows",
        marker_color=ARCH_COLOURS["lake"],
    )
    figure.add_scatter(
        x=truth["month"],
        y=truth["revenue"],
        name="What was sold (warehouse)",
        mode="lines+markers",
        line_color=ARCH_COLOURS["warehouse"],
    )
    figure.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis_title="revenue",
        legend={"orientation": "h", "y": 1.15},
    )
    st.plotly_chart(figure, key="lake_report")
    broken = report[report["problems"] != ""]
    if not broken.empty:
        st.warning(note("lake_report_broken", months=len(broken)), icon=":material/warning:")
        st.dataframe(broken[["month", "file", "rows", "problems"]], hide_index=True)


def _swamp_figure(sim: pd.DataFrame, metric: str, title: str) -> go.Figure:
    figure = go.Figure()
    for arm, colour in ARM_COLOURS.items():
        part = sim[sim["arm"] == arm]
        figure.add_scatter(x=part["month"], y=part[metric], name=arm, mode="lines", line_color=colour)
    figure.update_layout(
        title=title,
        height=260,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis_title="month",
        legend={"orientation": "h", "y": -0.3},
        title_font_size=14,
    )
    return figure


@st.fragment
def _swamp(presets: pd.DataFrame) -> None:
    from studylab.labs.engines.lake import simulate_swamp

    st.subheader("Watch a swamp form")
    st.caption(note("swamp_intro"))
    top = st.columns([2.4, 1, 1.1, 1.5], vertical_alignment="bottom")
    preset = top[0].selectbox(
        "Lake", list(presets.index), format_func=lambda pid: presets.loc[pid, "label"], key="lake", bind="query-params"
    )
    catalog = top[1].toggle(
        "Catalog",
        True,
        key="catalog",
        bind="query-params",
        help="Datasets are registered with a description when they land.",
    )
    ownership = top[2].toggle(
        "Ownership",
        True,
        key="ownership",
        bind="query-params",
        help="Every dataset has an owner, and a leaving owner hands it over.",
    )
    enforcement = top[3].toggle(
        "Schema enforcement",
        True,
        key="enforcement",
        bind="query-params",
        help="A write whose schema changed is rejected instead of landing silently.",
    )
    sim = simulate_swamp(presets.loc[preset].to_dict(), catalog=catalog, ownership=ownership, enforcement=enforcement)
    last = sim[sim["month"] == sim["month"].max()].set_index("arm")
    metrics = st.columns(4)
    for column, (label, metric, fmt) in zip(
        metrics,
        (
            ("Datasets nobody can find", "lost", "{:,.0f}"),
            ("Queries broken by drift", "broken_queries", "{:,.0f}"),
            ("Storage bill per month ($)", "monthly_cost", "{:,.0f}"),
            ("...of it for lost data ($)", "lost_cost", "{:,.0f}"),
        ),
        strict=True,
    ):
        governed, ungoverned = last.loc["governed", metric], last.loc["ungoverned", metric]
        column.metric(
            label, fmt.format(governed), delta=fmt.format(governed - ungoverned) + " vs none", delta_color="inverse"
        )
    charts = st.columns(3)
    charts[0].plotly_chart(_swamp_figure(sim, "lost", "Datasets nobody can find"), key="swamp_lost")
    charts[1].plotly_chart(_swamp_figure(sim, "broken_queries", "Queries broken by schema drift"), key="swamp_broken")
    charts[2].plotly_chart(_swamp_figure(sim, "monthly_cost", "Storage bill per month ($)"), key="swamp_cost")
    if enforcement:
        rejected = int(sim.loc[sim["arm"] == "governed", "rejected_writes"].sum())
        st.caption(note("swamp_rejected", rejected=rejected))


def lake_lab() -> None:
    """The lake page's lab: files of mixed formats, schema-on-read, the swamp simulation."""
    st.header("Try it: a lake of raw files")
    content = _tables("lake_files", "lake_presets")
    tables = star()
    if content is None or tables is None:
        return
    root, listing = _lake(tables, content["lake_files"])
    st.caption(note("lake_intro"))
    on_disk = listing.drop(columns=["manifest_id", "note"], errors="ignore").merge(
        _listing_sizes(root), on="path", how="left"
    )
    on_disk["owner"] = on_disk["owner"].fillna("nobody")
    st.dataframe(on_disk[["path", "format", "bytes", "dataset", "version", "owner"]], hide_index=True, height=240)
    notes = content["lake_files"].set_index("id")["note"]
    _schema_on_read(root, listing.assign(note=listing["manifest_id"].map(notes)))
    _lake_report(root, listing, tables)
    _swamp(content["lake_presets"].set_index("id", drop=False))


def _listing_sizes(root: Path) -> pd.DataFrame:
    from studylab.labs.engines.lake import list_lake

    return list_lake(root)[["path", "bytes"]]


# --- The lakehouse page -----------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=1)
def _batches(root: str, stamp: tuple[tuple[str, int, int], ...]) -> dict[str, pd.DataFrame] | None:
    from studylab.labs.engines.lakehouse import sales_batches

    tables = _star(root, stamp)
    return None if tables is None else sales_batches(tables)


def _lab() -> Any:
    from studylab.labs.engines.lakehouse import DeltaLab

    if star() is None:
        return None
    root = content_root()
    batches = _batches(str(root), fingerprint(root))
    if batches is None:
        return None
    lab = DeltaLab(_workspace().folder("lakehouse"), batches)
    if not lab.exists():
        lab.start()
    return lab


def _say(kind: str, text: str) -> None:
    st.session_state["lh_message"] = (kind, text)


def _show_latest(version: int) -> None:
    """After a commit, the time-travel slider and the log viewer move to the new version."""
    st.session_state["version"] = version
    st.session_state["commit"] = version


def _lakehouse_actions(lab: Any, bad_writes: pd.DataFrame) -> None:
    buttons = st.columns(3)
    if buttons[0].button("Append the next month", icon=":material/add:", disabled=lab.next_month() is None):
        outcome = lab.append_next()
        _say("success", outcome.message)
        _show_latest(outcome.version)
    if buttons[1].button("Overwrite: remove returned sales", icon=":material/published_with_changes:"):
        outcome = lab.overwrite_without_returns(seed=lab.version())
        _say("success", f"{outcome.message} {note('lh_overwrite_kept')}")
        _show_latest(outcome.version)
    if buttons[2].button("Start again", icon=":material/restart_alt:"):
        outcome = lab.start()
        _say("info", "A new table: " + outcome.message)
        _show_latest(outcome.version)
    with st.container(border=True):
        st.markdown("**Schema enforcement: try a bad write**")
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        bad = left.selectbox(
            "What is wrong with the batch",
            list(bad_writes.index),
            format_func=lambda bid: bad_writes.loc[bid, "label"],
            key="bad",
            bind="query-params",
        )
        row = bad_writes.loc[bad]
        if right.button("Try this write", icon=":material/upload:"):
            before = (lab.version(), len(lab.read()))
            outcome = lab.try_bad_write(row["change"], _text(row["column"]), _text(row["value"]))
            after = (lab.version(), len(lab.read()))
            kind = "error" if not outcome.ok and before == after else "warning"
            _say(
                kind,
                outcome.message
                + (f" Checked: still version {after[0]} with {after[1]} rows." if kind == "error" else ""),
            )
        st.caption(row["explanation"])
    message = st.session_state.pop("lh_message", None)
    if message:
        getattr(st, message[0])(message[1])


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _time_travel(lab: Any) -> None:
    st.subheader("Time travel")
    latest = lab.version()
    versions = list(range(latest + 1))
    if latest == 0:
        st.caption(note("lh_only_v0"))
        version = 0
    else:
        version = st.select_slider(
            "Read the table as of version", versions, value=latest, key="version", bind="query-params"
        )
    old, now = lab.read(version), lab.read()
    cells = st.columns(4)
    change = f"{len(old) - len(now):+,} vs now" if version != latest else None
    cells[0].metric("Rows then", f"{len(old):,}", delta=change, delta_color="off")
    cells[1].metric("Revenue then", f"{old['revenue'].sum():,.2f}")
    months = pd.to_datetime(old["day"]).dt.strftime("%Y-%m")
    cells[2].metric("Months then", f"{months.nunique()}")
    cells[3].metric("Latest version", latest)
    gone = old[~old["sale_id"].isin(now["sale_id"])]
    if version != latest and not gone.empty:
        st.caption(note("lh_gone_rows", rows=len(gone), version=version))
        st.dataframe(gone.head(20), hide_index=True, height=200)
    with st.expander(f"All {len(old):,} rows of version {version}"):
        st.dataframe(old, hide_index=True, height=300)


def _transaction_log(lab: Any) -> None:
    st.subheader("The transaction log")
    st.caption(note("lh_log"))
    history, right = st.columns([3, 2])
    history.dataframe(lab.history(), hide_index=True)
    versions = list(range(lab.version() + 1))
    shown = right.selectbox(
        "Commit file", versions, index=len(versions) - 1, format_func=lambda v: f"{v:020d}.json", key="commit"
    )
    # A height-capped st.code is a scrollable <pre> that keyboards cannot reach (axe: scrollable-region-focusable);
    # a fixed-height container scrolls the same and is focusable.
    right.container(height=220).code(lab.log_text(shown), language="json", wrap_lines=True)


def _crash(lab: Any) -> None:
    st.subheader("A writer crashes halfway")
    st.caption(note("lh_crash"))
    if st.button("Crash a write", icon=":material/bolt:", disabled=lab.next_month() is None):
        st.session_state["lh_crash"] = lab.crash_during_write()
    report = st.session_state.get("lh_crash")
    if report is None:
        return
    plain, delta = st.columns(2)
    with plain.container(border=True):
        st.markdown("**Plain Parquet folder**")
        st.metric(
            "Rows a reader sees",
            f"{report.plain_rows_after:,}",
            delta=f"{report.plain_rows_after - report.plain_rows_before:+,} half-written rows",
        )
        st.caption(note("lh_crash_plain", written=report.files_written, planned=report.files_planned))
    with delta.container(border=True):
        st.markdown("**Delta table**")
        unchanged = report.delta_rows_after == report.delta_rows_before
        st.metric(
            "Rows a reader sees",
            f"{report.delta_rows_after:,}",
            delta=None if unchanged else f"{report.delta_rows_after - report.delta_rows_before:+,}",
        )
        st.caption(note("lh_crash_delta"))
        st.code("\n".join(report.orphan_files) or "(none left)", language=None)
        if report.orphan_files:
            st.button("Vacuum the orphaned files", icon=":material/cleaning_services:", on_click=_vacuum, args=(lab,))


def _vacuum(lab: Any) -> None:
    # A callback runs before the fragment draws, so the page shows the state after the vacuum.
    removed = lab.vacuum()
    st.session_state["lh_crash"] = None
    _say("success", note("lh_vacuumed", files=len(removed)))
    _show_latest(lab.version())


@st.fragment
def _lakehouse_fragment(bad_writes: pd.DataFrame) -> None:
    lab = _lab()
    if lab is None:
        return
    _lakehouse_actions(lab, bad_writes)
    _time_travel(lab)
    _transaction_log(lab)
    _crash(lab)


@st.cache_data(show_spinner="Loading the same sales into a warehouse, a lake and a lakehouse...", max_entries=1)
def _convergence(
    stamp: tuple[tuple[str, int, int], ...], _star: dict[str, pd.DataFrame], _content: dict[str, pd.DataFrame]
) -> tuple[pd.DataFrame, int]:
    # ``stamp`` keys the cache (the content version); the frames it stands for are not hashed.
    from studylab.labs.engines.lakehouse import compare_architectures

    with tempfile.TemporaryDirectory(prefix="studylab-convergence-") as folder:
        result = compare_architectures(
            Path(folder), _star, _content["lake_files"], _content["convergence_questions"], LAKE_SEED
        )
    return result.answers, result.rejected_writes


def convergence() -> None:
    """The same questions asked of a warehouse, a lake and a lakehouse holding the same sales."""
    st.header("Convergence: one question, three architectures")
    content = _tables("lake_files", "convergence_questions")
    tables = star()
    if content is None or tables is None:
        return
    questions = content["convergence_questions"]
    st.caption(note("convergence_intro"))
    if st.button("Load the sales three ways and ask", icon=":material/play_arrow:", key="converge"):
        st.session_state["converged"] = True
    if not st.session_state.get("converged"):
        return
    answers, rejected = _convergence(fingerprint(content_root()), tables, content)
    st.caption(note("convergence_rejected", rejected=rejected))
    for question in questions.itertuples():
        part = answers[answers["question"] == question.id].set_index("architecture")
        with st.container(border=True):
            st.markdown(f"**{question.question}**")
            cells = st.columns(3)
            for cell, architecture in zip(cells, ("warehouse", "lake", "lakehouse"), strict=True):
                row = part.loc[architecture]
                value = row["answer"]
                shown = (
                    f"{value:,.2f}"
                    if isinstance(value, float)
                    else f"{value:,}"
                    if isinstance(value, int)
                    else str(value)
                )
                mark = ":material/check_circle:" if row["correct"] else ":material/cancel:"
                cell.metric(f"{architecture.capitalize()} {mark}", shown, help=f"{row['ms']} ms")
            st.caption(question.lesson)
            with st.expander("SQL"):
                st.code(question.sql, language="sql")


def lakehouse_lab() -> None:
    """The lakehouse page's lab: commits, time travel, enforcement, a crashed writer; then convergence."""
    st.header("Try it: a Delta Lake table")
    bad_writes = ui.table("lh_bad_writes")
    if bad_writes is None or bad_writes.empty:
        return
    st.caption(note("lh_intro"))
    _lakehouse_fragment(bad_writes.set_index("id", drop=False))
    convergence()


# --- The modern data stack page -------------------------------------------------------------


def stack_builder() -> None:
    """Choose a tool type per layer; see the stack scored on self-service, agility and clear pricing."""
    from studylab.labs.engines.data_stack import CRITERIA, options_by_layer, score_stack

    st.header("Build your stack")
    content = _tables("mds_layers", "mds_options")
    if content is None:
        return
    layers, options = content["mds_layers"].sort_values("order"), content["mds_options"]
    labels = options.set_index("id")["tool_type"]
    choices_by_layer = options_by_layer(options)
    st.caption(note("stack_intro"))
    choices: dict[str, str | None] = {}
    columns = st.columns(3)
    for i, layer in enumerate(layers.itertuples()):
        with columns[i % 3]:
            choices[layer.id] = st.selectbox(
                layer.name,
                choices_by_layer.get(layer.id, []),
                index=None,
                format_func=labels.get,
                placeholder="Nothing in this layer",
                key=layer.id,
                bind="query-params",
                help=layer.purpose,
            )
    scores, feedback = score_stack(layers, options, choices)
    figure = go.Figure(
        go.Bar(
            x=list(scores.values()),
            y=[CRITERIA[k] for k in scores],
            orientation="h",
            marker_color="#1f5fa8",
            text=[f"{v:.0f} %" for v in scores.values()],
            textposition="auto",
        )
    )
    figure.update_layout(
        height=220, margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis_range=[0, 100], yaxis_autorange="reversed"
    )
    left, right = st.columns([2, 3])
    left.plotly_chart(figure, key="stack_scores")
    modern = int(feedback["modern"].sum())
    left.caption(note("stack_modern", modern=modern, layers=len(feedback)))
    with right:
        for row in feedback.itertuples():
            chosen = isinstance(row.tool_type, str)
            icon = ":material/check_circle:" if chosen else ":material/warning:"
            title = f"**{row.layer}:** {row.tool_type}" if chosen else f"**{row.layer}:** nothing yet"
            pricing = f" *Pricing: {row.pricing}.*" if chosen else ""
            st.markdown(f"{icon} {title}  \n{row.note}{pricing}")
