"""Every content schema, declared once: topic front matter and each CSV table.

A topic is ``content/<id>.md``: YAML front matter validated by :class:`TopicMeta`,
then a Markdown body. A table is ``data/<name>.csv``: one row model per table,
registered in :data:`TABLES` with its key column and the references it makes.
The loader, the ``check`` command and the tests all read these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60),
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
    empty item for right ones. For ``true_false``, the one tag of the wrong answer. Tags are slugs
    such as ``lambda_single_code_path``."""
    difficulty: int = Field(ge=1, le=3)
    """1 = recall, 2 = understanding, 3 = application."""
    link: str | None = Field(default=None, pattern=LINK)
    """The page (and state) that teaches this, e.g. ``lambda_architecture?node=speed_layer``."""

    @model_validator(mode="after")
    def _options_fit_type(self) -> QuestionRow:
        options, answers, tags = split_cell(self.options), split_cell(self.answer), split_cell(self.misconceptions)
        kind = self.type
        if kind in ("single", "scenario", "multiple"):
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
        elif kind == "true_false":
            if options or self.answer not in ("true", "false"):
                raise ValueError("a true_false question has no options and answer true or false")
        elif kind in ("matching", "ordering"):
            if len(options) < 3 or self.answer:
                raise ValueError(f"a {kind} question lists at least 3 options in the right order and no answer")
            if kind == "matching" and not all(o.count("=>") == 1 for o in options):
                raise ValueError("matching options are pairs written 'left => right'")
        elif kind == "numeric":
            try:
                float(self.answer or "")
            except ValueError:
                raise ValueError("a numeric question's answer is a number") from None
            if options or self.tolerance is None:
                raise ValueError("a numeric question has no options and a tolerance")
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
    TableSpec("questions", QuestionRow, key=("id",), refs={"topic": "topics", "link": "pages"}),
    TableSpec(
        "mlops_roles",
        RoleItemRow,
        key=("role_id", "aspect", "order"),
        refs={"topic": "topics"},
    ),
)
"""Every table in ``data/``; a CSV not listed here is an error."""

TOPIC_REFS: dict[str, str] = {"section": "sections.id", "related": "topics"}
"""Front-matter fields of topics that refer to other content."""
