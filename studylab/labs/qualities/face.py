"""Streamlit parts of the principles, exercises and coupling pages (the simulations are in ``systems_face``).

Each part is a function a page calls with the tables it loaded. Widgets live in an
``st.fragment`` so moving a widget reruns only that part, and every widget that shapes a
result keeps its state in the URL by option id, so a link reproduces it. Graphs, runs and
figures (``labs.qualities.figures``) are built through ``studylab.ui.cache``, keyed on their
inputs and the content version; the tables go in by name (``cache.Table``).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.content.records import by_id
from studylab.labs.qualities import coupling as cp
from studylab.labs.qualities import exercises, figures
from studylab.labs.qualities.principles import (
    build_principle_graph,
    counterparts,
    framework_columns,
    principle_label,
)
from studylab.ui import cache
from studylab.ui import url_state as ui_url
from studylab.ui.notes import note

BIND: Final = "query-params"


def _choice(widget: Callable[..., Any], label: str, options: list[str], key: str, default: Any, **kwargs: Any) -> Any:
    """An option widget whose state lives in the URL as option ids."""
    multi = widget is st.multiselect
    ui_url.seed(key, options, default, multi=multi)
    value = widget(label, options, key=key, **kwargs)
    ui_url.publish(key, st.session_state.get(key), default)
    return value


def _apply_preset(key: str, presets: pd.DataFrame, defaults: Callable[[pd.Series], dict[str, Any]]) -> None:
    """On a new preset, set every widget it drives (a callback runs before the widgets exist)."""
    st.session_state.update(defaults(presets.set_index("id").loc[st.session_state[key]]))


def preset_picker(
    presets: pd.DataFrame, key: str, label: str, defaults: Callable[[pd.Series], dict[str, Any]]
) -> tuple[pd.Series, dict[str, Any]]:
    """A preset selectbox keeping the preset's id in the URL; returns the preset row and the widget defaults.

    ``defaults`` turns a preset row (indexed by id) into each widget's value (``labs.qualities.presets``).
    """
    labels, rows = cache.cached(_preset_table, presets)
    chosen = _choice(
        st.selectbox,
        label,
        list(labels),
        key,
        next(iter(labels)),
        format_func=lambda option: str(labels[option]),
        on_change=_apply_preset,
        args=(key, presets, defaults),
    )
    row = rows[chosen]
    return row, defaults(row)


def _preset_table(presets: pd.DataFrame) -> tuple[dict[str, str], dict[str, pd.Series]]:
    """Each preset's label in ``order``, and its row (indexed by id)."""
    ordered = presets.sort_values("order")
    labels = {str(i): str(label) for i, label in zip(ordered["id"], ordered["label"], strict=True)}
    return labels, {str(i): row for i, row in presets.set_index("id").iterrows()}


# --- Principles -------------------------------------------------------------------


def _select_principle() -> None:
    event = st.session_state.get("principle_map")
    points = event.selection.points if event is not None else []
    for point in points:
        chosen = point.get("customdata")
        if isinstance(chosen, str):
            st.session_state["principle"] = chosen
            return


def _principle_figure(selected: str | None) -> go.Figure:
    graph = cache.cached(build_principle_graph, cache.Table("principles"), cache.Table("principle_links"))
    return figures.build_principle_figure(graph, selected)


def principle_map(principles: pd.DataFrame, links: pd.DataFrame, selected: str | None) -> None:
    """The three lists as one graph; clicking a principle selects it in the page's picker."""
    st.plotly_chart(
        cache.cached(_principle_figure, selected),
        key="principle_map",
        on_select=_select_principle,
        selection_mode="points",
        config={"displayModeBar": False},
    )
    st.caption(note("principle_map"))


def _move_card(ids: list[str], step: int) -> None:
    current = st.session_state.get("card", ids[0])
    st.session_state["card"] = ids[(ids.index(current) + step) % len(ids)]


def _scenario_deck(cards: pd.DataFrame, principles: pd.DataFrame) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The cards in order (each a record, by id), and the authors' nine principles' names by id."""
    nine = principles[principles["framework"] == "authors"].sort_values("order")
    return by_id(cards), {str(i): str(name) for i, name in zip(nine["id"], nine["name"], strict=True)}


@st.fragment
def scenario_cards(cards: pd.DataFrame, principles: pd.DataFrame) -> None:
    """Scenario cards: which of the authors' principles does each serve or violate?"""
    st.subheader("Scenario cards: which principle?")
    records, names = cache.cached(_scenario_deck, cards, principles)
    ids = list(records)
    card_id = _choice(
        st.selectbox, "Card", ids, "card", ids[0], format_func=lambda c: f"Card {ids.index(c) + 1} of {len(ids)}"
    )
    card = records[card_id]
    with st.container(border=True):
        st.markdown(card["scenario"])
        left, right = st.columns([3, 2])
        picked = left.selectbox(
            "Which of the authors' nine principles is at stake?",
            list(names),
            index=None,
            format_func=lambda key: str(names[key]),
            key=f"card_principle_{card_id}",
            placeholder="Choose a principle",
        )
        verdict = right.segmented_control(
            "Does the scenario serve it or violate it?", ["serves", "violates"], key=f"card_verdict_{card_id}"
        )
        if picked is not None and verdict is not None:
            result = exercises.mark_card(card, picked, verdict)
            answer = f"**{names[card['principle']]}**, which the scenario **{card['verdict']}**."
            if result.right:
                st.success(f"Right: {answer}", icon=":material/check_circle:")
            elif result.principle_right:
                st.warning(f"Right principle, but it {card['verdict']} it. {answer}", icon=":material/error:")
            else:
                st.error(f"Not quite: {answer}", icon=":material/cancel:")
            st.markdown(card["explanation"])
    back, forward, tally = st.columns([1, 1, 3])
    back.button("Previous card", on_click=_move_card, args=(ids, -1), icon=":material/arrow_back:")
    forward.button("Next card", on_click=_move_card, args=(ids, 1), icon=":material/arrow_forward:")
    right_count = sum(
        exercises.mark_card(
            record, st.session_state.get(f"card_principle_{i}"), st.session_state.get(f"card_verdict_{i}")
        ).right
        for i, record in records.items()
    )
    tally.markdown(f"**{right_count} of {len(ids)}** cards answered right so far.")


# --- Operational vs technical, and shiny objects: sorting exercises -----------------


def _sorting(items: pd.DataFrame, text: Callable[[Any], str], truth: str, options: dict[str, str], prefix: str) -> None:
    # Dealt in a seeded random order (a new one each round), so the layout never groups the answers.
    round_key = f"{prefix}_round"
    dealt = cache.cached(
        exercises.deal, items, truth, seed=zlib.crc32(prefix.encode()) + st.session_state.get(round_key, 0)
    )
    answers = {}
    columns = st.columns(2)
    for index, row in enumerate(dealt.itertuples()):
        with columns[index % 2].container(border=True):
            st.markdown(text(row))
            answers[row.id] = st.segmented_control(
                "Your answer",
                list(options),
                format_func=lambda key: str(options[key]),
                key=f"{prefix}_{row.id}",
                label_visibility="collapsed",
            )
            given = answers[row.id]
            if given is not None:
                right = getattr(row, truth)
                mark = ":material/check_circle: Right." if given == right else f"Not quite: {options[right]}."
                st.caption(f"{mark} {row.explanation}")
    result = exercises.score(exercises.mark_sort(dealt, answers, truth))
    round_footer(result, [f"{prefix}_{item}" for item in dealt["id"]], round_key, "sort", f"{prefix}_reset")


def round_footer(result: exercises.Score, answer_keys: list[str], round_key: str, notes: str, button_key: str) -> None:
    """A dealt round's score so far (notes ``round_start_<notes>``, ``round_progress_<notes>`` and
    ``round_done_<notes>``) and *Start again*, which clears the answers in ``answer_keys`` and deals
    the next round."""
    if result.done:
        st.success(note(f"round_done_{notes}", right=result.right, total=result.total), icon=":material/flag:")
    elif result.started:
        left = result.total - result.answered
        st.markdown(note(f"round_progress_{notes}", right=result.right, answered=result.answered, left=left))
    else:
        st.markdown(note(f"round_start_{notes}", total=result.total))

    def again() -> None:
        for key in answer_keys:
            st.session_state.pop(key, None)
        st.session_state[round_key] = st.session_state.get(round_key, 0) + 1

    st.button("Start again", key=button_key, on_click=again, icon=":material/restart_alt:")


@st.fragment
def statement_sort(statements: pd.DataFrame) -> None:
    """Sort statements into operational ("what") and technical ("how") architecture."""
    st.subheader("Sort it: what or how?")
    st.caption(note("statement_sort"))
    _sorting(
        statements,
        lambda row: f"“{row.statement}”",
        "kind",
        {"operational": "What: operational", "technical": "How: technical"},
        "ovt",
    )


@st.fragment
def shiny_object_exercise(cases: pd.DataFrame) -> None:
    """Greenfield scenarios: does the proposal serve the goal, or is it a shiny object?"""
    st.subheader("Greenfield: goal or shiny object?")
    _sorting(
        cases,
        lambda row: f"**Situation.** {row.situation}  \n**Proposal.** {row.proposal}",
        "verdict",
        {"fits": "Serves the goal", "shiny": "Shiny object"},
        "shiny",
    )


# --- Coupling ---------------------------------------------------------------------


def _service_picker(graph: Any, label: str, key: str, default: str, apps_only: bool = False) -> str:
    nodes = [n for n, d in graph.nodes(data=True) if not apps_only or d["kind"] == "app"]
    names = {n: graph.nodes[n]["name"] for n in nodes}
    start = default if default in nodes else nodes[0]
    return _choice(st.selectbox, label, nodes, key, start, format_func=lambda option: str(names[option]))


COUPLINGS = {"tight": "Tight (synchronous)", "loose": "Loose (queues, breakers)"}


def _graph() -> Any:
    """The service graph of ``service_nodes`` and ``service_calls``: once per content version."""
    return cache.cached(cp.build_service_graph, cache.Table("service_nodes"), cache.Table("service_calls"))


def _cascade(failed: str, mode: cp.Coupling) -> pd.DataFrame:
    return cp.simulate_cascade(_graph(), failed, mode)


def _blast_radius(changed: str, arch: cp.Architecture) -> cp.Outcome:
    return cp.blast_radius(_graph(), changed, arch)


def _cascade_figure(failed: str, mode: cp.Coupling, step: int) -> go.Figure:
    shown = cp.cascade_at(cache.cached(_cascade, failed, mode), step)
    return figures.build_service_figure(_graph(), shown, mode)


def _blast_figure(changed: str, arch: cp.Architecture) -> go.Figure:
    outcome = cache.cached(_blast_radius, changed, arch)
    coupling: cp.Coupling = "tight" if arch == "monolith" else "loose"
    return figures.build_service_figure(_graph(), outcome.cascade, coupling, cp.deploy_units(_graph(), arch))


@st.fragment
def cascade_lab(services: pd.DataFrame, calls: pd.DataFrame) -> None:
    """One service fails; step the failure upstream under tight or loose coupling."""
    st.subheader("A failure cascade, step by step")
    graph = _graph()
    left, middle, right = st.columns([2, 3, 2])
    with left:
        failed = _service_picker(graph, "Service that fails", "failed", "orders_db")
    with middle:
        coupling = _choice(
            st.segmented_control,
            "Coupling",
            list(COUPLINGS),
            "coupling",
            "tight",
            format_func=lambda option: COUPLINGS[option],
            required=True,
        )
    mode: cp.Coupling = "loose" if coupling == "loose" else "tight"
    cascade = cache.cached(_cascade, failed, mode)
    with right:
        step = st.slider("Step", 0, len(graph), len(graph), key="step", bind=BIND)
    st.plotly_chart(cache.cached(_cascade_figure, failed, mode, step), key="cascade_chart")
    summary = cache.cached(_cascade_summary, failed)
    first, second, third = st.columns(3)
    first.metric("Down under tight coupling", summary.down_tight)
    second.metric("Down under loose coupling", summary.down_loose)
    third.metric("Degraded but serving (loose)", summary.degraded_loose)
    st.caption(note("cascade_steps", steps=cp.failure_steps(cascade)))
    if not summary.protected.empty:
        st.dataframe(summary.protected, hide_index=True)


@dataclass(frozen=True)
class CascadeSummary:
    """What one failure does under each coupling: counts, and the calls loose coupling keeps going."""

    down_tight: int
    down_loose: int
    degraded_loose: int
    protected: pd.DataFrame


def _cascade_summary(failed: str) -> CascadeSummary:
    graph = _graph()
    tight, loose = cache.cached(_cascade, failed, "tight"), cache.cached(_cascade, failed, "loose")
    down = ["origin", "failed"]
    loose_down = set(loose.loc[loose["state"].isin(down), "service"])
    protected = [
        {"caller": graph.nodes[a]["name"], "calls": graph.nodes[b]["name"], "how it keeps going": d["loose_via"]}
        for a, b, d in graph.edges(data=True)
        if b in loose_down
    ]
    return CascadeSummary(
        down_tight=int(tight["state"].isin(down).sum()),
        down_loose=int(loose["state"].isin(down).sum()),
        degraded_loose=int((loose["state"] == "degraded").sum()),
        protected=pd.DataFrame(protected),
    )


@st.fragment
def monolith_lab(services: pd.DataFrame, calls: pd.DataFrame) -> None:
    """Ship a bad change to one service: what is redeployed, what goes down, per architecture."""
    st.subheader("Blast radius and independent deploys")
    graph = _graph()
    left, right = st.columns(2)
    with left:
        changed = _service_picker(graph, "A change ships to", "changed", "revenue_report", apps_only=True)
    with right:
        architecture = _choice(
            st.segmented_control,
            "Architecture",
            list(cp.ARCHITECTURES),
            "arch",
            "monolith",
            format_func=lambda option: cp.ARCHITECTURES[option],
            required=True,
        )
    arch: cp.Architecture = architecture or "monolith"
    outcome = cache.cached(_blast_radius, changed, arch)
    st.plotly_chart(cache.cached(_blast_figure, changed, arch), key="blast_chart")
    names = sorted(graph.nodes[s]["name"] for s in outcome.redeployed)
    st.markdown(note("blast_radius", count=len(names), names=", ".join(names), down=outcome.down))
    st.dataframe(
        cp.compare_architectures(graph, changed),
        hide_index=True,
        column_config={
            "architecture": "Architecture",
            "deployable_units": "Deployable units",
            "redeployed_for_a_change": "Redeployed for this change",
            "services_down": "Down if it crashes",
            "services_degraded": "Degraded",
        },
    )


# --- Brownfield: the strangler pattern -----------------------------------------------


def _set_moved(value: list[str]) -> None:
    st.session_state["moved"] = value


def _routes() -> pd.DataFrame:
    return cache.cached(_ordered, cache.Table("strangler_routes"))


def _ordered(routes: pd.DataFrame) -> pd.DataFrame:
    return routes.sort_values("order").reset_index(drop=True)


def _routing_figure(moved: tuple[str, ...]) -> go.Figure:
    routes = _routes()
    return figures.build_routing_figure(routes, cp.routing_after(list(routes["id"]), moved))


def _risk_figure(moved: tuple[str, ...]) -> go.Figure:
    routes = _routes()
    return figures.build_risk_figure(cp.migration_plan(routes, moved), cp.big_bang_risk(routes))


@st.fragment
def strangler_lab(routes: pd.DataFrame) -> None:
    """Move routes one by one behind a facade, roll back any step, compare with a big bang."""
    st.subheader("The strangler pattern, route by route")
    ordered = routes.sort_values("order").reset_index(drop=True)
    ids = list(ordered["id"])
    names = dict(zip(ordered["id"], ordered["route"], strict=True))
    moved = _choice(
        st.multiselect,
        "Routes sent to the new system, in the order they were moved",
        ids,
        "moved",
        [],
        format_func=lambda option: str(names[option]),
        placeholder="None yet: every route is served by the legacy system",
    )
    buttons = st.columns(4)
    buttons[0].button(
        "Move the next route",
        on_click=_set_moved,
        args=(cp.move_next(ids, moved),),
        disabled=len(moved) == len(ids),
        icon=":material/arrow_forward:",
    )
    buttons[1].button(
        "Roll back the last step",
        on_click=_set_moved,
        args=(cp.roll_back(moved),),
        disabled=not moved,
        icon=":material/undo:",
    )
    buttons[2].button("Big-bang switch", on_click=_set_moved, args=(cp.big_bang(ids),), icon=":material/bolt:")
    buttons[3].button("Start over", on_click=_set_moved, args=([],), icon=":material/restart_alt:")
    routing = cp.routing_after(ids, moved)
    plan = cp.migration_plan(ordered, moved)
    on_new = float(plan["on_new"].iloc[-1])
    first, second, third = st.columns(3)
    first.metric("Traffic on the new system", f"{on_new:.0f}%")
    second.metric("Steps taken", len(moved))
    third.metric("Riskiest step so far", f"{plan['at_risk'].max():.0f}", help="Risk-weighted % of traffic.")
    st.plotly_chart(
        cache.cached(_routing_figure, tuple(moved)),
        key="strangler_routing",
        config={"displayModeBar": False},
    )
    st.plotly_chart(
        cache.cached(_risk_figure, tuple(moved)),
        key="strangler_risk",
        config={"displayModeBar": False},
    )
    st.dataframe(
        ordered.assign(system=[routing[r] for r in ids])[["route", "traffic_share", "risk", "system", "note"]],
        hide_index=True,
        column_config={
            "route": "Route",
            "traffic_share": st.column_config.NumberColumn("Traffic", format="%.0f%%"),
            "risk": "Risk (1-5)",
            "system": "Served by",
            "note": st.column_config.TextColumn("Why here in the order", width="large"),
        },
    )


def _counterpart_lines(principles: pd.DataFrame, links: pd.DataFrame, choice: str | None) -> str:
    if choice is None:
        return ""
    matches = counterparts(principles, links, choice)
    return "\n".join(f"- **{row.framework}: {row.name}**. {row.note}" for row in matches.itertuples())


def principle_mapper(principles: pd.DataFrame, links: pd.DataFrame) -> None:
    """The three lists side by side; pick one principle to see what the other lists call it, and the map."""
    st.subheader("Three lists, side by side")
    st.dataframe(cache.cached(framework_columns, principles), hide_index=True)
    st.caption(note("principle_reading"))
    labels = cache.cached(principle_label, principles)
    choice = st.selectbox(
        "Pick a principle to see its counterparts in our reading",
        list(labels),
        format_func=lambda key: labels[key],
        key="principle",
        bind="query-params",
    )
    matches = cache.cached(_counterpart_lines, principles, links, choice)
    if not matches:
        st.info(note("principle_no_counterpart"))
    else:
        st.markdown(matches)
    principle_map(principles, links, choice)
