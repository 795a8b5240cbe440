"""The three principle lists and the links between them."""

from __future__ import annotations

from studylab.content import Content
from studylab.principles import counterparts, framework_columns


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
