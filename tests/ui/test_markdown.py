"""Markdown is drawn only within bounds, and only safe links survive."""

from __future__ import annotations

import time

from studylab.ui import markdown as md


def test_deeply_nested_block_quotes_are_too_deep() -> None:
    assert any("nested" in p for p in md.problems(">" * 200 + " deep"))


def test_deeply_nested_lists_are_too_deep() -> None:
    text = "".join("  " * level + "- item\n" for level in range(40))
    assert any("nested" in p for p in md.problems(text))


def test_ordinary_nesting_is_fine() -> None:
    assert md.problems("> quote\n>\n> - a\n>   - b\n\n1. one\n   - two\n") == ()


def test_a_very_long_line_is_too_long() -> None:
    assert any("characters long" in p for p in md.problems("x" * (md.MAX_LINE_CHARS + 1)))


def test_bracket_floods_are_refused_before_parsing() -> None:
    started = time.perf_counter()
    found = md.problems(("[" * 2900 + "\n") * 60)
    assert found and "square brackets" in found[0]
    assert time.perf_counter() - started < 0.5


def test_a_data_link_is_removed_and_its_words_kept() -> None:
    cleaned, as_markdown = md.bounded("Read [the notes](data:text/html;base64,PHNjcmlwdD4=) first.")
    assert as_markdown and cleaned == "Read the notes first."


def test_javascript_autolinks_images_and_references_lose_their_targets() -> None:
    text = "<javascript:alert(1)> ![x]( JaVaScRiPt:alert(1)) [r][1]\n\n[1]: file:///etc/passwd\n"
    cleaned = md.safe_links(text)
    assert md.unsafe_link(cleaned) is None
    assert "file:" not in cleaned.split("\n\n")[1]


def test_http_and_in_app_links_survive() -> None:
    text = "[web](https://example.org) [page](/present?deck=lambda_architecture) [anchor](#top) [mail](mailto:a@b.c)"
    assert md.safe_links(text) == text
