"""Marking the short exercises: sort items into groups, or pick a principle for a scenario."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd


def mark_sort(items: pd.DataFrame, answers: Mapping[str, str | None], truth: str) -> pd.DataFrame:
    """Each item's given answer and whether it is right (``None`` while unanswered).

    ``items`` has an ``id`` column and the right group in column ``truth``.
    """
    given = [answers.get(item) for item in items["id"]]
    correct = [None if g is None else g == t for g, t in zip(given, items[truth], strict=True)]
    return items.assign(answer=given, correct=pd.array(correct, dtype="boolean"))


@dataclass(frozen=True)
class Score:
    """How a sorting exercise is going."""

    right: int
    answered: int
    total: int

    @property
    def done(self) -> bool:
        """Every item has an answer."""
        return self.answered == self.total


def score(marked: pd.DataFrame) -> Score:
    """Right, answered and total counts of a marked exercise."""
    answered = marked["correct"].notna()
    return Score(int(marked.loc[answered, "correct"].sum()), int(answered.sum()), len(marked))


@dataclass(frozen=True)
class CardResult:
    """The verdict on one scenario card."""

    principle_right: bool
    verdict_right: bool

    @property
    def right(self) -> bool:
        """Both the principle and whether it is served or violated."""
        return self.principle_right and self.verdict_right


def mark_card(card: Mapping[str, object], principle: str | None, verdict: str | None) -> CardResult:
    """Compare a student's pick for a card with its ``principle`` and ``verdict``."""
    return CardResult(principle == card["principle"], verdict == card["verdict"])
