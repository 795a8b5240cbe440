"""Slide decks: a topic's slides, custom decks from ``data/decks.csv``, uploaded decks,
deep links into a deck, and the handout.

* **Topic deck**: every topic is a deck (id = topic id) of the slides cut from its body
  (:func:`studylab.content.slides.cut_slides`).
* **Custom deck** (``data/decks.csv``): runs of slides from several topics, in ``order``;
  each row names a topic and ``all``, one slide number or a range ``2-4``.
* **Uploaded deck**: a Markdown file (cut by the same rule) or a CSV in the format of
  ``data/decks.csv``, checked by :func:`import_deck`: any problem is a
  :class:`ContentError` naming the file, the place and the problem.
* **Deep link**: ``present?deck=lambda_architecture&slide=4`` (1-based slide). Unknown decks
  and nonsense slide numbers never fail: :func:`parse_position` falls back or clamps, and
  says so in a notice.
* **Handout**: :func:`build_handout` writes one self-contained HTML file (slides, notes,
  figures, plotly's JavaScript inlined once) that opens offline. Content reaches it only
  through a Markdown renderer with raw HTML disabled, or HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

import plotly.graph_objects as go
from markdown_it import MarkdownIt

from studylab.content.loader import Content, ContentError, Topic, parse_table
from studylab.content.schemas import SLIDE_RANGE, TABLES, PredictionRow, TableSpec
from studylab.content.slides import Embed, Slide, cut_slides
from studylab.figures import marker_problems

MINUTES_PER_SLIDE = 2.0
"""Planned minutes per slide where a deck does not say (the presenter's pacing target)."""

DECK_PARAM = "deck"
SLIDE_PARAM = "slide"
MINUTES_PARAM = "minutes"
"""URL parameters: the deck id, the 1-based slide number and the presenter's target minutes."""

MINUTES_RANGE = (1, 240)
"""Target minutes a presenter may set."""

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


# --- Deep links ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """Where a deep link points: a deck, a 0-based slide index, and what had to be corrected."""

    deck: Deck
    index: int
    notices: tuple[str, ...] = ()
    minutes: float | None = None
    """The presenter's target minutes from the URL (None = the deck's own plan)."""

    @property
    def number(self) -> int:
        """The 1-based slide number, as in the URL."""
        return self.index + 1

    @property
    def slide(self) -> DeckSlide:
        return self.deck.slides[self.index]

    @property
    def next_slide(self) -> DeckSlide | None:
        return self.deck.slides[self.index + 1] if self.index + 1 < len(self.deck) else None

    @property
    def target_minutes(self) -> float:
        return self.minutes if self.minutes is not None else self.deck.minutes

    def params(self, number: int | None = None) -> dict[str, str]:
        """URL parameters of this position (or of another slide number in the same deck)."""
        chosen = min(max(number if number is not None else self.number, 1), len(self.deck))
        params = {DECK_PARAM: self.deck.id, SLIDE_PARAM: str(chosen)}
        if self.minutes is not None:
            params[MINUTES_PARAM] = f"{self.minutes:g}"
        return params


def shown(value: str, limit: int = 40) -> str:
    """A URL value made safe to quote in a notice: plain characters only, cut to ``limit``."""
    clean = re.sub(r"[^A-Za-z0-9_.\- ]", "?", value)
    return clean[:limit] + ("…" if len(clean) > limit else "")


def _one(params: Mapping[str, str | list[str]], name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def parse_position(params: Mapping[str, str | list[str]], decks: Mapping[str, Deck], default: str) -> Position:
    """The position a URL names; unknown decks fall back to ``default``, slides are clamped.

    Never raises for bad values: each correction is described in ``notices``.
    """
    notices: list[str] = []
    deck_id = (_one(params, DECK_PARAM) or "").strip()
    if deck_id and deck_id not in decks:
        notices.append(f"There is no deck called “{shown(deck_id)}”: showing “{decks[default].title}” instead.")
        deck_id = default
    deck = decks[deck_id or default]
    number = _parse_slide((_one(params, SLIDE_PARAM) or "").strip(), len(deck), notices)
    minutes = _parse_minutes(_one(params, MINUTES_PARAM), notices)
    return Position(deck, number - 1, tuple(notices), minutes)


def _parse_slide(raw: str, count: int, notices: list[str]) -> int:
    if not raw:
        return 1
    if not re.fullmatch(r"[+-]?[0-9]{1,9}", raw):
        notices.append(f"“{shown(raw)}” is not a slide number: showing slide 1.")
        return 1
    number = int(raw)
    if number < 1:
        notices.append(f"Slide {shown(raw)} does not exist: showing slide 1.")
        return 1
    if number > count:
        notices.append(f"This deck has {count} slide{'s' if count != 1 else ''}: showing the last one.")
        return count
    return number


def _parse_minutes(raw: str | None, notices: list[str]) -> float | None:
    if raw is None or not raw.strip():
        return None
    low, high = MINUTES_RANGE
    try:
        value = float(raw)
    except ValueError:
        notices.append(f"“{shown(raw)}” is not a number of minutes: using the deck's own plan.")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        notices.append(f"“{shown(raw)}” is not a number of minutes: using the deck's own plan.")
        return None
    if not low <= value <= high:
        clamped = float(min(max(value, low), high))
        notices.append(f"A talk of {shown(raw)} minutes is out of range: using {clamped:g}.")
        return clamped
    return value


def choose_preset(raw: str | None, options: Mapping[str, str], default: str | None) -> tuple[str | None, str | None]:
    """The simulation preset a URL asks for, if the figure has it; else the default and a notice."""
    if raw is None or not raw.strip() or not options:
        return default, None
    if raw in options:
        return raw, None
    return default, f"This figure has no preset “{shown(raw)}”: showing “{options.get(default or '', default)}”."


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


# --- Handout ----------------------------------------------------------------------------------

FigureSource = Callable[[Embed], "tuple[go.Figure, str] | None"]
"""Draws a slide's figure: the figure and its caption, or None if it cannot be drawn."""

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
"""Markdown to HTML with raw HTML disabled: ``<script>`` in content comes out as text."""

HANDOUT_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111418;max-width:60rem;
margin:2rem auto;padding:0 1rem;line-height:1.5}
header{border-bottom:2px solid #1f5fa8;margin-bottom:2rem}
.slide{border:1px solid #d5dbe3;border-radius:.5rem;padding:1rem 1.5rem;margin:0 0 2rem;break-inside:avoid}
.meta{color:#4a5361;font-size:.9rem;margin:0}
.notes{background:#f1f4f8;border-left:4px solid #1f5fa8;padding:.5rem 1rem;margin-top:1rem}
.notes h3{margin:.2rem 0;font-size:1rem}
figure{margin:1rem 0}figcaption{color:#4a5361;font-size:.9rem}
pre{background:#f1f4f8;padding:.75rem;overflow-x:auto}code{font-size:.95em}
table{border-collapse:collapse}td,th{border:1px solid #d5dbe3;padding:.25rem .5rem}
@media print{.slide{break-after:page}}
"""

HANDOUT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:"
"""The handout loads nothing from anywhere: every script and style is inline."""


def render_markdown(text: str) -> str:
    """Markdown as HTML; raw HTML in the text is escaped, unsafe link schemes are dropped."""
    return _MARKDOWN.render(text)


@dataclass
class _FigureWriter:
    draw: FigureSource
    script_written: bool = field(default=False)

    def __call__(self, embed: Embed) -> str:
        drawn = self.draw(embed)
        if drawn is None:
            return f'<p class="meta">(Figure not available: {html.escape(embed.spec)})</p>'
        figure, text = drawn
        div = figure.to_html(
            full_html=False,
            include_plotlyjs=not self.script_written,
            config={"displayModeBar": False, "responsive": True},
        )
        self.script_written = True
        return f"<figure>{div}<figcaption>{html.escape(text)}</figcaption></figure>"


def build_handout(deck: Deck, draw: FigureSource, generated: str = "") -> str:
    """The deck as one self-contained HTML page: every slide, its notes and its figures."""
    figure_html = _FigureWriter(draw)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{HANDOUT_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(deck.title)} · handout</title>",
        f"<style>{HANDOUT_CSS}</style></head><body>",
        f"<header><h1>{html.escape(deck.title)}</h1>",
        f'<p class="meta">{len(deck)} slides · about {deck.minutes:.0f} minutes'
        + (f" · {html.escape(generated)}" if generated else "")
        + "</p></header><main>",
    ]
    for number, item in enumerate(deck.slides, start=1):
        parts.append(f'<section class="slide" id="slide-{number}">')
        parts.append(f'<p class="meta">Slide {number} of {len(deck)} · {html.escape(item.topic_title)}</p>')
        for block in item.slide.blocks:
            parts.append(figure_html(block) if isinstance(block, Embed) else render_markdown(block))
        if item.slide.notes:
            parts.append(f'<aside class="notes"><h3>Speaker notes</h3>{render_markdown(item.slide.notes)}</aside>')
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def handout_name(deck: Deck) -> str:
    """File name of a deck's handout."""
    return f"{deck.id}-handout.html"


def prediction_from_row(row: Mapping[str, object]) -> PredictionRow:
    """A validated prediction from a table row."""
    return PredictionRow.model_validate({k: row[k] for k in PredictionRow.model_fields})


# --- The presenter's timer -----------------------------------------------------------------------

MAX_TALK_S = 24 * 3600
"""A timer started longer ago than this (or in the future) is ignored."""


@dataclass(frozen=True)
class Pace:
    """How the talk is doing against its plan at the current slide."""

    elapsed_s: float
    planned_s: float
    """When the plan reaches the current slide, in seconds from the start."""
    planned_end_s: float
    """When the plan leaves the current slide."""
    remaining_s: float
    """Target length of the talk minus the time elapsed (never negative)."""

    @property
    def ahead(self) -> bool:
        return self.elapsed_s < self.planned_s

    @property
    def behind(self) -> bool:
        return self.elapsed_s > self.planned_end_s

    @property
    def verdict(self) -> str:
        """``+1:30 ahead``, ``-0:45 behind`` or ``on time`` (signed, for a metric's delta)."""
        if self.ahead:
            return f"+{clock(self.planned_s - self.elapsed_s)} ahead"
        if self.behind:
            return f"-{clock(self.elapsed_s - self.planned_end_s)} behind"
        return "on time"


def pacing(position: Position, elapsed_s: float) -> Pace:
    """The plan (the deck's minutes scaled to the target length) against the time elapsed."""
    scale = position.target_minutes / position.deck.minutes if position.deck.minutes else 1.0
    start = position.deck.minutes_before(position.index) * scale * 60
    end = start + position.slide.minutes * scale * 60
    elapsed = max(elapsed_s, 0.0)
    return Pace(elapsed, start, end, max(position.target_minutes * 60 - elapsed, 0.0))


def clock(seconds: float) -> str:
    """Seconds as ``m:ss`` (``h:mm:ss`` from an hour)."""
    total = int(max(seconds, 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_started(raw: str | None, now: float) -> tuple[float | None, str | None]:
    """The timer's start (Unix seconds) from the URL, if it is a plausible moment; else a notice."""
    if raw is None or not raw.strip():
        return None, None
    if not re.fullmatch(r"[0-9]{1,12}", raw.strip()):
        return None, f"“{shown(raw)}” is not a start time: the timer is reset."
    value = float(raw)
    if not now - MAX_TALK_S <= value <= now + 60:
        return None, "The timer's start time is in the future or more than a day ago: the timer is reset."
    return value, None
