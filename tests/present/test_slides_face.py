"""The slide and presenter pages in AppTest: deep links, navigation, notices, figures, uploads."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from studylab.storage.database import URL_ENV
from tests.pages_support import run_page


@pytest.fixture(autouse=True)
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'present.db'}"
    monkeypatch.setenv(URL_ENV, url)
    return url


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def params(at: AppTest) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def test_a_deep_link_shows_its_slide_with_counter_and_figure() -> None:
    at = ok(run_page("pages/present.py", query={"deck": "lambda_architecture", "slide": "2"}))
    assert at.title[0].value == "Lambda architecture"
    assert "## The three layers" in text(at)
    assert any("Slide 2 of 4" in c.value for c in at.caption)
    assert at.get("progress")[0].proto.value == 50
    assert "Walk through the example" not in text(at), "notes stay off the slide"
    assert len(at.get("plotly_chart")) == 1
    assert not at.warning


def test_next_and_previous_move_the_url() -> None:
    at = ok(run_page("pages/present.py", query={"deck": "lambda_architecture", "slide": "1"}))
    assert at.button(key="previous_slide").disabled
    at.button(key="next_slide").click().run()
    assert params(at)["slide"] == "2" and "## The three layers" in text(at)
    at.button(key="previous_slide").click().run()
    assert params(at)["slide"] == "1"


def test_the_last_slide_has_no_next() -> None:
    at = ok(run_page("pages/present.py", query={"deck": "lambda_architecture", "slide": "4"}))
    assert at.button(key="next_slide").disabled


@pytest.mark.parametrize(
    ("query", "notice", "slide"),
    [
        ({"deck": "lambda_architecture", "slide": "99"}, "has 4 slides", "4"),
        ({"deck": "lambda_architecture", "slide": "two"}, "is not a slide number", "1"),
        ({"deck": "no_such_deck", "slide": "2"}, "There is no deck called", "2"),
    ],
)
def test_nonsense_in_the_url_is_corrected_with_a_notice(query: dict[str, str], notice: str, slide: str) -> None:
    at = run_page("pages/present.py", query=query)
    assert not at.exception
    assert any(notice in w.value for w in at.warning), [w.value for w in at.warning]
    assert params(at)["slide"] == slide


def test_a_simulation_preset_comes_from_the_url() -> None:
    query = {"deck": "scalability_elasticity", "slide": "2", "preset": "office_hours"}
    at = ok(run_page("pages/present.py", query=query))
    picker = next(box for box in at.selectbox if box.label == "Scenario")
    assert picker.value == "office_hours"
    picker.set_value("thrashing").run()
    assert params(at)["preset"] == "thrashing"
    bad = run_page("pages/present.py", query={**query, "preset": "nonsense"})
    assert any("no preset" in w.value for w in bad.warning)
    assert next(box for box in bad.selectbox if box.label == "Scenario").value == "flash_sale"


def test_a_custom_deck_strings_topics_together() -> None:
    at = ok(run_page("pages/present.py", query={"deck": "streaming_tour", "slide": "4"}))
    assert at.title[0].value.startswith("Batch and streaming")
    assert any("Slide 4 of" in c.value and "Kappa architecture" in c.value for c in at.caption)


def test_an_uploaded_deck_is_stored_and_opened() -> None:
    at = ok(run_page("pages/present.py"))
    # The uploader cannot be driven in AppTest: store the deck the way the import button does.
    from studylab.content.loader import load_content
    from studylab.present import decks as dk
    from studylab.present.uploads import DeckStore
    from studylab.storage.database import Database

    source = "# Our talk\nhello\n\nNote: psst\n\n---\n\n## Part two\n[[figure: diagram kappa]]\n"
    deck = dk.import_deck("our talk.md", source.encode(), load_content())
    store = DeckStore(Database())
    store.db.create_all()
    store.save(deck.id, deck.title, "our talk.md", source, owner="session:test")
    at = ok(run_page("pages/present.py", query={"deck": "our_talk", "slide": "2"}))
    assert at.title[0].value == "Our talk" and "## Part two" in text(at)
    store.db.dispose()


def test_the_presenter_view_shows_notes_next_slide_and_timer() -> None:
    at = ok(run_page("pages/presenter.py", query={"deck": "lambda_architecture", "slide": "2"}))
    notes = text(at)
    assert "Walk through the example on the board" in notes
    assert "## The problem of two code paths" in notes, "the next slide"
    assert any("target 8:00" in m.value for m in at.markdown)
    at.button(key="start_timer").click().run()
    assert "started" in params(at)
    assert any(m.label == "Elapsed" for m in at.metric)
    at.button(key="next_slide").click().run()
    assert params(at)["slide"] == "3" and "started" in params(at), "the timer keeps running across slides"


def test_the_presenter_view_rejects_a_silly_start_time() -> None:
    at = run_page("pages/presenter.py", query={"deck": "lambda_architecture", "started": "tomorrow"})
    assert any("not a start time" in w.value for w in at.warning)
    assert "started" not in params(at)


def test_the_deck_picker_shows_every_deck_and_opens_the_one_picked() -> None:
    from studylab.content.loader import ROOT, load_content
    from studylab.present.decks import built_in_decks

    decks = built_in_decks(load_content(ROOT))
    at = ok(run_page("pages/present.py", query={"deck": "lambda_architecture", "slide": "3"}))
    groups = at.button_group
    shown = [option.content for group in groups for option in group.proto.options]
    assert len(shown) == len(decks), "every deck is in view, none behind a scroll"
    topics = next(group for group in groups if group.value == "lambda_architecture")
    topics.set_value("kappa_architecture")
    at = ok(at.run())
    assert params(at)["deck"] == "kappa_architecture" and params(at)["slide"] == "1"
    again = next(group for group in at.button_group if group.value == "kappa_architecture")
    again.set_value(None)  # a second click on the deck shown
    at = ok(at.run())
    assert params(at)["deck"] == "kappa_architecture"


def test_a_simulation_slide_lets_the_presenter_change_its_settings() -> None:
    at = ok(run_page("pages/present.py", query={"deck": "lambda_architecture", "slide": "3"}))
    assert any(e.label == "Change the settings" for e in at.expander)
    assert not any("settings changed on the slide" in c.value for c in at.caption)
    every = next(s for s in at.slider if s.key.endswith("batch_every"))
    assert every.value != 120
    every.set_value(120.0)
    at = ok(at.run())
    assert any("settings changed on the slide" in c.value for c in at.caption)
    assert "batch_every" not in params(at), "the link keeps only the slide and its scenario"


def test_find_a_deck_narrows_the_picker_to_matching_titles() -> None:
    at = ok(run_page("pages/present.py", query={"deck": "lambda_architecture", "slide": "1"}))
    at.text_input(key="deck_find").set_value("kappa ARCHITECTURE")
    at = ok(at.run())
    shown = {option.content for group in at.button_group for option in group.proto.options}
    assert any("Kappa" in title for title in shown)
    assert all("Kappa" in title or "Lambda architecture" in title for title in shown), shown
