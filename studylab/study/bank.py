"""Questions built from ``QuestionRow`` rows: deterministic shuffles, marking, readable answers.

A learner's answer to a question (a *response*) has one Python shape per type:

* ``single`` / ``scenario``: the 1-based number of the chosen option (as written in the bank);
* ``multiple``: a set of option numbers;
* ``true_false``: a bool;
* ``matching``: a dict left -> chosen right;
* ``ordering``: the items in the order the learner put them;
* ``numeric``: a float.

``None`` always means "not answered" (marked wrong). Shuffles never change option
numbers: they only change the order options are shown in.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import pandas as pd

from studylab.content.schemas import QuestionRow, QuestionType, split_cell

BUILT_IN = "built-in"
"""Deck name of the questions in ``data/questions.csv``."""

CHOICE_TYPES = ("single", "scenario", "multiple")

Response = int | frozenset[int] | set[int] | bool | Mapping[str, str] | Sequence[str] | float | None


@dataclass(frozen=True)
class Question:
    """One question of the bank, ready to ask and mark."""

    id: str
    topic: str
    type: QuestionType
    prompt: str
    options: tuple[str, ...]
    answer: str | None
    tolerance: float | None
    explanation: str
    misconceptions: tuple[str, ...]
    difficulty: int
    link: str | None
    deck: str = BUILT_IN

    @property
    def right(self) -> frozenset[int]:
        """Option numbers of the right choices (choice types only)."""
        return frozenset(int(a) for a in split_cell(self.answer)) if self.type in CHOICE_TYPES else frozenset()

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The right ``(left, right)`` pairs of a matching question."""
        if self.type != "matching":
            return ()
        return tuple((left.strip(), right.strip()) for left, right in (o.split("=>") for o in self.options))

    @property
    def number(self) -> float | None:
        """The right number of a numeric question."""
        return float(self.answer) if self.type == "numeric" and self.answer is not None else None

    @property
    def link_page(self) -> str | None:
        """The page slug the question links to (``lambda_architecture``)."""
        return split_link(self.link)[0]

    @property
    def link_params(self) -> dict[str, str]:
        """The query parameters of the link (``{"node": "speed_layer"}``)."""
        return split_link(self.link)[1]

    @property
    def concept(self) -> str:
        """What the question is about, finer than the topic: its link when that names a page state
        (``lambda_architecture?node=speed_layer``, named in ``data/quiz_concepts.csv``), else the
        linked page or the topic."""
        if self.link_params:
            return str(self.link)
        return self.link_page or self.topic

    def tag_for_wrong(self) -> tuple[str, ...]:
        """The misconception of a wrong answer, for types with one tag (true/false and the rest)."""
        if self.type in CHOICE_TYPES:
            return ()
        return tuple(tag for tag in self.misconceptions[:1] if tag)


def split_link(link: str | None) -> tuple[str | None, dict[str, str]]:
    """A ``page?param=value`` link as its page slug and its parameters (``(None, {})`` for no link)."""
    if not link:
        return None, {}
    page, _, query = link.partition("?")
    return page, dict(parse_qsl(query))


def question_from_row(row: Mapping[str, Any], deck: str = BUILT_IN) -> Question:
    """A Question from a validated row (a ``QuestionRow`` dump or a table row)."""
    values = {name: none_if_missing(row.get(name)) for name in QuestionRow.model_fields}
    valid = QuestionRow.model_validate(values)
    return Question(
        id=valid.id,
        topic=valid.topic,
        type=valid.type,
        prompt=valid.prompt,
        options=tuple(split_cell(valid.options)),
        answer=valid.answer,
        tolerance=valid.tolerance,
        explanation=valid.explanation,
        misconceptions=tuple(split_cell(valid.misconceptions)),
        difficulty=valid.difficulty,
        link=valid.link,
        deck=deck,
    )


def none_if_missing(value: Any) -> Any:
    """None for an empty table cell (pandas gives NaN for those), else the value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def build_bank(frame: pd.DataFrame, deck: str = BUILT_IN) -> dict[str, Question]:
    """Every row of a questions table as a Question, keyed by id, in table order."""
    return {q.id: q for q in (question_from_row(row, deck) for row in frame.to_dict("records"))}


def merge_banks(*banks: Mapping[str, Question]) -> dict[str, Question]:
    """Several banks as one; an id already present is kept from the earlier bank."""
    merged: dict[str, Question] = {}
    for bank in banks:
        for qid, question in bank.items():
            merged.setdefault(qid, question)
    return merged


# --- Deterministic shuffles ---------------------------------------------------


def rng_for(*parts: str) -> random.Random:
    """A random generator seeded by the given strings (same strings -> same sequence, any process)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def shuffled(items: Sequence[Any], *seed: str) -> list[Any]:
    """The items in an order fixed by ``seed``."""
    result = list(items)
    rng_for(*seed).shuffle(result)
    return result


def option_order(question: Question, learner: str) -> list[int]:
    """Option numbers (1-based) in the order this learner sees them; stable across reruns."""
    numbers = list(range(1, len(question.options) + 1))
    if question.type not in CHOICE_TYPES:
        return numbers
    return shuffled(numbers, learner, question.id, "options")


def matching_layout(question: Question, learner: str) -> tuple[list[str], list[str]]:
    """The left items in the order shown, and the right items in the order offered."""
    lefts = [left for left, _ in question.pairs]
    rights = sorted({right for _, right in question.pairs})
    return shuffled(lefts, learner, question.id, "left"), shuffled(rights, learner, question.id, "right")


def ordering_layout(question: Question, learner: str) -> list[str]:
    """The ordering items in a shuffled order that is never already the right one."""
    items = list(question.options)
    order = shuffled(items, learner, question.id, "order")
    if order == items and len(items) > 1:
        order = order[1:] + order[:1]
    return order


# --- Marking --------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """The verdict on one response."""

    correct: bool
    misconceptions: tuple[str, ...]
    """Tags of the wrong beliefs the response reveals (empty when right)."""
    response: str
    """The response in a canonical text form, for storage."""
    detail: str = ""
    """A short note such as ``2 of 4 pairs right``."""


NUMERIC_EPSILON = 1e-9
"""Slack added to a numeric tolerance so that ``tolerance=0.1`` accepts a difference of exactly 0.1."""


def _mark_single(question: Question, response: Any) -> Mark:
    if not isinstance(response, int) or isinstance(response, bool):
        raise TypeError(f"{question.id}: expected an option number, got {response!r}")
    right = response in question.right
    return Mark(right, () if right else _tags_of(question, [response]), str(response))


def _mark_multiple(question: Question, response: Any) -> Mark:
    if not isinstance(response, set | frozenset):
        raise TypeError(f"{question.id}: expected a set of option numbers, got {response!r}")
    chosen = frozenset(int(n) for n in response)
    right = chosen == question.right
    tags = _tags_of(question, sorted(chosen - question.right))
    missed = len(question.right - chosen)
    detail = f"{len(chosen & question.right)} of {len(question.right)} right options chosen"
    if missed == 0 and not right:
        detail += f", plus {len(chosen - question.right)} wrong"
    return Mark(right, tags, "|".join(map(str, sorted(chosen))), "" if right else detail)


def _mark_true_false(question: Question, response: Any) -> Mark:
    if not isinstance(response, bool):
        raise TypeError(f"{question.id}: expected True or False, got {response!r}")
    right = str(response).lower() == question.answer
    return Mark(right, () if right else question.tag_for_wrong(), str(response).lower())


def _mark_matching(question: Question, response: Any) -> Mark:
    if not isinstance(response, Mapping):
        raise TypeError(f"{question.id}: expected left -> right choices, got {response!r}")
    good = sum(response.get(left) == right for left, right in question.pairs)
    right = good == len(question.pairs)
    text = "|".join(f"{left} => {response.get(left) or ''}" for left, _ in question.pairs)
    detail = "" if right else f"{good} of {len(question.pairs)} pairs right"
    return Mark(right, () if right else question.tag_for_wrong(), text, detail)


def _mark_ordering(question: Question, response: Any) -> Mark:
    if isinstance(response, str | Mapping) or not isinstance(response, Sequence):
        raise TypeError(f"{question.id}: expected the items in order, got {response!r}")
    given = [str(item) for item in response]
    right = given == list(question.options)
    in_place = sum(a == b for a, b in zip(given, question.options, strict=False))
    detail = "" if right else f"{in_place} of {len(question.options)} items in the right place"
    return Mark(right, () if right else question.tag_for_wrong(), "|".join(given), detail)


def _mark_numeric(question: Question, response: Any) -> Mark:
    if isinstance(response, bool) or not isinstance(response, int | float) or not math.isfinite(response):
        raise TypeError(f"{question.id}: expected a number, got {response!r}")
    target, tolerance = question.number or 0.0, question.tolerance or 0.0
    right = abs(float(response) - target) <= tolerance + NUMERIC_EPSILON
    return Mark(right, () if right else question.tag_for_wrong(), f"{float(response):g}")


MARKERS: dict[str, Callable[[Question, Any], Mark]] = {
    "single": _mark_single,
    "scenario": _mark_single,
    "multiple": _mark_multiple,
    "true_false": _mark_true_false,
    "matching": _mark_matching,
    "ordering": _mark_ordering,
    "numeric": _mark_numeric,
}
"""How each question type is marked: one function per type."""


def mark(question: Question, response: Response) -> Mark:
    """Mark a response to a question (``None`` = not answered, which is wrong)."""
    if response is None:
        return Mark(False, (), "", "not answered")
    return MARKERS[question.type](question, response)


def parse_number(text: str | None) -> float | None:
    """A typed number (``98.01``, ``98,01``, ``98.01 %``, ``1e3``), or None if it is not one."""
    clean = (text or "").strip().replace("\u2212", "-").replace(" ", "").rstrip("%")
    if clean.count(",") == 1 and "." not in clean:
        clean = clean.replace(",", ".")
    try:
        value = float(clean)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _tags_of(question: Question, numbers: Iterable[int]) -> tuple[str, ...]:
    tags = question.misconceptions
    return tuple(tags[n - 1] for n in numbers if 0 < n <= len(tags) and tags[n - 1])


# --- Readable answers ------------------------------------------------------------


def right_answer_text(question: Question) -> str:
    """The right answer as Markdown, for the back of a flashcard or after a wrong answer."""
    kind = question.type
    if kind in ("single", "scenario"):
        return question.options[min(question.right) - 1]
    if kind == "multiple":
        return "\n".join(f"- {question.options[n - 1]}" for n in sorted(question.right))
    if kind == "true_false":
        return "True" if question.answer == "true" else "False"
    if kind == "matching":
        return "\n".join(f"- {left} → {right}" for left, right in question.pairs)
    if kind == "ordering":
        return "\n".join(f"{i}. {item}" for i, item in enumerate(question.options, start=1))
    tolerance = f" (± {question.tolerance:g})" if question.tolerance else ""
    return f"{question.number:g}{tolerance}"


def response_text(question: Question, response: str) -> str:
    """A stored (canonical) response as Markdown the learner recognises."""
    if not response:
        return "(no answer)"
    kind = question.type
    if kind in CHOICE_TYPES:
        chosen = [int(n) for n in response.split("|") if n.isdigit() and 0 < int(n) <= len(question.options)]
        items = [question.options[n - 1] for n in chosen]
        return items[0] if kind != "multiple" and items else "\n".join(f"- {item}" for item in items)
    if kind == "true_false":
        return response.capitalize()
    if kind == "matching":
        pairs = (part.split("=>", 1) for part in response.split("|"))
        return "\n".join(f"- {left.strip()} → {right.strip() or '?'}" for left, right in pairs)
    if kind == "ordering":
        return "\n".join(f"{i}. {item}" for i, item in enumerate(response.split("|"), start=1))
    return response


def label(tag: str) -> str:
    """A slug shown as words: ``lambda_single_code_path`` -> ``Lambda single code path``."""
    words = tag.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
