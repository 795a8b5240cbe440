"""Misconceptions as content: every wrong answer of the bank points to a belief stated as a sentence."""

from __future__ import annotations

import io

import pandas as pd

from studylab.content.loader import Content
from studylab.study.bank import build_bank
from studylab.study.beliefs import build_beliefs, sentence, untagged_wrong_answers
from tests.quiz_support import SAMPLE_BELIEFS, sample_bank


def test_every_wrong_answer_of_every_built_in_question_points_to_a_belief(content: Content) -> None:
    bank = build_bank(content.table("questions"))
    missing = {qid: gaps for qid, q in bank.items() if (gaps := untagged_wrong_answers(q))}
    assert missing == {}


def test_every_tag_of_the_bank_has_a_belief_and_every_belief_is_used(content: Content) -> None:
    bank = build_bank(content.table("questions"))
    used = {tag for q in bank.values() for tag in q.misconceptions if tag}
    assert used == set(build_beliefs(content.table("misconceptions")))


def test_beliefs_read_as_sentences_not_tags(content: Content) -> None:
    for belief in build_beliefs(content.table("misconceptions")).values():
        assert belief.sentence[0].isupper() and belief.sentence.endswith("."), belief.id
        assert "_" not in belief.sentence, belief.id


def test_an_untagged_wrong_answer_is_found_for_each_type() -> None:
    bank = sample_bank()
    assert all(untagged_wrong_answers(q) == [] for q in bank.values())
    single = bank["t_single"]
    bare = single.__class__(**{**single.__dict__, "misconceptions": ("", "batch_is_fresh", "")})
    assert untagged_wrong_answers(bare) == ["Serving disk"]
    numeric = bank["t_num"]
    assert untagged_wrong_answers(numeric.__class__(**{**numeric.__dict__, "misconceptions": ()}))


def test_a_belief_links_to_the_page_state_that_corrects_it() -> None:
    beliefs = build_beliefs(pd.read_csv(io.StringIO(SAMPLE_BELIEFS)))
    assert (beliefs["batch_is_fresh"].page, beliefs["batch_is_fresh"].params) == (
        "lambda_architecture",
        {"node": "speed_layer"},
    )
    assert (beliefs["disk_is_layer"].page, beliefs["disk_is_layer"].params) == ("lambda_architecture", {})


def test_an_unknown_tag_falls_back_to_words() -> None:
    beliefs = build_beliefs(pd.read_csv(io.StringIO(SAMPLE_BELIEFS)))
    assert sentence("series_adds", beliefs) == "Availabilities add up in a chain."
    assert sentence("own_deck_tag", beliefs) == "Own deck tag"
