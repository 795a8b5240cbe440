"""Command line: ``check`` validates every content file and table; ``new-topic ID`` scaffolds a topic."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studylab.content.catalog import check_pages
from studylab.content.loader import content_root, load_content
from studylab.content.scaffold import scaffold
from studylab.exhibits import check_exhibits
from studylab.labs.diagrams.model import check_diagrams
from studylab.present.decks import check_decks


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
    new_parser = commands.add_parser("new-topic", help="write content/ID.md and pages/ID.py for a new topic")
    new_parser.add_argument("id", help="the topic id: lower-case words joined by _, e.g. data_mesh")
    new_parser.add_argument("--section", required=True, help="a section id from data/sections.csv")
    new_parser.add_argument("--title", default=None, help="the page title (default: from the id)")
    new_parser.add_argument("--root", type=Path, default=None, help="tree to write into (default: this checkout)")
    args = parser.parse_args(argv)
    root = args.root or content_root()
    if args.command == "new-topic":
        return new_topic(root, args.id, args.section, args.title)
    return check(root)


if __name__ == "__main__":
    sys.exit(main())
