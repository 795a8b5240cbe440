"""The one loader for ``content/`` topics and ``data/`` tables.

:func:`load_content` never raises for bad content: it collects a
:class:`ContentError` per problem, keeps every valid topic and row, and lets each
page decide what to show. Only :meth:`Content.topic` and :meth:`Content.table`
raise, when the thing asked for could not be loaded at all.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import pandas as pd
import yaml
from pydantic import ValidationError

from studylab.content.schemas import TABLES, TOPIC_REFS, TableSpec, TopicMeta, split_cell
from studylab.content.slides import Slide, cut_slides

ROOT = Path(__file__).resolve().parents[2]
"""The repository root; content lives in ``ROOT/content`` and ``ROOT/data``."""

ROOT_ENV = "STUDYLAB_ROOT"
"""Environment variable naming another tree to load content and pages from (tests use it)."""


def content_root() -> Path:
    """The tree the app reads: ``$STUDYLAB_ROOT`` if set, else this checkout."""
    return Path(os.environ.get(ROOT_ENV, ROOT))


MAX_FILE_BYTES = 1_000_000
"""Content files larger than this are refused rather than parsed."""


class ContentError(Exception):
    """A problem in one content file: which file, where in it, and what is wrong."""

    def __init__(self, path: str, location: str, problem: str) -> None:
        super().__init__(path, location, problem)
        self.path = path
        self.location = location
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}:{self.location}: {self.problem}"


@dataclass(frozen=True)
class Topic:
    """A validated topic: its front matter, its Markdown body and its slides."""

    meta: TopicMeta
    body: str
    path: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def slides(self) -> list[Slide]:
        return cut_slides(self.body)


@dataclass
class Content:
    """Everything loaded from ``content/`` and ``data/``, plus every problem found."""

    root: Path
    topics: dict[str, Topic] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)

    def topic(self, topic_id: str) -> Topic:
        """The topic, or a ContentError saying why it is not available."""
        if topic_id in self.topics:
            return self.topics[topic_id]
        path = f"content/{topic_id}.md"
        for error in self.errors:
            if error.path == path:
                raise error
        raise ContentError(path, "file", "no such topic file")

    def table(self, name: str) -> pd.DataFrame:
        """The table's valid rows, or a ContentError if it could not be read at all."""
        if name in self.tables:
            return self.tables[name]
        path = f"data/{name}.csv"
        for error in self.errors:
            if error.path == path:
                raise error
        raise ContentError(path, "file", "no such table")

    def errors_for(self, *paths: str) -> list[ContentError]:
        """The problems found in the given files (relative paths such as ``data/x.csv``)."""
        return [error for error in self.errors if error.path in paths]

    def topics_in_order(self) -> list[Topic]:
        """All valid topics, sorted by section order, then topic order."""
        order = _section_order(self)
        return sorted(
            self.topics.values(),
            key=lambda t: (order.get(t.meta.section, 999), t.meta.order, t.id),
        )


def _section_order(content: Content) -> dict[str, int]:
    sections = content.tables.get("sections")
    if sections is None:
        return {}
    return dict(zip(sections["id"], sections["order"], strict=True))


# --- Topics -------------------------------------------------------------------

_FIELD_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:", re.MULTILINE)


def parse_topic(text: str, path: str) -> Topic:
    """Parse one topic file's text; raise ContentError naming the place of the first problem."""
    if not text.startswith("---"):
        raise ContentError(path, "line 1", "missing YAML front matter (the file must start with ---)")
    try:
        post = frontmatter.loads(text)
    except yaml.MarkedYAMLError as exc:
        # PyYAML counts from 0 and sees the newline after the opening --- as its first line.
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = f"bad YAML: {exc.problem or exc}"
        if exc.context and exc.context_mark is not None:
            problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
        raise ContentError(path, f"line {line}", problem) from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ContentError(path, "front matter", f"bad YAML: {exc}") from None
    if not isinstance(post.metadata, dict) or not post.metadata:
        raise ContentError(path, "front matter", "front matter is empty or not a mapping")
    try:
        meta = TopicMeta.model_validate(post.metadata)
    except ValidationError as exc:
        raise _front_matter_error(exc, text, path) from None
    stem = Path(path).stem
    if meta.id != stem:
        raise ContentError(path, _field_location(text, "id"), f"id {meta.id!r} must equal the file name {stem!r}")
    if not post.content.strip():
        raise ContentError(path, "body", "the Markdown body is empty")
    return Topic(meta=meta, body=post.content, path=path)


def _front_matter_error(exc: ValidationError, text: str, path: str) -> ContentError:
    first = exc.errors()[0]
    loc = ".".join(str(part) for part in first["loc"])
    top = str(first["loc"][0]) if first["loc"] else ""
    problem = "unknown field" if first["type"] == "extra_forbidden" else first["msg"]
    if first["type"] == "missing":
        problem = "required field is missing"
    location = f"field {loc}"
    line = _field_line(text, top)
    if line is not None:
        location = f"line {line} ({loc})"
    more = len(exc.errors()) - 1
    if more:
        problem += f" (and {more} more problem{'s' if more > 1 else ''})"
    return ContentError(path, location, problem)


def _field_line(text: str, name: str) -> int | None:
    end = text.find("\n---", 3)
    header = text[: end if end != -1 else len(text)]
    for match in _FIELD_LINE.finditer(header):
        if match.group(1) == name:
            return header.count("\n", 0, match.start()) + 1
    return None


def _field_location(text: str, name: str) -> str:
    line = _field_line(text, name)
    return f"line {line} ({name})" if line is not None else f"field {name}"


# --- Tables -------------------------------------------------------------------


def _header_problems(header: list[str] | None, columns: list[str], path: str) -> list[ContentError]:
    """What is wrong with a CSV header against the row model's columns (nothing if it fits)."""
    if not header:
        return [ContentError(path, "line 1", f"empty file; expected the header {','.join(columns)}")]
    problems: list[ContentError] = []
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing:
        problems.append(ContentError(path, "line 1", f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(ContentError(path, "line 1", f"unknown column(s): {', '.join(map(str, unknown))}"))
    if len(set(header)) != len(header):
        problems.append(ContentError(path, "line 1", "a column name appears twice"))
    return problems


def _parse_row(
    record: dict[Any, Any], spec: TableSpec, optional: set[str], path: str, line: int
) -> dict[str, Any] | ContentError:
    """One CSV record validated against the row model, or the problem that keeps it out."""
    if None in record:
        return ContentError(path, f"line {line}", "more cells than columns")
    if any(value is None for value in record.values()):
        return ContentError(path, f"line {line}", "fewer cells than columns")
    values = {k: (None if v == "" and k in optional else v) for k, v in record.items()}
    try:
        return spec.row.model_validate(values).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        column = ".".join(str(p) for p in first["loc"])
        value = record.get(column, "")
        return ContentError(path, f"line {line}, column {column}", f"{first['msg']} (got {value!r})")


def parse_table(text: str, spec: TableSpec, path: str) -> tuple[pd.DataFrame | None, list[ContentError]]:
    """Parse one CSV against its row model: the valid rows as a DataFrame, and every problem.

    A header problem makes the whole table unusable (``None``); a bad row is
    reported and left out, so the other rows stay available.
    """
    columns = list(spec.row.model_fields)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        return None, [ContentError(path, "line 1", f"unreadable CSV header: {exc}")]
    problems = _header_problems(list(header) if header else None, columns, path)
    if problems:
        return None, problems
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    optional = {name for name, f in spec.row.model_fields.items() if not f.is_required()}
    try:
        for record in reader:
            line = reader.line_num
            row = _parse_row(record, spec, optional, path, line)
            if isinstance(row, ContentError):
                problems.append(row)
                continue
            key = tuple(row[k] for k in spec.key)
            if key in seen:
                where = f"line {line}, column {','.join(spec.key)}"
                problems.append(
                    ContentError(path, where, f"duplicate {'/'.join(map(str, key))} (first on line {seen[key]})")
                )
                continue
            seen[key] = line
            row["_line"] = line
            rows.append(row)
    except csv.Error as exc:
        problems.append(ContentError(path, f"line {reader.line_num}", f"unreadable CSV: {exc}"))
    frame = pd.DataFrame(rows, columns=[*columns, "_line"])
    return frame, problems


# --- Whole tree ----------------------------------------------------------------


def _read_text(path: Path, rel: str) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ContentError(rel, "file", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(rel, f"byte {exc.start}", "not valid UTF-8 text") from None


def content_files(root: Path) -> list[Path]:
    """Every file the loader reads, for change detection."""
    return sorted([*(root / "content").glob("*.md"), *(root / "data").glob("*.csv")])


def fingerprint(root: Path = ROOT) -> tuple[tuple[str, int, int], ...]:
    """A cheap summary (name, size, mtime) of content files and page scripts; changes on any edit."""
    result = []
    for path in [*content_files(root), *sorted((root / "pages").glob("*.py"))]:
        stat = path.stat()
        result.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(result)


def load_content(root: Path = ROOT) -> Content:
    """Load and validate every topic and table under ``root``; collect, never raise, problems."""
    content = Content(root=root)
    specs = {spec.name: spec for spec in TABLES}
    for path in sorted((root / "data").glob("*.csv")):
        rel = f"data/{path.name}"
        spec = specs.get(path.stem)
        if spec is None:
            known = ", ".join(sorted(specs))
            content.errors.append(ContentError(rel, "file", f"no schema declares this table (known: {known})"))
            continue
        try:
            frame, problems = parse_table(_read_text(path, rel), spec, rel)
        except ContentError as error:
            content.errors.append(error)
            continue
        content.errors.extend(problems)
        if frame is not None:
            content.tables[spec.name] = frame
    for name in specs:
        if not (root / "data" / f"{name}.csv").exists():
            content.errors.append(ContentError(f"data/{name}.csv", "file", "required table is missing"))
    for path in sorted((root / "content").glob("*.md")):
        rel = f"content/{path.name}"
        try:
            topic = parse_topic(_read_text(path, rel), rel)
        except ContentError as error:
            content.errors.append(error)
            continue
        content.topics[topic.id] = topic
    content.errors.extend(check_references(content))
    return content


def _id_set(content: Content, target: str) -> set[str] | None:
    if target == "topics":
        # A topic whose file is broken still exists as far as references go:
        # its own error is reported once, not again at every reference to it.
        return set(content.topics) | {Path(p).stem for p in _broken_topic_paths(content)}
    if target == "pages":
        scripts = {path.stem for path in (content.root / "pages").glob("*.py")}
        return scripts
    table, column = target.split(".")
    frame = content.tables.get(table)
    return None if frame is None else set(frame[column])


def _broken_topic_paths(content: Content) -> Iterable[str]:
    return {e.path for e in content.errors if e.path.startswith("content/")}


def _topic_reference_problems(content: Content, id_sets: dict[str, set[str] | None]) -> list[ContentError]:
    problems: list[ContentError] = []
    for topic in content.topics.values():
        for name, target in TOPIC_REFS.items():
            ids = id_sets[target]
            value = getattr(topic.meta, name)
            unknown = (
                []
                if ids is None
                else [ref for ref in (value if isinstance(value, list) else [value]) if ref not in ids]
            )
            if unknown:
                # Only a problem needs the file again, to name the line.
                text = (content.root / topic.path).read_text(encoding="utf-8")
                location = _field_location(text, name)
                problems += [
                    ContentError(topic.path, location, f"refers to unknown {target} {ref!r}") for ref in unknown
                ]
    return problems


def _table_reference_problems(content: Content, id_sets: dict[str, set[str] | None]) -> list[ContentError]:
    problems: list[ContentError] = []
    for spec in TABLES:
        frame = content.tables.get(spec.name)
        if frame is None:
            continue
        for column, target in spec.refs.items():
            ids = id_sets[target]
            if ids is None:
                continue
            for cell, line in zip(frame[column], frame["_line"], strict=True):
                # An empty optional cell comes back as None or NaN; a page link may carry ?query.
                values = split_cell(cell) if column in spec.lists and isinstance(cell, str) else [cell]
                for value in values:
                    if (
                        isinstance(value, str)
                        and value
                        and (value.split("?")[0] if target == "pages" else value) not in ids
                    ):
                        where = f"line {line}, column {column}"
                        problems.append(
                            ContentError(f"data/{spec.name}.csv", where, f"refers to unknown {target} {value!r}")
                        )
    return problems


def check_references(content: Content) -> list[ContentError]:
    """Every reference from a topic or a table row to something that does not exist."""
    targets = {*TOPIC_REFS.values(), *(target for spec in TABLES for target in spec.refs.values())}
    id_sets = {target: _id_set(content, target) for target in targets}
    return _topic_reference_problems(content, id_sets) + _table_reference_problems(content, id_sets)
