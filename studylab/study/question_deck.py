"""Question decks as CSV files: check an uploaded deck row by row, and write any deck back out.

A deck file has exactly the columns of ``data/questions.csv`` (see ``QuestionRow``).
:func:`check_deck` reports every problem, each naming the line and column, and returns
rows only when there is none: a deck is imported whole or not at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from studylab.content.loader import ContentError, parse_table
from studylab.content.schemas import SEP, QuestionRow, TableSpec
from studylab.study.bank import Question, none_if_missing, question_from_row

MAX_DECK_BYTES = 200_000
"""Largest deck file accepted."""

MAX_DECK_ROWS = 500
"""Most questions in one deck."""

DECK_NAME = re.compile(r"^[\w][\w .,'()-]{0,59}$")
"""Deck names: 1 to 60 letters, digits, spaces and simple punctuation."""

SPEC = TableSpec("deck", QuestionRow, key=("id",))
COLUMNS = list(QuestionRow.model_fields)


@dataclass
class DeckCheck:
    """The result of checking an uploaded deck: its rows, or every problem found."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def check_deck(
    data: bytes,
    file_name: str,
    deck_name: str,
    topics: Iterable[str],
    pages: Iterable[str],
    taken_ids: Mapping[str, str],
) -> DeckCheck:
    """Check a deck file; ``taken_ids`` maps question ids already in use to the deck that has them.

    Ids of a deck with the same name are not "taken": importing it again replaces it.
    """
    result = DeckCheck()
    name = deck_name.strip()
    if not DECK_NAME.match(name):
        result.problems.append(
            ContentError(file_name, "deck name", "give the deck a name of 1-60 letters, digits, spaces or .,'()-")
        )
    if len(data) > MAX_DECK_BYTES:
        result.problems.append(
            ContentError(file_name, "file", f"file is {len(data):,} bytes; a deck may be at most {MAX_DECK_BYTES:,}")
        )
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        result.problems.append(ContentError(file_name, f"byte {exc.start}", "not UTF-8 text (save the CSV as UTF-8)"))
        return result
    frame, problems = parse_table(text, SPEC, file_name)
    result.problems.extend(problems)
    if frame is None:
        return result
    if len(frame) + len(problems) > MAX_DECK_ROWS:
        result.problems.append(
            ContentError(
                file_name, "file", f"{len(frame) + len(problems)} rows; a deck may have at most {MAX_DECK_ROWS}"
            )
        )
        return result
    if frame.empty and not problems:
        result.problems.append(ContentError(file_name, "file", "the deck has a header but no questions"))
        return result
    known_topics, known_pages = set(topics), set(pages)
    rows = []
    for record in frame.to_dict("records"):
        row = {k: none_if_missing(v) for k, v in record.items()}
        result.problems.extend(_row_problems(row, file_name, name, known_topics, known_pages, taken_ids))
        rows.append({k: v for k, v in row.items() if k != "_line"})
    result.problems.sort(key=_line_of)
    if not result.problems:
        result.rows = rows
    return result


def _row_problems(
    row: Mapping[str, Any],
    file_name: str,
    deck_name: str,
    topics: set[str],
    pages: set[str],
    taken_ids: Mapping[str, str],
) -> list[ContentError]:
    """What keeps one deck row out: an unknown topic or page, or an id another deck uses."""
    where = f"line {row['_line']}"
    problems = []
    if row["topic"] not in topics:
        problems.append(ContentError(file_name, f"{where}, column topic", f"unknown topic {row['topic']!r}"))
    link = row["link"]
    if link and link.split("?")[0] not in pages:
        problems.append(ContentError(file_name, f"{where}, column link", f"no page {link.split('?')[0]!r}"))
    owner = taken_ids.get(row["id"])
    if owner is not None and owner != deck_name:
        problems.append(
            ContentError(file_name, f"{where}, column id", f"id {row['id']!r} is already used by deck {owner!r}")
        )
    return problems


def _line_of(problem: ContentError) -> int:
    match = re.match(r"line (\d+)", problem.location)
    return int(match.group(1)) if match else 0


def deck_csv(questions: Iterable[Question]) -> str:
    """Questions as a deck CSV in the format of ``data/questions.csv`` (importable again)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for q in questions:
        values = _row_of(q)
        writer.writerow([_cell(values[column]) for column in COLUMNS])
    return out.getvalue()


def _row_of(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "topic": q.topic,
        "type": q.type,
        "prompt": q.prompt,
        "options": SEP.join(q.options),
        "answer": q.answer,
        "tolerance": q.tolerance,
        "explanation": q.explanation,
        "misconceptions": SEP.join(q.misconceptions),
        "difficulty": q.difficulty,
        "link": q.link,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def questions_of(rows: Iterable[Mapping[str, Any]], deck: str) -> dict[str, Question]:
    """Checked deck rows as Questions of the named deck."""
    return {q.id: q for q in (question_from_row(row, deck) for row in rows)}
