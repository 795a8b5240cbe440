"""Live rounds built from the question bank and from predictions, and answer counts as percentages."""

from __future__ import annotations

import pytest

from studylab.content.schemas import PredictionRow
from studylab.present.rounds import live_questions, percentages, round_from_prediction, round_from_question
from studylab.study.bank import build_bank


def test_rounds_from_the_question_bank(content) -> None:  # type: ignore[no-untyped-def]
    bank = build_bank(content.table("questions"))
    live = live_questions(bank)
    assert live and all(q.type in ("single", "scenario", "true_false") for q in live.values())
    for question in live.values():
        spec = round_from_question(question)
        assert 2 <= len(spec.options) <= 6 and 1 <= spec.right <= len(spec.options)
        if question.type == "true_false":
            assert spec.options[spec.right - 1].lower() == question.answer
        else:
            assert spec.right in question.right
    other = next(q for q in bank.values() if q.type not in ("single", "scenario", "true_false"))
    with pytest.raises(ValueError, match="single-choice"):
        round_from_question(other)


def test_rounds_from_predictions(content) -> None:  # type: ignore[no-untyped-def]
    for row in content.table("predictions").to_dict("records"):
        spec = round_from_prediction(PredictionRow.model_validate({k: row[k] for k in PredictionRow.model_fields}))
        assert spec.kind == "prediction" and spec.figure and spec.figure.startswith("sim ")
        assert 1 <= spec.right <= len(spec.options)


def test_percentages() -> None:
    assert percentages([1, 3]) == [25.0, 75.0]
    assert percentages([0, 0]) == [0.0, 0.0]
