"""The MLOps pages' interactive parts: challenge and DevOps cards, drift, the registry, the roles.

Each page calls one function. Widgets live inside an ``st.fragment`` (moving a slider
reruns only that part) and are bound to the URL (``bind="query-params"``; the key is the
URL parameter), so a link reproduces what the student saw. The computing is done by
pure functions in ``studylab.labs.mlops.drift``, ``studylab.labs.mlops.registry``,
``studylab.labs.mlops.roles`` and ``studylab.labs.mlops.cards``; the people page's
parts are in :mod:`studylab.labs.mlops.roles_face`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.content.records import by_id
from studylab.labs.mlops import cards as mlops_cards
from studylab.labs.mlops import drift, registry, roles
from studylab.labs.mlops import figures as mf
from studylab.ui import cache
from studylab.ui import site as ui
from studylab.ui.cache import FrozenFigure
from studylab.ui.controls import control_groups
from studylab.ui.site import query_link

# --- Shared ---------------------------------------------------------------------------


def usable_tables(*names: str) -> list[pd.DataFrame] | None:
    """The named tables, or None (their errors are shown) if any cannot be used."""
    frames = [ui.table(name) for name in names]
    usable = [frame for frame in frames if frame is not None]
    return usable if len(usable) == len(frames) else None


# --- Cards: challenges, DevOps and the life cycle ------------------------------------


CARD_TABLES = ("mlops_cards", "mlops_card_stages", "diagram_nodes", "diagram_node_roles", "mlops_roles")


def _card_view(
    cards: pd.DataFrame,
    links: pd.DataFrame,
    nodes: pd.DataFrame,
    node_roles: pd.DataFrame,
    items: pd.DataFrame,
    kind: str,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], dict[str, list[str]]]:
    """One kind's cards, each card's stages and the roles who feel it (once per content version; read-only)."""
    mine = mlops_cards.cards_of(cards, kind).set_index("id", drop=False)
    names = roles.role_names(items)
    touched = {card: mlops_cards.card_stages(card, links, nodes) for card in mine.index}
    who = {
        card: list(mlops_cards.stage_roles(list(stages["id"]), node_roles, names)["role"]) if not stages.empty else []
        for card, stages in touched.items()
    }
    return mine, touched, who


@st.fragment
def card_explorer(kind: str) -> None:
    """The cards of one kind; pick one to see its life-cycle stages, who cares, and where to see it."""
    if usable_tables(*CARD_TABLES) is None:
        return
    mine, stages_of, who_of = cache.cached(_card_view, *(cache.Table(name) for name in CARD_TABLES), kind)
    if mine.empty:
        st.info(f"No cards of kind `{kind}` in `data/mlops_cards.csv`.")
        return
    st.subheader(mlops_cards.KINDS[kind])
    for start in range(0, len(mine), 3):
        for column, card in zip(st.columns(3), mine.iloc[start : start + 3].itertuples(), strict=False):
            with column.container(border=True):
                st.markdown(f"**{card.title}**")
                st.caption(card.summary)
                labels = stages_of[card.id]["label"]
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
        touched = stages_of[picked]
        if not touched.empty:
            st.markdown("**Where it shows in the model life cycle**")
            st.markdown("\n".join(f"- **{row.label}**: {row.note}" for row in touched.itertuples()))
            if who_of[picked]:
                st.markdown("**Who feels it**: " + ", ".join(who_of[picked]))
        if isinstance(card["link"], str) and card["link"]:
            query_link(card["link"], "See it happen")


LIFE_CYCLE_TABLES = ("mlops_cards", "mlops_card_stages", "diagram_nodes")


def _life_cycle_view(
    cards: pd.DataFrame, links: pd.DataFrame, nodes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stages in order, and the cards-by-stages table with a dot where they meet (read-only)."""
    matrix = mlops_cards.card_stage_matrix(cards, links, nodes)
    marks = matrix.drop(columns="Kind").map(lambda linked: "●" if linked else "")
    return mlops_cards.stages(nodes), pd.concat([matrix[["Kind"]], marks], axis=1)


@st.fragment
def life_cycle_cards() -> None:
    """Which challenges and DevOps ideas meet each life-cycle stage: a matrix, then one stage in detail."""
    tables = usable_tables(*LIFE_CYCLE_TABLES)
    if tables is None:
        return
    cards, links, _ = tables
    order, shown = cache.cached(_life_cycle_view, *(cache.Table(name) for name in LIFE_CYCLE_TABLES))
    if order.empty:
        st.info("The model life cycle diagram has no stages yet.")
        return
    st.subheader("Challenges and DevOps ideas along the life cycle")
    # A static table wraps the stage names in its header, so all seven stages fit.
    st.table(shown)
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


def _drift_view(inputs: drift.DriftInputs, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, go.Figure]:
    """The simulation, its summary and its figure: a pure function of the frozen inputs and the seed."""
    frame = drift.simulate_inputs(inputs, seed)
    figure = mf.build_drift_figure(frame, inputs.monitoring, inputs.environment)
    return frame, drift.summarise_policies(frame, inputs.monitoring), FrozenFigure(figure)


@st.fragment
def drift_lab() -> None:
    """The drift simulation: preset, environment switch, monitoring and retraining settings, results."""
    tables = usable_tables("drift_presets", "sim_controls")
    if tables is None:
        return
    table, controls = tables
    presets = cache.cached(by_id, table)
    if not presets:
        st.info("No presets in `data/drift_presets.csv`.")
        return
    ids = list(presets)
    st.subheader("Simulation: a deployed model meets drifting data")
    top = st.columns([3, 2], vertical_alignment="bottom")
    with top[0]:
        chosen = st.segmented_control(
            "How the input data drifts",
            ids,
            format_func=lambda pid: str(presets[pid]["title"]),
            default=ids[1] if len(ids) > 1 else ids[0],
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
    preset = presets[chosen or ids[0]]
    st.caption(preset["description"])
    with st.expander("Monitoring, retraining and environment settings", expanded=True):
        values = control_groups(controls, "model_drift", skip=() if differs else ("Environment",))
        seed = st.number_input(
            "Seed", 0, 10_000, 0, key="seed", bind="query-params", help="Another seed draws other noise."
        )
    inputs = drift.drift_inputs(preset, values, differs=bool(differs))
    environment = inputs.environment
    frame, summary, figure = cache.cached(_drift_view, inputs, int(seed))
    st.plotly_chart(figure, width="stretch")
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


def _curve_settings(settings: registry.Registry) -> registry.Registry:
    """Only the settings the holdout-size curve depends on; the rest at their defaults (a stable cache key)."""
    return registry.Registry(
        base_accuracy=settings.base_accuracy,
        decay=settings.decay,
        challenger_sd=settings.challenger_sd,
        margin=settings.margin,
    )


def _error_curve(settings: registry.Registry, seed: int, holdout: int) -> go.Figure:
    """The holdout-size curve: most slider moves do not change what it depends on."""
    return FrozenFigure(mf.build_error_curve_figure(registry.promotion_error_curve(settings, seed=seed), holdout))


@dataclass(frozen=True)
class RegistryView:
    """One registry run and everything drawn from it but a single model's history."""

    frame: pd.DataFrame
    summary: dict[str, float]
    fleet: go.Figure
    quality: go.Figure


def _registry_view(settings: registry.Registry, seed: int) -> RegistryView:
    frame = registry.simulate_registry(settings, seed=seed)
    fleet = registry.fleet_over_time(frame)
    return RegistryView(
        frame=frame,
        summary=registry.summarise_registry(frame),
        fleet=FrozenFigure(mf.build_fleet_figure(fleet)),
        quality=FrozenFigure(mf.build_quality_figure(fleet, settings.base_accuracy)),
    )


def _timeline(settings: registry.Registry, seed: int, model: int) -> tuple[pd.DataFrame, go.Figure]:
    history = registry.version_history(
        cache.cached(_registry_view, settings, seed).frame, model, settings.base_accuracy
    )
    return history, FrozenFigure(mf.build_timeline_figure(history))


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
    settings = registry.registry_settings(values)
    view = cache.cached(_registry_view, settings, int(seed))
    summary = view.summary
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
    left, right = st.columns(2)
    left.plotly_chart(view.fleet, width="stretch")
    right.plotly_chart(
        cache.cached(_error_curve, _curve_settings(settings), int(seed), settings.holdout), width="stretch"
    )
    st.plotly_chart(view.quality, width="stretch")
    st.markdown("**One model's versions**")
    model = st.number_input(
        "Model number", 1, settings.models, 1, key="model", bind="query-params", help="Any model of the registry."
    )
    history, timeline = cache.cached(_timeline, settings, int(seed), int(model))
    st.plotly_chart(timeline, width="stretch")
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
