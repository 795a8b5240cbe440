"""Follow mode and the slide keys in AppTest: who moves the room, what the URL says, what each screen shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from studylab.present.follow import FollowStore, Spot
from studylab.storage.database import URL_ENV, Database
from tests.pages_support import run_page


@pytest.fixture(autouse=True)
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'follow.db'}"
    monkeypatch.setenv(URL_ENV, url)
    return url


@pytest.fixture
def store(db_url: str) -> FollowStore:
    db = Database(db_url)
    db.create_all()
    return FollowStore(db)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def params(at: AppTest) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def test_the_presenter_starts_a_room_and_every_move_writes_it(store: FollowStore) -> None:
    at = ok(run_page("pages/presenter.py", query={"deck": "streaming_tour", "slide": "2"}))
    at.button(key="start_follow").click().run()
    url = params(ok(at))
    code, key = url["follow"], url["key"]
    assert store.room(code, key).presenter and store.room(code).spot == Spot("streaming_tour", 2)
    assert at.metric[0].value == " ".join(code)
    assert key not in "\n".join(c.value for c in at.code), "the room link carries no key"
    at.button(key="next_slide").click().run()
    assert store.room(code).spot == Spot("streaming_tour", 3)
    at.button(key="key_last").click().run()
    assert store.room(code).spot.slide == 11


def test_an_audience_window_goes_to_the_room_and_its_steps_stay_its_own(store: FollowStore) -> None:
    keys = store.start(Spot("streaming_tour", 5))
    at = ok(run_page("pages/present.py", query={"follow": keys.code.lower()}))
    assert params(at).items() >= {"follow": keys.code, "deck": "streaming_tour", "slide": "5"}.items()
    at.button(key="next_slide").click().run()
    assert params(ok(at))["own"] == "1" and params(at)["slide"] == "6"
    assert store.room(keys.code).spot.slide == 5, "an audience step never moves the room"


def test_the_presenters_blank_blanks_the_room_and_an_audience_blank_is_its_own(store: FollowStore) -> None:
    keys = store.start(Spot("streaming_tour", 2))
    presenter = ok(run_page("pages/presenter.py", query={"follow": keys.code, "key": keys.key}))
    presenter.button(key="key_blank").click().run()
    assert store.room(keys.code).spot == Spot("streaming_tour", 2, blank=True)
    assert any("screens are blank" in i.value for i in ok(presenter).info), "the presenter's own view stays"
    audience = ok(run_page("pages/present.py", query={"follow": keys.code}))
    assert params(audience)["blank"] == "1" and not audience.title
    audience.button(key="key_blank").click().run()
    assert params(ok(audience)).get("own") == "1" and "blank" not in params(audience)
    assert store.room(keys.code).spot.blank, "an audience member's own B leaves the room blank"
    presenter.button(key="key_next").click().run()
    assert store.room(keys.code).spot == Spot("streaming_tour", 3, blank=True), "moving on while blank keeps it"


def test_a_wrong_presenter_key_follows_as_audience(store: FollowStore) -> None:
    keys = store.start(Spot("streaming_tour", 2))
    at = ok(run_page("pages/present.py", query={"follow": keys.code, "key": "guess"}))
    assert any("presenter key" in w.value for w in at.warning)
    assert "key" not in params(at)
    at.button(key="next_slide").click().run()
    assert store.room(keys.code).spot.slide == 2


def test_an_unknown_code_says_so_and_shows_the_slides() -> None:
    at = ok(run_page("pages/present.py", query={"follow": "ZZZZZZ", "deck": "lambda_architecture"}))
    assert any("Nobody is presenting" in e.value for e in at.error)
    assert "follow" not in params(at) and at.title[0].value == "Lambda architecture"


def test_digit_keys_projector_mode_and_blank_screen_are_buttons_too() -> None:
    at = ok(run_page("pages/present.py", query={"deck": "streaming_tour", "slide": "1"}))
    at.button(key="key_slide_4").click().run()
    assert params(ok(at))["slide"] == "4"
    at.button(key="key_next").click().run()
    assert params(ok(at))["slide"] == "5"
    at.button(key="key_projector").click().run()
    assert params(ok(at))["mode"] == "projector"
    at.button(key="key_blank").click().run()
    assert params(ok(at))["blank"] == "1" and not at.title
    at.button(key="key_blank").click().run()
    assert "blank" not in params(ok(at)) and params(at)["slide"] == "5" and params(at)["mode"] == "projector"


def test_a_following_screen_shows_the_rooms_scenario_without_a_picker(store: FollowStore) -> None:
    keys = store.start(Spot("streaming_tour", 3, "steady_sensors"))
    audience = ok(run_page("pages/present.py", query={"follow": keys.code}))
    assert not [box for box in audience.selectbox if box.label == "Scenario"]
    assert any("Steady sensors" in c.value for c in audience.caption)
    presenter = ok(run_page("pages/present.py", query={"follow": keys.code, "key": keys.key}))
    assert [box.value for box in presenter.selectbox if box.label == "Scenario"] == ["steady_sensors"]


def test_the_room_link_has_a_qr_code_that_scans_to_the_audience_link(store: FollowStore) -> None:
    import base64
    import io

    import zxingcpp
    from PIL import Image

    from studylab.present.live_figures import qr_code, qr_svg

    at = ok(run_page("pages/presenter.py", query={"deck": "streaming_tour", "slide": "2"}))
    at.button(key="start_follow").click().run()
    code, key = params(ok(at))["follow"], params(at)["key"]
    link = "\n".join(c.value for c in at.code)
    assert link.endswith(f"/present?follow={code}") and key not in link
    images = at.get("image")
    assert images, "the presenter view shows the room's QR code"
    shown = images[0].proto.imgs[0].url.removeprefix("data:image/svg+xml;base64,")
    matrix = segno_svg_modules(base64.b64decode(shown).decode())
    # The code drawn is segno's for the link shown; scanned, it gives that link back (and no key).
    assert matrix == segno_svg_modules(qr_svg(link))
    png = io.BytesIO()
    qr_code(link).save(png, kind="png", scale=6)
    scanned = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))
    assert [result.text for result in scanned] == [link]


def segno_svg_modules(svg: str) -> str:
    """The drawing of a segno SVG (its path data), which is the QR matrix."""
    import re

    found = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg)
    assert found, svg[:200]
    return found.group(1)
