"""Misconceptions as content: the wrong beliefs of ``data/misconceptions.csv``, looked up by tag.

A wrong answer stores the tags of the beliefs it reveals; pages show the belief's sentence
and a link to the page (and state) that corrects it, never the tag itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from studylab.study.bank import CHOICE_TYPES, Question, label, split_link


@dataclass(frozen=True)
class Belief:
    """One wrong belief: its tag, the sentence a student would say, and where it is corrected."""

    id: str
    sentence: str
    topic: str
    link: str | None

    @property
    def page(self) -> str:
        """The slug of the page that corrects the belief (its topic page when no link is given)."""
        return split_link(self.link)[0] or self.topic

    @property
    def params(self) -> dict[str, str]:
        """The page state that corrects it (``{"system": "redundant_pair"}``)."""
        return split_link(self.link)[1]


def build_beliefs(frame: pd.DataFrame | None) -> dict[str, Belief]:
    """Every row of the misconceptions table as a Belief, keyed by tag."""
    if frame is None:
        return {}
    return {
        str(row["id"]): Belief(
            id=str(row["id"]),
            sentence=str(row["belief"]),
            topic=str(row["topic"]),
            link=row["link"] if isinstance(row.get("link"), str) and row["link"] else None,
        )
        for row in frame.to_dict("records")
    }


def sentence(tag: str, beliefs: Mapping[str, Belief]) -> str:
    """The belief's sentence; an imported deck's own tag, unknown to the table, is shown as words."""
    belief = beliefs.get(tag)
    return belief.sentence if belief is not None else label(tag)


def untagged_wrong_answers(question: Question) -> list[str]:
    """What a wrong answer to the question can be that points to no misconception (empty = complete).

    Choice questions need a tag per wrong option; every other type needs its one tag.
    """
    if question.type in CHOICE_TYPES:
        tags = list(question.misconceptions) + [""] * len(question.options)
        return [
            option
            for number, option in enumerate(question.options, start=1)
            if number not in question.right and not tags[number - 1]
        ]
    return [] if question.tag_for_wrong() else ["any wrong answer"]
