"""The people of MLOps page: roles and needs, break scenarios, a matching exercise, the book's table.

Widgets live in ``st.fragment`` and are bound to the URL like the rest of the MLOps faces;
the computing is done by :mod:`studylab.labs.mlops.roles`, the drawing by
:mod:`studylab.labs.mlops.figures`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.content.records import by_id, records
from studylab.labs.mlops import figures as mf
from studylab.labs.mlops import roles
from studylab.labs.mlops.face import usable_tables
from studylab.ui import cache
from studylab.ui.cache import FrozenFigure
from studylab.ui.notes import note

MATCH_SIZE = 5
"""Requirements per round of the matching exercise."""


# --- People: roles and needs -------------------------------------------------------------


ROLE_TABLES = ("mlops_roles", "mlops_needs", "mlops_requirement_needs")


def _people(items: pd.DataFrame, needs: pd.DataFrame, mapping: pd.DataFrame) -> dict[str, Any]:
    """Everything the page shows that depends on the content only (built once per content version; read-only)."""
    graph = roles.build_roles_graph(items, needs, mapping)
    return {
        "graph": graph,
        "role_ids": roles.nodes_of(graph, roles.ROLE),
        "need_ids": roles.nodes_of(graph, roles.NEED),
        "label": {n: graph.nodes[n]["label"] for n in graph.nodes},
        "matrix": roles.role_need_matrix(graph),
        "shared": roles.shared_needs(graph),
        "role_table": roles.role_table(items),
        "names": roles.role_names(items),
    }


def _known() -> dict[str, Any]:
    return cache.cached(_people, *(cache.Table(name) for name in ROLE_TABLES))


def _graph() -> Any:
    """The roles-and-needs graph, built once per content version."""
    return _known()["graph"]


def _round(items: pd.DataFrame, size: int, seed: int) -> pd.DataFrame:
    return roles.matching_round(items, size, seed)


def _impacts(
    items: pd.DataFrame, needs: pd.DataFrame, mapping: pd.DataFrame, links: pd.DataFrame, scenario: str
) -> Any:
    return roles.affected_roles(roles.build_roles_graph(items, needs, mapping), links, scenario)


def _figure(shown: frozenset[str] | None, selected: str | None) -> go.Figure:
    return FrozenFigure(mf.build_roles_figure(_graph(), None if shown is None else set(shown), selected))


def _roles_inputs() -> tuple[pd.DataFrame, pd.DataFrame, Any] | None:
    tables = usable_tables(*ROLE_TABLES)
    if tables is None:
        return None
    items, needs, _ = tables
    return items, needs, _graph()


def roles_explorer() -> None:
    """The people of MLOps: roles and needs, break scenarios, a matching exercise and the book's table."""
    inputs = _roles_inputs()
    if inputs is None:
        return
    items, _, graph = inputs
    explore, breaks, match, table = st.tabs(
        ["Roles and needs", "When something breaks", "Match the needs", "The book's table"]
    )
    with explore:
        _roles_and_needs(items, graph)
    with breaks:
        _break_scenarios(graph)
    with match:
        _matching(items, graph)
    with table:
        _book_table(items)


def _clear(other: str) -> None:
    st.session_state[other] = None


def _graph_clicked(graph: Any) -> None:
    node = roles.clicked_node(st.session_state.get("roles_graph"))
    if node is None or node not in graph:
        return
    own, other = ("role", "need") if graph.nodes[node]["kind"] == roles.ROLE else ("need", "role")
    st.session_state[own] = node
    st.session_state[other] = None


@st.fragment
def _roles_and_needs(items: pd.DataFrame, graph: Any) -> None:
    known = _known()
    role_ids, need_ids, label = known["role_ids"], known["need_ids"], known["label"]
    left, right = st.columns(2)
    role = left.selectbox(
        "Filter by role",
        role_ids,
        index=None,
        format_func=lambda n: label[n],
        placeholder="All roles",
        key="role",
        bind="query-params",
        on_change=_clear,
        args=("need",),
    )
    need = right.selectbox(
        "Filter by need",
        need_ids,
        index=None,
        format_func=lambda n: label[n],
        placeholder="All needs",
        key="need",
        bind="query-params",
        on_change=_clear,
        args=("role",),
    )
    selected = role or need
    shown = roles.focus(graph, selected)
    st.plotly_chart(
        cache.cached(_figure, None if shown is None else frozenset(shown), selected),
        width="stretch",
        key="roles_graph",
        on_select=lambda: _graph_clicked(graph),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    st.caption(note("roles_graph"))
    st.markdown(note("roles_matrix"))
    st.dataframe(cache.cached(_matrix_view, None if shown is None else frozenset(shown)), width="stretch")
    if role:
        _role_detail(items, graph, role)
    elif need:
        _need_detail(graph, need)
    else:
        st.markdown(note("roles_shared") + "\n" + cache.cached(_shared_lines))


def _matrix_view(shown: frozenset[str] | None) -> pd.DataFrame:
    """The role-by-need matrix of the roles and needs shown, as dots."""
    known = _known()
    role_ids, need_ids, label = known["role_ids"], known["need_ids"], known["label"]
    rows = [label[r] for r in role_ids if shown is None or r in shown]
    columns = [label[n] for n in need_ids if shown is None or n in shown]
    return known["matrix"].loc[rows, columns].map(lambda n: "●" * n if n else "")


def _shared_lines() -> str:
    shared = _known()["shared"]
    top = shared[shared["count"] > 1]
    return "\n".join(f"- **{r.need}**: {', '.join(r.roles)}" for r in top.itertuples())


def _role_detail(items: pd.DataFrame, graph: Any, role: str) -> None:
    row = _known()["role_table"].set_index("role_id").loc[role]
    with st.container(border=True):
        st.markdown(f"#### {row['role']}")
        st.markdown("*Role in the model life cycle*" + "".join(f"\n- {t}" for t in row["life_cycle"]))
        lines = []
        for need in roles.nodes_of(graph, roles.NEED):
            if graph.has_edge(role, need):
                texts = graph.edges[role, need]["requirements"]
                lines.append(f"- **{graph.nodes[need]['label']}**: " + " / ".join(f"“{t}”" for t in texts))
        st.markdown("*MLOps requirements, by need*\n" + "\n".join(lines))


def _need_detail(graph: Any, need: str) -> None:
    with st.container(border=True):
        st.markdown(f"#### {graph.nodes[need]['label']}")
        st.markdown(graph.nodes[need]["description"])
        lines = []
        for role in roles.nodes_of(graph, roles.ROLE):
            if graph.has_edge(role, need):
                texts = graph.edges[role, need]["requirements"]
                lines.append(f"- **{graph.nodes[role]['label']}**: " + " / ".join(f"“{t}”" for t in texts))
        st.markdown("\n".join(lines))


@st.fragment
def _break_scenarios(graph: Any) -> None:
    tables = usable_tables("mlops_breaks", "mlops_break_roles")
    if tables is None:
        return
    scenarios = cache.cached(by_id, tables[0])
    chosen = st.segmented_control(
        "What breaks?",
        list(scenarios),
        format_func=lambda sid: str(scenarios[sid]["title"]),
        default=next(iter(scenarios)),
        required=True,
        key="scenario",
        bind="query-params",
    )
    if chosen is None:
        st.caption("Pick what breaks to see who is affected.")
        return
    scenario = scenarios[chosen]
    st.info(scenario["situation"], icon=":material/report:")
    impacts = cache.cached(_impacts, *(cache.Table(name) for name in (*ROLE_TABLES, "mlops_break_roles")), str(chosen))
    shown = {i.role_id for i in impacts} | {i.need for i in impacts}
    st.markdown(f"**{len(impacts)} of {len(_known()['role_ids'])} roles are affected**")
    for start in range(0, len(impacts), 2):
        for column, impact in zip(st.columns(2), impacts[start : start + 2], strict=False):
            with column.container(border=True):
                st.markdown(f"**{impact.role}**: {impact.impact}")
                st.caption(f"What helps ({impact.need_title}): " + " / ".join(f"“{t}”" for t in impact.requirements))
    st.plotly_chart(
        cache.cached(_figure, frozenset(shown), None),
        width="stretch",
        config={"displayModeBar": False},
        key="break_graph",
    )
    st.success(f"**Lesson.** {scenario['lesson']}", icon=":material/lightbulb:")


@st.fragment
def _matching(items: pd.DataFrame, graph: Any) -> None:
    names = _known()["names"]
    number = st.number_input(
        "Round", 1, 1000, 1, key="round", bind="query-params", help="Each round draws other requirements."
    )
    round_ = cache.cached(_round, cache.Table("mlops_roles"), MATCH_SIZE, int(number))
    st.markdown("Whose MLOps requirement is this? Pick a role for each, then check.")
    with st.form(f"match_{number}"):
        answers = [
            st.selectbox(
                f"“{row['text']}”",
                list(names),
                index=None,
                format_func=lambda r: names[r],
                placeholder="Pick a role",
                key=f"match_{number}_{i}",
            )
            for i, row in enumerate(cache.cached(records, round_))
        ]
        checked = st.form_submit_button("Check my answers")
    if not checked:
        return
    graded = roles.grade_matching(round_, answers, graph)
    score = int(graded["correct"].sum())
    st.markdown(f"**{score} of {len(graded)} right.**")
    for row in graded.itertuples():
        if row.correct:
            st.markdown(f"- :material/check_circle: “{row.text}”: **{row.role}**")
            continue
        given = f"you said {names[row.answer]}" if row.answer in names else "no answer given"
        near = "; close, that role shares a need with it" if row.shares_need else ""
        st.markdown(f"- :material/cancel: “{row.text}”: **{row.role}** ({given}{near})")


def _book_rows(picked: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    """The book's table rows of the picked roles (all if none is picked)."""
    table = _known()["role_table"]
    return records(table[table["role_id"].isin(picked)] if picked else table)


def _book_table(items: pd.DataFrame) -> None:
    names = _known()["names"]
    picked = st.pills(
        "Show roles",
        list(names),
        format_func=lambda r: names[r],
        selection_mode="multi",
        key="roles",
        bind="query-params",
    )
    for role in cache.cached(_book_rows, tuple(picked)):
        with st.container(border=True):
            st.markdown(f"**{role['role']}**")
            left, right = st.columns(2)
            left.markdown("*Role in the model life cycle*\n" + "".join(f"\n- {item}" for item in role["life_cycle"]))
            right.markdown("*MLOps requirements*\n" + "".join(f"\n- {item}" for item in role["requirements"]))
