"""Decks: topic and custom decks, and the uploaded-deck importer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studylab.content.loader import Content, ContentError, load_content
from studylab.content.slides import Embed
from studylab.present import decks as dk

HEADER = "deck,title,order,topic,slides,minutes\n"


@pytest.fixture(scope="module")
def decks(content: Content) -> dict[str, dk.Deck]:
    return dk.built_in_decks(content)


# --- Topic and custom decks ------------------------------------------------------------------


def test_every_topic_is_a_deck_of_its_slides(content: Content, decks: dict[str, dk.Deck]) -> None:
    for topic in content.topics.values():
        deck = decks[topic.id]
        assert [s.slide for s in deck.slides] == topic.slides
        assert [s.number for s in deck.slides] == list(range(1, len(topic.slides) + 1))
        assert deck.title == topic.meta.title and deck.source == "topic"


def test_custom_decks_string_slides_from_several_topics(content: Content, decks: dict[str, dk.Deck]) -> None:
    tour = decks["streaming_tour"]
    assert tour.source == "custom"
    assert [(s.topic, s.number) for s in tour.slides[:4]] == [
        ("lambda_architecture", 1),
        ("lambda_architecture", 2),
        ("lambda_architecture", 3),
        ("kappa_architecture", 1),
    ]
    assert tour.slides[4].slide == content.topic("kappa_architecture").slides[1]
    assert tour.minutes == pytest.approx(18)
    assert list(decks)[0] == "streaming_tour", "custom decks come first"


def test_the_real_decks_and_predictions_have_no_problems(content: Content) -> None:
    assert dk.check_decks(content) == []


@pytest.mark.parametrize(
    ("spec", "count", "numbers"), [("all", 3, [1, 2, 3]), ("2", 3, [2]), ("2-3", 3, [2, 3]), ("1-1", 1, [1])]
)
def test_slide_numbers(spec: str, count: int, numbers: list[int]) -> None:
    assert dk.slide_numbers(spec, count) == numbers


@pytest.mark.parametrize(("spec", "problem"), [("3-2", "backwards"), ("5", "does not exist"), ("x", "slides must")])
def test_bad_slide_numbers(spec: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        dk.slide_numbers(spec, 4)


def test_problems_in_decks_csv_name_line_and_column(tree: Path) -> None:
    (tree / "data" / "decks.csv").write_text(
        HEADER
        + "tour,Tour,1,lambda_architecture,1-2,\n"
        + "tour,Another title,2,kappa_architecture,1,\n"
        + "short,Short,1,lambda_architecture,9,\n"
        + "lambda_architecture,Clash,1,kappa_architecture,1,\n"
        + "fine,Fine,1,dataflow_model,all,4\n"
    )
    content = load_content(tree)
    decks, problems = dk.custom_decks(content)
    assert list(decks) == ["fine"]
    found = {(p.location, p.problem) for p in problems}
    assert ("line 3, column title", "every row of deck tour needs the title 'Tour'") in found
    assert any(loc == "line 4, column slides" and "slide 9 does not exist" in text for loc, text in found)
    assert any(loc == "line 5, column deck" and "already a topic" in text for loc, text in found)
    assert decks["fine"].minutes == pytest.approx(4)


# --- Importer --------------------------------------------------------------------------------


def test_a_markdown_deck_imports(content: Content) -> None:
    text = "# My talk\nintro\n\nNote: hello\n\n---\n## Two\n[[figure: diagram kappa]]\n"
    deck = dk.import_deck("My Talk (v2).md", text.encode(), content)
    assert (deck.id, deck.title, len(deck), deck.source) == ("my_talk_v2", "My talk", 2, "upload")
    assert deck.slides[0].slide.notes == "hello"
    assert deck.slides[1].slide.figures == (Embed("diagram kappa", 8),)


def test_a_csv_deck_imports(content: Content) -> None:
    text = HEADER + "mine,Mine,2,kappa_architecture,2,\nmine,Mine,1,lambda_architecture,1-2,3\n"
    deck = dk.import_deck("whatever.csv", text.encode(), content)
    assert deck.id == "mine" and [(s.topic, s.number) for s in deck.slides] == [
        ("lambda_architecture", 1),
        ("lambda_architecture", 2),
        ("kappa_architecture", 2),
    ]
    assert deck.minutes == pytest.approx(3 + dk.MINUTES_PER_SLIDE)


@pytest.mark.parametrize(
    ("name", "data", "location", "problem"),
    [
        ("talk.pdf", b"x", "file", "only .md, .markdown, .csv"),
        ("talk.md", b"#" * (dk.MAX_UPLOAD_BYTES + 1), "file", "the limit is 200,000"),
        ("talk.md", b"# ok\n\xff\xfe", "byte 5", "not valid UTF-8"),
        ("talk.md", b"# ok\nbad\x00byte", "line 2", "control character"),
        ("talk.md", b"  \n\n", "file", "the file is empty"),
        ("talk.md", b"---\n---\nNote: only notes\n", "file", "no slides"),
        ("talk.md", b"# A\n\n[[figure: diagram nowhere]]\n", "line 3", "unknown diagram 'nowhere'"),
        ("!!!.md", b"# A\n", "file name", "needs a letter or digit"),
        ("lambda_architecture.md", b"# A\n", "file", "already called 'lambda_architecture'"),
        ("d.csv", b"deck,title\nx,y\n", "line 1", "missing column(s): order, topic"),
        (
            "d.csv",
            (HEADER + "a,A,1,lambda_architecture,1,\nb,B,1,lambda_architecture,1,\n").encode(),
            "column deck",
            "one deck per file",
        ),
        ("d.csv", (HEADER + "a,A,1,no_such_topic,1,\n").encode(), "line 2, column topic", "not available"),
        ("d.csv", (HEADER + "a,A,1,lambda_architecture,42,\n").encode(), "line 2, column slides", "does not exist"),
        ("d.csv", (HEADER + "a,A,x,lambda_architecture,1,\n").encode(), "line 2, column order", "valid integer"),
        ("d.csv", HEADER.encode(), "file", "no rows"),
        ("d.csv", b"deck,title,order,topic,slides,minutes,extra\n", "line 1", "unknown column(s): extra"),
    ],
)
def test_bad_uploads_are_content_errors(content: Content, name: str, data: bytes, location: str, problem: str) -> None:
    with pytest.raises(ContentError) as caught:
        dk.import_deck(name, data, content, taken={"lambda_architecture"})
    assert caught.value.location == location
    assert problem in caught.value.problem
    assert caught.value.path == name


def test_too_many_slides_are_refused(content: Content) -> None:
    text = "\n---\n".join(f"slide {i}" for i in range(dk.MAX_SLIDES + 1))
    with pytest.raises(ContentError, match="limit is 200"):
        dk.import_deck("big.md", text.encode(), content)


MARKDOWN_LINES = st.sampled_from(
    ["---", "```", "~~~", "Note: n", "[[figure: diagram lambda]]", "[[figure: sim nope]]", "", "# T", "<script>", "é"]
)


@given(name=st.text(max_size=20), data=st.binary(max_size=400))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300)
def test_fuzz_any_bytes_import_cleanly_or_fail_with_a_content_error(content: Content, name: str, data: bytes) -> None:
    for suffix in (".md", ".csv"):
        try:
            deck = dk.import_deck(name + suffix, data, content)
        except ContentError as error:
            assert error.problem and error.location
        else:
            assert 1 <= len(deck) <= dk.MAX_SLIDES


@given(lines=st.lists(MARKDOWN_LINES, max_size=30))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300)
def test_fuzz_markdown_shaped_uploads(content: Content, lines: list[str]) -> None:
    try:
        deck = dk.import_deck("talk.md", "\n".join(lines).encode(), content)
    except ContentError as error:
        assert error.path == "talk.md"
    else:
        assert all(s.slide.text or s.slide.figures for s in deck.slides)


CSV_CELLS = st.sampled_from(["a", "A", "1", "2", "0", "all", "1-3", "3-1", "lambda_architecture", "", '"', ",", "x\ny"])


@given(rows=st.lists(st.lists(CSV_CELLS, min_size=4, max_size=7), max_size=6))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300)
def test_fuzz_csv_shaped_uploads(content: Content, rows: list[list[str]]) -> None:
    text = HEADER + "\n".join(",".join(row) for row in rows)
    try:
        deck = dk.import_deck("deck.csv", text.encode(), content)
    except ContentError as error:
        assert error.path == "deck.csv"
    else:
        assert deck.source == "upload" and len(deck) >= 1
