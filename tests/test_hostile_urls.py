"""Nonsense and oversized URL parameters never break a page: they are ignored or clamped."""

from __future__ import annotations

import re

import pytest

from studylab.content.loader import ROOT, load_content
from tests.pages_support import catalog_paths, run_page

_PARAM_PATTERNS = (
    r"""key\s*=\s*["']([a-z_]{1,24})["']""",
    r"""param\s*=\s*["']([a-z_]{1,24})["']""",
    r"""_PARAM\w*\s*(?::\s*\w+\s*)?=\s*["']([a-z_]{1,24})["']""",
    r"""query_params(?:\.get|\.get_all)?\s*[\[(]\s*["']([a-z_]{1,24})["']""",
)


def url_parameters() -> list[str]:
    """Every name the app may read from the URL (widget keys, bound params, explicit reads, slider names)."""
    names: set[str] = set()
    for path in [*ROOT.glob("studylab/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        text = path.read_text(encoding="utf-8")
        for pattern in _PARAM_PATTERNS:
            names.update(re.findall(pattern, text))
    # Sliders drawn from data/sim_controls.csv are keyed by the table's names, not by literals in code.
    names.update(load_content().table("sim_controls")["name"])
    return sorted(names)


PARAMS = url_parameters()
HOSTILE = {
    "nonsense": ["<script>alert(1)</script>", "-1", "NaN", "../../etc/passwd", "1e308", "\u202e"],
    "oversized": ["9" * 5000],
}


def test_the_scan_finds_the_known_parameters() -> None:
    assert {"q", "node", "preset", "deck", "slide", "topic"} <= set(PARAMS)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("path", catalog_paths())
def test_page_survives_hostile_parameters(path: str, kind: str) -> None:
    values = HOSTILE[kind]
    query = {name: values[i % len(values)] for i, name in enumerate(PARAMS)}
    at = run_page(path, query=query)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "the page still draws its title"
