"""The handout: a deck as one self-contained HTML file (slides, notes, figures) that opens offline.

plotly's JavaScript is inlined once; content reaches the page only through a Markdown
renderer with raw HTML disabled, or HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

import plotly.graph_objects as go
from markdown_it import MarkdownIt

from studylab.content.slides import Embed
from studylab.present.decks import Deck

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
