"""The lakehouse page's lab: a Delta table in this session's folder (commits, time travel, enforcement, a
crashed writer), then the same questions asked of a warehouse, a lake and a lakehouse."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from studylab.content.records import by_id
from studylab.labs.engines import face
from studylab.ui import cache
from studylab.ui import site as ui
from studylab.ui.notes import note


def _batches(
    products: pd.DataFrame, stores: pd.DataFrame, segments: pd.DataFrame, settings: pd.DataFrame
) -> dict[str, pd.DataFrame] | None:
    """The star schema's sales cut into the monthly batches the Delta table is written from."""
    from studylab.labs.engines.lakehouse import sales_batches

    star = face.build_star(products, stores, segments, settings)
    return None if star is None else sales_batches(star)


def _lab() -> Any:
    from studylab.labs.engines.lakehouse import DeltaLab

    if face.star() is None:
        return None
    batches = cache.cached(_batches, *face.star_tables())
    if batches is None:
        return None
    lab = DeltaLab(face.workspace().folder("lakehouse"), batches)
    if not lab.exists():
        lab.start()
    return lab


def _say(kind: str, text: str) -> None:
    st.session_state["lh_message"] = (kind, text)


def _show_latest(version: int) -> None:
    """After a commit, the time-travel slider and the log viewer move to the new version."""
    st.session_state["version"] = version
    st.session_state["commit"] = version


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _lakehouse_actions(lab: Any, bad_writes: dict[str, dict[str, Any]]) -> None:
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
        _say("info", note("lh_started", message=outcome.message))
        _show_latest(outcome.version)
    with st.container(border=True):
        st.markdown("**Schema enforcement: try a bad write**")
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        bad = left.selectbox(
            "What is wrong with the batch",
            list(bad_writes),
            format_func=lambda bid: str(bad_writes[bid]["label"]),
            key="bad",
            bind="query-params",
        )
        row = bad_writes[bad]
        if right.button("Try this write", icon=":material/upload:"):
            before = (lab.version(), len(lab.read()))
            outcome = lab.try_bad_write(row["change"], _text(row["column"]), _text(row["value"]))
            after = (lab.version(), len(lab.read()))
            rejected = not outcome.ok and before == after
            checked = note("lh_bad_write_checked", version=after[0], rows=after[1]) if rejected else ""
            _say("error" if rejected else "warning", f"{outcome.message} {checked}".strip())
        st.caption(row["explanation"])
    message = st.session_state.pop("lh_message", None)
    if message:
        getattr(st, message[0])(message[1])


def _asked_version(latest: int) -> int | None:
    """A version a shared link asks for (``?version=N``) that this session's table does not have yet."""
    try:
        asked = int(str(st.query_params.get("version", "")))
    except ValueError:
        return None
    return asked if latest < asked <= latest + 1000 else None


def _replay(lab: Any, asked: int) -> None:
    # A callback runs before the slider is drawn, so it can move the slider to the new version.
    appended = 0
    while lab.version() < asked and lab.append_next() is not None:
        appended += 1
    _say("success", note("lh_replayed", months=appended, version=lab.version()))
    _show_latest(lab.version())


def _linked_version(lab: Any, latest: int) -> None:
    """Say why a link's version is not this table's, and offer to append months up to it."""
    asked = _asked_version(latest)
    if asked is None:
        return
    st.info(note("lh_link_version", asked=asked, latest=latest), icon=":material/link:")
    st.button(
        note("lh_replay_button", asked=asked),
        icon=":material/fast_forward:",
        on_click=_replay,
        args=(lab, asked),
        disabled=lab.next_month() is None,
        key="lh_replay",
    )


def _time_travel(lab: Any) -> None:
    st.subheader("Time travel")
    latest = lab.version()
    _linked_version(lab, latest)
    if latest == 0:
        st.caption(note("lh_only_v0"))
        version = 0
    else:
        version = st.select_slider(
            "Read the table as of version", list(range(latest + 1)), value=latest, key="version", bind="query-params"
        )
    then, now = lab.then(version), lab.then(latest)
    old = then.rows
    cells = st.columns(4)
    change = f"{len(old) - len(now.rows):+,} vs now" if version != latest else None
    cells[0].metric("Rows then", f"{len(old):,}", delta=change, delta_color="off")
    cells[1].metric("Revenue then", f"{then.revenue:,.2f}")
    cells[2].metric("Months then", f"{then.months}")
    cells[3].metric("Latest version", latest)
    if version != latest and not then.gone.empty:
        st.caption(note("lh_gone_rows", rows=len(then.gone), version=version))
        st.dataframe(then.gone.head(20), hide_index=True, height=200)
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
def _lakehouse_fragment(bad_writes: dict[str, dict[str, Any]]) -> None:
    lab = _lab()
    if lab is None:
        return
    _lakehouse_actions(lab, bad_writes)
    _time_travel(lab)
    _transaction_log(lab)
    _crash(lab)


def _convergence(
    products: pd.DataFrame,
    stores: pd.DataFrame,
    segments: pd.DataFrame,
    settings: pd.DataFrame,
    lake_files: pd.DataFrame,
    questions: pd.DataFrame,
) -> tuple[pd.DataFrame, int] | None:
    """The convergence answers and the writes the Delta table rejected, from content alone (through ``cache``)."""
    from studylab.labs.engines.lakehouse import compare_architectures

    star = face.build_star(products, stores, segments, settings)
    if star is None:
        return None
    with tempfile.TemporaryDirectory(prefix="studylab-convergence-") as folder:
        result = compare_architectures(Path(folder), star, lake_files, questions, face.LAKE_SEED)
    return result.answers, result.rejected_writes


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def convergence() -> None:
    """The same questions asked of a warehouse, a lake and a lakehouse holding the same sales."""
    st.header("Convergence: one question, three architectures")
    content = face.tables("lake_files", "convergence_questions")
    if content is None or face.star() is None:
        return
    st.caption(note("convergence_intro"))
    if st.button("Load the sales three ways and ask", icon=":material/play_arrow:", key="converge"):
        st.session_state["converged"] = True
    if not st.session_state.get("converged"):
        return
    with st.spinner("Loading the same sales into a warehouse, a lake and a lakehouse..."):
        outcome = cache.cached(
            _convergence, *face.star_tables(), cache.Table("lake_files"), cache.Table("convergence_questions")
        )
    if outcome is None:
        return
    answers, rejected = outcome
    st.caption(note("convergence_rejected", rejected=rejected))
    for question in content["convergence_questions"].itertuples():
        part = answers[answers["question"] == question.id].set_index("architecture")
        with st.container(border=True):
            st.markdown(f"**{question.question}**")
            for cell, architecture in zip(st.columns(3), ("warehouse", "lake", "lakehouse"), strict=True):
                row = part.loc[architecture]
                mark = ":material/check_circle:" if row["correct"] else ":material/cancel:"
                cell.metric(f"{architecture.capitalize()} {mark}", _shown(row["answer"]), help=f"{row['ms']} ms")
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
    _lakehouse_fragment(cache.cached(by_id, bad_writes, None))
    convergence()
