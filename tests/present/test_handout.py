"""The handout: one self-contained, escaped HTML page per deck."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from studylab.content.slides import Embed, cut_slides
from studylab.present import decks as dk
from studylab.present import handout as handout_html

EVIL = (
    "# Talk <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[link](javascript:alert(3))\n\n"
    "Note: <b>notes</b> <iframe src=//x></iframe>\n\n---\n\n## Figures\n\n[[figure: diagram lambda]]\n\n"
    "[[figure: diagram kappa]]\n\n[[figure: diagram gone]]\n"
)


def _draw(embed: Embed) -> tuple[go.Figure, str] | None:
    if embed.spec.endswith("gone"):
        return None
    return go.Figure(go.Bar(x=[1], y=[2], name="</script><script>alert(4)</script>")), "caption <i>x</i>"


@pytest.fixture(scope="module")
def handout() -> str:
    slides = tuple(dk.DeckSlide(slide, None, "<em>Topic</em>", n) for n, slide in enumerate(cut_slides(EVIL), 1))
    return handout_html.build_handout(
        dk.Deck("evil", "Evil <script>alert(5)</script>", slides, "upload"), _draw, "today"
    )


def test_the_handout_escapes_every_piece_of_content(handout: str) -> None:
    assert "<script>alert" not in handout
    markup = re.sub(r"<script\b.*?</script>", "", handout, flags=re.DOTALL)  # plotly's own code aside
    assert "<img" not in markup and "<iframe" not in markup and "<b>notes" not in markup
    assert "<a " not in markup, "a javascript: link is not made a link"
    assert "&lt;em&gt;Topic&lt;/em&gt;" in handout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in handout
    assert "caption &lt;i&gt;x&lt;/i&gt;" in handout


def test_the_handout_has_slides_notes_and_figures(handout: str) -> None:
    assert handout.count('<section class="slide"') == 2
    assert "Speaker notes" in handout
    assert handout.count("<figure>") == 2
    assert "Figure not available: diagram gone" in handout


def test_plotly_is_inlined_once_and_nothing_is_fetched(handout: str) -> None:
    assert handout.count("Plotly JavaScript") <= 1 or handout.count("plotly.js v") == 1
    assert len(re.findall(r"plotly\.js v\d", handout)) == 1
    assert "<script src" not in handout and "<link" not in handout
    assert "default-src 'none'" in handout


def test_render_markdown_keeps_formatting_but_not_html() -> None:
    assert handout_html.render_markdown("**bold** <u>u</u>") == "<p><strong>bold</strong> &lt;u&gt;u&lt;/u&gt;</p>\n"
    assert "<table>" in handout_html.render_markdown("| a |\n|---|\n| 1 |\n")
