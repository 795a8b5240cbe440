"""Cutting a topic's Markdown body into slides, speaker notes and embedded figures.

The rule (documented in the README):

* a line that is exactly ``---`` (outside a fenced code block) ends a slide;
* a paragraph that starts with ``Note:`` is a speaker note: it is shown in the
  presenter view, and hidden from the slide and from the reading view;
* a line that is exactly ``[[figure: <spec>]]`` (outside a fenced code block,
  spaces around it allowed) places a figure on the slide at that point, e.g.
  ``[[figure: diagram lambda]]`` or ``[[figure: sim elasticity flash_sale]]``;
  :mod:`studylab.figures` says which specs exist. The marker is hidden from the
  reading view (the topic page has the live version of the figure);
* a slide with neither text nor a figure left is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(```|~~~)")
_NOTE = re.compile(r"^Note:\s*", re.IGNORECASE)
EMBED = re.compile(r"^\[\[figure:(.*)\]\]$")
"""A figure marker line (after stripping spaces); group 1 is the spec."""


@dataclass(frozen=True)
class Embed:
    """A figure marker: what to draw (``spec``) and where it was written."""

    spec: str
    """The marker's text between ``figure:`` and ``]]``, stripped: ``diagram lambda``."""
    line: int = 0
    """Line of the marker in the Markdown body (1 = first line of the body)."""

    @property
    def marker(self) -> str:
        """The marker as written in Markdown."""
        return f"[[figure: {self.spec}]]"


Block = str | Embed
"""A piece of a slide: Markdown text, or a figure."""


@dataclass(frozen=True)
class Slide:
    """One slide: its Markdown (figure markers removed), its speaker notes and its blocks in order."""

    text: str
    notes: str
    blocks: tuple[Block, ...] = ()
    """Text and figures in the order they appear; text blocks together make up ``text``."""

    @property
    def figures(self) -> tuple[Embed, ...]:
        """The figures on this slide, in order."""
        return tuple(block for block in self.blocks if isinstance(block, Embed))


def _fence_after(line: str, fence: str | None) -> tuple[str | None, bool]:
    """The open fence after ``line`` and whether the line is itself a fence line."""
    match = _FENCE.match(line)
    if not match:
        return fence, False
    marker = match.group(1)
    if fence is None:
        return marker, True
    return (None if fence == marker else fence), True


def _split_on_rules(body: str) -> list[list[tuple[int, str]]]:
    chunks: list[list[tuple[int, str]]] = [[]]
    fence: str | None = None
    for number, line in enumerate(body.splitlines(), start=1):
        fence, _ = _fence_after(line, fence)
        if fence is None and line.strip() == "---":
            chunks.append([])
        else:
            chunks[-1].append((number, line))
    return chunks


def _split_notes(lines: list[tuple[int, str]]) -> Slide:
    blocks: list[Block] = []
    text: list[str] = []
    notes: list[str] = []
    paragraph: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if paragraph and fence is None and _NOTE.match(paragraph[0]):
            notes.append(_NOTE.sub("", "\n".join(paragraph), count=1).strip())
        else:
            text.extend(paragraph)
        paragraph.clear()

    def close_text() -> None:
        block = "\n".join(text).strip()
        if block:
            blocks.append(block)
        text.clear()

    for number, line in lines:
        was_open = fence is not None
        fence, is_fence_line = _fence_after(line, fence)
        marker = None if (was_open or is_fence_line) else EMBED.match(line.strip())
        if marker:
            flush()
            close_text()
            blocks.append(Embed(spec=marker.group(1).strip(), line=number))
        elif fence is None and not line.strip():
            flush()
            text.append("")
        else:
            paragraph.append(line)
    flush()
    close_text()
    return Slide(
        text="\n\n".join(b for b in blocks if isinstance(b, str)),
        notes="\n\n".join(n for n in notes if n),
        blocks=tuple(blocks),
    )


def cut_slides(body: str) -> list[Slide]:
    """The body's slides in order; slides with neither text nor figure are dropped."""
    slides = [_split_notes(chunk) for chunk in _split_on_rules(body)]
    return [slide for slide in slides if slide.text or slide.figures]


def reading_text(body: str) -> str:
    """The body as one Markdown document for reading: slide breaks, notes and figure markers removed."""
    return "\n\n".join(slide.text for slide in cut_slides(body) if slide.text)
