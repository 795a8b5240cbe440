"""The app's own readings are never marked as the book's fact.

The book lists AWS's pillars, Google's principles and the authors' nine side by side; it maps
none onto another, and it lists each MLOps role's requirements without grouping them into
needs. Where the app does either, a page and a question must say it is the app's reading.
"""

from __future__ import annotations

import pandas as pd

from studylab.content.loader import Content

READING = "this app's reading"


def _pairs(options: str) -> list[tuple[str, str]]:
    return [tuple(part.strip() for part in pair.split("=>", 1)) for pair in options.split("|") if "=>" in pair]  # type: ignore[misc]


def test_no_question_marks_a_mapping_between_the_lists_as_the_books(content: Content) -> None:
    principles = content.table("principles")
    names, kinds = principles["name"].astype(str).str.casefold(), principles["framework"].astype(str)
    framework = dict(zip(names, kinds, strict=True))
    questions = content.table("questions")
    for row in questions[questions["type"] == "matching"].itertuples():
        for left, right in _pairs(str(row.options)):
            here = framework.get(left.casefold())
            there = {kind for name, kind in framework.items() if name in right.casefold()}
            if here is not None and there - {here}:
                assert READING in str(row.prompt).casefold(), row.id


def test_no_question_treats_the_apps_grouping_of_needs_as_the_books(content: Content) -> None:
    needs = [str(title).casefold() for title in content.table("mlops_needs")["title"]]
    questions = content.table("questions")
    for row in questions.itertuples():
        text = " ".join(str(v) for v in (row.prompt, row.options) if not pd.isna(v)).casefold()
        if any(need in text for need in needs):
            assert READING in text, row.id


def test_the_pages_that_map_or_group_say_so(content: Content) -> None:
    assert "our reading" in content.topics["authors_principles"].body
    notes = dict(zip(content.table("lab_notes")["id"], content.table("lab_notes")["text"], strict=True))
    for note in ("principle_reading", "roles_graph", "roles_shared", "compare_sources"):
        assert "our reading" in notes[note] or "our grouping" in notes[note], note


def test_practice_pairings_for_the_challenges_are_marked_as_a_reading(content: Content) -> None:
    questions = content.table("questions").set_index("id")
    assert READING in str(questions.loc["q_mlops_challenges_06", "prompt"]).casefold()
