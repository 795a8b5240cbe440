"""Drills from ``data/drills.csv``: recall a list, or pick one option per card. Marking only, no widgets.

A recall drill compares what the student typed, one item a line, with the list in the source's
order: each line is matched to the closest item not yet matched (small typos are forgiven), and
the result says what was found, what is missing, which lines match nothing, and whether the
found items came in the source's order. A choice drill deals its cards in a seeded order that
never groups them by answer, so the layout gives nothing away.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from studylab.labs.qualities.exercises import longest_run

CUTOFF = 0.85
"""How alike (difflib's ratio, 0-1) a typed line and an item must be to count as the item."""

_NUMBERING = re.compile(r"^\s*(?:[-*•]|\d+[.)]?)\s*")
_NOT_WORD = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    """Case, punctuation, list numbering and extra spaces removed: "2. Plan for failure!" -> "plan for failure"."""
    text = _NUMBERING.sub("", text.replace("’", "'")).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def items_of(cell: str | None) -> list[str]:
    """The items of a ``|``-separated cell, stripped, empties dropped."""
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


@dataclass(frozen=True)
class Recall:
    """How a typed list compares with the expected one."""

    found: tuple[str, ...]
    """Expected items that were typed, in the order they were typed."""
    missing: tuple[str, ...]
    """Expected items not typed, in the source's order."""
    extra: tuple[str, ...]
    """Typed lines that match no expected item (or repeat one already matched)."""
    in_order: bool
    """The found items were typed in the source's relative order."""

    @property
    def complete(self) -> bool:
        """Every expected item was found and nothing else was typed."""
        return not self.missing and not self.extra

    @property
    def perfect(self) -> bool:
        """Complete, and in the source's order."""
        return self.complete and self.in_order


def _closest(line: str, candidates: dict[str, str]) -> str | None:
    """The candidate (normalised -> item) most like ``line``, if alike enough."""
    if line in candidates:
        return candidates[line]
    scored = [(difflib.SequenceMatcher(None, line, key).ratio(), key) for key in candidates]
    best = max(scored, default=(0.0, ""))
    return candidates[best[1]] if best[0] >= CUTOFF else None


def mark_recall(expected: Sequence[str], typed: str) -> Recall:
    """Mark ``typed`` (one item a line) against ``expected`` (the source's order)."""
    open_items = {normalise(item): item for item in expected}
    found: list[str] = []
    extra: list[str] = []
    for raw in typed.splitlines():
        line = normalise(raw)
        if not line:
            continue
        match = _closest(line, open_items)
        if match is None:
            extra.append(raw.strip())
        else:
            found.append(match)
            del open_items[normalise(match)]
    position = {item: index for index, item in enumerate(expected)}
    ranks = [position[item] for item in found]
    missing = tuple(item for item in expected if item not in set(found))
    return Recall(tuple(found), missing, tuple(extra), ranks == sorted(ranks))


def grouped(answers: Sequence[str]) -> bool:
    """Whether equal answers sit in one run each (every "Domain" first, then every "Service")."""
    changes = sum(a != b for a, b in zip(answers, answers[1:], strict=False))
    kinds = len(set(answers))
    # Cards that all have different answers cannot be grouped: every order would count as grouped.
    return 1 < kinds < len(answers) and changes == kinds - 1


MAX_RUN = 2
"""At most this many cards in a row share an answer, where the drill's answers allow it."""


def _gives_away(answers: list[str]) -> bool:
    return grouped(answers) or longest_run(answers) > MAX_RUN


def deal_cards(cards: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A choice drill's cards in a seeded order that neither groups them by answer nor runs one answer long.

    The same seed always deals the same order. With fewer than three cards any order is allowed;
    if no order within 1000 deals avoids a long run (one answer on most cards), the last is kept.
    """
    rng = np.random.default_rng(seed)
    answers = [str(answer) for answer in cards["answer"]]
    order = rng.permutation(len(cards))
    for _ in range(1000):
        if len(cards) < 3 or not _gives_away([answers[i] for i in order]):
            break
        order = rng.permutation(len(cards))
    return cards.iloc[order].reset_index(drop=True)


def check_drills(drills: pd.DataFrame, cards: pd.DataFrame) -> list[tuple[str, str]]:
    """(drill id, problem) for every drill without cards and every choice card whose answer is no option."""
    problems: list[tuple[str, str]] = []
    for drill in drills.itertuples():
        mine = cards[cards["drill"] == drill.id]
        if mine.empty:
            problems.append((str(drill.id), "the drill has no cards in drill_cards"))
        options = items_of(None if pd.isna(drill.options) else str(drill.options))
        for card in mine.itertuples():
            if drill.kind == "choice" and card.answer not in options:
                problems.append((str(drill.id), f"card {card.order}: answer {card.answer!r} is not one of the options"))
            if drill.kind == "recall" and len(items_of(str(card.answer))) < 2:
                problems.append((str(drill.id), f"card {card.order}: a list to recall needs at least two items"))
    return problems
