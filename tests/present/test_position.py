"""Deep links into a deck and the presenter's timer."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studylab.content.loader import Content
from studylab.present import decks as dk
from studylab.present import position as pos


@pytest.fixture(scope="module")
def decks(content: Content) -> dict[str, dk.Deck]:
    return dk.built_in_decks(content)


# --- Deep links ------------------------------------------------------------------------------


def test_a_deep_link_opens_its_slide(decks: dict[str, dk.Deck]) -> None:
    position = pos.parse_position({"deck": "lambda_architecture", "slide": "4"}, decks, "streaming_tour")
    assert position.deck.id == "lambda_architecture" and position.number == 4
    assert position.notices == ()
    assert position.params() == {"deck": "lambda_architecture", "slide": "4"}
    assert position.params(99)["slide"] == str(len(position.deck))


def test_no_parameters_open_the_default_deck_quietly(decks: dict[str, dk.Deck]) -> None:
    position = pos.parse_position({}, decks, "streaming_tour")
    assert (position.deck.id, position.index, position.notices) == ("streaming_tour", 0, ())


@pytest.mark.parametrize(
    ("slide", "number", "notice"),
    [
        ("abc", 1, "is not a slide number"),
        ("4.5", 1, "is not a slide number"),
        ("1e9", 1, "is not a slide number"),
        ("0", 1, "does not exist"),
        ("-3", 1, "does not exist"),
        ("999", 4, "has 4 slides"),
        ("99999999999999999999", 1, "is not a slide number"),
    ],
)
def test_nonsense_slide_numbers_are_clamped_with_a_notice(
    decks: dict[str, dk.Deck], slide: str, number: int, notice: str
) -> None:
    position = pos.parse_position({"deck": "lambda_architecture", "slide": slide}, decks, "streaming_tour")
    assert position.number == number
    (message,) = position.notices
    assert notice in message


def test_an_unknown_deck_falls_back_with_a_notice(decks: dict[str, dk.Deck]) -> None:
    position = pos.parse_position({"deck": "[click](http://x)<b>", "slide": "2"}, decks, "streaming_tour")
    assert position.deck.id == "streaming_tour" and position.number == 2
    (message,) = position.notices
    assert "no deck called" in message
    assert not re.search(r"[\[\]()<>]", message.split("”")[0]), "the bad value is quoted without markup"


def test_list_values_use_the_last(decks: dict[str, dk.Deck]) -> None:
    position = pos.parse_position({"deck": ["kappa_architecture"], "slide": ["1", "3"]}, decks, "streaming_tour")
    assert (position.deck.id, position.number) == ("kappa_architecture", 3)


@pytest.mark.parametrize(
    ("raw", "minutes", "noticed"), [("30", 30.0, False), ("0", 1.0, True), ("9999", 240.0, True), ("nan", None, True)]
)
def test_target_minutes(decks: dict[str, dk.Deck], raw: str, minutes: float | None, noticed: bool) -> None:
    position = pos.parse_position({"minutes": raw}, decks, "streaming_tour")
    assert position.minutes == minutes and bool(position.notices) == noticed
    assert position.target_minutes == (minutes if minutes is not None else position.deck.minutes)


@given(st.dictionaries(st.sampled_from(["deck", "slide", "minutes", "other"]), st.text(max_size=30)))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
def test_any_url_gives_a_valid_position(decks: dict[str, dk.Deck], params: dict[str, str]) -> None:
    position = pos.parse_position(params, decks, "streaming_tour")
    assert 0 <= position.index < len(position.deck)
    low, high = pos.MINUTES_RANGE
    assert position.minutes is None or low <= position.minutes <= high


def test_choose_preset() -> None:
    options = {"a": "Preset A", "b": "Preset B"}
    assert pos.choose_preset("b", options, "a") == ("b", None)
    assert pos.choose_preset(None, options, "a") == ("a", None)
    chosen, notice = pos.choose_preset("zzz", options, "a")
    assert chosen == "a" and notice and "zzz" in notice and "Preset A" in notice


# --- Timer -----------------------------------------------------------------------------------


def test_pacing_against_the_plan(decks: dict[str, dk.Deck]) -> None:
    position = pos.parse_position({"deck": "streaming_tour", "slide": "3"}, decks, "streaming_tour")
    assert pos.pacing(position, 60).verdict == "+3:00 ahead"
    assert pos.pacing(position, 300).verdict == "on time"
    assert pos.pacing(position, 420).verdict == "-1:00 behind"
    doubled = pos.parse_position({"deck": "streaming_tour", "slide": "3", "minutes": "36"}, decks, "x")
    assert pos.pacing(doubled, 0).planned_s == pytest.approx(480)


def test_clock() -> None:
    assert [pos.clock(s) for s in (0, 59.9, 61, 3600, -5)] == ["0:00", "0:59", "1:01", "1:00:00", "0:00"]


def test_parse_started() -> None:
    now = 1_800_000_000.0
    assert pos.parse_started("1799999000", now) == (1_799_999_000.0, None)
    assert pos.parse_started(None, now) == (None, None)
    for bad in ("soon", "1899999999", "100"):
        value, notice = pos.parse_started(bad, now)
        assert value is None and notice


def test_a_step_starts_from_the_slide_the_url_shows_now(decks: dict[str, dk.Deck]) -> None:
    drawn_on_slide_1 = pos.parse_position({"deck": "lambda_architecture", "slide": "1"}, decks, "streaming_tour")
    # Two quick presses of Next: the second runs with the arguments drawn on slide 1.
    after_first = drawn_on_slide_1.step({"deck": "lambda_architecture", "slide": "1"}, 1)
    assert after_first["slide"] == "2"
    assert drawn_on_slide_1.step(after_first, 1)["slide"] == "3"
    last = str(len(decks["lambda_architecture"]))
    assert drawn_on_slide_1.step({"deck": "lambda_architecture", "slide": last}, 1)["slide"] == last
    assert drawn_on_slide_1.step({"deck": "lambda_architecture", "slide": "1"}, -1)["slide"] == "1"


def test_a_step_ignores_a_url_of_another_deck_or_nonsense(decks: dict[str, dk.Deck]) -> None:
    position = pos.parse_position({"deck": "lambda_architecture", "slide": "2"}, decks, "streaming_tour")
    assert position.step({"deck": "kappa_architecture", "slide": "3"}, 1)["slide"] == "3"
    assert position.step({"deck": "lambda_architecture", "slide": "x" * 5000}, -1)["slide"] == "1"
    assert position.step({"deck": "lambda_architecture", "slide": "9" * 5000}, -1)["slide"] == "1"
    assert position.step({}, 1) == position.params(3)
