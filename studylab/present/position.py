"""Where a presenter is: deep links into a deck and the talk's timer.

* **Deep link**: ``present?deck=lambda_architecture&slide=4`` (1-based slide). Unknown decks
  and nonsense slide numbers never fail: :func:`parse_position` falls back or clamps, and
  says so in a notice.
* **Timer**: :func:`pacing` compares the time elapsed with the deck's plan, scaled to the
  presenter's target minutes; :func:`parse_started` reads the timer's start from the URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from studylab.present.decks import Deck, DeckSlide

DECK_PARAM = "deck"
SLIDE_PARAM = "slide"
MINUTES_PARAM = "minutes"
"""URL parameters: the deck id, the 1-based slide number and the presenter's target minutes."""

MINUTES_RANGE = (1, 240)
"""Target minutes a presenter may set."""


@dataclass(frozen=True)
class Position:
    """Where a deep link points: a deck, a 0-based slide index, and what had to be corrected."""

    deck: Deck
    index: int
    notices: tuple[str, ...] = ()
    minutes: float | None = None
    """The presenter's target minutes from the URL (None = the deck's own plan)."""

    @property
    def number(self) -> int:
        """The 1-based slide number, as in the URL."""
        return self.index + 1

    @property
    def slide(self) -> DeckSlide:
        return self.deck.slides[self.index]

    @property
    def next_slide(self) -> DeckSlide | None:
        return self.deck.slides[self.index + 1] if self.index + 1 < len(self.deck) else None

    @property
    def target_minutes(self) -> float:
        return self.minutes if self.minutes is not None else self.deck.minutes

    def params(self, number: int | None = None) -> dict[str, str]:
        """URL parameters of this position (or of another slide number in the same deck)."""
        chosen = min(max(number if number is not None else self.number, 1), len(self.deck))
        params = {DECK_PARAM: self.deck.id, SLIDE_PARAM: str(chosen)}
        if self.minutes is not None:
            params[MINUTES_PARAM] = f"{self.minutes:g}"
        return params

    def step(self, current: dict[str, str], delta: int) -> dict[str, str]:
        """URL parameters ``delta`` slides on from the slide the URL shows *now*.

        A button's arguments are fixed when the page is drawn; two quick presses of *Next*
        (or the arrow key) must move two slides, so the step starts from the URL's slide when it
        is this deck's, and from this position otherwise.
        """
        number = self.number
        if current.get(DECK_PARAM) == self.deck.id:
            slide = current.get(SLIDE_PARAM, "").strip()
            number = int(slide) if slide.isdigit() and len(slide) < 7 else number
        return self.params(number + delta)


def shown(value: str, limit: int = 40) -> str:
    """A URL value made safe to quote in a notice: plain characters only, cut to ``limit``."""
    clean = re.sub(r"[^A-Za-z0-9_.\- ]", "?", value)
    return clean[:limit] + ("…" if len(clean) > limit else "")


def _one(params: Mapping[str, str | list[str]], name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def parse_position(params: Mapping[str, str | list[str]], decks: Mapping[str, Deck], default: str) -> Position:
    """The position a URL names; unknown decks fall back to ``default``, slides are clamped.

    Never raises for bad values: each correction is described in ``notices``.
    """
    notices: list[str] = []
    deck_id = (_one(params, DECK_PARAM) or "").strip()
    if deck_id and deck_id not in decks:
        notices.append(f"There is no deck called “{shown(deck_id)}”: showing “{decks[default].title}” instead.")
        deck_id = default
    deck = decks[deck_id or default]
    number = _parse_slide((_one(params, SLIDE_PARAM) or "").strip(), len(deck), notices)
    minutes = _parse_minutes(_one(params, MINUTES_PARAM), notices)
    return Position(deck, number - 1, tuple(notices), minutes)


def _parse_slide(raw: str, count: int, notices: list[str]) -> int:
    if not raw:
        return 1
    if not re.fullmatch(r"[+-]?[0-9]{1,9}", raw):
        notices.append(f"“{shown(raw)}” is not a slide number: showing slide 1.")
        return 1
    number = int(raw)
    if number < 1:
        notices.append(f"Slide {shown(raw)} does not exist: showing slide 1.")
        return 1
    if number > count:
        notices.append(f"This deck has {count} slide{'s' if count != 1 else ''}: showing the last one.")
        return count
    return number


def _parse_minutes(raw: str | None, notices: list[str]) -> float | None:
    if raw is None or not raw.strip():
        return None
    low, high = MINUTES_RANGE
    try:
        value = float(raw)
    except ValueError:
        notices.append(f"“{shown(raw)}” is not a number of minutes: using the deck's own plan.")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        notices.append(f"“{shown(raw)}” is not a number of minutes: using the deck's own plan.")
        return None
    if not low <= value <= high:
        clamped = float(min(max(value, low), high))
        notices.append(f"A talk of {shown(raw)} minutes is out of range: using {clamped:g}.")
        return clamped
    return value


def choose_preset(raw: str | None, options: Mapping[str, str], default: str | None) -> tuple[str | None, str | None]:
    """The simulation preset a URL asks for, if the figure has it; else the default and a notice."""
    if raw is None or not raw.strip() or not options:
        return default, None
    if raw in options:
        return raw, None
    return default, f"This figure has no preset “{shown(raw)}”: showing “{options.get(default or '', default)}”."


# --- The presenter's timer -----------------------------------------------------------------------

MAX_TALK_S = 24 * 3600
"""A timer started longer ago than this (or in the future) is ignored."""


@dataclass(frozen=True)
class Pace:
    """How the talk is doing against its plan at the current slide."""

    elapsed_s: float
    planned_s: float
    """When the plan reaches the current slide, in seconds from the start."""
    planned_end_s: float
    """When the plan leaves the current slide."""
    remaining_s: float
    """Target length of the talk minus the time elapsed (never negative)."""

    @property
    def ahead(self) -> bool:
        return self.elapsed_s < self.planned_s

    @property
    def behind(self) -> bool:
        return self.elapsed_s > self.planned_end_s

    @property
    def verdict(self) -> str:
        """``+1:30 ahead``, ``-0:45 behind`` or ``on time`` (signed, for a metric's delta)."""
        if self.ahead:
            return f"+{clock(self.planned_s - self.elapsed_s)} ahead"
        if self.behind:
            return f"-{clock(self.elapsed_s - self.planned_end_s)} behind"
        return "on time"


def pacing(position: Position, elapsed_s: float) -> Pace:
    """The plan (the deck's minutes scaled to the target length) against the time elapsed."""
    scale = position.target_minutes / position.deck.minutes if position.deck.minutes else 1.0
    start = position.deck.minutes_before(position.index) * scale * 60
    end = start + position.slide.minutes * scale * 60
    elapsed = max(elapsed_s, 0.0)
    return Pace(elapsed, start, end, max(position.target_minutes * 60 - elapsed, 0.0))


def clock(seconds: float) -> str:
    """Seconds as ``m:ss`` (``h:mm:ss`` from an hour)."""
    total = int(max(seconds, 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_started(raw: str | None, now: float) -> tuple[float | None, str | None]:
    """The timer's start (Unix seconds) from the URL, if it is a plausible moment; else a notice."""
    if raw is None or not raw.strip():
        return None, None
    if not re.fullmatch(r"[0-9]{1,12}", raw.strip()):
        return None, f"“{shown(raw)}” is not a start time: the timer is reset."
    value = float(raw)
    if not now - MAX_TALK_S <= value <= now + 60:
        return None, "The timer's start time is in the future or more than a day ago: the timer is reset."
    return value, None
