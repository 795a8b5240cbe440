"""An uploaded deck is imported whole or not at all, and every kind of bad row is named."""

from __future__ import annotations

import pytest

from studylab.content.loader import Content
from studylab.study.bank import build_bank
from studylab.study.question_deck import MAX_DECK_BYTES, MAX_DECK_ROWS, check_deck, deck_csv, questions_of
from tests.quiz_support import SAMPLE_DECK, sample_bank

HEADER = SAMPLE_DECK.splitlines()[0]
GOOD = SAMPLE_DECK.splitlines()[1]
TOPICS = {q.topic for q in sample_bank().values()}
PAGES = TOPICS | {"quiz"}


def check(text: str | bytes, taken: dict[str, str] | None = None, name: str = "My deck"):  # type: ignore[no-untyped-def]
    data = text.encode() if isinstance(text, str) else text
    return check_deck(data, "deck.csv", name, TOPICS, PAGES, taken or {})


def test_a_good_deck_passes_with_every_row() -> None:
    result = check(SAMPLE_DECK)
    assert result.ok and not result.problems
    assert [row["id"] for row in result.rows] == list(sample_bank())


def test_a_spreadsheet_bom_is_accepted() -> None:
    assert check(b"\xef\xbb\xbf" + SAMPLE_DECK.encode()).ok


BAD_ROWS = {
    "unknown type": (GOOD.replace(",single,", ",essay,"), "line 3, column type"),
    "answer out of range": (GOOD.replace(",1,,The speed", ",7,,The speed"), "option numbers between 1 and 3"),
    "missing prompt": (GOOD.replace("Which layer answers with fresh results?", ""), "column prompt"),
    "difficulty out of range": (GOOD.replace("disk_is_layer,1,", "disk_is_layer,9,"), "column difficulty"),
    "misconception on the right option": (
        GOOD.replace("|batch_is_fresh|", "oops|batch_is_fresh|"),
        "each wrong option",
    ),
    "unknown topic": (GOOD.replace(",lambda_architecture,single", ",no_topic,single"), "unknown topic 'no_topic'"),
    "unknown link page": (GOOD[: GOOD.rindex(",")] + ",nowhere", "no page 'nowhere'"),
    "malformed link": (GOOD[: GOOD.rindex(",")] + ",Not A Link", "column link"),
    "too many cells": (GOOD + ",extra", "more cells than columns"),
    "too few cells": (GOOD[: GOOD.rindex(",")], "fewer cells than columns"),
}


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_each_kind_of_bad_row_is_rejected_with_its_line(kind: str) -> None:
    row, expected = BAD_ROWS[kind]
    text = "\n".join([HEADER, GOOD.replace("t_single", "t_ok"), row]) + "\n"
    result = check(text)
    assert not result.ok and result.rows == []
    messages = [str(p) for p in result.problems]
    assert any(expected in m for m in messages), messages
    assert all("line 3" in p.location or "line" not in p.location for p in result.problems), messages


def test_duplicate_ids_are_rejected() -> None:
    result = check("\n".join([HEADER, GOOD, GOOD]) + "\n")
    assert not result.ok and "duplicate t_single (first on line 2)" in str(result.problems[0])


def test_ids_of_other_decks_are_taken_but_a_same_name_deck_replaces_itself() -> None:
    taken = {"t_single": "built-in"}
    result = check(SAMPLE_DECK, taken)
    assert not result.ok and "already used by deck 'built-in'" in str(result.problems[0])
    assert check(SAMPLE_DECK, {"t_single": "My deck"}).ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty file"),
        (HEADER + "\n", "no questions"),
        ("id,prompt\nx,y\n", "missing column(s)"),
        (HEADER + ",colour\n", "unknown column(s): colour"),
        (b"id,topic\n\xff\xfe\n", "not UTF-8"),
        ("x" * (MAX_DECK_BYTES + 1), "at most"),
        (HEADER + "\n" + "\n".join(GOOD.replace("t_single", f"q{i}") for i in range(MAX_DECK_ROWS + 1)), "at most"),
    ],
)
def test_bad_files_are_rejected_whole(text: str | bytes, expected: str) -> None:
    result = check(text)
    assert not result.ok and result.rows == []
    assert any(expected in str(p) for p in result.problems), [str(p) for p in result.problems]


@pytest.mark.parametrize("name", ["", "   ", "x" * 61, "<script>"])
def test_a_deck_needs_a_plain_name(name: str) -> None:
    result = check(SAMPLE_DECK, name=name)
    assert not result.ok and result.problems[0].location == "deck name"


def test_export_then_import_gives_the_same_questions() -> None:
    bank = sample_bank()
    result = check(deck_csv(bank.values()))
    assert result.ok
    again = questions_of(result.rows, "built-in")
    assert again == bank


def test_the_real_bank_round_trips(content: Content) -> None:
    bank = build_bank(content.table("questions"))
    text = deck_csv(bank.values())
    result = check_deck(text.encode(), "questions.csv", "copy", content.topics, {"quiz", *content.topics}, {})
    assert result.ok or not bank, [str(p) for p in result.problems[:5]]
    assert questions_of(result.rows, "built-in") == bank


def test_a_true_false_row_has_at_most_one_misconception() -> None:
    tf = SAMPLE_DECK.splitlines()[4]
    assert tf.startswith("t_tf")
    result = check("\n".join([HEADER, tf.replace("lakehouse_no_acid", "lakehouse_no_acid|another")]) + "\n")
    assert not result.ok and "at most one misconception tag" in str(result.problems[0])
