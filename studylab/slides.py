"""Cutting a topic's Markdown body into slides and speaker notes.

The rule (documented in the README):

* a line that is exactly ``---`` (outside a fenced code block) ends a slide;
* a paragraph that starts with ``Note:`` is a speaker note: it is shown in the
  presenter view, and hidden from the slide and from the reading view;
* a slide with no text left is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(```|~~~)")
_NOTE = re.compile(r"^Note:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Slide:
    """One slide: its Markdown and its speaker notes."""

    text: str
    notes: str


def _split_on_rules(body: str) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    fence: str | None = None
    for line in body.splitlines():
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif fence == marker:
                fence = None
        if fence is None and line.strip() == "---":
            chunks.append([])
        else:
            chunks[-1].append(line)
    return chunks


def _split_notes(lines: list[str]) -> Slide:
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

    for line in lines:
        match = _FENCE.match(line)
        if match:
            fence = match.group(1) if fence is None else (None if fence == match.group(1) else fence)
        if fence is None and not line.strip():
            flush()
            text.append("")
        else:
            paragraph.append(line)
    flush()
    return Slide(text="\n".join(text).strip(), notes="\n\n".join(n for n in notes if n))


def cut_slides(body: str) -> list[Slide]:
    """The body's slides in order; empty slides are dropped."""
    slides = [_split_notes(chunk) for chunk in _split_on_rules(body)]
    return [slide for slide in slides if slide.text]


def reading_text(body: str) -> str:
    """The body as one Markdown document for reading: slide breaks and notes removed."""
    return "\n\n".join(slide.text for slide in cut_slides(body))
