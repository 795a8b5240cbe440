"""Decks: topic and custom decks, deep links, the uploaded-deck importer and the handout."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studylab.content.loader import Content, ContentError, load_content
from studylab.content.slides import Embed, cut_slides
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


# --- Deep links ------------------------------------------------------------------------------


def test_a_deep_link_opens_its_slide(decks: dict[str, dk.Deck]) -> None:
    position = dk.parse_position({"deck": "lambda_architecture", "slide": "4"}, decks, "streaming_tour")
    assert position.deck.id == "lambda_architecture" and position.number == 4
    assert position.notices == ()
    assert position.params() == {"deck": "lambda_architecture", "slide": "4"}
    assert position.params(99)["slide"] == str(len(position.deck))


def test_no_parameters_open_the_default_deck_quietly(decks: dict[str, dk.Deck]) -> None:
    position = dk.parse_position({}, decks, "streaming_tour")
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
    position = dk.parse_position({"deck": "lambda_architecture", "slide": slide}, decks, "streaming_tour")
    assert position.number == number
    (message,) = position.notices
    assert notice in message


def test_an_unknown_deck_falls_back_with_a_notice(decks: dict[str, dk.Deck]) -> None:
    position = dk.parse_position({"deck": "[click](http://x)<b>", "slide": "2"}, decks, "streaming_tour")
    assert position.deck.id == "streaming_tour" and position.number == 2
    (message,) = position.notices
    assert "no deck called" in message
    assert not re.search(r"[\[\]()<>]", message.split("”")[0]), "the bad value is quoted without markup"


def test_list_values_use_the_last(decks: dict[str, dk.Deck]) -> None:
    position = dk.parse_position({"deck": ["kappa_architecture"], "slide": ["1", "3"]}, decks, "streaming_tour")
    assert (position.deck.id, position.number) == ("kappa_architecture", 3)


@pytest.mark.parametrize(
    ("raw", "minutes", "noticed"), [("30", 30.0, False), ("0", 1.0, True), ("9999", 240.0, True), ("nan", None, True)]
)
def test_target_minutes(decks: dict[str, dk.Deck], raw: str, minutes: float | None, noticed: bool) -> None:
    position = dk.parse_position({"minutes": raw}, decks, "streaming_tour")
    assert position.minutes == minutes and bool(position.notices) == noticed
    assert position.target_minutes == (minutes if minutes is not None else position.deck.minutes)


@given(st.dictionaries(st.sampled_from(["deck", "slide", "minutes", "other"]), st.text(max_size=30)))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
def test_any_url_gives_a_valid_position(decks: dict[str, dk.Deck], params: dict[str, str]) -> None:
    position = dk.parse_position(params, decks, "streaming_tour")
    assert 0 <= position.index < len(position.deck)
    low, high = dk.MINUTES_RANGE
    assert position.minutes is None or low <= position.minutes <= high


def test_choose_preset() -> None:
    options = {"a": "Preset A", "b": "Preset B"}
    assert dk.choose_preset("b", options, "a") == ("b", None)
    assert dk.choose_preset(None, options, "a") == ("a", None)
    chosen, notice = dk.choose_preset("zzz", options, "a")
    assert chosen == "a" and notice and "zzz" in notice and "Preset A" in notice


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


# --- Handout ---------------------------------------------------------------------------------

EVIL = (
    "# Talk <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[link](javascript:alert(3))\n\n"
    "Note: <b>notes</b> <iframe src=//x></iframe>\n\n---\n\n## Figures\n\n[[figure: diagram lambda]]\n\n"
    "[[figure: diagram kappa]]\n\n[[figure: diagram gone]]\n"
)


def _draw(embed: Embed) -> tuple[go.Figure, str] | None:
    if embed.spec.endswith("gone"):
        return None
    return go.Figure(go.Bar(x=[1], y=[2], name="</script><script>alert(4)</script>")), "caption <i>x</i>"


@pytest.fixture(scope="module")
def handout() -> str:
    slides = tuple(dk.DeckSlide(slide, None, "<em>Topic</em>", n) for n, slide in enumerate(cut_slides(EVIL), 1))
    return dk.build_handout(dk.Deck("evil", "Evil <script>alert(5)</script>", slides, "upload"), _draw, "today")


def test_the_handout_escapes_every_piece_of_content(handout: str) -> None:
    assert "<script>alert" not in handout
    markup = re.sub(r"<script\b.*?</script>", "", handout, flags=re.DOTALL)  # plotly's own code aside
    assert "<img" not in markup and "<iframe" not in markup and "<b>notes" not in markup
    assert "<a " not in markup, "a javascript: link is not made a link"
    assert "&lt;em&gt;Topic&lt;/em&gt;" in handout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in handout
    assert "caption &lt;i&gt;x&lt;/i&gt;" in handout


def test_the_handout_has_slides_notes_and_figures(handout: str) -> None:
    assert handout.count('<section class="slide"') == 2
    assert "Speaker notes" in handout
    assert handout.count("<figure>") == 2
    assert "Figure not available: diagram gone" in handout


def test_plotly_is_inlined_once_and_nothing_is_fetched(handout: str) -> None:
    assert handout.count("Plotly JavaScript") <= 1 or handout.count("plotly.js v") == 1
    assert len(re.findall(r"plotly\.js v\d", handout)) == 1
    assert "<script src" not in handout and "<link" not in handout
    assert "default-src 'none'" in handout


def test_render_markdown_keeps_formatting_but_not_html() -> None:
    assert dk.render_markdown("**bold** <u>u</u>") == "<p><strong>bold</strong> &lt;u&gt;u&lt;/u&gt;</p>\n"
    assert "<table>" in dk.render_markdown("| a |\n|---|\n| 1 |\n")


# --- Timer -----------------------------------------------------------------------------------


def test_pacing_against_the_plan(decks: dict[str, dk.Deck]) -> None:
    position = dk.parse_position({"deck": "streaming_tour", "slide": "3"}, decks, "streaming_tour")
    assert dk.pacing(position, 60).verdict == "+3:00 ahead"
    assert dk.pacing(position, 300).verdict == "on time"
    assert dk.pacing(position, 420).verdict == "-1:00 behind"
    doubled = dk.parse_position({"deck": "streaming_tour", "slide": "3", "minutes": "36"}, decks, "x")
    assert dk.pacing(doubled, 0).planned_s == pytest.approx(480)


def test_clock() -> None:
    assert [dk.clock(s) for s in (0, 59.9, 61, 3600, -5)] == ["0:00", "0:59", "1:01", "1:00:00", "0:00"]


def test_parse_started() -> None:
    now = 1_800_000_000.0
    assert dk.parse_started("1799999000", now) == (1_799_999_000.0, None)
    assert dk.parse_started(None, now) == (None, None)
    for bad in ("soon", "1899999999", "100"):
        value, notice = dk.parse_started(bad, now)
        assert value is None and notice
