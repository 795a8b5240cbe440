"""The people-of-MLOps table is faithful; the roles x needs graph, its scenarios and the exercise hold up."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylab.content.loader import Content
from studylab.labs.mlops.figures import build_roles_figure
from studylab.labs.mlops.roles import (
    NEED,
    ROLE,
    affected_roles,
    build_roles_graph,
    clicked_node,
    dangling_links,
    focus,
    grade_matching,
    inconsistent_break_links,
    layout_positions,
    matching_round,
    nodes_of,
    requirements,
    role_need_matrix,
    role_table,
    shared_needs,
    unmapped_requirements,
)

# (life-cycle items, requirement items) per role, counted in Introducing MLOps ch. 2's table.
SOURCE_SHAPE = {
    "Subject Matter Experts": (2, 2),
    "Data Scientists": (3, 4),
    "Data Engineers": (1, 2),
    "Software Engineers": (2, 2),
    "DevOps": (1, 3),
    "Model Risk Managers/Auditors": (2, 1),
    "Machine Learning Architects": (2, 2),
}


def test_seven_roles_in_the_books_order(content: Content) -> None:
    table = role_table(content.table("mlops_roles"))
    assert list(table["role"]) == list(SOURCE_SHAPE)


def test_every_item_of_the_source_is_there(content: Content) -> None:
    table = role_table(content.table("mlops_roles"))
    shape = {row.role: (len(row.life_cycle), len(row.requirements)) for row in table.itertuples()}
    assert shape == SOURCE_SHAPE


def test_items_keep_the_source_order(content: Content) -> None:
    table = role_table(content.table("mlops_roles")).set_index("role")
    assert table.loc["DevOps", "requirements"][0].startswith("Continuous Integration/Continuous Delivery")
    assert table.loc["Data Scientists", "life_cycle"][0].startswith("Build models")


# --- Needs, the graph, break scenarios and the matching exercise -------------------------

# Every MLOps requirement of Introducing MLOps ch. 2's table, word for word.
SOURCE_REQUIREMENTS = {
    "Subject Matter Experts": [
        "Easy way to understand deployed model performance in business terms.",
        "Mechanism or feedback loop for flagging model results that don't align with business expectations.",
    ],
    "Data Scientists": [
        "Automated model packaging and delivery for quick and easy (yet safe) deployment to production.",
        "Ability to develop tests to determine the quality of deployed models and to make continual improvements.",
        "Visibility into the performance of all deployed models (including side-by-side for tests) from one "
        "central location.",
        "Ability to investigate data pipelines of each model to make quick assessments and adjustments regardless "
        "of who originally built the model.",
    ],
    "Data Engineers": [
        "Visibility into performance of all deployed models.",
        "Ability to see the full details of individual data pipelines to address underlying data plumbing issues.",
    ],
    "Software Engineers": [
        "Versioning and automatic tests.",
        "The ability to work in parallel on the same application.",
    ],
    "DevOps": [
        "Continuous Integration/Continuous Delivery (CI/CD) pipeline management.",
        "Seamless integration of MLOps into the larger DevOps strategy of the enterprise.",
        "Seamless deployment pipeline.",
    ],
    "Model Risk Managers/Auditors": [
        "Robust, likely automated, reporting tools on all models (currently or ever in production), including "
        "data lineage.",
    ],
    "Machine Learning Architects": [
        "High-level overview of models and their resources consumed.",
        "Ability to drill down into data pipelines to assess and adjust infrastructure needs.",
    ],
}


@pytest.fixture(scope="module")
def graph(content: Content) -> nx.Graph:
    return build_roles_graph(
        content.table("mlops_roles"), content.table("mlops_needs"), content.table("mlops_requirement_needs")
    )


def test_the_csv_has_all_seven_roles_and_every_requirement_word_for_word(content: Content) -> None:
    table = role_table(content.table("mlops_roles"))
    assert dict(zip(table["role"], table["requirements"], strict=True)) == SOURCE_REQUIREMENTS


def test_every_requirement_expresses_a_need_and_every_link_names_a_requirement(content: Content) -> None:
    items, mapping = content.table("mlops_roles"), content.table("mlops_requirement_needs")
    assert unmapped_requirements(items, mapping).empty
    assert dangling_links(items, mapping).empty


def test_the_graph_links_only_roles_to_needs(content: Content, graph: nx.Graph) -> None:
    assert len(nodes_of(graph, ROLE)) == 7
    assert len(nodes_of(graph, NEED)) == len(content.table("mlops_needs"))
    for a, b in graph.edges:
        assert {graph.nodes[a]["kind"], graph.nodes[b]["kind"]} == {ROLE, NEED}
    texts = [t for _, _, reqs in graph.edges(data="requirements") for t in reqs]
    assert set(texts) == set(requirements(content.table("mlops_roles"))["text"])


def test_the_matrix_counts_each_requirement_need_link_once(content: Content, graph: nx.Graph) -> None:
    matrix = role_need_matrix(graph)
    assert matrix.shape == (7, len(nodes_of(graph, NEED)))
    assert int(matrix.to_numpy().sum()) == len(content.table("mlops_requirement_needs"))
    assert matrix.loc["DevOps", "Automated path to production"] == 2


def test_focus_on_a_role_shows_the_roles_that_share_its_needs(graph: nx.Graph) -> None:
    shown = focus(graph, "data_engineers")
    assert {"performance_visibility", "pipeline_drilldown"} <= shown
    assert {"subject_matter_experts", "data_scientists", "ml_architects"} <= shown
    assert "devops" not in shown
    assert focus(graph, None) == set(graph.nodes)
    assert focus(graph, "nonsense") == set(graph.nodes)


def test_some_needs_are_shared_by_several_roles(graph: nx.Graph) -> None:
    shared = shared_needs(graph)
    top = shared.iloc[0]
    assert top["count"] == 3 and top["need"] in {"See how models perform", "Drill into data pipelines"}


def test_every_break_scenario_names_roles_that_really_have_the_need(content: Content, graph: nx.Graph) -> None:
    links = content.table("mlops_break_roles")
    assert inconsistent_break_links(graph, links).empty
    for scenario in content.table("mlops_breaks")["id"]:
        assert len(affected_roles(graph, links, scenario)) >= 2


def test_the_three_named_breaks_hit_the_expected_roles(content: Content, graph: nx.Graph) -> None:
    links = content.table("mlops_break_roles")
    hit = {s: {i.role_id for i in affected_roles(graph, links, s)} for s in ("pipeline", "accuracy", "audit")}
    assert "data_engineers" in hit["pipeline"]
    assert {"subject_matter_experts", "data_scientists"} <= hit["accuracy"]
    assert "model_risk_managers" in hit["audit"]
    audit = affected_roles(graph, links, "audit")
    auditors = next(i for i in audit if i.role_id == "model_risk_managers")
    assert "data lineage" in auditors.requirements[0]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 7))
def test_a_matching_round_is_seeded_and_spans_distinct_roles(content: Content, seed: int, size: int) -> None:
    items = content.table("mlops_roles")
    first = matching_round(items, size, seed)
    pd.testing.assert_frame_equal(first, matching_round(items, size, seed))
    assert len(first) == size
    assert first["role_id"].is_unique
    assert set(first["text"]) <= set(requirements(items)["text"])


def test_grading_marks_right_wrong_and_near_misses(content: Content, graph: nx.Graph) -> None:
    items = content.table("mlops_roles")
    round_ = pd.DataFrame(
        {
            "text": ["Visibility into performance of all deployed models.", "Seamless deployment pipeline."],
            "role_id": ["data_engineers", "devops"],
            "role": ["Data Engineers", "DevOps"],
        }
    )
    graded = grade_matching(round_, ["data_scientists", None], graph)
    assert list(graded["correct"]) == [False, False]
    assert list(graded["shares_need"]) == [True, False]
    right = grade_matching(round_, ["data_engineers", "devops"], graph)
    assert right["correct"].all()
    assert len(matching_round(items, 20, 0)) == len(requirements(items))


def test_clicks_on_the_graph_name_a_node() -> None:
    assert clicked_node({"selection": {"points": [{"customdata": "devops"}]}}) == "devops"
    assert clicked_node({"selection": {"points": [{"customdata": ["ml_architects"]}]}}) == "ml_architects"
    assert clicked_node({"selection": {"points": []}}) is None
    assert clicked_node(None) is None


def test_the_figure_puts_roles_left_and_greys_what_is_not_shown(graph: nx.Graph) -> None:
    positions = layout_positions(graph)
    assert {positions[r][0] for r in nodes_of(graph, ROLE)} == {0.0}
    assert {positions[n][0] for n in nodes_of(graph, NEED)} == {1.0}
    figure = build_roles_figure(graph, focus(graph, "devops"), "devops")
    roles_trace = next(t for t in figure.data if t.name == "Role")
    colours = dict(zip(roles_trace.customdata, roles_trace.marker.color, strict=True))
    assert colours["devops"] != colours["subject_matter_experts"]
