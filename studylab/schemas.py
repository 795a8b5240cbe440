"""Every content schema, declared once: topic front matter and each CSV table.

A topic is ``content/<id>.md``: YAML front matter validated by :class:`TopicMeta`,
then a Markdown body. A table is ``data/<name>.csv``: one row model per table,
registered in :data:`TABLES` with its key column and the references it makes.
The loader, the ``check`` command and the tests all read these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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
    """Shown as the page title and in the menu."""
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
    """Column -> referenced id set: ``"topics"`` or ``"<table>.<column>"``."""


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
