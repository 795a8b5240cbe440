"""Every interactive part a topic page can show, registered once by id.

A topic lists what its page shows in its front matter (``shows: [diagram, lambda_lab]``);
the page script is the same two lines for every topic (:func:`studylab.topic_face.topic_page`).
An exhibit names the face function that draws it, as ``module:function`` so nothing is
imported until a page needs it (the engines, for one, load DuckDB and Delta Lake), and the
tables the function is given, in order. ``topic`` passes the topic's id first.

To add an exhibit: write the face function in its family's ``face.py`` and add one line to
:data:`EXHIBITS`; ``python -m studylab check`` then accepts its id in front matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from studylab.content.loader import Content, ContentError
from studylab.content.schemas import TABLES


@dataclass(frozen=True)
class Exhibit:
    """One interactive part of a topic page."""

    id: str
    face: str
    """``module:function`` of the face that draws it."""
    tables: tuple[str, ...] = ()
    """Tables (``data/<name>.csv``) passed to the function, in order; it is skipped if one cannot be read."""
    topic: bool = False
    """Whether the topic's id is passed first (the diagram explorer draws the topic's diagram)."""
    args: tuple[str, ...] = ()
    """Fixed arguments passed after the topic id."""


_STREAMING = "studylab.labs.streaming.face"
_LAMBDA_KAPPA = "studylab.labs.streaming.lambda_kappa_face"
_QUALITIES = "studylab.labs.qualities.face"
_SYSTEMS = "studylab.labs.qualities.systems_face"
_ENGINES = "studylab.labs.engines"
_MLOPS = "studylab.labs.mlops.face"
_DIAGRAMS = "studylab.labs.diagrams.face"

EXHIBITS: dict[str, Exhibit] = {
    e.id: e
    for e in (
        Exhibit("diagram", f"{_DIAGRAMS}:explorer", topic=True),
        Exhibit("dataflow_lab", f"{_STREAMING}:dataflow_lab"),
        Exhibit("lambda_lab", f"{_LAMBDA_KAPPA}:lambda_lab"),
        Exhibit("kappa_lab", f"{_LAMBDA_KAPPA}:kappa_lab"),
        Exhibit("elasticity_lab", f"{_SYSTEMS}:elasticity_lab", ("load_presets",)),
        Exhibit("availability_lab", f"{_SYSTEMS}:availability_lab", ("availability_systems", "availability_stages")),
        Exhibit(
            "tiers_lab",
            f"{_SYSTEMS}:tiers_lab",
            ("availability_systems", "availability_stages"),
            args=("web_three_tier",),
        ),
        Exhibit("reliability_lab", f"{_SYSTEMS}:reliability_lab", ("reliability_presets",)),
        Exhibit("cascade_lab", f"{_QUALITIES}:cascade_lab", ("service_nodes", "service_calls")),
        Exhibit("monolith_lab", f"{_QUALITIES}:monolith_lab", ("service_nodes", "service_calls")),
        Exhibit("strangler_lab", f"{_QUALITIES}:strangler_lab", ("strangler_routes",)),
        Exhibit("shiny_object_exercise", f"{_QUALITIES}:shiny_object_exercise", ("shiny_object_cases",)),
        Exhibit("statement_sort", f"{_QUALITIES}:statement_sort", ("architecture_statements",)),
        Exhibit("principle_mapper", f"{_QUALITIES}:principle_mapper", ("principles", "principle_links")),
        Exhibit("drills", "studylab.labs.qualities.drills_face:drills", ("drills", "drill_cards"), topic=True),
        Exhibit("scenario_cards", f"{_QUALITIES}:scenario_cards", ("principle_scenarios", "principles")),
        Exhibit("warehouse_lab", f"{_ENGINES}.warehouse_face:warehouse_lab"),
        Exhibit("lake_lab", f"{_ENGINES}.lake_face:lake_lab"),
        Exhibit("lakehouse_lab", f"{_ENGINES}.lakehouse_face:lakehouse_lab"),
        Exhibit("stack_builder", f"{_ENGINES}.stack_face:stack_builder"),
        Exhibit("challenge_cards", f"{_MLOPS}:card_explorer", args=("challenge",)),
        Exhibit("devops_cards", f"{_MLOPS}:card_explorer", args=("devops",)),
        Exhibit("life_cycle_cards", f"{_MLOPS}:life_cycle_cards"),
        Exhibit("drift_lab", f"{_MLOPS}:drift_lab"),
        Exhibit("registry_lab", f"{_MLOPS}:registry_lab"),
        Exhibit("roles_explorer", "studylab.labs.mlops.roles_face:roles_explorer"),
    )
}


def _check_drills(content: Content) -> list[ContentError]:
    """Drills whose cards do not fit them, and drills on a topic whose page does not show them."""
    from studylab.labs.qualities.drills import check_drills

    try:
        table, cards = content.table("drills"), content.table("drill_cards")
    except ContentError:
        return []  # the table's own problem is reported by the loader
    problems = [ContentError("data/drill_cards.csv", f"drill {d}", p) for d, p in check_drills(table, cards)]
    for topic_id in sorted(set(table["topic"])):
        topic = content.topics.get(topic_id)
        if topic is not None and "drills" not in topic.meta.shows:
            problems.append(ContentError(topic.path, "field shows", "the topic has drills but does not show 'drills'"))
    return problems


def check_exhibits(content: Content) -> list[ContentError]:
    """Every ``shows`` entry that names no exhibit, and every exhibit table that is not declared."""
    problems: list[ContentError] = []
    for topic in content.topics.values():
        for name in topic.meta.shows:
            if name not in EXHIBITS:
                known = ", ".join(sorted(EXHIBITS))
                problems.append(ContentError(topic.path, "field shows", f"unknown exhibit {name!r} (one of: {known})"))
    problems += _check_drills(content)
    declared = {spec.name for spec in TABLES}
    for exhibit in EXHIBITS.values():
        for name in exhibit.tables:
            if name not in declared:
                problems.append(ContentError("studylab/exhibits.py", exhibit.id, f"no table {name!r} is declared"))
    return problems
