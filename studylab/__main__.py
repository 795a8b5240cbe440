"""Command line: ``python -m studylab check`` validates every content file and table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studylab.content.catalog import check_pages
from studylab.content.loader import content_root, load_content
from studylab.labs.diagrams.model import check_diagrams
from studylab.present.decks import check_decks


def check(root: Path) -> int:
    """Print every content problem as ``path:location: problem``; 1 if any, else 0."""
    content = load_content(root)
    problems = [*content.errors, *check_pages(content), *check_diagrams(content), *check_decks(content)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    rows = sum(len(frame) for frame in content.tables.values())
    print(f"OK: {len(content.topics)} topics and {len(content.tables)} tables ({rows} rows) are valid.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studylab", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate content/ and data/")
    check_parser.add_argument(
        "--root", type=Path, default=None, help="tree to check (default: $STUDYLAB_ROOT or this checkout)"
    )
    args = parser.parse_args(argv)
    return check(args.root or content_root())


if __name__ == "__main__":
    sys.exit(main())
