"""The three principle lists and the links between them."""

from __future__ import annotations

from studylab.content.loader import Content
from studylab.labs.qualities.principles import (
    build_principle_graph,
    counterparts,
    framework_columns,
    principle_positions,
)


def test_list_sizes_match_the_chapter(content: Content) -> None:
    sizes = content.table("principles").groupby("framework").size().to_dict()
    assert sizes == {"aws": 6, "google": 5, "authors": 9}


def test_framework_columns_keep_each_lists_order(content: Content) -> None:
    columns = framework_columns(content.table("principles"))
    assert list(columns["AWS Well-Architected"][:2]) == ["Operational excellence", "Security"]
    assert columns["Google Cloud"].iloc[4] == "Always be architecting"
    assert (columns["Google Cloud"] == "").sum() == 4  # 9 rows, 5 principles


def test_counterparts_work_in_both_directions(content: Content) -> None:
    principles, links = content.table("principles"), content.table("principle_links")
    link = links.iloc[0]
    forward = counterparts(principles, links, link["source"])
    backward = counterparts(principles, links, link["target"])
    target_name = principles.set_index("id").loc[link["target"], "name"]
    source_name = principles.set_index("id").loc[link["source"], "name"]
    assert target_name in set(forward["name"])
    assert source_name in set(backward["name"])


def test_every_external_principle_is_mapped(content: Content) -> None:
    principles, links = content.table("principles"), content.table("principle_links")
    external = set(principles[principles["framework"] != "authors"]["id"])
    assert external <= set(links["target"]) | set(links["source"])


def test_graph_has_every_principle_and_link(content: Content) -> None:
    principles, links = content.table("principles"), content.table("principle_links")
    graph = build_principle_graph(principles, links)
    assert graph.number_of_nodes() == 20 and graph.number_of_edges() == len(links)
    assert graph.edges["authors_embrace_finops", "aws_cost_optimization"]["note"]
    # Every link joins the authors' list to another: the map is bipartite.
    assert all(
        (graph.nodes[a]["framework"] == "authors") != (graph.nodes[b]["framework"] == "authors") for a, b in graph.edges
    )


def test_counterparts_in_the_graph_match_the_table(content: Content) -> None:
    principles, links = content.table("principles"), content.table("principle_links")
    graph = build_principle_graph(principles, links)
    names = principles.set_index("id")["name"]
    for principle in principles["id"]:
        assert {names[n] for n in graph.neighbors(principle)} == set(counterparts(principles, links, principle)["name"])
    assert list(graph.neighbors("authors_architecture_is_leadership")) == []


def test_layout_puts_the_authors_left_and_keeps_each_lists_order(content: Content) -> None:
    graph = build_principle_graph(content.table("principles"), content.table("principle_links"))
    positions = principle_positions(graph)
    assert {positions[n][0] for n, d in graph.nodes(data=True) if d["framework"] == "authors"} == {0.0}
    assert {positions[n][0] for n, d in graph.nodes(data=True) if d["framework"] != "authors"} == {1.0}
    authors = sorted(
        (n for n, d in graph.nodes(data=True) if d["framework"] == "authors"), key=lambda n: graph.nodes[n]["order"]
    )
    ys = [positions[n][1] for n in authors]
    assert ys == sorted(ys, reverse=True)  # first principle on top
    aws_lowest = min(positions[n][1] for n, d in graph.nodes(data=True) if d["framework"] == "aws")
    google_highest = max(positions[n][1] for n, d in graph.nodes(data=True) if d["framework"] == "google")
    assert aws_lowest > google_highest
