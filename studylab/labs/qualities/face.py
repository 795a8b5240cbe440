"""Streamlit parts of the principles and system-qualities pages.

Each part is a function a page calls with the tables it loaded. Widgets live in an
``st.fragment`` so moving a slider reruns only that part, and every widget that shapes a
simulation is bound to the URL (``bind="query-params"``), so a link reproduces the state.
Presets come from CSV tables: picking one sets every widget to the preset's values, and
the preset's values are also the widgets' defaults, so ``?preset=...`` alone is a full state.
The logic is in the models beside it (``principles``, ``exercises``, ``availability``, ``elasticity``, ``coupling``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.labs.qualities import availability as av
from studylab.labs.qualities import coupling as cp
from studylab.labs.qualities import elasticity as el
from studylab.labs.qualities import exercises, figures
from studylab.labs.qualities.principles import build_principle_graph
from studylab.ui import cache
from studylab.ui import url_state as ui_url

BIND: Final = "query-params"


def _choice(widget: Callable[..., Any], label: str, options: list[str], key: str, default: Any, **kwargs: Any) -> Any:
    """An option widget whose state lives in the URL as option ids."""
    multi = widget is st.multiselect
    ui_url.seed(key, options, default, multi=multi)
    value = widget(label, options, key=key, **kwargs)
    ui_url.publish(key, st.session_state.get(key), default)
    return value


def _preset_values(presets: pd.DataFrame, preset_id: str, fields: dict[str, Callable[[pd.Series], Any]]) -> dict:
    row = presets.set_index("id").loc[preset_id]
    return {key: read(row) for key, read in fields.items()}


def _apply_preset(key: str, presets: pd.DataFrame, fields: dict[str, Callable[[pd.Series], Any]]) -> None:
    """On a new preset, set every widget it drives (a callback runs before the widgets exist)."""
    for widget, value in _preset_values(presets, st.session_state[key], fields).items():
        if value is not None:
            st.session_state[widget] = value


def _preset_picker(
    presets: pd.DataFrame, key: str, label: str, fields: dict[str, Callable[[pd.Series], Any]]
) -> tuple[pd.Series, dict]:
    """A preset selectbox bound to the URL; returns the preset row and the widget defaults."""
    ordered = presets.sort_values("order")
    labels = dict(zip(ordered["id"], ordered["label"], strict=True))
    chosen = _choice(
        st.selectbox,
        label,
        list(labels),
        key,
        next(iter(labels)),
        format_func=lambda option: str(labels[option]),
        on_change=_apply_preset,
        args=(key, presets, fields),
    )
    return presets.set_index("id").loc[chosen], _preset_values(presets, chosen, fields)


# --- Principles -------------------------------------------------------------------


def _select_principle() -> None:
    event = st.session_state.get("principle_map")
    points = event.selection.points if event is not None else []
    for point in points:
        chosen = point.get("customdata")
        if isinstance(chosen, str):
            st.session_state["principle"] = chosen
            return


def _principle_figure(principles: pd.DataFrame, links: pd.DataFrame, selected: str | None) -> go.Figure:
    return figures.build_principle_figure(cache.cached(build_principle_graph, principles, links), selected)


def principle_map(principles: pd.DataFrame, links: pd.DataFrame, selected: str | None) -> None:
    """The three lists as one graph; clicking a principle selects it in the page's picker."""
    st.plotly_chart(
        cache.cached(_principle_figure, principles, links, selected),
        key="principle_map",
        on_select=_select_principle,
        selection_mode="points",
        config={"displayModeBar": False},
    )
    st.caption("Click a principle, or pick it above: its links to the other lists light up.")


def _move_card(ids: list[str], step: int) -> None:
    current = st.session_state.get("card", ids[0])
    st.session_state["card"] = ids[(ids.index(current) + step) % len(ids)]


@st.fragment
def scenario_cards(cards: pd.DataFrame, principles: pd.DataFrame) -> None:
    """Scenario cards: which of the authors' principles does each serve or violate?"""
    st.subheader("Scenario cards: which principle?")
    deck = cards.sort_values("order").reset_index(drop=True)
    ids = list(deck["id"])
    nine = principles[principles["framework"] == "authors"].sort_values("order")
    names = dict(zip(nine["id"], nine["name"], strict=True))
    card_id = _choice(
        st.selectbox, "Card", ids, "card", ids[0], format_func=lambda c: f"Card {ids.index(c) + 1} of {len(ids)}"
    )
    card = deck.set_index("id").loc[card_id]
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
            result = exercises.mark_card(card.to_dict(), picked, verdict)
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
            row._asdict(),
            st.session_state.get(f"card_principle_{row.id}"),
            st.session_state.get(f"card_verdict_{row.id}"),
        ).right
        for row in deck.itertuples()
    )
    tally.markdown(f"**{right_count} of {len(ids)}** cards answered right so far.")


# --- Operational vs technical, and shiny objects: sorting exercises -----------------


def _sorting(items: pd.DataFrame, text: Callable[[Any], str], truth: str, options: dict[str, str], prefix: str) -> None:
    ordered = items.sort_values("order")
    answers = {}
    columns = st.columns(2)
    for index, row in enumerate(ordered.itertuples()):
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
    result = exercises.score(exercises.mark_sort(ordered, answers, truth))
    line = f"**{result.right} of {result.answered}** right so far ({result.total} in all)."
    if result.done:
        st.success(f"Done: {result.right} of {result.total} right.", icon=":material/flag:")
    else:
        st.markdown(line)

    def reset() -> None:
        for item in ordered["id"]:
            st.session_state.pop(f"{prefix}_{item}", None)

    st.button("Start again", key=f"{prefix}_reset", on_click=reset, icon=":material/restart_alt:")


@st.fragment
def statement_sort(statements: pd.DataFrame) -> None:
    """Sort statements into operational ("what") and technical ("how") architecture."""
    st.subheader("Sort it: what or how?")
    st.caption("For each statement, decide whether it says what must happen or how it will happen.")
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


# --- Scalability and elasticity -----------------------------------------------------

LOAD_FIELDS: dict[str, Callable[[pd.Series], Any]] = {
    "peak": lambda r: int(r["peak"]),
    "spike_x": lambda r: float(r["spike_factor"]),
    "spike_min": lambda r: int(r["spike_minutes"]),
    "spike_at": lambda r: int(r["spike_hour"]),
    "fixed": lambda r: int(r["fixed_instances"]),
    "limits": lambda r: (int(r["min_instances"]), int(r["max_instances"])),
    "band": lambda r: (int(r["scale_down_at"]), int(r["scale_up_at"])),
    "cooldown": lambda r: int(r["cooldown"]),
    "startup": lambda r: int(r["startup"]),
}
"""Widgets of the elasticity lab and how each reads its value from a ``load_presets`` row."""


def _elasticity_runs(
    shape: el.LoadShape, policies: tuple[el.Policy, ...], service: el.Service
) -> dict[el.PolicyKind, pd.DataFrame]:
    # Simulating a day of minutes is the page's main cost: once per input, shared read-only.
    return el.compare_policies(el.simulate_load(shape, days=1, seed=0), list(policies), service)


def _elasticity_summary(shape: el.LoadShape, policies: tuple[el.Policy, ...], service: el.Service) -> pd.DataFrame:
    return el.summarise(cache.cached(_elasticity_runs, shape, policies, service))


def _elasticity_figure(shape: el.LoadShape, policies: tuple[el.Policy, ...], service: el.Service) -> go.Figure:
    return figures.build_elasticity_figure(cache.cached(_elasticity_runs, shape, policies, service))


def _cost_figure(shape: el.LoadShape, policies: tuple[el.Policy, ...], service: el.Service) -> go.Figure:
    return figures.build_cost_figure(cache.cached(_elasticity_summary, shape, policies, service))


@st.fragment
def elasticity_lab(presets: pd.DataFrame) -> None:
    """A day of load against fixed capacity, an autoscaler and scale to zero."""
    st.subheader("Fixed, autoscaling or scale to zero?")
    preset, default = _preset_picker(presets, "preset", "Scenario", LOAD_FIELDS)
    st.info(preset["lesson"], icon=":material/lightbulb:")
    load_col, capacity_col, scaler_col = st.columns(3)
    with load_col:
        st.markdown("**Load**")
        peak = st.slider("Daily peak (requests per minute)", 0, 5000, default["peak"], 50, key="peak", bind=BIND)
        spike_x = st.slider("Spike multiplies load by", 1.0, 60.0, default["spike_x"], 0.5, key="spike_x", bind=BIND)
        spike_min = st.slider("Spike length (minutes)", 0, 240, default["spike_min"], 10, key="spike_min", bind=BIND)
        spike_at = st.slider("Spike starts at hour", 0, 23, default["spike_at"], key="spike_at", bind=BIND)
    with capacity_col:
        st.markdown("**Capacity**")
        fixed = st.slider("Fixed capacity (instances)", 0, 200, default["fixed"], key="fixed", bind=BIND)
        low, high = st.slider(
            "Autoscaler keeps between (instances)", 1, 200, default["limits"], key="limits", bind=BIND
        )
        st.caption(
            f"One instance serves {preset['rate']:.0f} requests a minute and costs {preset['price_per_hour']}/h."
        )
    with scaler_col:
        st.markdown("**Autoscaler**")
        down, up = st.slider(
            "Scale in below / out above utilisation (%)", 5, 100, default["band"], 5, key="band", bind=BIND
        )
        cooldown = st.slider(
            "Cooldown after an action (minutes)", 0, 60, default["cooldown"], key="cooldown", bind=BIND
        )
        startup = st.slider("Start-up delay (minutes)", 0, 30, default["startup"], key="startup", bind=BIND)
    if down >= up:
        st.warning("The scale-in threshold must be below the scale-out threshold.", icon=":material/warning:")
        return
    shape = el.LoadShape(
        base=float(preset["base"]),
        peak=float(peak),
        peak_hour=float(preset["peak_hour"]),
        sharpness=float(preset["sharpness"]),
        spike_hour=float(spike_at),
        spike_minutes=spike_min,
        spike_factor=spike_x,
        jitter=float(preset["jitter"]),
    )
    service = el.Service(
        rate=float(preset["rate"]),
        price_per_hour=float(preset["price_per_hour"]),
        queue_limit=float(preset["queue_limit"]),
    )
    policies = tuple(el.policies(fixed, low, high, up / 100, down / 100, cooldown, startup))
    summary = cache.cached(_elasticity_summary, shape, policies, service)
    st.plotly_chart(cache.cached(_elasticity_figure, shape, policies, service), key="elasticity_chart")
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
    costs.plotly_chart(
        cache.cached(_cost_figure, shape, policies, service), key="elasticity_cost", config={"displayModeBar": False}
    )


# --- Availability and reliability ------------------------------------------------------

NINES_OPTIONS = [90.0, 95.0, 99.0, 99.5, 99.9, 99.95, 99.99, 99.999]
"""Availabilities a component can be given in the builder, in percent."""


def _percent(value: float) -> str:
    # No "%" sign: bound select sliders store this text in the URL, where it must stay plain.
    return f"{value:g}"


def _outages(stages: tuple[av.Stage, ...], years: int, mttr_hours: float) -> pd.DataFrame:
    return av.simulate_outages(stages, years, mttr_hours, seed=0)


def _downtime_figure(stages: tuple[av.Stage, ...], years: int, mttr_hours: float) -> go.Figure:
    expected_month = (1 - av.system_availability(stages)) * av.HOURS_PER_YEAR / 12
    monthly = av.downtime_by_month(cache.cached(_outages, stages, years, mttr_hours))
    return figures.build_downtime_figure(monthly, expected_month)


@st.fragment
def availability_lab(systems: pd.DataFrame, stages: pd.DataFrame) -> None:
    """Build a chain of stages with replicas; exact availability, nines, a failure simulation."""
    st.subheader("Build a system: series and parallel")
    options = sorted({*NINES_OPTIONS, *stages["availability"].astype(float)})
    chains = {system: group.sort_values("position") for system, group in stages.groupby("system")}
    fields: dict[str, Callable[[pd.Series], Any]] = {}
    for position in range(1, 5):
        fields[f"a{position}"] = partial(_stage_value, chains, position=position, column="availability", kind=float)
        fields[f"r{position}"] = partial(_stage_value, chains, position=position, column="replicas", kind=int)
    usable = systems[systems["id"].isin(list(chains))]
    if usable.empty:
        st.warning("No preset system has any stages.", icon=":material/warning:")
        return
    system, default = _preset_picker(usable, "system", "Preset system", fields)
    st.info(system["lesson"], icon=":material/lightbulb:")
    chain = chains[system.name]
    built: list[av.Stage] = []
    for column, stage in zip(st.columns(len(chain)), chain.itertuples(), strict=True):
        with column.container(border=True):
            st.markdown(f"**{stage.position}. {stage.name}**")
            percent = st.select_slider(
                "Availability of one copy (%)",
                options,
                default[f"a{stage.position}"],
                format_func=_percent,
                key=f"a{stage.position}",
                bind=BIND,
            )
            copies = st.slider(
                "Copies in parallel", 1, 3, default[f"r{stage.position}"], key=f"r{stage.position}", bind=BIND
            )
            built.append(av.Stage(stage.name, percent / 100, copies))
            st.caption(f"Stage: {av.stage_availability(built[-1]) * 100:.6g}%")
    exact = av.system_availability(built)
    first, second, third = st.columns(3)
    first.metric("System availability", f"{exact * 100:.5g}%")
    second.metric("Nines", f"{av.nines(exact):.2f}")
    third.metric("Downtime per year", av.format_duration((1 - exact) * av.HOURS_PER_YEAR))
    st.markdown(f"Series multiplies, parallel multiplies the chances of being down: `A = {av.formula(built)}`")
    st.dataframe(
        av.downtime_table(exact)[["period", "downtime"]],
        hide_index=True,
        column_config={"period": "Allowed downtime", "downtime": "at this availability"},
    )

    st.markdown("**Check it by simulation.** Every copy fails at random and is repaired; the clock measures uptime.")
    years = st.slider("Years to simulate", 1, 100, 10, key="years", bind=BIND)
    chain_key = tuple(built)
    mttr = float(system["mttr_hours"])
    measured = av.measured_availability(cache.cached(_outages, chain_key, years, mttr))
    left, right = st.columns(2)
    left.metric("Formula", f"{exact * 100:.4f}%")
    right.metric("Simulation", f"{measured * 100:.4f}%", f"{(measured - exact) * 100:+.4f} points", delta_color="off")
    st.plotly_chart(
        cache.cached(_downtime_figure, chain_key, years, mttr),
        key="downtime_chart",
        config={"displayModeBar": False},
    )
    st.caption(
        "Single months vary a lot; the longer the simulation, the closer the measured uptime gets to the formula."
    )

    st.markdown("**Single-tier or multitier, on the same components.**")
    server = st.select_slider(
        "Availability of one server (%)",
        options,
        float(system["server"]),
        format_func=_percent,
        key="server",
        bind=BIND,
    )
    tiers = av.single_vs_multitier(built, server / 100)
    st.dataframe(
        tiers.assign(availability=tiers["availability"] * 100),
        hide_index=True,
        column_config={
            "design": "Design",
            "availability": st.column_config.NumberColumn("Availability", format="%.4f%%"),
            "servers": "Servers",
            "downtime_per_year": "Downtime per year",
        },
    )
    st.caption("Separate tiers put more servers in the chain; the gain comes from replicating each tier on its own.")


def _stage_value(chains: dict[str, pd.DataFrame], system: pd.Series, position: int, column: str, kind: type) -> Any:
    """A stage's value in a preset (its row), or None if the preset has no stage at that position."""
    chain = chains.get(str(system.name))
    rows = chain[chain["position"] == position] if chain is not None else chain
    if rows is None or rows.empty:
        return None
    return kind(rows.iloc[0][column])


RELIABILITY_FIELDS: dict[str, Callable[[pd.Series], Any]] = {
    "late": lambda r: int(round(r["late_input_chance"] * 100)),
    "maintenance": lambda r: float(r["maintenance_hours"]),
    "job_at": lambda r: float(r["job_hour"]),
}
"""Widgets of the reliability lab and how each reads its value from a ``reliability_presets`` row."""


def _year_figure(config: av.ServiceYear) -> go.Figure:
    return figures.build_year_figure(cache.cached(av.simulate_service_year, config, seed=0))


@st.fragment
def reliability_lab(presets: pd.DataFrame) -> None:
    """A year of a daily job: availability (time up) against reliability (days meeting the standard)."""
    st.subheader("Available is not the same as reliable")
    preset, default = _preset_picker(presets, "case", "Case", RELIABILITY_FIELDS)
    st.info(preset["lesson"], icon=":material/lightbulb:")
    left, middle, right = st.columns(3)
    late = left.slider("Days the input arrives late (%)", 0, 50, default["late"], key="late", bind=BIND)
    maintenance = middle.slider(
        "Weekly maintenance (hours, from midnight)",
        0.0,
        6.0,
        default["maintenance"],
        0.5,
        format="%.1f",
        key="maintenance",
        bind=BIND,
    )
    job_at = right.slider(
        "Daily job starts at hour", 0.0, 23.5, default["job_at"], 0.5, format="%.1f", key="job_at", bind=BIND
    )
    config = av.ServiceYear(
        availability=float(preset["availability"]) / 100,
        mttr_hours=float(preset["mttr_hours"]),
        maintenance_hours=maintenance,
        late_input_chance=late / 100,
        job_hour=job_at,
        job_hours=float(preset["job_hours"]),
    )
    year = cache.cached(av.simulate_service_year, config, seed=0)
    availability, reliability = av.availability_and_reliability(year)
    first, second = st.columns(2)
    first.metric("Availability: share of minutes up", f"{availability * 100:.2f}%")
    second.metric("Reliability: share of days the job met its standard", f"{reliability * 100:.1f}%")
    st.plotly_chart(cache.cached(_year_figure, config), key="reliability_year", config={"displayModeBar": False})
    st.caption(
        f"The standard: input on time and the service up for the whole job, from {_clock(job_at)} for "
        f"{float(preset['job_hours']):g} hours. Each square is a day."
    )


def _clock(hours: float) -> str:
    return f"{int(hours):02d}:{round(hours % 1 * 60):02d}"


# --- Coupling ---------------------------------------------------------------------


def _service_picker(graph: Any, label: str, key: str, default: str, apps_only: bool = False) -> str:
    nodes = [n for n, d in graph.nodes(data=True) if not apps_only or d["kind"] == "app"]
    names = {n: graph.nodes[n]["name"] for n in nodes}
    start = default if default in nodes else nodes[0]
    return _choice(st.selectbox, label, nodes, key, start, format_func=lambda option: str(names[option]))


COUPLINGS = {"tight": "Tight (synchronous)", "loose": "Loose (queues, breakers)"}


def _cascade(services: pd.DataFrame, calls: pd.DataFrame, failed: str, mode: cp.Coupling) -> pd.DataFrame:
    return cp.simulate_cascade(cache.cached(cp.build_service_graph, services, calls), failed, mode)


def _blast_radius(services: pd.DataFrame, calls: pd.DataFrame, changed: str, arch: cp.Architecture) -> cp.Outcome:
    return cp.blast_radius(cache.cached(cp.build_service_graph, services, calls), changed, arch)


def _cascade_figure(
    services: pd.DataFrame, calls: pd.DataFrame, failed: str, mode: cp.Coupling, step: int
) -> go.Figure:
    graph = cache.cached(cp.build_service_graph, services, calls)
    shown = cp.cascade_at(cache.cached(_cascade, services, calls, failed, mode), step)
    return figures.build_service_figure(graph, shown, mode)


def _blast_figure(
    services: pd.DataFrame, calls: pd.DataFrame, changed: str, architecture: cp.Architecture
) -> go.Figure:
    graph = cache.cached(cp.build_service_graph, services, calls)
    outcome = cache.cached(_blast_radius, services, calls, changed, architecture)
    coupling: cp.Coupling = "tight" if architecture == "monolith" else "loose"
    return figures.build_service_figure(graph, outcome.cascade, coupling, cp.deploy_units(graph, architecture))


@st.fragment
def cascade_lab(services: pd.DataFrame, calls: pd.DataFrame) -> None:
    """One service fails; step the failure upstream under tight or loose coupling."""
    st.subheader("A failure cascade, step by step")
    graph = cache.cached(cp.build_service_graph, services, calls)
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
    cascade = cache.cached(_cascade, services, calls, failed, mode)
    with right:
        step = st.slider("Step", 0, len(graph), len(graph), key="step", bind=BIND)
    st.plotly_chart(cache.cached(_cascade_figure, services, calls, failed, mode, step), key="cascade_chart")
    tight = cache.cached(_cascade, services, calls, failed, "tight")
    loose = cache.cached(_cascade, services, calls, failed, "loose")

    def down(frame: pd.DataFrame) -> int:
        return int(frame["state"].isin(["origin", "failed"]).sum())

    first, second, third = st.columns(3)
    first.metric("Down under tight coupling", down(tight))
    second.metric("Down under loose coupling", down(loose))
    third.metric("Degraded but serving (loose)", int((loose["state"] == "degraded").sum()))
    st.caption(
        f"The failure travels {cp.failure_steps(cascade)} step(s); solid arrows carry a failure, "
        "dotted ones are calls the caller survives without."
    )
    protected = [
        {"caller": graph.nodes[a]["name"], "calls": graph.nodes[b]["name"], "how it keeps going": d["loose_via"]}
        for a, b, d in graph.edges(data=True)
        if b in set(loose.loc[loose["state"].isin(["origin", "failed"]), "service"])
    ]
    if protected:
        st.dataframe(pd.DataFrame(protected), hide_index=True)


@st.fragment
def monolith_lab(services: pd.DataFrame, calls: pd.DataFrame) -> None:
    """Ship a bad change to one service: what is redeployed, what goes down, per architecture."""
    st.subheader("Blast radius and independent deploys")
    graph = cache.cached(cp.build_service_graph, services, calls)
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
    outcome = cache.cached(_blast_radius, services, calls, changed, arch)
    st.plotly_chart(cache.cached(_blast_figure, services, calls, changed, arch), key="blast_chart")
    names = sorted(graph.nodes[s]["name"] for s in outcome.redeployed)
    st.markdown(
        f"Shipping it means redeploying **{len(names)}** service(s): {', '.join(names)}. "
        f"If the change crashes, **{outcome.down}** service(s) go down."
    )
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
        cache.cached(figures.build_routing_figure, ordered, routing),
        key="strangler_routing",
        config={"displayModeBar": False},
    )
    st.plotly_chart(
        cache.cached(figures.build_risk_figure, plan, cp.big_bang_risk(ordered)),
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
