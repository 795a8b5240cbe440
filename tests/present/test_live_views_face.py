"""The projector view and the host's reload in AppTest, with the other side driven through the storage layer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from studylab.present.live import LiveStore, utcnow
from studylab.present.rounds import RoundSpec
from studylab.present.tables import LiveRoundRow
from tests.pages_support import run_page
from tests.present.live_support import ok

SPEC = RoundSpec(
    "question",
    "q1",
    "Which layer is fastest?",
    ("Batch", "Speed", "Serving"),
    2,
    "The speed layer.",
    misconceptions=("batch_is_fast", "", ""),
)


def everything(at: AppTest) -> str:
    """Every text the page shows, as one string."""
    parts = [m.value for m in [*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.code, *at.title]]
    return "\n".join(str(part) for part in parts)


def test_the_projector_shows_the_round_and_never_the_host_key_or_controls(store: LiveStore) -> None:
    keys = store.start("Group")
    store.open_round(keys.code, keys.token, SPEC)
    at = ok(run_page("pages/live_screen.py", query={"code": keys.code}))
    shown = everything(at)
    assert " ".join(keys.code) in shown and "Which layer is fastest?" in shown
    assert keys.token not in shown and "host" not in at.query_params
    assert [b.label for b in at.button] == [] and not at.selectbox and not at.text_input
    assert len(at.get("image")) == 1  # the QR code


def test_the_projector_shows_the_reveal_misconceptions_and_scores(store: LiveStore) -> None:
    keys = store.start("Group", points=True)
    ana, bo = store.join(keys.code, "Ana"), store.join(keys.code, "Bo")
    store.open_round(keys.code, keys.token, SPEC)
    store.answer(keys.code, ana, 2)
    store.answer(keys.code, bo, 1)
    store.reveal(keys.code, keys.token)
    at = ok(run_page("pages/live_screen.py", query={"code": keys.code}))
    shown = everything(at)
    assert "Right answer:" in shown and "What the wrong answers believed" in shown
    board = at.dataframe[0].value
    assert list(board["nickname"]) == ["Ana", "Bo"] and board["points"].iloc[0] > 0


def test_the_projector_without_a_code_asks_for_one_and_a_wrong_code_says_so(store: LiveStore) -> None:
    at = ok(run_page("pages/live_screen.py"))
    assert at.text_input[0].label.startswith("Join code")
    wrong = run_page("pages/live_screen.py", query={"code": "NOPE22"})
    assert any("No live session has the code NOPE22" in e.value for e in wrong.error)


def test_a_reload_of_the_host_url_keeps_control(store: LiveStore) -> None:
    at = ok(run_page("pages/live_host.py"))
    at.button[0].click().run()
    code, token = at.query_params["code"], at.query_params["host"]
    at.button(key="ask_question").click().run()
    reloaded = ok(run_page("pages/live_host.py", query={"code": code, "host": token}))
    assert {"ask_question", "reveal", "end"} <= {b.key for b in reloaded.button}
    assert reloaded.metric[0].value == " ".join(code)


def test_a_host_url_with_a_wrong_key_gives_no_control(store: LiveStore) -> None:
    keys = store.start("Group")
    at = run_page("pages/live_host.py", query={"code": keys.code, "host": "guess"})
    assert any("Only the host" in e.value for e in at.error)
    assert "reveal" not in {b.key for b in at.button} and "ask_question" not in {b.key for b in at.button}


def test_a_late_answer_on_the_participant_page_is_refused(store: LiveStore) -> None:
    keys = store.start("Group", countdown_s=20)
    token = store.join(keys.code, "Ana")
    store.open_round(keys.code, keys.token, SPEC)
    at = ok(run_page("pages/live_join.py", query={"code": keys.code, "me": token}))
    assert "s left to answer" in everything(at)
    at.radio[0].set_value(1).run()
    with store.db.write() as session:  # the countdown runs out while the participant hesitates
        session.execute(update(LiveRoundRow).values(deadline_at=utcnow() - timedelta(seconds=1)))
    at.button(key="send_1").click().run()
    assert any("Time is up" in e.value for e in at.error)
    state = store.state(keys.code).round
    assert state is not None and state.answers == 0


def test_a_wrong_answer_shows_its_belief_on_the_phone_after_the_reveal(store: LiveStore) -> None:
    spec = RoundSpec(
        "question",
        "q2",
        "What is data architecture?",
        ("The products a company buys", "Designing for evolving data needs"),
        2,
        "It is design, not shopping.",
        misconceptions=("architecture_is_tools", ""),
    )
    keys = store.start("Group")
    ana, bo = store.join(keys.code, "Ana"), store.join(keys.code, "Bo")
    store.open_round(keys.code, keys.token, spec)
    store.answer(keys.code, ana, 1)
    store.answer(keys.code, bo, 2)
    store.reveal(keys.code, keys.token)
    wrong = ok_or_wrong(run_page("pages/live_join.py", query={"code": keys.code, "me": ana}))
    assert "Data architecture is the list of tools and products a company picks." in everything(wrong)
    assert "**1 of 2** answered right (50%)." in everything(wrong)
    right = run_page("pages/live_join.py", query={"code": keys.code, "me": bo})
    assert "often comes from the belief" not in everything(right) and "You got it right" in everything(right)


def ok_or_wrong(at: AppTest) -> AppTest:
    """The page ran; its one error box is the participant's own wrong answer."""
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["Your answer: 1. The products a company buys"]
    return at


def test_ending_keeps_the_scores_on_the_host_and_the_projector(store: LiveStore) -> None:
    at = ok(run_page("pages/live_host.py"))
    at.button[0].click().run()
    code = at.query_params["code"]
    store.join(code, "Ana")
    at.button(key="end").click().run()
    ok(at)
    assert any("has ended" in i.value for i in at.info) and at.dataframe
    assert "reveal" not in {b.key for b in at.button} and "ask_question" not in {b.key for b in at.button}
    screen = ok(run_page("pages/live_screen.py", query={"code": code}))
    assert any("has ended" in i.value for i in screen.info) and screen.dataframe
