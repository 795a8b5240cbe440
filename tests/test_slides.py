"""Slide cutting: rules split slides, notes are set aside, code blocks are left whole."""

from __future__ import annotations

from studylab.slides import cut_slides, reading_text


def test_rules_split_slides() -> None:
    slides = cut_slides("## A\ntext a\n\n---\n\n## B\ntext b\n")
    assert [s.text for s in slides] == ["## A\ntext a", "## B\ntext b"]


def test_note_paragraphs_become_notes() -> None:
    (slide,) = cut_slides("## A\nshown\n\nNote: say this\nand this\n\nalso shown\n")
    assert slide.notes == "say this\nand this"
    assert "say this" not in slide.text
    assert "also shown" in slide.text


def test_rule_inside_code_block_does_not_split() -> None:
    body = "## A\n```yaml\n---\nkey: 1\n```\n\n---\n## B\n"
    slides = cut_slides(body)
    assert len(slides) == 2
    assert "---\nkey: 1" in slides[0].text


def test_note_inside_code_block_stays_in_the_slide() -> None:
    (slide,) = cut_slides("```\nNote: literal\n```\n")
    assert slide.notes == ""
    assert "Note: literal" in slide.text


def test_empty_slides_are_dropped() -> None:
    assert [s.text for s in cut_slides("---\n\n---\n## Only\n---\n   \n---\n")] == ["## Only"]


def test_a_slide_of_only_notes_is_dropped() -> None:
    assert cut_slides("Note: nothing to show\n") == []


def test_reading_text_drops_rules_and_notes() -> None:
    text = reading_text("## A\none\n\nNote: secret\n\n---\n## B\ntwo\n")
    assert "secret" not in text and "---" not in text
    assert "## A" in text and "## B" in text
