"""Slide decks: a topic's slides, custom decks from ``data/decks.csv`` and uploaded decks.

* **Topic deck**: every topic is a deck (id = topic id) of the slides cut from its body
  (:func:`studylab.content.slides.cut_slides`).
* **Custom deck** (``data/decks.csv``): runs of slides from several topics, in ``order``;
  each row names a topic and ``all``, one slide number or a range ``2-4``.
* **Uploaded deck**: a Markdown file (cut by the same rule) or a CSV in the format of
  ``data/decks.csv``, checked by :func:`import_deck`: any problem is a
  :class:`ContentError` naming the file, the place and the problem.

Deep links and the presenter's timer are in :mod:`studylab.present.position`, the handout in
:mod:`studylab.present.handout`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from studylab.content.loader import Content, ContentError, Topic, parse_table
from studylab.content.schemas import SLIDE_RANGE, TABLES, TableSpec
from studylab.content.slides import Slide, cut_slides
from studylab.figures import marker_problems

MINUTES_PER_SLIDE = 2.0
"""Planned minutes per slide where a deck does not say (the presenter's pacing target)."""

MAX_UPLOAD_BYTES = 200_000
"""An uploaded deck larger than this is refused before it is parsed."""

MAX_SLIDES = 200
"""An uploaded deck with more slides than this is refused."""

UPLOAD_SUFFIXES = (".md", ".markdown", ".csv")
"""File types the importer reads."""

DeckSource = Literal["topic", "custom", "upload"]

_DECK_SPEC: TableSpec = next(spec for spec in TABLES if spec.name == "decks")


@dataclass(frozen=True)
class DeckSlide:
    """One slide of a deck and where it comes from."""

    slide: Slide
    topic: str | None
    """The topic it was cut from (None for an uploaded Markdown deck)."""
    topic_title: str
    """Shown beside the slide counter and in the handout."""
    number: int
    """Its 1-based number in its topic's own deck (or in the uploaded file)."""
    minutes: float = MINUTES_PER_SLIDE
    """Planned minutes on this slide."""


@dataclass(frozen=True)
class Deck:
    """An ordered list of slides with an id (its URL value) and a title."""

    id: str
    title: str
    slides: tuple[DeckSlide, ...]
    source: DeckSource

    def __len__(self) -> int:
        return len(self.slides)

    @property
    def minutes(self) -> float:
        """Planned length of the whole deck."""
        return sum(s.minutes for s in self.slides)

    def minutes_before(self, index: int) -> float:
        """Planned minutes of the slides before the 0-based ``index``."""
        return sum(s.minutes for s in self.slides[:index])


def topic_deck(topic: Topic) -> Deck:
    """A topic's own deck: every slide of its body."""
    slides = tuple(
        DeckSlide(slide, topic.id, topic.meta.title, number) for number, slide in enumerate(topic.slides, start=1)
    )
    return Deck(topic.id, topic.meta.title, slides, "topic")


def slide_numbers(spec: str, count: int) -> list[int]:
    """The 1-based slide numbers a ``slides`` cell names; ValueError if they do not exist."""
    if not re.match(SLIDE_RANGE, spec):
        raise ValueError(f"slides must be 'all', a number or a range like 2-4, got {spec!r}")
    if spec == "all":
        return list(range(1, count + 1))
    first, _, last = spec.partition("-")
    low, high = int(first), int(last or first)
    if low > high:
        raise ValueError(f"range {spec} runs backwards")
    if high > count:
        raise ValueError(f"slide {high} does not exist: the topic has {count} slide{'s' if count != 1 else ''}")
    return list(range(low, high + 1))


def _decks_from_rows(
    rows: list[dict[str, object]], content: Content, path: str
) -> tuple[dict[str, Deck], list[ContentError]]:
    """Custom decks from validated ``decks`` rows (each with ``_line``), and their problems."""
    problems: list[ContentError] = []
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        grouped.setdefault(str(row["deck"]), []).append(row)
    decks: dict[str, Deck] = {}
    for deck_id, members in grouped.items():
        members.sort(key=lambda r: int(str(r["order"])))
        title = str(members[0]["title"])
        slides: list[DeckSlide] = []
        broken = False
        if deck_id in content.topics:
            where = f"line {members[0]['_line']}, column deck"
            problems.append(ContentError(path, where, f"deck id {deck_id!r} is already a topic's deck"))
            continue
        for row in members:
            where = f"line {row['_line']}"
            if str(row["title"]) != title:
                problems.append(
                    ContentError(
                        path, f"{where}, column title", f"every row of deck {deck_id} needs the title {title!r}"
                    )
                )
                broken = True
                continue
            topic = content.topics.get(str(row["topic"]))
            if topic is None:
                problems.append(
                    ContentError(path, f"{where}, column topic", f"topic {row['topic']!r} is not available")
                )
                broken = True
                continue
            own = topic.slides
            try:
                numbers = slide_numbers(str(row["slides"]), len(own))
            except ValueError as error:
                problems.append(ContentError(path, f"{where}, column slides", str(error)))
                broken = True
                continue
            minutes = row.get("minutes")
            each = float(minutes) / len(numbers) if isinstance(minutes, int | float) and minutes == minutes else None
            for number in numbers:
                slides.append(DeckSlide(own[number - 1], topic.id, topic.meta.title, number, each or MINUTES_PER_SLIDE))
        if not broken and slides:
            decks[deck_id] = Deck(deck_id, title, tuple(slides), "custom")
    return decks, problems


def custom_decks(content: Content) -> tuple[dict[str, Deck], list[ContentError]]:
    """The decks of ``data/decks.csv`` that can be shown, and the problems of the others."""
    frame = content.tables.get("decks")
    if frame is None:
        return {}, []
    return _decks_from_rows(frame.to_dict("records"), content, "data/decks.csv")


def built_in_decks(content: Content) -> dict[str, Deck]:
    """Every deck from content: custom decks first (file order), then each topic's deck in menu order."""
    decks, _ = custom_decks(content)
    for topic in content.topics_in_order():
        if topic.slides:
            decks.setdefault(topic.id, topic_deck(topic))
    return decks


def check_decks(content: Content) -> list[ContentError]:
    """Problems of everything presenting reads: custom decks, figure markers, predictions."""
    from studylab.figures import check_embeds, diagram_ids_of, resolve

    _, problems = custom_decks(content)
    problems += check_embeds(content)
    predictions = content.tables.get("predictions")
    if predictions is not None:
        diagram_ids = diagram_ids_of(content)
        for spec, line in zip(predictions["figure"], predictions["_line"], strict=True):
            try:
                resolve(content, str(spec), diagram_ids)
            except ValueError as error:
                problems.append(ContentError("data/predictions.csv", f"line {line}, column figure", str(error)))
    return problems


# --- Uploaded decks ------------------------------------------------------------------------------


def upload_id(filename: str) -> str:
    """The deck id an uploaded file gets: its name as a lower-case slug (``My talk.md`` -> ``my_talk``)."""
    stem = PurePath(filename).stem
    slug = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    if slug and not slug[0].isalpha():
        slug = f"deck_{slug}"
    return slug[:60].rstrip("_")


def _title_of(slides: list[Slide], fallback: str) -> str:
    for line in slides[0].text.splitlines() if slides else []:
        match = re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
        if match:
            return match.group(1)[:120]
    return fallback


def import_deck(filename: str, data: bytes, content: Content, taken: Collection[str] = ()) -> Deck:
    """An uploaded Markdown or CSV deck, checked; ContentError(file, place, problem) otherwise.

    ``taken`` are deck ids the upload may not use (topics and custom decks).
    """
    name = PurePath(filename or "deck").name[:120] or "deck"
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ContentError(name, "file", f"only {', '.join(UPLOAD_SUFFIXES)} files can be imported as decks")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ContentError(name, "file", f"file is {len(data):,} bytes; the limit is {MAX_UPLOAD_BYTES:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(name, f"byte {exc.start}", "not valid UTF-8 text") from None
    text = text.removeprefix("\ufeff")
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ContentError(name, f"line {line}", f"control character {bad.group()!r} is not allowed in a deck")
    if not text.strip():
        raise ContentError(name, "file", "the file is empty")
    if suffix == ".csv":
        deck = _import_csv(name, text, content)
    else:
        deck = _import_markdown(name, text, content)
    if deck.id in taken:
        raise ContentError(name, "file", f"a built-in deck is already called {deck.id!r}: rename the deck")
    if len(deck) > MAX_SLIDES:
        raise ContentError(name, "file", f"the deck has {len(deck)} slides; the limit is {MAX_SLIDES}")
    return deck


def _import_markdown(name: str, text: str, content: Content) -> Deck:
    deck_id = upload_id(name)
    if not deck_id:
        raise ContentError(name, "file name", "the name needs a letter or digit (it becomes the deck id)")
    slides = cut_slides(text)
    if not slides:
        raise ContentError(name, "file", "no slides: write some Markdown, with a line of --- between slides")
    problems = marker_problems(content, [e for s in slides for e in s.figures], name)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ContentError(name, first.location, first.problem + more)
    title = _title_of(slides, PurePath(name).stem[:120])
    each = tuple(DeckSlide(slide, None, title, number) for number, slide in enumerate(slides, start=1))
    return Deck(deck_id, title, each, "upload")


def _import_csv(name: str, text: str, content: Content) -> Deck:
    frame, problems = parse_table(text, _DECK_SPEC, name)
    if problems or frame is None:
        first = problems[0] if problems else ContentError(name, "file", "unreadable CSV")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ContentError(name, first.location, first.problem + more)
    if frame.empty:
        raise ContentError(name, "file", "no rows: one row per run of slides, under the header")
    ids = sorted(set(frame["deck"]))
    if len(ids) > 1:
        raise ContentError(name, "column deck", f"one deck per file, found {len(ids)}: {', '.join(ids[:5])}")
    decks, problems = _decks_from_rows(frame.to_dict("records"), content, name)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ContentError(name, first.location, first.problem + more)
    deck = decks[ids[0]]
    return Deck(deck.id, deck.title, deck.slides, "upload")
