"""The live host and join pages in AppTest, with the other side driven through the storage layer."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from studylab.present.live import LiveStore
from studylab.present.rounds import RoundSpec
from tests.pages_support import run_page
from tests.present.live_support import ok

SPEC = RoundSpec("question", "q1", "Which layer is fastest?", ("Batch", "Speed", "Serving"), 2, "The speed layer.")


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption, *at.info, *at.success])


def test_the_host_starts_asks_sees_answers_and_reveals(store: LiveStore) -> None:
    at = ok(run_page("pages/live_host.py"))
    assert "single-choice questions" in text(at)
    at.button[0].click().run()  # "Start a live session" (the form's submit button)
    ok(at)
    code, token = at.query_params["code"], at.query_params["host"]
    assert at.metric[0].value == " ".join(code)
    at.button(key="ask_question").click().run()
    state = store.state(code)
    assert state.round is not None and state.round.number == 1
    ana = store.join(code, "Ana")
    store.answer(code, ana, state.round.right)
    at.run()
    assert "1 of 1 answered" in text(at)
    at.button(key="reveal").click().run()
    ok(at)
    assert store.state(code).round.revealed  # type: ignore[union-attr]
    assert "Right answer:" in text(at)
    assert at.dataframe[0].value.to_dict("records") == [{"nickname": "Ana", "correct": 1, "answered": 1}]
    assert token in [c.value for c in at.code]


def test_a_prediction_round_runs_its_simulation_on_reveal(store: LiveStore) -> None:
    at = ok(run_page("pages/live_host.py"))
    at.button[0].click().run()
    at.button(key="ask_prediction").click().run()
    code = at.query_params["code"]
    current = store.state(code).round
    assert current is not None and current.kind == "prediction" and current.figure
    before = len(at.get("plotly_chart"))
    at.button(key="reveal").click().run()
    ok(at)
    assert len(at.get("plotly_chart")) == before + 1, "the simulation's figure appears"


def test_a_participant_joins_answers_and_sees_the_result(store: LiveStore) -> None:
    keys = store.start("Group")
    at = ok(run_page("pages/live_join.py", query={"code": keys.code.lower()}))
    assert at.text_input[0].value == keys.code
    at.text_input[1].input("Ana")
    at.button[0].click().run()
    ok(at)
    assert at.query_params["me"]
    assert "Waiting for the host" in text(at)
    store.open_round(keys.code, keys.token, SPEC)
    at.run()
    at.radio[0].set_value(2).run()
    at.button(key="send_1").click().run()
    ok(at)
    state = store.state(keys.code)
    assert state.round is not None and state.round.counts == (0, 1, 0)
    assert "Answer sent" in text(at)
    store.reveal(keys.code, keys.token)
    at.run()
    assert "You got it right" in text(at) and "The speed layer." in text(at)


def test_a_reload_keeps_a_participant_in_and_a_stale_link_asks_to_join_again(store: LiveStore) -> None:
    keys = store.start("Group")
    token = store.join(keys.code, "Ana")
    at = ok(run_page("pages/live_join.py", query={"code": keys.code, "me": token}))
    assert "Joined as **Ana**" in text(at)
    stale = run_page("pages/live_join.py", query={"code": keys.code, "me": "not-a-token"})
    assert any("have not joined" in e.value for e in stale.error)
    assert stale.text_input[0].value == keys.code


def test_a_wrong_code_says_so(store: LiveStore) -> None:
    at = ok(run_page("pages/live_join.py"))
    at.text_input[0].input("NOPE22")
    at.text_input[1].input("Ana")
    at.button[0].click().run()
    assert any("No live session has the code NOPE22" in e.value for e in at.error)


def test_a_participant_page_has_no_host_controls(store: LiveStore) -> None:
    keys = store.start("Group")
    token = store.join(keys.code, "Ana")
    store.open_round(keys.code, keys.token, SPEC)
    at = ok(run_page("pages/live_join.py", query={"code": keys.code, "me": token}))
    labels = [b.label for b in at.button]
    assert labels == ["Send answer"], labels


def test_resume_needs_the_host_key(store: LiveStore) -> None:
    keys = store.start("Group")
    at = ok(run_page("pages/live_host.py"))
    at.text_input[1].input(keys.code.lower())
    at.text_input[2].input("wrong")
    at.button[1].click().run()
    assert any("Only the host" in e.value for e in at.error)
    assert "host" not in at.query_params
    at.text_input[1].input(keys.code.lower())
    at.text_input[2].input(keys.token)
    at.button[1].click().run()
    assert (at.query_params["code"], at.query_params["host"]) == (keys.code, keys.token)
