"""The build-your-stack exercise scores a stack from the layer and tool-type tables."""

from __future__ import annotations

import pandas as pd
import pytest

from studylab.content.loader import Content
from studylab.labs.engines.data_stack import CRITERIA, options_by_layer, score_stack


@pytest.fixture(scope="module")
def tables(content: Content) -> tuple[pd.DataFrame, pd.DataFrame]:
    return content.table("mds_layers"), content.table("mds_options")


def test_every_layer_offers_modern_and_older_tool_types(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    layers, options = tables
    by_layer = options.groupby("layer")["modern"].agg(set)
    assert set(by_layer.index) == set(layers["id"])
    assert all(kinds == {True, False} for kinds in by_layer)


def test_an_empty_stack_scores_zero_and_says_what_is_missing(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    layers, options = tables
    scores, feedback = score_stack(layers, options, {})
    assert scores == dict.fromkeys(CRITERIA, 0.0)
    assert list(feedback["note"]) == list(layers.sort_values("order")["if_missing"])


def test_the_best_rated_stack_scores_highest(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    layers, options = tables
    rated = options.assign(total=options["self_service"] + options["agility"] + options["pricing_clarity"])
    best = {layer: group.sort_values("total").iloc[-1]["id"] for layer, group in rated.groupby("layer")}
    worst = {layer: group.sort_values("total").iloc[0]["id"] for layer, group in rated.groupby("layer")}
    best_scores, feedback = score_stack(layers, options, best)
    worst_scores, _ = score_stack(layers, options, worst)
    assert best_scores["coverage"] == worst_scores["coverage"] == 100.0
    assert sum(best_scores.values()) > sum(worst_scores.values())
    assert feedback["tool_type"].notna().all()


def test_a_tool_type_from_another_layer_is_ignored(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    layers, options = tables
    scores, feedback = score_stack(layers, options, {"ingestion": "cloud_warehouse"})
    assert scores["coverage"] == 0.0
    assert feedback["tool_type"].isna().all()


def test_options_by_layer_keeps_table_order(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, options = tables
    grouped = options_by_layer(options)
    assert grouped["ingestion"] == list(options[options["layer"] == "ingestion"]["id"])
