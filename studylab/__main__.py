"""Command line: ``python -m studylab check`` validates every content file and table.

``python -m studylab new-topic ID --section S`` writes a new topic's Markdown file and its
two-line page script.

``python -m studylab db upgrade`` brings the progress database to the newest schema,
``db check`` reports where it is and what state it is in, and ``db copy --to URL`` moves
every row into another (empty) database, e.g. a SQLite file into PostgreSQL.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from studylab.content.catalog import check_pages
from studylab.content.loader import content_root, load_content
from studylab.content.scaffold import scaffold
from studylab.exhibits import check_exhibits
from studylab.labs.diagrams.model import check_diagrams
from studylab.present import limits, live  # noqa: F401 - registers the live and join-attempt tables for db copy and check
from studylab.present.decks import check_decks
from studylab.storage.database import Base, Database, StoreError, database_url, describe, safe_url
from studylab.storage.migrate import current, head
from studylab.storage.transfer import copy_rows, counts
from studylab.study import store  # noqa: F401 - registers the progress tables for db copy and check


def check(root: Path) -> int:
    """Print every content problem as ``path:location: problem``; 1 if any, else 0."""
    content = load_content(root)
    problems = [
        *content.errors,
        *check_pages(content),
        *check_diagrams(content),
        *check_decks(content),
        *check_exhibits(content),
    ]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    rows = sum(len(frame) for frame in content.tables.values())
    print(f"OK: {len(content.topics)} topics and {len(content.tables)} tables ({rows} rows) are valid.")
    return 0


def db_upgrade(url: str, start_empty: bool = False) -> int:
    Database(url).create_all(start_empty=start_empty)
    print(f"OK: {safe_url(url)} is at schema revision {head()}.")
    return 0


def db_check(url: str) -> int:
    """Say where the progress database is and whether the app can use it; 1 on any problem."""
    db = Database(url)
    print(f"Database: {safe_url(url)}")
    path = db.sqlite_path
    if path is not None and not path.exists():
        print(
            f"MISSING: {path} does not exist."
            + (
                " A progress database was created there before: it has been moved or deleted. Put it back, or "
                "run `python -m studylab db upgrade --start-empty` to begin again on purpose."
                if db.missing
                else " The app creates it on first use."
            )
        )
        return 1
    with db.engine.connect() as connection:
        revision = current(connection)
    print(f"Schema revision: {revision or 'none (not created yet)'}; the code's newest: {head()}.")
    if revision is None:
        return 1
    for table, rows in counts(db, Base.metadata).items():
        print(f"  {table}: {rows} row(s)")
    return 0 if revision == head() else 1


def db_copy(url: str, target: str) -> int:
    """Copy every row into ``target`` and print the counts per table; 1 if any differ."""
    results = copy_rows(Database(url), Database(target), Base.metadata)
    width = max(len(r.table) for r in results)
    for r in results:
        print(f"{r.table:<{width}}  {r.source:>8}  {r.target:>8}  {'ok' if r.source == r.target else 'DIFFERENT'}")
    if any(r.source != r.target for r in results):
        print("The copy is incomplete: some tables differ.", file=sys.stderr)
        return 1
    print(f"OK: {sum(r.source for r in results)} rows copied from {safe_url(url)} to {safe_url(target)}.")
    return 0


def database(args: argparse.Namespace) -> int:
    url = args.url or database_url()
    try:
        if args.action == "upgrade":
            return db_upgrade(url, start_empty=args.start_empty)
        if args.action == "check":
            return db_check(url)
        return db_copy(url, args.to)
    except SQLAlchemyError as exc:
        error = describe(exc, url)
        print(f"{safe_url(url)}: {error.message}", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"{safe_url(url)}: {error.message}", file=sys.stderr)
        if error.detail:
            print(f"  ({error.detail.strip().splitlines()[0]})", file=sys.stderr)
        return 1


def new_topic(root: Path, topic_id: str, section: str, title: str | None) -> int:
    """Write a topic's Markdown file and its two-line page script; 1 (and nothing written) if either exists."""
    try:
        files = scaffold(topic_id, section, title)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    targets = {root / relative: text for relative, text in files.items()}
    existing = [str(path) for path in targets if path.exists()]
    if existing:
        print(f"not written: {', '.join(existing)} already exist(s)", file=sys.stderr)
        return 1
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")
    print("Fill in every field marked TODO, then run `python -m studylab check`.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studylab", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate content/ and data/")
    check_parser.add_argument(
        "--root", type=Path, default=None, help="tree to check (default: $STUDYLAB_ROOT or this checkout)"
    )
    db_parser = commands.add_parser("db", help="the progress database: upgrade, check, copy")
    db_parser.add_argument("action", choices=["upgrade", "check", "copy"])
    db_parser.add_argument(
        "--url", default=None, help="database URL (default: $STUDYLAB_DATABASE_URL or the SQLite file)"
    )
    db_parser.add_argument("--to", default=None, help="for copy: the URL of the empty target database")
    db_parser.add_argument(
        "--start-empty",
        action="store_true",
        help="for upgrade: start a new, empty SQLite database where an earlier one is gone",
    )
    new_parser = commands.add_parser("new-topic", help="write content/ID.md and pages/ID.py for a new topic")
    new_parser.add_argument("id", help="the topic id: lower-case words joined by _, e.g. data_mesh")
    new_parser.add_argument("--section", required=True, help="a section id from data/sections.csv")
    new_parser.add_argument("--title", default=None, help="the page title (default: from the id)")
    new_parser.add_argument("--root", type=Path, default=None, help="tree to write into (default: this checkout)")
    args = parser.parse_args(argv)
    if args.command == "new-topic":
        return new_topic(args.root or content_root(), args.id, args.section, args.title)
    if args.command == "db":
        if args.action == "copy" and not args.to:
            parser.error("db copy needs --to URL")
        return database(args)
    return check(args.root or content_root())


if __name__ == "__main__":
    sys.exit(main())
