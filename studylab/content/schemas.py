"""Every content schema, declared once: topic front matter and each CSV table.

A topic is ``content/<id>.md``: YAML front matter validated by :class:`TopicMeta`,
then a Markdown body. A table is ``data/<name>.csv``: one row model per table,
registered in :data:`TABLES` with its key column and the references it makes.
The loader, the ``check`` command and the tests all read these declarations.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SLUG = r"^[a-z][a-z0-9_]*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG, max_length=60),
]
"""A lower-case identifier: letters, digits and underscores. Topic id = file stem = URL slug."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Non-empty text."""

Icon = Annotated[str, StringConstraints(pattern=r"^:material/[a-z0-9_]+:$")]
"""A Material Symbols icon in Streamlit's ``:material/name:`` form."""


class Strict(BaseModel):
    """Base for every schema: unknown fields are errors, fields carry docstrings."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


# --- Topic front matter -----------------------------------------------------


class KeyTerm(Strict):
    """One glossary entry introduced by a topic."""

    term: Text
    """The term as a student would search for it."""
    definition: Text
    """One or two plain sentences."""


class Misconception(Strict):
    """A wrong belief students often hold, and the correction."""

    myth: Text
    """The belief, stated as a student would say it."""
    truth: Text
    """Why it is wrong, in plain words."""


class Opener(Strict):
    """The question or situation a topic opens with; the answer is revealed on demand."""

    question: Text
    """A concrete question the student should try to answer before reading."""
    answer: Text
    """The short answer, revealed after the student has thought about it."""


Source = Literal["FDE ch. 3", "Introducing MLOps ch. 1", "Introducing MLOps ch. 2"]
"""The book chapters the project covers."""


class TopicMeta(Strict):
    """Front matter of ``content/<id>.md``."""

    id: Slug
    """Equals the file stem and the page slug (``pages/<id>.py``)."""
    title: Text
    """Shown as the page title, and in the menu unless ``menu_title`` is given."""
    menu_title: Annotated[Text, StringConstraints(max_length=30)] | None = None
    """A shorter title for the menu and the home page, where long titles are cut off."""
    section: Slug
    """A section id from ``data/sections.csv``."""
    order: int = Field(ge=0)
    """Position within the section, lowest first."""
    summary: Text
    """One sentence shown on the home page and in the menu tooltip."""
    opener: Opener
    """The question the page opens with."""
    key_terms: list[KeyTerm] = Field(min_length=1)
    """Terms this topic defines; they feed the glossary."""
    misconceptions: list[Misconception] = Field(min_length=1)
    """Common wrong beliefs about this topic."""
    related: list[Slug] = Field(default_factory=list)
    """Ids of topics a student should read next or compare with."""
    sources: list[Source] = Field(min_length=1)
    """Which book chapters the facts come from."""
    shows: list[Slug] = Field(default_factory=list)
    """What the page lets the student do, in order, between the opening question and the
    explanation: ids of registered exhibits (``studylab/exhibits.py``), e.g. ``diagram``
    (the topic's architecture diagram) or ``lambda_lab``."""


# --- CSV tables ---------------------------------------------------------------


class SectionRow(Strict):
    """A group of pages in the menu and on the home page."""

    id: Slug
    """Referenced by topics' ``section`` and pages' ``section``."""
    title: Text
    """Shown as the menu heading."""
    icon: Icon
    """Shown beside the heading on the home page."""
    order: int = Field(ge=0)
    """Menu position, lowest first."""
    blurb: Text
    """One sentence: what this section is about."""


class PageRow(Strict):
    """A page that is not a topic (a tool such as the glossary or the quiz)."""

    slug: Slug
    """File stem of ``pages/<slug>.py``; also its URL path."""
    title: Text
    """Shown in the menu."""
    section: Slug
    """A section id from ``data/sections.csv``."""
    icon: Icon
    """Shown in the menu."""
    order: int = Field(ge=0)
    """Position within the section; topic pages and tool pages share the scale."""
    summary: Text
    """One sentence shown on the home page."""


class PrincipleRow(Strict):
    """One principle from one of the three lists in FDE ch. 3."""

    id: Slug
    """Unique across all three frameworks."""
    framework: Literal["aws", "google", "authors"]
    """AWS Well-Architected (6 pillars), Google Cloud (5 principles) or the book's authors (9)."""
    order: int = Field(ge=1)
    """Position in its framework's list, as the source lists it."""
    name: Text
    """The principle's name as the framework states it."""
    summary: Text
    """What it asks of an architecture, in plain words."""
    topic: Slug
    """The topic that explains this framework."""


class PrincipleLinkRow(Strict):
    """A mapping between two principles of different frameworks."""

    source: Slug
    """A principle id (usually one of the authors' nine)."""
    target: Slug
    """A principle id from another framework."""
    note: Text
    """Why the two express the same concern."""


class RoleItemRow(Strict):
    """One cell of the people-of-MLOps table (Introducing MLOps ch. 2)."""

    role_id: Slug
    """Identifies the role across its rows."""
    role: Text
    """The role's name as the book gives it."""
    aspect: Literal["life_cycle", "requirement"]
    """Whether the text is the role's part in the model life cycle or an MLOps requirement."""
    order: int = Field(ge=1)
    """Position of this item within the role and aspect, as in the source table."""
    text: Text
    """The item, faithful to the source."""
    topic: Slug
    """The topic that explains the roles."""


QuestionType = Literal["single", "multiple", "true_false", "matching", "ordering", "scenario", "numeric"]
"""Question types of the quiz bank."""

SEP = "|"
"""Separator of list cells (options, answers, misconception tags) in CSV tables."""

LINK = r"^[a-z][a-z0-9_]*(\?[a-z0-9_]+=[A-Za-z0-9_.\-]+(&[a-z0-9_]+=[A-Za-z0-9_.\-]+)*)?$"
"""A page slug, optionally with URL query parameters: ``lambda_architecture?node=speed_layer``."""


def split_cell(cell: str | None) -> list[str]:
    """A ``|``-separated cell as a list of stripped items (empty cell -> empty list)."""
    return [item.strip() for item in cell.split(SEP)] if cell else []


class QuestionRow(Strict):
    """One question of the quiz bank (``data/questions.csv``).

    How ``options`` and ``answer`` are read depends on ``type``:

    * ``single`` / ``scenario``: options are the choices; answer is the 1-based index of the right one.
    * ``multiple``: options are the choices; answer lists every right index, e.g. ``1|3``.
    * ``true_false``: no options; answer is ``true`` or ``false``.
    * ``matching``: options are the right pairs ``left => right``; they are shown shuffled; no answer.
    * ``ordering``: options are the items in the right order; they are shown shuffled; no answer.
    * ``numeric``: no options; answer is the number; ``tolerance`` is the accepted absolute error.
    """

    id: Slug
    """Stable id; progress is stored against it, so never reuse one for a different question."""
    topic: Slug
    """The topic the question checks."""
    type: QuestionType
    """How the question is asked and marked (see the class docstring)."""
    prompt: Text
    """The question as shown."""
    options: str | None = None
    """``|``-separated choices, pairs or items, per ``type``."""
    answer: str | None = None
    """The right answer, per ``type``."""
    tolerance: float | None = Field(default=None, ge=0)
    """Accepted absolute error for ``numeric`` questions."""
    explanation: Text
    """Shown after answering: why the right answer is right."""
    misconceptions: str | None = None
    """For choice questions, ``|``-separated tags aligned with options: a tag per wrong option, an
    empty item for right ones. For ``true_false``, the one tag of the wrong answer; for ``matching``,
    ``ordering`` and ``numeric``, at most one tag, shown after any wrong answer. Each tag is the id
    of a row of ``data/misconceptions.csv`` (imported decks may use tags of their own)."""
    difficulty: int = Field(ge=1, le=3)
    """1 = recall, 2 = understanding, 3 = application."""
    link: str | None = Field(default=None, pattern=LINK)
    """The page (and state) that teaches this, e.g. ``lambda_architecture?node=speed_layer``."""

    @model_validator(mode="after")
    def _options_fit_type(self) -> QuestionRow:
        options, answers, tags = split_cell(self.options), split_cell(self.answer), split_cell(self.misconceptions)
        kind = self.type
        if kind in ("single", "scenario", "multiple"):
            _check_choice(kind, options, answers, tags)
        elif len(tags) > 1:
            raise ValueError(f"a {kind} question has at most one misconception tag")
        if kind == "true_false" and (options or self.answer not in ("true", "false")):
            raise ValueError("a true_false question has no options and answer true or false")
        if kind in ("matching", "ordering"):
            _check_sequence(kind, options, self.answer)
        if kind == "numeric":
            _check_numeric(options, self.answer, self.tolerance)
        return self


def _check_choice(kind: str, options: list[str], answers: list[str], tags: list[str]) -> None:
    if len(options) < 2:
        raise ValueError(f"a {kind} question needs at least 2 options")
    if not all(a.isdigit() and 1 <= int(a) <= len(options) for a in answers) or not answers:
        raise ValueError(f"answer must be option numbers between 1 and {len(options)}")
    if kind != "multiple" and len(answers) != 1:
        raise ValueError(f"a {kind} question has exactly one right option")
    if tags and len(tags) != len(options):
        raise ValueError(f"misconceptions has {len(tags)} items for {len(options)} options")
    if any(bool(tag) == (str(i + 1) in answers) for i, tag in enumerate(tags)):
        raise ValueError("each wrong option needs a misconception tag, and right options none")


def _check_sequence(kind: str, options: list[str], answer: str | None) -> None:
    if len(options) < 3 or answer:
        raise ValueError(f"a {kind} question lists at least 3 options in the right order and no answer")
    if kind == "matching" and not all(o.count("=>") == 1 for o in options):
        raise ValueError("matching options are pairs written 'left => right'")


def _check_numeric(options: list[str], answer: str | None, tolerance: float | None) -> None:
    try:
        float(answer or "")
    except ValueError:
        raise ValueError("a numeric question's answer is a number") from None
    if options or tolerance is None:
        raise ValueError("a numeric question has no options and a tolerance")


class MisconceptionRow(Strict):
    """A wrong belief that a wrong quiz answer reveals (``data/misconceptions.csv``)."""

    id: Slug
    """The tag that questions use in their ``misconceptions`` column."""
    belief: Text
    """The wrong belief in one plain sentence, as a student would say it (shown after a wrong answer)."""
    topic: Slug
    """The topic whose page corrects the belief."""
    link: str | None = Field(default=None, pattern=LINK)
    """The page and state that correct it, e.g. ``availability_reliability?system=redundant_pair``;
    empty for the topic's page."""


class QuizConceptRow(Strict):
    """The name of a concept the quiz tracks: a page state that questions link to (``data/quiz_concepts.csv``)."""

    link: str = Field(pattern=LINK)
    """A question link with parameters, exactly as in ``questions.csv``: ``lambda_architecture?node=speed_layer``."""
    name: Text
    """The concept as the Progress page names it, e.g. ``Lambda's speed layer``."""


class StreamPresetRow(Strict):
    """A starting point for the streaming simulations (``data/stream_presets.csv``).

    The first group of fields shapes the one event stream that the Dataflow,
    Lambda and Kappa pages all read; the others are each page's starting
    settings and what a student should notice. The bounds below are also the
    ranges of the pages' sliders. Times are minutes unless a name says otherwise.
    """

    id: Slug
    """Stable id of the preset."""
    title: Text
    """Shown in the preset picker. Page URLs name the preset by its title (``?preset=Steady+sensors``),
    so every title must be unique."""
    story: Text
    """One sentence: what the stream represents."""
    events: int = Field(ge=500, le=100_000)
    """Number of events in the stream."""
    keys: int = Field(ge=1, le=20)
    """Number of keys (sensors, phones, users)."""
    key_label: Text
    """What one key is, in the singular (``sensor``), used in labels."""
    minutes: float = Field(ge=10, le=120)
    """Event times are spread over this many minutes."""
    bursts: int = Field(ge=0, le=20)
    """Bursts of activity per key (a user's sessions); 0 spreads a key's events evenly."""
    burst_min: float = Field(ge=0.5, le=30)
    """Length of one burst of activity."""
    delay_s: float = Field(ge=0, le=120)
    """Mean ordinary transport delay, in seconds."""
    late_fraction: float = Field(ge=0, le=0.5)
    """Share of events held back (offline phones, retries), 0 to 0.5."""
    late_delay_min: float = Field(ge=1, le=60)
    """Mean extra delay of a held-back event."""
    seed: int = Field(ge=0, le=9999)
    """Random seed of the stream."""
    window: Literal["fixed", "sliding", "session"]
    """Dataflow: the kind of event-time window."""
    size_min: float = Field(ge=1, le=30)
    """Dataflow, Lambda, Kappa: length of fixed and sliding windows."""
    slide_min: float = Field(ge=0.5, le=10)
    """Dataflow: how often a sliding window starts (at most ``size_min``)."""
    gap_min: float = Field(ge=0.5, le=15)
    """Dataflow: silence that ends a session."""
    watermark: Literal["perfect", "heuristic"]
    """Dataflow: a perfect watermark, or a heuristic one trailing the latest event time by a lag."""
    lag_min: float = Field(ge=0, le=20)
    """Dataflow: the heuristic watermark's lag."""
    early_every_min: float = Field(ge=0, le=10)
    """Dataflow: early firing period (0 = no early panes)."""
    late_every_min: float = Field(ge=0, le=10)
    """Dataflow: late firing period (0 = one pane per late event)."""
    allowed_lateness_min: float = Field(ge=0, le=60)
    """Dataflow: how long after the watermark a window still accepts late data (0 = drop it)."""
    accumulation: Literal["discarding", "accumulating"]
    """Dataflow: whether panes carry new data only or the running total."""
    batch_every_min: float = Field(ge=5, le=120)
    """Lambda: how often the batch layer recomputes everything."""
    batch_runtime_min: float = Field(ge=0, le=30)
    """Lambda: how long a batch run takes before its view is served."""
    bug: Literal["none", "batch", "speed"]
    """Lambda: which code path has the bug (none, batch or speed)."""
    retention_min: float = Field(ge=5, le=240)
    """Kappa: the log deletes events this long after they were appended."""
    deploy_min: float = Field(ge=5, le=180)
    """Kappa: when new logic is deployed and its replay starts."""
    replay_speedup: float = Field(ge=1, le=20)
    """Kappa: the new job's read throughput, as a multiple of the stream's input rate."""
    old_bug: bool
    """Kappa: whether the old logic has the bug that the new logic fixes."""
    notice_dataflow: Text
    """Dataflow page: what to look at with this preset."""
    notice_lambda: Text
    """Lambda page: what to look at with this preset."""
    notice_kappa: Text
    """Kappa page: what to look at with this preset."""

    @model_validator(mode="after")
    def _slide_fits(self) -> StreamPresetRow:
        if self.slide_min > self.size_min:
            raise ValueError("slide_min must not exceed size_min")
        return self


# --- System qualities and principles exercises (principles, elasticity, availability, coupling) ---


class PrincipleScenarioRow(Strict):
    """A scenario card: a short situation that serves or violates one principle."""

    id: Slug
    """Stable id of the card; also its value in the page URL."""
    order: int = Field(ge=1)
    """Position in the deck of cards."""
    scenario: Text
    """The situation, told in two or three sentences without naming the principle."""
    principle: Slug
    """The principle the scenario is about (an id from ``principles``)."""
    verdict: Literal["serves", "violates"]
    """Whether the situation follows the principle or breaks it."""
    explanation: Text
    """Shown after answering: why this principle, and why served or violated."""


class ArchitectureStatementRow(Strict):
    """A statement to sort into operational ("what") or technical ("how") architecture."""

    id: Slug
    """Stable id of the statement."""
    order: int = Field(ge=1)
    """Position in the exercise."""
    statement: Text
    """One sentence, as someone on a project might say it."""
    kind: Literal["operational", "technical"]
    """``operational``: what must happen and for whom; ``technical``: how it will happen."""
    explanation: Text
    """Shown after answering: what gives the statement away."""


Percent = Annotated[float, Field(gt=0, le=100)]
"""A percentage above 0 and at most 100."""


class LoadPresetRow(Strict):
    """A preset of the elasticity simulation: a daily load curve, the service and the policies.

    Loads are requests per minute; the curve is smooth around ``peak_hour``, multiplied by
    ``spike_factor`` for ``spike_minutes`` from ``spike_hour``, with Poisson counts and a
    log-normal burstiness ``jitter`` on top.
    """

    id: Slug
    """Preset id; also its value in the page URL (``?preset=...``)."""
    order: int = Field(ge=1)
    """Position in the preset picker."""
    label: Text
    """Shown in the preset picker."""
    lesson: Text
    """What the student should look for with this preset."""
    base: float = Field(ge=0)
    """Mean requests per minute at the quietest time of day."""
    peak: float = Field(ge=0)
    """Mean requests per minute at the busiest time of day, before any spike."""
    peak_hour: float = Field(ge=0, lt=24)
    """Hour of day when the smooth curve peaks."""
    sharpness: float = Field(ge=1, le=12)
    """1 = a broad busy day; higher values narrow it and lengthen the quiet night."""
    spike_hour: float = Field(ge=0, lt=24)
    """Hour of day when the spike starts."""
    spike_minutes: int = Field(ge=0, le=720)
    """Length of the spike in minutes (0 = no spike)."""
    spike_factor: float = Field(ge=1, le=100)
    """Load multiplier during the spike."""
    jitter: float = Field(ge=0, le=1)
    """Minute-to-minute burstiness (standard deviation of a log-normal factor)."""
    rate: float = Field(gt=0)
    """Requests one ready instance serves per minute."""
    price_per_hour: float = Field(ge=0)
    """Cost of one running or starting instance per hour."""
    queue_limit: float = Field(ge=0)
    """Requests that can wait; further arrivals are dropped."""
    fixed_instances: int = Field(ge=0, le=200)
    """Instances of the fixed-capacity policy."""
    min_instances: int = Field(ge=1, le=200)
    """Fewest instances the autoscaler keeps (scale to zero uses 0)."""
    max_instances: int = Field(ge=1, le=200)
    """Most instances the autoscaler may run."""
    scale_up_at: Percent
    """Utilisation (percent of ready capacity) above which the autoscaler adds instances."""
    scale_down_at: Percent
    """Utilisation below which the autoscaler removes instances."""
    cooldown: int = Field(ge=0, le=120)
    """Minutes the autoscaler waits after a scaling action."""
    startup: int = Field(ge=0, le=60)
    """Minutes from starting an instance until it serves (a cold start)."""

    @model_validator(mode="after")
    def _bands_make_sense(self) -> LoadPresetRow:
        if self.scale_down_at >= self.scale_up_at:
            raise ValueError("scale_down_at must be below scale_up_at")
        if self.min_instances > self.max_instances:
            raise ValueError("min_instances must not exceed max_instances")
        return self


class AvailabilitySystemRow(Strict):
    """A preset system for the availability builder; its stages are in ``availability_stages``."""

    id: Slug
    """Preset id; also its value in the page URL."""
    order: int = Field(ge=1)
    """Position in the preset picker."""
    label: Text
    """Shown in the preset picker."""
    lesson: Text
    """What the student should notice with this preset."""
    server: Percent
    """Availability (percent) of one server, used to compare single-tier and multitier."""
    mttr_hours: float = Field(gt=0, le=240)
    """Mean time to repair a failed copy in the failure simulation, in hours."""


class AvailabilityStageRow(Strict):
    """One stage of a preset system: all stages are in series, a stage's replicas in parallel."""

    system: Slug
    """The preset it belongs to (an id from ``availability_systems``)."""
    position: int = Field(ge=1, le=4)
    """Place in the chain, 1 first; the builder shows at most four stages."""
    name: Text
    """The component, e.g. "Query engine"."""
    availability: Percent
    """Availability of one copy, in percent (99.9 = three nines)."""
    replicas: int = Field(ge=1, le=3)
    """Copies running in parallel; the stage works while any one works."""


class ReliabilityPresetRow(Strict):
    """A daily job on a service, to show availability and reliability disagreeing."""

    id: Slug
    """Preset id; also its value in the page URL."""
    order: int = Field(ge=1)
    """Position in the preset picker."""
    label: Text
    """Shown in the preset picker."""
    lesson: Text
    """What the preset shows about availability versus reliability."""
    availability: Percent
    """Availability of the service against random outages (percent), before maintenance."""
    mttr_hours: float = Field(gt=0, le=240)
    """Mean time to repair a random outage, in hours."""
    maintenance_hours: float = Field(ge=0, le=24)
    """Planned downtime once a week, from midnight on the seventh day."""
    late_input_chance: float = Field(ge=0, le=1)
    """Chance per day that the job's input arrives too late for its deadline."""
    job_hour: float = Field(ge=0, lt=24)
    """Hour of day the daily job starts."""
    job_hours: float = Field(gt=0, le=24)
    """Hours the job needs the service; the standard is met if the service is up throughout."""


class ServiceNodeRow(Strict):
    """A service or datastore of the coupling example."""

    id: Slug
    """Service id, used by ``service_calls`` and in the page URL."""
    name: Text
    """Shown on the diagram."""
    layer: int = Field(ge=0, le=6)
    """Row of the diagram, 0 on top: callers sit above the services they call."""
    domain: Slug
    """Business domain; services of one domain form one unit in the per-domain design."""
    kind: Literal["app", "datastore"]
    """``app`` is code that is built and deployed; a ``datastore`` is never redeployed."""
    summary: Text
    """What the service does, in one line."""


class ServiceCallRow(Strict):
    """A call from one service to another in the coupling example."""

    caller: Slug
    """The service that makes the call (an id from ``service_nodes``)."""
    callee: Slug
    """The service being called."""
    essential: bool
    """True if the caller cannot do its job at all without an answer, even when loosely coupled."""
    loose_via: Text
    """How the loosely coupled design keeps working when the callee is down (queue, timeout,
    circuit breaker, cache), or why it cannot."""


class StranglerRouteRow(Strict):
    """A route that the facade of a strangler migration can send to the legacy or new system."""

    id: Slug
    """Route id; also used in the page URL."""
    order: int = Field(ge=1)
    """Position in the suggested migration order."""
    route: Text
    """What users reach through this route."""
    domain: Slug
    """The business domain the route belongs to."""
    traffic_share: float = Field(gt=0, le=100)
    """Percent of all traffic that uses the route; the routes add up to 100."""
    risk: int = Field(ge=1, le=5)
    """How risky moving the route is, 1 (easy to check) to 5 (hard to verify, costly to get wrong)."""
    note: Text
    """Why it sits at this point of the order."""


class DrillRow(Strict):
    """One drill on a topic page (``data/drills.csv``); its cards are in ``drill_cards``.

    A ``recall`` drill asks the student to type a list (the six pillars, say) and marks what
    was found, missed and misplaced. A ``choice`` drill deals its cards in a seeded order and
    asks for one of the drill's ``options`` on each: which principle a scenario breaks, or
    whether an item is a domain or a service.
    """

    id: Slug
    """Stable id; the keys of the drill's widgets start with it."""
    topic: Slug
    """The topic whose page shows the drill."""
    order: int = Field(ge=1)
    """Position among the topic's drills."""
    kind: Literal["recall", "choice"]
    """``recall``: type a list; ``choice``: pick one option per card."""
    title: Text
    """The drill's heading."""
    intro: Text
    """One or two sentences saying what to do, and whose the material is (the book's, or written for the app)."""
    options: str | None = None
    """A choice drill's options, ``|``-separated, in the order shown; empty for a recall drill."""

    @model_validator(mode="after")
    def _options_fit_kind(self) -> DrillRow:
        parts = [p.strip() for p in (self.options or "").split("|") if p.strip()]
        if self.kind == "choice" and len(parts) < 2:
            raise ValueError("a choice drill needs at least two options, separated by |")
        if self.kind == "recall" and parts:
            raise ValueError("a recall drill has no options: its cards' answers are the lists")
        return self


class DrillCardRow(Strict):
    """One card of a drill: a list to recall, or a prompt with one right option."""

    drill: Slug
    """The drill (an id from ``drills``)."""
    order: int = Field(ge=1)
    """Position in the drill's own order (a choice drill deals its cards shuffled)."""
    prompt: Text
    """What the card asks: the list to recall, the scenario or the item to sort."""
    answer: Text
    """Recall: the list, ``|``-separated in the source's order. Choice: the right option, exactly as in ``options``."""
    explanation: Text
    """Shown after answering: why that answer, in the source's terms."""


class ShinyObjectCaseRow(Strict):
    """A greenfield scenario: does the proposed technology serve the goal, or is it a shiny object?"""

    id: Slug
    """Stable id of the case."""
    order: int = Field(ge=1)
    """Position in the exercise."""
    situation: Text
    """The team and its requirement."""
    proposal: Text
    """The technology someone proposes."""
    verdict: Literal["fits", "shiny"]
    """``fits`` if the proposal serves the requirement; ``shiny`` if it is chosen for its novelty."""
    explanation: Text
    """Shown after answering."""


# --- Engine labs: warehouse -----------------------------------------------------------


class WhProductRow(Strict):
    """A product of the warehouse's product dimension (``dim_product``)."""

    product_id: Slug
    """The product's key in the star schema."""
    name: Text
    """Shown in query results."""
    category: Text
    """Product group, the level above the product in drill-downs."""
    unit_price: float = Field(gt=0, le=10_000)
    """Shelf price per unit, two decimals."""
    unit_cost: float = Field(ge=0, le=10_000)
    """What one unit costs the shop; below the price."""
    popularity: float = Field(gt=0)
    """Relative weight with which generated sales pick this product."""

    @model_validator(mode="after")
    def _cost_below_price(self) -> WhProductRow:
        if self.unit_cost >= self.unit_price:
            raise ValueError("unit_cost must be below unit_price")
        return self


class WhStoreRow(Strict):
    """A store of the warehouse's store dimension (``dim_store``)."""

    store_id: Slug
    """The store's key in the star schema."""
    name: Text
    """Shown in query results."""
    city: Text
    """Where the store is."""
    region: Text
    """Sales region, the level above the store in drill-downs."""
    channel: Literal["shop", "kiosk", "online"]
    """How the store sells."""
    weight: float = Field(gt=0)
    """Relative weight with which generated sales pick this store."""


class WhSegmentRow(Strict):
    """A customer segment of the warehouse's segment dimension (``dim_segment``)."""

    segment_id: Slug
    """The segment's key in the star schema."""
    name: Text
    """Shown in query results; the tills' raw extract uses it as ``customer_type``."""
    description: Text
    """What sets this segment apart."""
    share: float = Field(gt=0, le=1)
    """Relative share of generated sales."""
    discount_pct: int = Field(ge=0, le=50)
    """Whole-percent discount this segment gets on the shelf price."""


class WhSettingsRow(Strict):
    """Seeded parameters that generate the date dimension and the fact table."""

    id: Slug
    """The warehouse uses the row ``default``."""
    seed: int = Field(ge=0)
    """Random seed: the same seed always gives the same rows."""
    start: date
    """First day covered (the month it falls in starts the calendar)."""
    months: int = Field(ge=1, le=60)
    """Number of calendar months covered."""
    sales: int = Field(ge=100, le=20_000)
    """Number of rows of the fact table."""
    monthly_growth: float = Field(ge=-0.2, le=0.2)
    """Relative growth of sales from one month to the next."""
    december_lift: float = Field(ge=0, le=3)
    """Extra share of sales on December days (0.6 = 60 % more)."""
    weekend_lift: float = Field(ge=-0.9, le=3)
    """Extra share of sales on Saturdays and Sundays."""
    mean_extra_units: float = Field(ge=0, le=10)
    """Mean number of units beyond the first in one sale (Poisson)."""


class WhQueryRow(Strict):
    """An example query offered in the warehouse's SQL box."""

    id: Slug
    """Stable id; the URL parameter ``query`` selects it."""
    title: Text
    """Shown in the picker."""
    question: Text
    """The business question the query answers."""
    sql: Annotated[Text, StringConstraints(max_length=2_000)]
    """One read-only DuckDB statement over the star schema."""
    chart: Literal["line", "bar", "table"]
    """How the result is drawn."""
    x: str | None = None
    """Result column on the x axis (line and bar charts)."""
    y: str | None = None
    """Result column on the y axis (line and bar charts)."""
    color: str | None = None
    """Result column that colours the bars or lines, if any."""

    @model_validator(mode="after")
    def _axes_for_charts(self) -> WhQueryRow:
        if self.chart != "table" and not (self.x and self.y):
            raise ValueError(f"a {self.chart} chart needs x and y columns")
        return self


class WhPipelineStepRow(Strict):
    """One step of the ETL or the ELT pipeline, explained."""

    pipeline: Literal["etl", "elt"]
    """Which pipeline the step belongs to."""
    order: int = Field(ge=1)
    """Position in its pipeline."""
    step: Slug
    """The step id the pipeline code reports."""
    stage: Literal["extract", "transform", "load"]
    """Which letter of ETL/ELT this step is."""
    place: Literal["outside", "inside"]
    """Whether the work happens outside the warehouse or inside it, on its compute."""
    description: Text
    """What the step does and why."""


# --- Architecture diagrams and the concept map ----------------------------------

DiagramNodeKind = Literal[
    "source", "ingestion", "storage", "processing", "serving", "consumer", "control", "business", "model"
]
"""What a box in an architecture diagram is; each kind has its own colour and legend entry."""

DiagramEdgeKind = Literal["batch", "stream", "query", "step", "control", "feedback"]
"""What an arrow carries: data in batches or as a stream, a query, a life-cycle hand-off, control
(steering, never data) or feedback (closes the loop of a cyclic diagram)."""


class DiagramRow(Strict):
    """One architecture diagram (``data/diagrams.csv``); its boxes and arrows are in the next two tables."""

    id: Slug
    """Names the diagram in the other diagram tables."""
    title: Text
    """Shown above the diagram and in the compare tool."""
    topic: Slug
    """The topic page that shows this diagram."""
    order: int = Field(ge=1)
    """Position in the compare tool's list and among diagrams of the same topic."""
    variant: Text
    """Short name on the switch when a topic has several diagrams, e.g. ``ETL`` and ``ELT``."""
    cyclic: bool
    """True for a life cycle whose feedback arrows loop back (checked: the loop runs only through
    ``feedback`` arrows); False for a flow from sources to consumers (checked: no cycle at all)."""
    summary: Text
    """One sentence shown under the diagram."""
    record: Text
    """What the follow-a-record control follows, e.g. ``one page-view event``."""


class DiagramNodeRow(Strict):
    """One box of a diagram."""

    diagram: Slug
    """The diagram it belongs to."""
    id: Slug
    """Unique within the diagram; the same part keeps the same id across diagrams. Kept in the URL
    (``?node=speed_layer``) when selected."""
    label: Text = Field(max_length=40)
    """The text in the box; short, it is shown at projector size."""
    kind: DiagramNodeKind
    """Sets the box colour and legend entry; ``processing`` boxes define code paths."""
    description: Text
    """What this part does, in one or two sentences (shown on hover and on click)."""
    topic: Slug
    """The topic that explains this part (may be another page than the diagram's)."""
    pitfall: str | None = None
    """What goes wrong when this part is missing or neglected (for life-cycle stages: without MLOps)."""
    link: str | None = Field(default=None, pattern=LINK)
    """A page (and state) where this part can be tried out, e.g. a simulation preset."""


class DiagramEdgeRow(Strict):
    """One arrow of a diagram, from ``source`` to ``target`` in the same diagram."""

    diagram: Slug
    """The diagram it belongs to."""
    source: Slug
    """The node id the arrow starts at."""
    target: Slug
    """The node id the arrow points to."""
    kind: DiagramEdgeKind
    """Sets the line style; only ``batch``, ``stream``, ``query`` and ``step`` arrows carry a record."""
    label: Text
    """What happens along the arrow, e.g. ``appends each event`` (hover text and record steps)."""


class DiagramNodeRoleRow(Strict):
    """A role from ``data/mlops_roles.csv`` that cares about one box of a diagram, and why."""

    diagram: Slug
    """The diagram of the box."""
    node: Slug
    """The box's node id in that diagram."""
    role_id: Slug
    """The role (``mlops_roles.role_id``)."""
    why: Text
    """What this role needs from this stage, in one sentence."""


class ArchitectureCriteriaRow(Strict):
    """How one architecture scores on the compare tool's criteria (one row per diagram)."""

    diagram: Slug
    """The diagram this row describes."""
    latency: Text
    """How long from an event to a queryable result."""
    freshness: Text
    """How current the data a user sees is."""
    code_paths: Text
    """How many implementations of the same logic must be kept in step, and why."""
    storage: Text
    """Where the data lives and in what shape."""
    consistency: Text
    """What guarantees a reader gets about what they see."""
    operational_complexity: Text
    """How many systems and skills it takes to run."""
    cost_profile: Text
    """What the money is spent on."""
    typical_tools: Text
    """Kinds of tools (and well-known examples) used to build it."""


class ConceptLinkRow(Strict):
    """An edge of the home page's concept map: how two topics relate."""

    topic: Slug
    """The topic the sentence is about."""
    kind: Literal["builds_on", "contrasts_with"]
    """``topic`` builds on ``other`` (read ``other`` first) or contrasts with it (compare them)."""
    other: Slug
    """The related topic."""
    note: Text
    """Why, in a few words (shown on hover)."""


# --- Engine labs: data lake -------------------------------------------------------------

Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
"""A calendar month as ``YYYY-MM``."""


class LakeFileRow(Strict):
    """A file (or a monthly series of files) that the data lake demo drops into its folder."""

    id: Slug
    """Stable id of this entry."""
    dataset: Literal["sales", "products", "clicks", "tickets"]
    """What the file holds; decides how it is generated."""
    path: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_\-]+(/[a-z0-9_\-{}.]+)+$")]
    """Path inside the lake; ``{month}`` is replaced by each month from first to last."""
    format: Literal["csv", "jsonl", "parquet", "text"]
    """File format; must match the path's suffix."""
    first_month: Month | None = None
    """First month of a monthly series."""
    last_month: Month | None = None
    """Last month of a monthly series."""
    version: Literal["v1", "v2"] | None = None
    """For sales files: which version of the export's schema the producer wrote."""
    owner: Text | None = None
    """The team that owns the files; empty if nobody does."""
    note: Text
    """What this file shows about lakes."""

    @model_validator(mode="after")
    def _consistent(self) -> LakeFileRow:
        suffix = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet", "text": ".txt"}[self.format]
        if not self.path.endswith(suffix):
            raise ValueError(f"a {self.format} file's path ends with {suffix}")
        if (self.dataset == "sales") != (self.version is not None):
            raise ValueError("sales files, and only they, name a schema version")
        if "{month}" in self.path and not (self.first_month and self.last_month):
            raise ValueError("a path with {month} needs first_month and last_month")
        return self


class LakePresetRow(Strict):
    """Parameters of the swamp simulation: a lake growing month by month."""

    id: Slug
    """Stable id; the URL parameter ``lake`` selects it."""
    label: Text
    """Shown in the picker."""
    seed: int = Field(ge=0)
    """Random seed: the same preset always grows the same lake."""
    months: int = Field(ge=2, le=60)
    """How many months to simulate."""
    new_per_month: float = Field(gt=0, le=200)
    """Mean number of new datasets landing in the first month."""
    growth: float = Field(ge=0, le=0.2)
    """Monthly growth of the number of new datasets."""
    owner_turnover: float = Field(gt=0, le=1)
    """Chance per month that a dataset's owner leaves or moves on."""
    drift_rate: float = Field(ge=0, le=1)
    """Chance per month that a dataset's producer changes its schema."""
    queries_per_dataset: float = Field(ge=0, le=20)
    """Mean number of reports and queries that read one dataset."""
    tb_per_dataset: float = Field(gt=0, le=100)
    """Typical size of a new dataset in TB."""
    tb_growth: float = Field(ge=0, le=0.5)
    """Monthly growth of each dataset's size."""
    price_per_tb: float = Field(gt=0)
    """Storage price per TB and month."""
    catalog_coverage: float = Field(ge=0, le=1)
    """With a catalog: share of datasets registered with a description."""
    tribal_knowledge: float = Field(ge=0, le=1)
    """Without a catalog: share documented somewhere anyway (a wiki page, a README)."""
    handover: float = Field(ge=0, le=1)
    """With ownership: chance that a leaving owner hands the dataset over."""
    duplicate_no_catalog: float = Field(ge=0, le=1)
    """Without a catalog: share of new datasets that copy something that already exists."""
    duplicate_with_catalog: float = Field(ge=0, le=1)
    """With a catalog: the same share, lower because existing data can be found."""


# --- MLOps: risk and scale simulations, challenge cards, roles and needs ----------


class DriftPresetRow(Strict):
    """A preset of the model-drift simulation (``data/drift_presets.csv``): how the input data moves.

    Shifts are in standard deviations of the feature the model relies on; accuracy falls
    smoothly towards chance as the gap between live and training data grows.
    """

    id: Slug
    """Stable id of the preset."""
    order: int = Field(ge=1)
    """Position on the preset switch."""
    title: Annotated[str, StringConstraints(pattern=r"^[A-Z][a-z]+$")]
    """One capitalised word shown on the switch; it is also the URL value (``?drift=Gradual``)."""
    trend: float = Field(ge=0, le=1)
    """Steady shift per month from ``start_month`` on (gradual drift)."""
    jump: float = Field(ge=0, le=5)
    """One-off shift at ``start_month`` (sudden drift)."""
    amplitude: float = Field(ge=0, le=5)
    """Size of the seasonal swing (0 = no season)."""
    period_months: float = Field(gt=0, le=60)
    """Length of one seasonal cycle in months."""
    start_month: float = Field(ge=0, le=60)
    """When the trend and the jump begin."""
    description: Text
    """What the preset shows, and what to look for; shown under the switch."""


class FigureRow(Strict):
    """A simulation that slides, handouts and live predictions can embed (``data/figures.csv``).

    How a preset of it becomes a figure is registered in ``studylab/figures.py``; the
    content check reports a row without a renderer and a renderer without a row.
    """

    name: Slug
    """The name in a marker, ``[[figure: sim <name> [preset]]]``."""
    order: int = Field(ge=1)
    """Position in lists of simulations."""
    presets: Slug
    """The table whose rows are the simulation's presets (their ``id`` goes in the marker)."""
    label: Slug
    """The column of that table that names a preset for people."""
    caption: Text
    """The line under the figure, before the preset's name."""


class SimControlRow(Strict):
    """One slider of a simulation (``data/sim_controls.csv``): the one place a control's range lives.

    ``name`` is the parameter it sets and the URL parameter that keeps its value. A slider
    whose bounds, step and default are whole numbers gives whole numbers.
    """

    sim: Slug
    """The simulation the slider drives (its name in the figure registry)."""
    name: Slug
    """The parameter it sets (checked against the simulation's settings) and its URL key."""
    group: Text
    """Sliders of one group are shown together under this heading."""
    order: int = Field(ge=1)
    """Position within the group."""
    label: Text
    """The slider's label."""
    minimum: float
    """Lowest value."""
    maximum: float
    """Highest value."""
    step: float = Field(gt=0)
    """Step of a linear slider; ignored on a log scale."""
    default: float
    """Value before the student moves it; must lie between ``minimum`` and ``maximum``."""
    scale: Literal["linear", "log"]
    """``log`` offers the 1-2-5 values (10, 20, 50, 100, ...) between the bounds, for sizes spanning decades."""
    format: Annotated[str, StringConstraints(pattern=r"^[^%]*%\.?\d*[df][^%]*$")]
    """printf-style display of the value, e.g. ``%d days`` or ``%.2f``."""
    help: Text
    """Tooltip: what the parameter means."""

    @model_validator(mode="after")
    def _default_in_range(self) -> SimControlRow:
        if not self.minimum <= self.default <= self.maximum:
            raise ValueError(f"default {self.default} is outside {self.minimum}..{self.maximum}")
        return self


class LabNoteRow(Strict):
    """A sentence a simulation lab shows beside its widgets (``data/lab_notes.csv``), kept out of the code.

    The faces ask for a note by ``id``; ``{name}`` placeholders are filled with the run's
    numbers when it is shown (``Shipping it means redeploying {count} service(s)``).
    """

    id: Slug
    """How a face names the note."""
    lab: Slug
    """The family whose pages show it (``streaming``, ``qualities``), for authors looking for a page's text."""
    text: Text
    """The sentence, in Markdown; ``{name}`` marks a value filled in by the page (``{{`` for a brace)."""

    @model_validator(mode="after")
    def _placeholders_parse(self) -> LabNoteRow:
        try:
            list(string.Formatter().parse(self.text))
        except ValueError as error:
            raise ValueError(f"bad {{placeholder}} in the text: {error}") from error
        return self


class MlopsCardRow(Strict):
    """A challenge of managing ML models, or an idea MLOps borrows from DevOps (``data/mlops_cards.csv``)."""

    id: Slug
    """Stable id; also what ``mlops_card_stages`` refers to."""
    kind: Literal["challenge", "devops"]
    """``challenge`` cards appear on the challenges page, ``devops`` cards on the DevOps page."""
    order: int = Field(ge=1)
    """Position among cards of the same kind, in the order the book lists them."""
    title: Text
    """The challenge or idea in a few words."""
    summary: Text
    """What it is, in one or two plain sentences."""
    without_mlops: Text
    """What goes wrong when nothing addresses it."""
    with_mlops: Text
    """What MLOps practice does about it."""
    link: str | None = Field(default=None, pattern=LINK)
    """A page (and state) where the effect can be seen, e.g. ``mlops_risk?drift=Gradual``."""


class MlopsCardStageRow(Strict):
    """A life-cycle stage a card touches: a node of the ``mlops_life_cycle`` diagram."""

    card: Slug
    """The card (``mlops_cards.id``)."""
    stage: Slug
    """A node id of the ``mlops_life_cycle`` diagram in ``diagram_nodes``."""
    note: Text
    """How the card shows up at this stage, in one sentence."""


class MlopsNeedRow(Strict):
    """A need several roles share (``data/mlops_needs.csv``): a theme grouping requirements of the roles table."""

    id: Slug
    """Stable id."""
    order: int = Field(ge=1)
    """Position in the matrix and the lists."""
    title: Annotated[Text, StringConstraints(max_length=36)]
    """Short name, shown as a graph node and a matrix column."""
    description: Text
    """What the need is, in plain words."""


class MlopsRequirementNeedRow(Strict):
    """Links one requirement of ``mlops_roles`` (role and order) to a need it expresses."""

    role_id: Slug
    """The role (``mlops_roles.role_id``)."""
    order: int = Field(ge=1)
    """The requirement's ``order`` within that role (checked: a requirement row exists)."""
    need: Slug
    """The need (``mlops_needs.id``)."""
    note: Text
    """Why this requirement expresses that need."""


class MlopsBreakRow(Strict):
    """A "who is affected when X breaks" scenario (``data/mlops_breaks.csv``)."""

    id: Slug
    """Stable id."""
    order: int = Field(ge=1)
    """Position in the scenario list."""
    title: Text
    """What breaks, in a few words."""
    situation: Text
    """The concrete story."""
    lesson: Text
    """What the scenario teaches about MLOps."""


class MlopsBreakRoleRow(Strict):
    """One role hit by a break scenario, and the need whose requirement helps it respond."""

    scenario: Slug
    """The scenario (``mlops_breaks.id``)."""
    role_id: Slug
    """The role (``mlops_roles.role_id``)."""
    need: Slug
    """The need (``mlops_needs.id``); checked: the role has a requirement linked to it."""
    impact: Text
    """What the role experiences or must do."""


# --- Engine labs: lakehouse and the modern data stack -----------------------------------


class LhBadWriteRow(Strict):
    """A way a batch can break the lakehouse table's schema, offered as a bad write to try."""

    id: Slug
    """Stable id; the URL parameter ``bad`` selects it."""
    label: Text
    """Shown in the picker."""
    change: Literal["rename_column", "text_in_number", "extra_column", "missing_column"]
    """What is wrong with the batch."""
    column: Slug | None = None
    """The table column the change applies to (not for ``extra_column``)."""
    value: Text | None = None
    """The new name, the text written, or the extra column's name, per ``change``."""
    explanation: Text
    """What this would do to readers of a lake without enforcement."""

    @model_validator(mode="after")
    def _fields_for_change(self) -> LhBadWriteRow:
        needs_column = self.change != "extra_column"
        needs_value = self.change != "missing_column"
        if needs_column != (self.column is not None) or needs_value != (self.value is not None):
            raise ValueError(
                f"{self.change} needs{' a column' if needs_column else ' no column'} "
                f"and{' a value' if needs_value else ' no value'}"
            )
        return self


class ConvergenceQuestionRow(Strict):
    """A question put to the warehouse, the lake and the lakehouse in the same SQL."""

    id: Slug
    """Stable id."""
    question: Text
    """The business question."""
    sql: Annotated[Text, StringConstraints(max_length=2_000)]
    """One DuckDB SELECT over a relation ``sales`` that returns one value named ``answer``."""
    lesson: Text
    """Why the architectures answer differently (or alike)."""


class MdsLayerRow(Strict):
    """A layer of the modern data stack."""

    id: Slug
    """Stable id; also the URL parameter of the layer's choice."""
    order: int = Field(ge=1)
    """Position from source to consumer."""
    name: Text
    """Shown as the layer's heading."""
    purpose: Text
    """What the layer does."""
    if_missing: Text
    """What goes wrong when a stack has nothing in this layer."""


class MdsOptionRow(Strict):
    """A type of tool a stack can use in one layer (types, not products)."""

    id: Slug
    """Stable id."""
    layer: Slug
    """The layer it fills."""
    tool_type: Text
    """The kind of tool, as shown in the picker."""
    modern: bool
    """Whether it is typical of the modern data stack (cloud, modular, off-the-shelf)."""
    self_service: int = Field(ge=0, le=2)
    """0-2: how far people outside the data team can use it on their own."""
    agility: int = Field(ge=0, le=2)
    """0-2: how quickly it adapts when sources or questions change (agile data management)."""
    pricing: Text
    """How it is paid for."""
    pricing_clarity: int = Field(ge=0, le=2)
    """0-2: how well the cost can be known before buying (2 = a published price list)."""
    note: Text
    """The trade-off in one or two sentences."""


# --- Presenting -------------------------------------------------------------------------

SLIDE_RANGE = r"^(all|[1-9][0-9]{0,2}(-[1-9][0-9]{0,2})?)$"
"""Which slides of a topic: ``all``, one number (``3``) or a range (``2-4``); 1 is the first."""


class DeckSlideRow(Strict):
    """A run of slides in a custom deck (``data/decks.csv``): a deck is its rows in ``order``."""

    deck: Slug
    """The deck's id; also its value in the URL (``present?deck=streaming_tour``)."""
    title: Text
    """The deck's title, the same on every row of the deck."""
    order: int = Field(ge=1)
    """Position of this run of slides within the deck."""
    topic: Slug
    """The topic the slides are cut from."""
    slides: Annotated[str, StringConstraints(pattern=SLIDE_RANGE)] = "all"
    """``all``, one slide number or a range such as ``2-4`` (numbers as in the topic's own deck)."""
    minutes: float | None = Field(default=None, gt=0, le=120)
    """Minutes planned for these slides (the presenter's pacing target); empty = the default per slide."""


class PredictionRow(Strict):
    """A predict-then-reveal question for a live session (``data/predictions.csv``).

    The group votes on what a simulation will do; the host then runs it and the
    figure is shown with the explanation.
    """

    id: Slug
    """Stable id of the prediction."""
    topic: Slug
    """The topic the simulation teaches."""
    prompt: Text
    """The question: what will the simulation show?"""
    options: Text
    """``|``-separated answers to vote on (2 to 6)."""
    answer: int = Field(ge=1, le=6)
    """The 1-based number of the option the simulation bears out."""
    explanation: Text
    """Shown with the figure: what the run shows and why."""
    figure: Annotated[str, StringConstraints(pattern=r"^sim [a-z][a-z0-9_]*( [a-z][a-z0-9_]*)?$")]
    """The simulation to run, as in a slide's figure marker: ``sim elasticity flash_sale``."""

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> PredictionRow:
        count = len(split_cell(self.options))
        if not 2 <= count <= 6:
            raise ValueError(f"a prediction has 2 to 6 options, got {count}")
        if self.answer > count:
            raise ValueError(f"answer {self.answer} is not one of the {count} options")
        return self


@dataclass(frozen=True)
class TableSpec:
    """Where a table lives, its row model, its key and what it refers to."""

    name: str
    """File stem in ``data/``."""
    row: type[Strict]
    """The row model; its fields are the table's columns, in order."""
    key: tuple[str, ...]
    """Columns whose values must be unique together."""
    refs: dict[str, str] = field(default_factory=dict)
    """Column -> referenced id set: ``"topics"``, ``"pages"`` (any page slug; a query string after
    ``?`` is ignored) or ``"<table>.<column>"``."""
    lists: tuple[str, ...] = ()
    """Columns of ``refs`` whose cells are ``|``-separated lists: every non-empty item must resolve."""


TABLES: tuple[TableSpec, ...] = (
    TableSpec("sections", SectionRow, key=("id",)),
    TableSpec("pages", PageRow, key=("slug",), refs={"section": "sections.id"}),
    TableSpec("principles", PrincipleRow, key=("id",), refs={"topic": "topics"}),
    TableSpec(
        "principle_links",
        PrincipleLinkRow,
        key=("source", "target"),
        refs={"source": "principles.id", "target": "principles.id"},
    ),
    TableSpec("misconceptions", MisconceptionRow, key=("id",), refs={"topic": "topics", "link": "pages"}),
    TableSpec("quiz_concepts", QuizConceptRow, key=("link",), refs={"link": "pages"}),
    TableSpec(
        "questions",
        QuestionRow,
        key=("id",),
        refs={"topic": "topics", "link": "pages", "misconceptions": "misconceptions.id"},
        lists=("misconceptions",),
    ),
    TableSpec(
        "mlops_roles",
        RoleItemRow,
        key=("role_id", "aspect", "order"),
        refs={"topic": "topics"},
    ),
    TableSpec("stream_presets", StreamPresetRow, key=("id",)),
    TableSpec(
        "principle_scenarios",
        PrincipleScenarioRow,
        key=("id",),
        refs={"principle": "principles.id"},
    ),
    TableSpec("architecture_statements", ArchitectureStatementRow, key=("id",)),
    TableSpec("load_presets", LoadPresetRow, key=("id",)),
    TableSpec("availability_systems", AvailabilitySystemRow, key=("id",)),
    TableSpec(
        "availability_stages",
        AvailabilityStageRow,
        key=("system", "position"),
        refs={"system": "availability_systems.id"},
    ),
    TableSpec("reliability_presets", ReliabilityPresetRow, key=("id",)),
    TableSpec("service_nodes", ServiceNodeRow, key=("id",)),
    TableSpec(
        "service_calls",
        ServiceCallRow,
        key=("caller", "callee"),
        refs={"caller": "service_nodes.id", "callee": "service_nodes.id"},
    ),
    TableSpec("strangler_routes", StranglerRouteRow, key=("id",)),
    TableSpec("shiny_object_cases", ShinyObjectCaseRow, key=("id",)),
    TableSpec("drills", DrillRow, key=("id",), refs={"topic": "topics"}),
    TableSpec("drill_cards", DrillCardRow, key=("drill", "order"), refs={"drill": "drills.id"}),
    TableSpec("wh_products", WhProductRow, key=("product_id",)),
    TableSpec("wh_stores", WhStoreRow, key=("store_id",)),
    TableSpec("wh_segments", WhSegmentRow, key=("segment_id",)),
    TableSpec("wh_settings", WhSettingsRow, key=("id",)),
    TableSpec("wh_queries", WhQueryRow, key=("id",)),
    TableSpec("wh_pipeline_steps", WhPipelineStepRow, key=("pipeline", "step")),
    TableSpec("diagrams", DiagramRow, key=("id",), refs={"topic": "topics"}),
    TableSpec(
        "diagram_nodes",
        DiagramNodeRow,
        key=("diagram", "id"),
        refs={"diagram": "diagrams.id", "topic": "topics", "link": "pages"},
    ),
    TableSpec(
        "diagram_edges",
        DiagramEdgeRow,
        key=("diagram", "source", "target"),
        refs={"diagram": "diagrams.id", "source": "diagram_nodes.id", "target": "diagram_nodes.id"},
    ),
    TableSpec(
        "diagram_node_roles",
        DiagramNodeRoleRow,
        key=("diagram", "node", "role_id"),
        refs={"diagram": "diagrams.id", "node": "diagram_nodes.id", "role_id": "mlops_roles.role_id"},
    ),
    TableSpec("architecture_criteria", ArchitectureCriteriaRow, key=("diagram",), refs={"diagram": "diagrams.id"}),
    TableSpec("concept_links", ConceptLinkRow, key=("topic", "other"), refs={"topic": "topics", "other": "topics"}),
    TableSpec("lake_files", LakeFileRow, key=("id",)),
    TableSpec("lake_presets", LakePresetRow, key=("id",)),
    TableSpec("drift_presets", DriftPresetRow, key=("id",)),
    TableSpec("sim_controls", SimControlRow, key=("sim", "name")),
    TableSpec("figures", FigureRow, key=("name",)),
    TableSpec("lab_notes", LabNoteRow, key=("id",)),
    TableSpec("mlops_cards", MlopsCardRow, key=("id",), refs={"link": "pages"}),
    TableSpec(
        "mlops_card_stages",
        MlopsCardStageRow,
        key=("card", "stage"),
        refs={"card": "mlops_cards.id", "stage": "diagram_nodes.id"},
    ),
    TableSpec("mlops_needs", MlopsNeedRow, key=("id",)),
    TableSpec(
        "mlops_requirement_needs",
        MlopsRequirementNeedRow,
        key=("role_id", "order", "need"),
        refs={"role_id": "mlops_roles.role_id", "need": "mlops_needs.id"},
    ),
    TableSpec("mlops_breaks", MlopsBreakRow, key=("id",)),
    TableSpec(
        "mlops_break_roles",
        MlopsBreakRoleRow,
        key=("scenario", "role_id"),
        refs={"scenario": "mlops_breaks.id", "role_id": "mlops_roles.role_id", "need": "mlops_needs.id"},
    ),
    TableSpec("lh_bad_writes", LhBadWriteRow, key=("id",)),
    TableSpec("convergence_questions", ConvergenceQuestionRow, key=("id",)),
    TableSpec("mds_layers", MdsLayerRow, key=("id",)),
    TableSpec("mds_options", MdsOptionRow, key=("id",), refs={"layer": "mds_layers.id"}),
    TableSpec("decks", DeckSlideRow, key=("deck", "order"), refs={"topic": "topics"}),
    TableSpec("predictions", PredictionRow, key=("id",), refs={"topic": "topics"}),
)
"""Every table in ``data/``; a CSV not listed here is an error."""

TOPIC_REFS: dict[str, str] = {"section": "sections.id", "related": "topics"}
"""Front-matter fields of topics that refer to other content."""
