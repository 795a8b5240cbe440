"""The data lake: mixed-format files, schema-on-read, and a swamp that forms deterministically."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylab.content.loader import Content
from studylab.labs.engines.lake import (
    SWAMP_METRICS,
    apply_schema,
    build_raw_lake,
    dated_sales,
    lake_monthly_revenue,
    list_lake,
    read_with_schema,
    sales_rows,
    simulate_swamp,
)
from tests.labs.engines.support import star_from


@pytest.fixture(scope="module")
def star(content: Content) -> dict[str, pd.DataFrame]:
    return star_from(content)


@pytest.fixture(scope="module")
def lake(star: dict[str, pd.DataFrame], content: Content) -> Iterator[tuple[Path, pd.DataFrame]]:
    with tempfile.TemporaryDirectory() as folder:
        listing = build_raw_lake(Path(folder), star, content.table("lake_files"), seed=5)
        yield Path(folder), listing


@pytest.fixture(scope="module")
def presets(content: Content) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in content.table("lake_presets").to_dict("records")}


# --- Files of mixed formats ------------------------------------------------------------------


def test_the_lake_holds_every_format(lake: tuple[Path, pd.DataFrame]) -> None:
    root, listing = lake
    on_disk = list_lake(root)
    assert sorted(on_disk["path"]) == sorted(listing["path"])
    assert set(on_disk["format"]) == {"csv", "jsonl", "parquet", "text"}
    assert (on_disk["bytes"] > 0).all()


def test_the_lake_is_reproducible(star: dict[str, pd.DataFrame], content: Content) -> None:
    contents = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as folder:
            build_raw_lake(Path(folder), star, content.table("lake_files"), seed=5)
            contents.append({p.name: p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()})
    assert contents[0] == contents[1]


# --- Schema-on-read ------------------------------------------------------------------------------


def test_a_file_that_matches_the_schema_reads_cleanly(lake: tuple[Path, pd.DataFrame], star: dict[str, Any]) -> None:
    root, _ = lake
    result = read_with_schema(root / "sales/2024-03.csv", "sales_v1")
    assert result.problems == []
    expected = sales_rows(dated_sales(star), "2024-03", "v1")
    assert list(result.frame["sale_id"]) == list(expected["sale_id"])
    assert result.frame["revenue"].sum() == pytest.approx(expected["revenue"].sum())


def test_json_lines_read_with_the_same_schema(lake: tuple[Path, pd.DataFrame]) -> None:
    root, _ = lake
    result = read_with_schema(root / "sales/2025-02.jsonl", "sales_v1")
    assert result.problems == []
    assert result.frame["day"].notna().all()


def test_a_drifted_file_breaks_the_old_schema_silently(lake: tuple[Path, pd.DataFrame]) -> None:
    root, _ = lake
    result = read_with_schema(root / "sales/2025-08.csv", "sales_v1")
    assert any("'revenue' is missing" in p for p in result.problems)
    assert any("'day' could not be read as date" in p for p in result.problems)
    assert result.frame["revenue"].isna().all()


def test_the_same_file_fits_the_new_schema(lake: tuple[Path, pd.DataFrame]) -> None:
    root, _ = lake
    result = read_with_schema(root / "sales/2025-08.csv", "sales_v2")
    assert result.problems == []
    assert result.frame["amount_eur"].notna().all()


def test_apply_schema_reports_values_that_do_not_fit() -> None:
    raw = pd.DataFrame({"n": ["1", "two", "3"], "extra": ["a", "b", "c"]})
    result = apply_schema(raw, {"n": "int"})
    assert result.problems == [
        "1 of 3 values of 'n' could not be read as int",
        "columns not in the schema were ignored: extra",
    ]
    assert result.frame["n"].tolist()[0] == 1 and pd.isna(result.frame["n"].tolist()[1])


def test_the_lake_report_loses_exactly_the_drifted_months(
    lake: tuple[Path, pd.DataFrame], star: dict[str, pd.DataFrame], content: Content
) -> None:
    root, listing = lake
    report = lake_monthly_revenue(root, listing).set_index("month")
    manifest = content.table("lake_files").set_index("id")
    drifted = {m for m in report.index if m >= manifest.loc["sales_2025_drift", "first_month"]}
    assert set(report.index[report["revenue"].isna()]) == drifted
    truth = dated_sales(star).groupby("year_month")["revenue"].sum()
    fine = report.dropna(subset=["revenue"])
    assert fine["revenue"].to_numpy() == pytest.approx(truth.loc[fine.index].to_numpy())


# --- The swamp simulation ----------------------------------------------------------------------


def test_the_swamp_is_deterministic_for_a_seed(presets: dict[str, dict[str, Any]]) -> None:
    for preset in presets.values():
        first = simulate_swamp(preset, catalog=True, ownership=False, enforcement=True)
        again = simulate_swamp(preset, catalog=True, ownership=False, enforcement=True)
        pd.testing.assert_frame_equal(first, again)
        other = simulate_swamp({**preset, "seed": preset["seed"] + 1}, catalog=True, ownership=False, enforcement=True)
        assert not other.equals(first)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), catalog=st.booleans(), ownership=st.booleans(), enforcement=st.booleans())
def test_governance_never_makes_things_worse(seed: int, catalog: bool, ownership: bool, enforcement: bool) -> None:
    preset = {
        "seed": seed, "months": 18, "new_per_month": 8, "growth": 0.03, "owner_turnover": 0.05,
        "drift_rate": 0.05, "queries_per_dataset": 2, "tb_per_dataset": 0.3, "tb_growth": 0.02,
        "price_per_tb": 23, "catalog_coverage": 0.95, "tribal_knowledge": 0.3, "handover": 0.9,
        "duplicate_no_catalog": 0.3, "duplicate_with_catalog": 0.05,
    }  # fmt: skip
    sim = simulate_swamp(preset, catalog=catalog, ownership=ownership, enforcement=enforcement)
    governed = sim[sim["arm"] == "governed"].reset_index(drop=True)
    ungoverned = sim[sim["arm"] == "ungoverned"].reset_index(drop=True)
    assert (governed["lost"] <= ungoverned["lost"]).all()
    assert (governed["broken_queries"] <= ungoverned["broken_queries"]).all()
    assert (governed["storage_tb"] <= ungoverned["storage_tb"] + 1e-9).all()
    assert (governed["datasets"] == governed["findable"] + governed["lost"]).all()
    if enforcement:
        assert (governed["broken_queries"] == 0).all()
    else:
        assert (governed["rejected_writes"] == 0).all()


def test_without_governance_both_arms_are_the_same_lake(presets: dict[str, dict[str, Any]]) -> None:
    sim = simulate_swamp(presets["enterprise"], catalog=False, ownership=False, enforcement=False)
    governed = sim[sim["arm"] == "governed"].drop(columns="arm").reset_index(drop=True)
    ungoverned = sim[sim["arm"] == "ungoverned"].drop(columns="arm").reset_index(drop=True)
    pd.testing.assert_frame_equal(governed, ungoverned)


def test_the_swamp_forms_without_governance(presets: dict[str, dict[str, Any]]) -> None:
    sim = simulate_swamp(presets["enterprise"], catalog=True, ownership=True, enforcement=True)
    last = sim[sim["month"] == sim["month"].max()].set_index("arm")
    assert last.loc["ungoverned", "lost"] > 10 * max(last.loc["governed", "lost"], 1)
    assert last.loc["ungoverned", "broken_queries"] > 0 == last.loc["governed", "broken_queries"]
    assert last.loc["ungoverned", "lost_cost"] > last.loc["governed", "lost_cost"]
    assert list(sim.columns) == ["arm", "month", *SWAMP_METRICS]
    assert np.allclose(sim["monthly_cost"], sim["storage_tb"] * presets["enterprise"]["price_per_tb"])
