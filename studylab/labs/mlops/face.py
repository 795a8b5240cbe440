"""The MLOps pages' interactive parts: challenge and DevOps cards, drift, the registry, the roles.

Each page calls one function. Widgets live inside an ``st.fragment`` (moving a slider
reruns only that part) and are bound to the URL (``bind="query-params"``; the key is the
URL parameter), so a link reproduces what the student saw. The computing is done by
pure functions in ``studylab.labs.mlops.drift``, ``studylab.labs.mlops.registry``,
``studylab.labs.mlops.roles`` and ``studylab.labs.mlops.cards``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
import streamlit as st

from studylab.labs.mlops import cards as mlops_cards
from studylab.labs.mlops import drift, registry, roles
from studylab.ui import site as ui
from studylab.ui.controls import control_groups
from studylab.ui.site import query_link

MATCH_SIZE = 5
"""Requirements per round of the matching exercise."""


# --- Shared ---------------------------------------------------------------------------


def _tables(*names: str) -> list[pd.DataFrame] | None:
    """The named tables, or None (their errors are shown) if any cannot be used."""
    frames = [ui.table(name) for name in names]
    usable = [frame for frame in frames if frame is not None]
    return usable if len(usable) == len(frames) else None


def _fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


# --- Cards: challenges, DevOps and the life cycle ------------------------------------


@st.fragment
def card_explorer(kind: str) -> None:
    """The cards of one kind; pick one to see its life-cycle stages, who cares, and where to see it."""
    tables = _tables("mlops_cards", "mlops_card_stages", "diagram_nodes", "diagram_node_roles", "mlops_roles")
    if tables is None:
        return
    cards, links, nodes, node_roles, items = tables
    mine = mlops_cards.cards_of(cards, kind).set_index("id", drop=False)
    if mine.empty:
        st.info(f"No cards of kind `{kind}` in `data/mlops_cards.csv`.")
        return
    st.subheader(mlops_cards.KINDS[kind])
    for start in range(0, len(mine), 3):
        for column, card in zip(st.columns(3), mine.iloc[start : start + 3].itertuples(), strict=False):
            with column.container(border=True):
                st.markdown(f"**{card.title}**")
                st.caption(card.summary)
                labels = mlops_cards.card_stages(card.id, links, nodes)["label"]
                st.markdown(" · ".join(f"`{label}`" for label in labels) or "*no stage linked*")
    picked = st.pills(
        "Open a card",
        list(mine.index),
        format_func=lambda cid: mine.loc[cid, "title"],
        key="card",
        bind="query-params",
    )
    if picked is None:
        st.caption(
            "Pick a card to see what goes wrong without MLOps, where in the life cycle it bites, and who feels it."
        )
        return
    card = mine.loc[picked]
    with st.container(border=True):
        st.markdown(f"#### {card['title']}")
        left, right = st.columns(2)
        left.warning(f"**Without MLOps.** {card['without_mlops']}", icon=":material/warning:")
        right.success(f"**With MLOps.** {card['with_mlops']}", icon=":material/check_circle:")
        touched = mlops_cards.card_stages(picked, links, nodes)
        if not touched.empty:
            st.markdown("**Where it shows in the model life cycle**")
            st.markdown("\n".join(f"- **{row.label}**: {row.note}" for row in touched.itertuples()))
            who = mlops_cards.stage_roles(list(touched["id"]), node_roles, roles.role_names(items))
            if not who.empty:
                st.markdown("**Who feels it**: " + ", ".join(who["role"]))
        if isinstance(card["link"], str) and card["link"]:
            query_link(card["link"], "See it happen")


@st.fragment
def life_cycle_cards() -> None:
    """Which challenges and DevOps ideas meet each life-cycle stage: a matrix, then one stage in detail."""
    tables = _tables("mlops_cards", "mlops_card_stages", "diagram_nodes")
    if tables is None:
        return
    cards, links, nodes = tables
    order = mlops_cards.stages(nodes)
    if order.empty:
        st.info("The model life cycle diagram has no stages yet.")
        return
    st.subheader("Challenges and DevOps ideas along the life cycle")
    matrix = mlops_cards.card_stage_matrix(cards, links, nodes)
    marks = matrix.drop(columns="Kind").map(lambda linked: "●" if linked else "")
    # A static table wraps the stage names in its header, so all seven stages fit.
    st.table(pd.concat([matrix[["Kind"]], marks], axis=1))
    labels = dict(zip(order["id"], order["label"], strict=True))
    stage = st.segmented_control(
        "Pick a stage", list(labels), format_func=lambda s: labels[s], key="stage", bind="query-params"
    )
    if stage is None:
        st.caption("Pick a stage to read what goes wrong there without MLOps and which ideas help.")
        return
    row = order.set_index("id").loc[stage]
    if isinstance(row["pitfall"], str):
        st.warning(row["pitfall"], icon=":material/warning:")
    here = mlops_cards.cards_at_stage(stage, cards, links)
    for kind, heading in mlops_cards.KINDS.items():
        part = here[here["kind"] == kind]
        if not part.empty:
            st.markdown(f"**{heading}**")
            st.markdown("\n".join(f"- **{c.title}**: {c.note}" for c in part.itertuples()))


# --- Risk: drift and monitoring ---------------------------------------------------------


@st.fragment
def drift_lab() -> None:
    """The drift simulation: preset, environment switch, monitoring and retraining settings, results."""
    tables = _tables("drift_presets", "sim_controls")
    if tables is None:
        return
    presets, controls = tables
    presets = presets.sort_values("order").set_index("id", drop=False)
    if presets.empty:
        st.info("No presets in `data/drift_presets.csv`.")
        return
    st.subheader("Simulation: a deployed model meets drifting data")
    top = st.columns([3, 2], vertical_alignment="bottom")
    with top[0]:
        chosen = st.segmented_control(
            "How the input data drifts",
            list(presets.index),
            format_func=lambda pid: presets.loc[pid, "title"],
            default=presets.index[1] if len(presets) > 1 else presets.index[0],
            required=True,
            key="drift",
            bind="query-params",
        )
    with top[1]:
        differs = st.toggle(
            "Production environment differs from training",
            key="env",
            bind="query-params",
            help="A library upgrade in production changes how one feature is computed.",
        )
    preset = presets.loc[chosen or presets.index[0]]
    st.caption(preset["description"])
    with st.expander("Monitoring, retraining and environment settings", expanded=True):
        values = control_groups(controls, "model_drift", skip=() if differs else ("Environment",))
        seed = st.number_input(
            "Seed", 0, 10_000, 0, key="seed", bind="query-params", help="Another seed draws other noise."
        )
    shape = drift.Drift(**{f: float(preset[f]) for f in _fields(drift.Drift)})
    monitoring = drift.Monitoring(**{k: v for k, v in values.items() if k in _fields(drift.Monitoring)})
    environment = drift.Environment(
        differs=bool(differs), **{k: v for k, v in values.items() if k in _fields(drift.Environment) and k != "differs"}
    )
    months = float(values.get("months", 24))
    frame = drift.simulate_drift(
        shape,
        months=months,
        base_accuracy=float(values.get("base_accuracy", 0.92)),
        monitoring=monitoring,
        environment=environment,
        seed=int(seed),
    )
    st.plotly_chart(drift.build_drift_figure(frame, monitoring, environment), width="stretch")
    summary = drift.summarise_policies(frame, monitoring)
    st.dataframe(
        summary,
        hide_index=True,
        width="stretch",
        column_config={
            "policy": "Policy",
            "mean_accuracy": st.column_config.NumberColumn("Mean accuracy", format="percent"),
            "days_below_threshold": st.column_config.NumberColumn(
                "Days below threshold", format="%d", help="Days the true production accuracy was under the threshold."
            ),
            "retrainings": st.column_config.NumberColumn("Retrainings", format="%d"),
            "retraining_cost": st.column_config.NumberColumn("Cost", format="%.1f", help="Person-days of retraining."),
            "wrong_predictions": st.column_config.NumberColumn(
                "Wrong predictions", format="localized", help="Mistakes among the monitored predictions."
            ),
            "first_alert_month": st.column_config.NumberColumn(
                "First alert", format="month %.1f", help="When monitoring first raised an alert."
            ),
        },
    )
    if environment.differs:
        after = frame[(frame["policy"] == "on_alert") & (frame["month"] >= environment.change_month)]
        if not after.empty:
            st.info(
                f"After month {environment.change_month:g}, the training environment rates the model "
                f"{after['offline'].mean():.1%} on average; production measures {after['accuracy'].mean():.1%}. "
                "Retraining happens in the training environment, so it cannot remove the gap.",
                icon=":material/science:",
            )


# --- Scale: the registry ---------------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def _error_curve(settings: registry.Registry, seed: int) -> pd.DataFrame:
    """The holdout-size curve, cached: most slider moves do not change what it depends on."""
    return registry.promotion_error_curve(settings, seed=seed)


def _curve_settings(settings: registry.Registry) -> registry.Registry:
    """Only the settings the holdout-size curve depends on; the rest at their defaults (a stable cache key)."""
    return registry.Registry(
        base_accuracy=settings.base_accuracy,
        decay=settings.decay,
        challenger_sd=settings.challenger_sd,
        margin=settings.margin,
    )


@st.fragment
def registry_lab() -> None:
    """The registry simulation: fleet size, holdout, checks; outcomes, fleet quality, one model's versions."""
    controls = ui.table("sim_controls")
    if controls is None:
        return
    st.subheader("Simulation: a registry of retrained models")
    with st.expander("Registry, promotion and check settings", expanded=True):
        values = control_groups(controls, "model_registry")
        seed = st.number_input(
            "Seed", 0, 10_000, 0, key="seed", bind="query-params", help="Another seed draws other luck."
        )
    settings = registry.Registry(**{k: v for k, v in values.items() if k in _fields(registry.Registry)})
    frame = registry.simulate_registry(settings, seed=int(seed))
    summary = registry.summarise_registry(frame)
    noise = registry.score_sd(settings.base_accuracy, settings.holdout)
    cells = st.columns(4)
    cells[0].metric("Promotions", f"{summary['promotions']:,}")
    cells[1].metric(
        "Worse models promoted",
        f"{summary['worse_promoted']:,}",
        f"{summary['worse_share']:.0%} of promotions",
        delta_color="off",
        delta_arrow="off",
    )
    cells[2].metric(
        "Broken model-rounds",
        f"{summary['broken_model_rounds']:,}",
        f"{summary['caught']:,} caught by checks",
        delta_color="off",
        delta_arrow="off",
    )
    cells[3].metric("Still broken at the end", f"{summary['broken_at_end']:,}")
    st.caption(
        f"A holdout of {settings.holdout:,} examples measures accuracy to about ±{2 * noise:.1%} (two standard "
        f"deviations); retrained models differ from each other by about {settings.challenger_sd:.1%}."
    )
    fleet = registry.fleet_over_time(frame)
    left, right = st.columns(2)
    left.plotly_chart(registry.build_fleet_figure(fleet), width="stretch")
    right.plotly_chart(
        registry.build_error_curve_figure(_error_curve(_curve_settings(settings), int(seed)), settings.holdout),
        width="stretch",
    )
    st.plotly_chart(registry.build_quality_figure(fleet, settings.base_accuracy), width="stretch")
    st.markdown("**One model's versions**")
    model = st.number_input(
        "Model number", 1, settings.models, 1, key="model", bind="query-params", help="Any model of the registry."
    )
    history = registry.version_history(frame, int(model), settings.base_accuracy)
    st.plotly_chart(registry.build_timeline_figure(history), width="stretch")
    with st.expander("The version record of this model"):
        st.dataframe(
            history,
            hide_index=True,
            width="stretch",
            column_config={
                "version": st.column_config.NumberColumn("Version", format="v%d"),
                "round": st.column_config.NumberColumn("Round trained", format="%d"),
                "holdout_score": st.column_config.NumberColumn("Holdout score", format="percent"),
                "champion_score": st.column_config.NumberColumn("Champion's score", format="percent"),
                "true_quality": st.column_config.NumberColumn("True accuracy", format="percent"),
                "decision": "Decision",
                "live_version": st.column_config.NumberColumn("Live after the round", format="v%d"),
                "live_quality": st.column_config.NumberColumn("Its true accuracy", format="percent"),
            },
        )


# --- People: roles and needs -------------------------------------------------------------


def _roles_inputs() -> tuple[pd.DataFrame, pd.DataFrame, Any] | None:
    tables = _tables("mlops_roles", "mlops_needs", "mlops_requirement_needs")
    if tables is None:
        return None
    items, needs, mapping = tables
    return items, needs, roles.build_roles_graph(items, needs, mapping)


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
    role_ids, need_ids = roles.nodes_of(graph, roles.ROLE), roles.nodes_of(graph, roles.NEED)
    label = {n: graph.nodes[n]["label"] for n in graph.nodes}
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
        roles.build_roles_figure(graph, shown, selected),
        width="stretch",
        key="roles_graph",
        on_select=lambda: _graph_clicked(graph),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    st.caption(
        "Roles on the left, the needs their requirements express on the right. "
        "Click a node to filter; hover a link's dot for the book's wording."
    )
    matrix = roles.role_need_matrix(graph)
    rows = [label[r] for r in role_ids if r in shown]
    columns = [label[n] for n in need_ids if n in shown]
    st.markdown("**Roles × needs** (number of the role's requirements expressing each need)")
    st.dataframe(matrix.loc[rows, columns].map(lambda n: "●" * n if n else ""), width="stretch")
    if role:
        _role_detail(items, graph, role)
    elif need:
        _need_detail(graph, need)
    else:
        shared = roles.shared_needs(graph)
        top = shared[shared["count"] > 1]
        st.markdown(
            "**Needs several roles share**, where one platform must serve different people:\n"
            + "\n".join(f"- **{r.need}**: {', '.join(r.roles)}" for r in top.itertuples())
        )


def _role_detail(items: pd.DataFrame, graph: Any, role: str) -> None:
    row = roles.role_table(items).set_index("role_id").loc[role]
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
    tables = _tables("mlops_breaks", "mlops_break_roles")
    if tables is None:
        return
    scenarios, links = tables
    scenarios = scenarios.sort_values("order").set_index("id", drop=False)
    chosen = st.segmented_control(
        "What breaks?",
        list(scenarios.index),
        format_func=lambda sid: scenarios.loc[sid, "title"],
        default=scenarios.index[0],
        required=True,
        key="scenario",
        bind="query-params",
    )
    if chosen is None:
        st.caption("Pick what breaks to see who is affected.")
        return
    scenario = scenarios.loc[chosen]
    st.info(scenario["situation"], icon=":material/report:")
    impacts = roles.affected_roles(graph, links, chosen)
    shown = {i.role_id for i in impacts} | {i.need for i in impacts}
    st.markdown(f"**{len(impacts)} of {len(roles.nodes_of(graph, roles.ROLE))} roles are affected**")
    for start in range(0, len(impacts), 2):
        for column, impact in zip(st.columns(2), impacts[start : start + 2], strict=False):
            with column.container(border=True):
                st.markdown(f"**{impact.role}**: {impact.impact}")
                st.caption(f"What helps ({impact.need_title}): " + " / ".join(f"“{t}”" for t in impact.requirements))
    st.plotly_chart(
        roles.build_roles_figure(graph, shown), width="stretch", config={"displayModeBar": False}, key="break_graph"
    )
    st.success(f"**Lesson.** {scenario['lesson']}", icon=":material/lightbulb:")


@st.fragment
def _matching(items: pd.DataFrame, graph: Any) -> None:
    names = roles.role_names(items)
    number = st.number_input(
        "Round", 1, 1000, 1, key="round", bind="query-params", help="Each round draws other requirements."
    )
    round_ = roles.matching_round(items, MATCH_SIZE, seed=int(number))
    st.markdown("Whose MLOps requirement is this? Pick a role for each, then check.")
    with st.form(f"match_{number}"):
        answers = [
            st.selectbox(
                f"“{row.text}”",
                list(names),
                index=None,
                format_func=lambda r: names[r],
                placeholder="Pick a role",
                key=f"match_{number}_{i}",
            )
            for i, row in enumerate(round_.itertuples())
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


def _book_table(items: pd.DataFrame) -> None:
    table = roles.role_table(items)
    names = dict(zip(table["role_id"], table["role"], strict=True))
    picked = st.pills(
        "Show roles",
        list(names),
        format_func=lambda r: names[r],
        selection_mode="multi",
        key="roles",
        bind="query-params",
    )
    shown = table[table["role_id"].isin(picked)] if picked else table
    for role in shown.itertuples():
        with st.container(border=True):
            st.markdown(f"**{role.role}**")
            left, right = st.columns(2)
            left.markdown("*Role in the model life cycle*\n" + "".join(f"\n- {item}" for item in role.life_cycle))
            right.markdown("*MLOps requirements*\n" + "".join(f"\n- {item}" for item in role.requirements))
