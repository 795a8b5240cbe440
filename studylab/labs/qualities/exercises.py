"""Marking the short exercises: sort items into groups, or pick a principle for a scenario."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


def mark_sort(items: pd.DataFrame, answers: Mapping[str, str | None], truth: str) -> pd.DataFrame:
    """Each item's given answer and whether it is right (``None`` while unanswered).

    ``items`` has an ``id`` column and the right group in column ``truth``.
    """
    given = [answers.get(item) for item in items["id"]]
    correct = [None if g is None else g == t for g, t in zip(given, items[truth], strict=True)]
    return items.assign(answer=given, correct=pd.array(correct, dtype="boolean"))


def longest_run(answers: Sequence[str]) -> int:
    """The most equal answers in a row."""
    longest = current = 0
    for index, answer in enumerate(answers):
        current = current + 1 if index and answer == answers[index - 1] else 1
        longest = max(longest, current)
    return longest


def columns_give_nothing_away(answers: list[str], columns: int, max_run: int = 2) -> bool:
    """No column of the layout holds only one answer, or more than ``max_run`` equal ones in a row.

    Item ``i`` sits in column ``i % columns``. Trivially true when every item has the same answer.
    """
    if len(set(answers)) < 2:
        return True
    for column in range(columns):
        held = answers[column::columns]
        if len(held) > 1 and (len(set(held)) < 2 or longest_run(held) > max_run):
            return False
    return True


def deal(items: pd.DataFrame, truth: str, seed: int, columns: int = 2) -> pd.DataFrame:
    """The items in a seeded random order whose layout in ``columns`` columns gives no answer away.

    The same seed always deals the same order; a new seed (a new round) deals another. Orders
    in which a column holds only one answer are dealt again from the same generator.
    """
    rng = np.random.default_rng(seed)
    answers = [str(answer) for answer in items[truth]]
    for _ in range(1000):
        order = rng.permutation(len(items))
        if columns_give_nothing_away([answers[i] for i in order], columns):
            break
    return items.iloc[order].reset_index(drop=True)


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

    @property
    def started(self) -> bool:
        """At least one item has an answer."""
        return self.answered > 0


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
