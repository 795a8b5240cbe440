"""The "build your stack" exercise of the modern data stack: a tool type per layer, scored.

The layers and the tool types (with their self-service, agility and pricing-clarity
ratings and a note each) are in ``data/mds_layers.csv`` and ``data/mds_options.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

CRITERIA = {
    "coverage": "Layers covered",
    "self_service": "Self-service",
    "agility": "Agile data management",
    "pricing_clarity": "Clear pricing",
}
"""Score names and their labels, each 0-100 %."""


def options_by_layer(options: pd.DataFrame) -> dict[str, list[str]]:
    """Layer id -> the ids of the tool types that can fill it, in table order."""
    return {layer: list(group["id"]) for layer, group in options.groupby("layer", sort=False)}


def score_stack(
    layers: pd.DataFrame, options: pd.DataFrame, choices: Mapping[str, str | None]
) -> tuple[dict[str, float], pd.DataFrame]:
    """Score a stack (layer id -> option id, or None for an empty layer).

    Returns the scores of :data:`CRITERIA` (0-100; the three ratings are averaged over
    every layer, an empty layer counting as 0) and one feedback row per layer, in
    order: the layer, the chosen tool type (or None), whether it is modern, its pricing
    and the note to read (the tool's trade-off, or what goes wrong without the layer).
    """
    by_id = options.set_index("id")
    rows = []
    for layer in layers.sort_values("order").itertuples():
        option_id = choices.get(layer.id)
        if option_id is not None and option_id in by_id.index and by_id.loc[option_id, "layer"] == layer.id:
            option = by_id.loc[option_id]
            rows.append(
                {
                    "layer": layer.name,
                    "tool_type": option["tool_type"],
                    "modern": bool(option["modern"]),
                    "pricing": option["pricing"],
                    "self_service": int(option["self_service"]),
                    "agility": int(option["agility"]),
                    "pricing_clarity": int(option["pricing_clarity"]),
                    "note": option["note"],
                }
            )
        else:
            rows.append(
                {
                    "layer": layer.name,
                    "tool_type": None,
                    "modern": False,
                    "pricing": None,
                    "self_service": 0,
                    "agility": 0,
                    "pricing_clarity": 0,
                    "note": layer.if_missing,
                }
            )
    feedback = pd.DataFrame(rows)
    n = max(len(feedback), 1)
    scores = {
        "coverage": 100 * feedback["tool_type"].notna().sum() / n,
        **{name: 100 * feedback[name].sum() / (2 * n) for name in ("self_service", "agility", "pricing_clarity")},
    }
    return {k: float(v) for k, v in scores.items()}, feedback
