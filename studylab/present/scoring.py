"""What a live round is worth and what its wrong answers say: points with a speed bonus, and the
misconception behind each wrong option the group chose. Pure functions, no database, no streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from studylab.present.rounds import RoundState

BASE_POINTS = 500
"""What a right answer earns however late it came."""

SPEED_BONUS = 500
"""The most a right answer earns on top for speed: all of it at once, none at the end of the window."""

SPEED_WINDOW_S = 20.0
"""Without a countdown, the bonus runs out over this many seconds after the question opens."""

COUNTDOWNS = (0, 20, 30)
"""The countdowns a host can pick when starting a session (0: none)."""


def points(correct: bool, elapsed_s: float, window_s: float) -> int:
    """Points for one answer: 0 when wrong; else :data:`BASE_POINTS` plus a bonus shrinking linearly
    from :data:`SPEED_BONUS` (answered at once) to 0 (answered at the end of ``window_s`` or later)."""
    if not correct:
        return 0
    used = min(max(elapsed_s, 0.0) / window_s, 1.0) if window_s > 0 else 1.0
    return BASE_POINTS + round(SPEED_BONUS * (1.0 - used))


def window(countdown_s: int) -> float:
    """The seconds a speed bonus runs over: the countdown when there is one."""
    return float(countdown_s) if countdown_s > 0 else SPEED_WINDOW_S


@dataclass(frozen=True)
class WrongOption:
    """A wrong option after the reveal: how many chose it and the belief it points to."""

    number: int
    option: str
    count: int
    tag: str
    """The misconception tag ("" when the option has none)."""
    belief: str
    """The belief's plain sentence ("" when the option has no tag)."""


def wrong_options(state: RoundState, beliefs: Mapping[str, str]) -> list[WrongOption]:
    """Every wrong option of the round, most chosen first, with its misconception's sentence.

    ``beliefs`` maps a tag to its sentence; a tag missing from it (an imported deck's own) is
    shown as words.
    """
    tags = (*state.misconceptions, *[""] * len(state.options))
    rows = [
        WrongOption(number, option, count, tags[number - 1], _sentence(tags[number - 1], beliefs))
        for number, (option, count) in enumerate(zip(state.options, state.counts, strict=True), start=1)
        if number != state.right
    ]
    return sorted(rows, key=lambda row: (-row.count, row.number))


def _sentence(tag: str, beliefs: Mapping[str, str]) -> str:
    if not tag:
        return ""
    if tag in beliefs:
        return beliefs[tag]
    words = tag.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
