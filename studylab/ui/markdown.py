"""Markdown that any browser renders quickly and safely: bounded nesting and line length, safe links only.

Streamlit renders Markdown in the browser, where deeply nested block quotes or lists
take seconds and can overflow the stack. :func:`problems` measures a text with
markdown-it's token stream (the same CommonMark grammar); a text past the bounds is
shown flattened, as plain text, instead. :func:`safe_links` keeps only ``http(s)``,
``mailto`` and in-app (relative or ``#``) link targets: any other scheme (``data:``,
``javascript:``, ``file:`` ...) loses its link and keeps its words. This module does not
import streamlit, so it can check uploads as well as draw pages.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt

MAX_DEPTH = 8
"""Deepest nesting of block quotes and lists (together) that is drawn as Markdown."""
MAX_LINE_CHARS = 3_000
"""Longest line drawn as Markdown."""
MAX_BRACKETS = 2_000
"""Most ``[`` and ``]`` in one text: link syntax costs a parser time that grows faster than the text."""
SAFE_SCHEMES = ("http", "https", "mailto")
"""Link schemes that survive; a target with no scheme is an in-app link."""

_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_NESTING = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
_INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(\s*(<[^>]*>|[^)\s]*)((?:\s+(?:\"[^\"]*\"|'[^']*'))?)\s*\)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^<>\s]*)>")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(<[^>]*>|\S+)(.*)$", re.MULTILINE)


def safe_target(target: str) -> bool:
    """True for an ``http(s)``/``mailto`` URL or an in-app target (no scheme at all)."""
    cleaned = re.sub(r"[\x00-\x20]", "", target.strip("<>"))
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def safe_links(text: str) -> str:
    """``text`` with every link or image to an unsafe target replaced by its words."""

    def inline(match: re.Match[str]) -> str:
        return match.group(0) if safe_target(match.group(3)) else match.group(2)

    def autolink(match: re.Match[str]) -> str:
        return match.group(0) if safe_target(match.group(1)) else f"`{match.group(1)}`"

    def reference(match: re.Match[str]) -> str:
        return match.group(0) if safe_target(match.group(2)) else f"{match.group(1)}#removed{match.group(3)}"

    return _REFERENCE.sub(reference, _AUTOLINK.sub(autolink, _INLINE_LINK.sub(inline, text)))


def unsafe_link(text: str) -> str | None:
    """The first link target markdown-it finds that is not safe, or None."""
    for token in _PARSER.parse(text):
        for child in token.children or ():
            target = child.attrGet("href") or child.attrGet("src")
            if isinstance(target, str) and not safe_target(target):
                return target
    return None


@functools.lru_cache(maxsize=1024)
def problems(text: str) -> tuple[str, ...]:
    """Why ``text`` is too much to draw as Markdown (empty if it is fine)."""
    found: list[str] = []
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_LINE_CHARS:
        return (f"a line is {longest:,} characters long; the limit is {MAX_LINE_CHARS:,}",)
    brackets = text.count("[") + text.count("]")
    if brackets > MAX_BRACKETS:
        return (f"it has {brackets:,} square brackets; the limit is {MAX_BRACKETS:,}",)
    # The parser's own recursion is bounded by the text size (uploads are capped in bytes).
    depth = deepest = 0
    for token in _PARSER.parse(text):
        if token.type in _NESTING:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type.replace("_close", "_open") in _NESTING:
            depth -= 1
    if deepest > MAX_DEPTH:
        found.append(f"block quotes and lists are nested more than {MAX_DEPTH} deep")
    return tuple(found)


@functools.lru_cache(maxsize=1024)
def bounded(text: str) -> tuple[str, bool]:
    """What to draw for ``text``: safe Markdown (``True``), or the text itself to show plainly (``False``)."""
    if problems(text):
        return text, False
    cleaned = safe_links(text)
    if unsafe_link(cleaned) is not None:
        return text, False
    return cleaned, True
