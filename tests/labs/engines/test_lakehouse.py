"""The Delta lakehouse: commits, exact time travel, schema enforcement, a crashed writer, convergence."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from studylab.content.loader import Content
from studylab.labs.engines.lakehouse import DeltaLab, compare_architectures, sales_batches, tidy
from tests.labs.engines.support import star_from


@pytest.fixture(scope="module")
def star(content: Content) -> dict[str, pd.DataFrame]:
    return star_from(content)


@pytest.fixture(scope="module")
def batches(star: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return sales_batches(star)


@pytest.fixture
def lab(batches: dict[str, pd.DataFrame]) -> Iterator[DeltaLab]:
    with tempfile.TemporaryDirectory() as folder:
        lab = DeltaLab(Path(folder), batches)
        lab.start()
        yield lab


def months(batches: dict[str, pd.DataFrame], n: int) -> pd.DataFrame:
    """The first ``n`` monthly batches as one tidy frame."""
    return tidy(pd.concat(list(batches.values())[:n], ignore_index=True))


def test_batches_cover_the_fact_table(batches: dict[str, pd.DataFrame], star: dict[str, pd.DataFrame]) -> None:
    assert sum(len(b) for b in batches.values()) == len(star["fact_sales"])
    assert list(batches) == sorted(batches)


def test_a_new_table_is_version_zero_with_the_first_month(lab: DeltaLab, batches: dict[str, pd.DataFrame]) -> None:
    assert lab.version() == 0
    pd.testing.assert_frame_equal(lab.read(), months(batches, 1))


def test_an_append_creates_a_new_version_and_time_travel_is_exact(
    lab: DeltaLab, batches: dict[str, pd.DataFrame]
) -> None:
    outcome = lab.append_next()
    assert outcome is not None and outcome.ok and outcome.version == 1
    assert lab.version() == 1
    pd.testing.assert_frame_equal(lab.read(1), months(batches, 2))
    pd.testing.assert_frame_equal(lab.read(0), months(batches, 1))


def test_an_overwrite_keeps_earlier_versions_readable(lab: DeltaLab, batches: dict[str, pd.DataFrame]) -> None:
    lab.append_next()
    outcome = lab.overwrite_without_returns(share=0.1, seed=1)
    assert outcome.ok and outcome.version == 2
    assert len(lab.read()) < len(months(batches, 2))
    assert set(lab.read()["sale_id"]) < set(months(batches, 2)["sale_id"])
    pd.testing.assert_frame_equal(lab.read(1), months(batches, 2))
    log = lab.log()
    removed = log[(log["version"] == 2) & (log["action"] == "remove")]
    assert len(removed) == 2, "the overwrite removes both earlier data files, in the log only"


def test_a_version_then_is_counted_against_the_latest(lab: DeltaLab, batches: dict[str, pd.DataFrame]) -> None:
    lab.append_next()
    assert lab.next_month() == list(batches)[2]
    lab.overwrite_without_returns(share=0.1, seed=1)
    then, now = lab.then(1), lab.then(2)
    two = months(batches, 2)
    assert then.revenue == pytest.approx(two["revenue"].sum())
    assert then.months == 2 and now.months == 2
    assert set(then.gone["sale_id"]) == set(two["sale_id"]) - set(lab.read()["sale_id"]) != set()
    assert now.gone.empty
    assert lab.next_month() == list(batches)[2], "an overwrite of the same months adds none"


def test_history_has_one_row_per_commit(lab: DeltaLab) -> None:
    lab.append_next()
    lab.overwrite_without_returns()
    history = lab.history()
    assert list(history["version"]) == [2, 1, 0]
    assert list(history["mode"]) == ["Overwrite", "Append", "ErrorIfExists"]
    assert '"add"' in lab.log_text(1) and '"commitInfo"' in lab.log_text(1)


@pytest.mark.parametrize("bad_id", ["renamed_column", "text_in_number", "extra_column", "missing_column"])
def test_a_schema_mismatch_is_rejected_and_changes_nothing(lab: DeltaLab, content: Content, bad_id: str) -> None:
    row = content.table("lh_bad_writes").set_index("id").loc[bad_id]
    lab.append_next()
    before, files_before = lab.read(), sorted(p.name for p in lab.table_path.rglob("*"))
    outcome = lab.try_bad_write(
        row["change"],
        row["column"] if isinstance(row["column"], str) else None,
        row["value"] if isinstance(row["value"], str) else None,
    )
    assert not outcome.ok
    assert outcome.message.startswith("Rejected by schema enforcement")
    assert "still at version 1" in outcome.message
    assert lab.version() == 1
    pd.testing.assert_frame_equal(lab.read(), before)
    assert sorted(p.name for p in lab.table_path.rglob("*")) == files_before


def test_a_crashed_writer_shows_in_plain_parquet_not_in_delta(lab: DeltaLab, batches: dict[str, pd.DataFrame]) -> None:
    report = lab.crash_during_write(files_planned=4, files_written=2)
    assert report is not None
    batch = list(batches.values())[1]
    assert report.batch_rows == len(batch)
    landed = sum(len(chunk) for chunk in np.array_split(np.arange(len(batch)), 4)[:2])
    assert report.plain_rows_before == len(months(batches, 1))
    assert report.plain_rows_after == report.plain_rows_before + landed
    assert report.delta_rows_after == report.delta_rows_before == len(months(batches, 1))
    assert len(report.orphan_files) == 2
    assert lab.version() == 0


def test_vacuum_removes_the_orphans_and_keeps_every_version(lab: DeltaLab, batches: dict[str, pd.DataFrame]) -> None:
    lab.append_next()
    lab.overwrite_without_returns()
    report = lab.crash_during_write()
    assert report is not None
    assert lab.vacuum() == report.orphan_files
    assert lab.orphan_files() == []
    pd.testing.assert_frame_equal(lab.read(0), months(batches, 1))
    pd.testing.assert_frame_equal(lab.read(1), months(batches, 2))


def test_start_again_discards_everything(lab: DeltaLab, batches: dict[str, pd.DataFrame]) -> None:
    lab.append_next()
    lab.crash_during_write()
    lab.start()
    assert lab.version() == 0
    assert lab.read_plain()[0] is not None and len(lab.read_plain()[0]) == len(batches[next(iter(batches))])


def test_convergence_answers(star: dict[str, pd.DataFrame], content: Content) -> None:
    questions = content.table("convergence_questions")
    with tempfile.TemporaryDirectory() as folder:
        result = compare_architectures(Path(folder), star, content.table("lake_files"), questions, seed=5)
    answers = result.answers.set_index(["question", "architecture"])
    sales = pd.concat(sales_batches(star).values())
    year = pd.to_datetime(sales["day"]).dt.year
    assert answers.loc[("revenue_2025", "warehouse"), "answer"] == pytest.approx(
        sales.loc[year == 2025, "revenue"].sum()
    )
    assert answers.loc[("all_sales", "warehouse"), "answer"] == len(sales)
    assert answers.xs("lakehouse", level="architecture")["correct"].all()
    lake = answers.xs("lake", level="architecture")["correct"]
    assert not lake["revenue_2025"] and not lake["sales_h2_2025"] and not lake["all_sales"]
    drifted = content.table("lake_files").set_index("id").loc["sales_2025_drift"]
    assert result.rejected_writes == len(pd.period_range(drifted["first_month"], drifted["last_month"], freq="M"))


def test_reads_are_remembered_until_the_log_changes(
    lab: DeltaLab, batches: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    import deltalake

    opened: list[str] = []
    real = deltalake.DeltaTable

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            opened.append("open")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(deltalake, "DeltaTable", Counting)
    first = lab.read()
    assert lab.version() == 0 and opened
    seen = len(opened)
    again = lab.read()
    assert lab.version() == 0 and len(opened) == seen, "a second read of an unchanged log opens nothing"
    again.loc[0, "revenue"] = -1.0  # a caller's change never reaches what is remembered
    pd.testing.assert_frame_equal(lab.read(), first)
    lab.append_next()
    assert lab.version() == 1
    pd.testing.assert_frame_equal(lab.read(), months(batches, 2))
    lab.start()  # the same file names again, written anew
    assert lab.version() == 0
    pd.testing.assert_frame_equal(lab.read(), months(batches, 1))
