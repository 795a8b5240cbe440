"""Questions are built from the bank, shuffled per learner, and marked right for every type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studylab.content.catalog import build_catalog, find_page, page_scripts
from studylab.content.loader import Content
from studylab.study.bank import (
    BUILT_IN,
    build_bank,
    label,
    mark,
    matching_layout,
    option_order,
    ordering_layout,
    parse_number,
    response_text,
    right_answer_text,
)
from tests.quiz_support import sample_bank

BANK = sample_bank()
MIN_PER_TOPIC = 8
MIN_TOTAL = 150


def test_the_sample_has_every_type() -> None:
    assert {q.type for q in BANK.values()} == {
        "single",
        "scenario",
        "multiple",
        "true_false",
        "matching",
        "ordering",
        "numeric",
    }


def test_every_question_of_the_real_bank_builds(content: Content) -> None:
    bank = build_bank(content.table("questions"))
    assert len(bank) == len(content.table("questions"))
    assert all(q.deck == BUILT_IN for q in bank.values())


def test_every_topic_has_its_minimum_of_questions(content: Content) -> None:
    bank = build_bank(content.table("questions"))
    counts = {topic: sum(q.topic == topic for q in bank.values()) for topic in content.topics}
    assert {t: n for t, n in counts.items() if n < MIN_PER_TOPIC} == {}
    assert len(bank) >= MIN_TOTAL


def test_every_question_link_opens_a_page_of_the_catalog(content: Content) -> None:
    bank = build_bank(content.table("questions"))
    catalog = build_catalog(content, page_scripts(content))
    missing = {q.id: q.link for q in bank.values() if q.link_page and find_page(catalog, q.link_page) is None}
    assert missing == {}
    assert all(q.link_page is None or q.link_page in page_scripts(content) for q in bank.values())


def test_every_topic_question_links_to_a_page_or_falls_back_to_its_topic(content: Content) -> None:
    bank = build_bank(content.table("questions"))
    assert all(q.topic in content.topics for q in bank.values())


def test_every_page_state_a_question_links_to_has_a_concept_name(content: Content) -> None:
    bank = build_bank(content.table("questions"))
    named = set(content.table("quiz_concepts")["link"])
    assert {q.concept for q in bank.values() if q.link_params} - named == set()


def test_link_parts() -> None:
    numeric = BANK["t_num"]
    assert numeric.link_page == "availability_reliability"
    assert numeric.link_params == {"preset": "series"}
    assert numeric.concept == "availability_reliability?preset=series"
    assert BANK["t_tf"].link_page is None and BANK["t_tf"].concept == "lakehouse"


# --- Marking ----------------------------------------------------------------------


def test_single_and_scenario() -> None:
    assert mark(BANK["t_single"], 1).correct
    wrong = mark(BANK["t_single"], 2)
    assert not wrong.correct and wrong.misconceptions == ("batch_is_fresh",) and wrong.response == "2"
    assert mark(BANK["t_scenario"], 2).correct
    assert mark(BANK["t_scenario"], 1).misconceptions == ("lambda_one_path",)


def test_multiple_needs_the_exact_set_and_reports_wrong_picks() -> None:
    question = BANK["t_multiple"]
    assert mark(question, {1, 2}).correct
    partial = mark(question, {1})
    assert not partial.correct and partial.misconceptions == () and "1 of 2" in partial.detail
    extra = mark(question, {1, 2, 3})
    assert not extra.correct and extra.misconceptions == ("spreadsheet_is_lake",) and extra.response == "1|2|3"


def test_true_false() -> None:
    assert mark(BANK["t_tf"], True).correct
    wrong = mark(BANK["t_tf"], False)
    assert not wrong.correct and wrong.misconceptions == ("lakehouse_no_acid",) and wrong.response == "false"


def test_matching_counts_pairs() -> None:
    question = BANK["t_match"]
    right = {"Security": "protect data", "Reliability": "recover", "Cost": "spend"}
    assert mark(question, right).correct
    swapped = {**right, "Security": "recover", "Reliability": "protect data"}
    result = mark(question, swapped)
    assert not result.correct and result.detail == "1 of 3 pairs right" and result.misconceptions == ("pillars_mixed",)
    assert not mark(question, {}).correct


def test_ordering_needs_the_exact_order() -> None:
    question = BANK["t_order"]
    assert mark(question, ["Develop", "Deploy", "Monitor", "Retrain"]).correct
    result = mark(question, ["Deploy", "Develop", "Monitor", "Retrain"])
    assert not result.correct and result.detail == "2 of 4 items in the right place"
    assert not mark(question, ["Develop", "Deploy"]).correct


@given(st.floats(min_value=-0.1, max_value=0.1))
def test_numeric_accepts_anything_within_tolerance(offset: float) -> None:
    assert mark(BANK["t_num"], 98.01 + offset).correct


@given(st.floats(min_value=0.1001, max_value=1e6))
def test_numeric_rejects_anything_outside_tolerance(offset: float) -> None:
    question = BANK["t_num"]
    assert not mark(question, 98.01 + offset).correct
    assert not mark(question, 98.01 - offset).correct
    assert mark(question, 98.01 + offset).misconceptions == ("series_adds",)


def test_unanswered_is_wrong_for_every_type() -> None:
    for question in BANK.values():
        result = mark(question, None)
        assert not result.correct and result.response == ""


@pytest.mark.parametrize(
    ("qid", "response"),
    [("t_single", "1"), ("t_single", True), ("t_multiple", [1, 2]), ("t_tf", "true"), ("t_num", float("nan"))],
)
def test_a_response_of_the_wrong_shape_is_refused(qid: str, response: object) -> None:
    with pytest.raises(TypeError):
        mark(BANK[qid], response)  # type: ignore[arg-type]


# --- Shuffles -----------------------------------------------------------------------


@given(st.text(max_size=20))
def test_option_order_is_a_stable_permutation_per_learner(learner: str) -> None:
    question = BANK["t_single"]
    order = option_order(question, learner)
    assert sorted(order) == [1, 2, 3]
    assert option_order(question, learner) == order


def test_learners_see_different_orders() -> None:
    question = BANK["t_single"]
    orders = {tuple(option_order(question, f"learner {i}")) for i in range(30)}
    assert len(orders) > 1


@given(st.text(max_size=20))
def test_ordering_is_never_shown_already_solved(learner: str) -> None:
    question = BANK["t_order"]
    shown = ordering_layout(question, learner)
    assert sorted(shown) == sorted(question.options) and shown != list(question.options)


def test_matching_layout_offers_every_right_item() -> None:
    lefts, rights = matching_layout(BANK["t_match"], "ana")
    assert sorted(lefts) == ["Cost", "Reliability", "Security"]
    assert sorted(rights) == ["protect data", "recover", "spend"]


def test_right_answer_text_for_every_type() -> None:
    assert right_answer_text(BANK["t_single"]) == "Speed layer"
    assert right_answer_text(BANK["t_multiple"]) == "- HDFS\n- Cloud object storage"
    assert right_answer_text(BANK["t_tf"]) == "True"
    assert "Security → protect data" in right_answer_text(BANK["t_match"])
    assert right_answer_text(BANK["t_order"]).startswith("1. Develop\n2. Deploy")
    assert right_answer_text(BANK["t_num"]) == "98.01 (± 0.1)"


def test_label_reads_a_tag_as_words() -> None:
    assert label("lambda_single_code_path") == "Lambda single code path"


@pytest.mark.parametrize(
    ("text", "value"),
    [("98.01", 98.01), (" 98,01 ", 98.01), ("98.01 %", 98.01), ("\u22122", -2.0), ("1e3", 1000.0)],
)
def test_typed_numbers_are_read(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,000.5,2", "nan", "inf", None])
def test_non_numbers_are_none(text: str | None) -> None:
    assert parse_number(text) is None


def test_stored_responses_read_back_as_the_learner_gave_them() -> None:
    cases = {
        "t_single": 2,
        "t_multiple": frozenset({1, 3}),
        "t_tf": False,
        "t_match": {"Security": "recover", "Reliability": "protect data", "Cost": "spend"},
        "t_order": ["Deploy", "Develop", "Monitor", "Retrain"],
        "t_num": 97.5,
    }
    texts = {qid: response_text(BANK[qid], mark(BANK[qid], response).response) for qid, response in cases.items()}
    assert texts == {
        "t_single": "Batch layer",
        "t_multiple": "- HDFS\n- A spreadsheet",
        "t_tf": "False",
        "t_match": "- Security → recover\n- Reliability → protect data\n- Cost → spend",
        "t_order": "1. Deploy\n2. Develop\n3. Monitor\n4. Retrain",
        "t_num": "97.5",
    }
    assert response_text(BANK["t_tf"], "") == "(no answer)"
