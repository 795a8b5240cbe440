"""Slide cutting: rules split slides, notes are set aside, code blocks are left whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studylab.content.slides import Embed, cut_slides, reading_text


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


def test_a_tilde_fence_hides_rules_notes_and_markers() -> None:
    body = "## A\n~~~\n---\nNote: literal\n[[figure: diagram lambda]]\n```\n~~~\n\n---\n## B\n"
    first, second = cut_slides(body)
    assert "---\nNote: literal\n[[figure: diagram lambda]]\n```" in first.text
    assert first.notes == "" and first.figures == ()
    assert second.text == "## B"


def test_an_unclosed_fence_keeps_the_rest_in_one_slide() -> None:
    (slide,) = cut_slides("## A\n```\ncode\n---\nmore\n")
    assert "---\nmore" in slide.text


def test_runs_of_rules_and_blank_slides_are_dropped() -> None:
    slides = cut_slides("\n---\n---\n\n---\n## A\n---\n\n\n---\n---\n## B\n---")
    assert [s.text for s in slides] == ["## A", "## B"]


def test_a_rule_with_spaces_around_still_splits_but_a_longer_rule_does_not() -> None:
    assert len(cut_slides("A\n  ---  \nB\n")) == 2
    assert len(cut_slides("A\n\n----\n\nB\n")) == 1


def test_figure_markers_become_blocks_in_order() -> None:
    body = "## A\nbefore\n\n[[figure: diagram lambda]]\n\nafter\n\nNote: say it\n"
    (slide,) = cut_slides(body)
    assert slide.blocks == ("## A\nbefore", Embed("diagram lambda", 4), "after")
    assert slide.text == "## A\nbefore\n\nafter"
    assert slide.notes == "say it"
    assert slide.figures == (Embed("diagram lambda", 4),)


def test_marker_lines_count_from_the_start_of_the_body() -> None:
    (_, second) = cut_slides("one\n---\ntwo\n  [[figure:   sim elasticity flash_sale ]]  \n")
    (embed,) = second.figures
    assert embed.line == 4 and embed.spec == "sim elasticity flash_sale"
    assert embed.marker == "[[figure: sim elasticity flash_sale]]"


def test_a_slide_with_only_a_figure_is_kept() -> None:
    (slide,) = cut_slides("[[figure: diagram kappa]]\n")
    assert slide.text == "" and len(slide.figures) == 1


def test_a_marker_inside_a_paragraph_line_is_text() -> None:
    (slide,) = cut_slides("see [[figure: diagram kappa]] here\n")
    assert slide.figures == () and "[[figure: diagram kappa]]" in slide.text


def test_reading_text_drops_figure_markers() -> None:
    text = reading_text("## A\n[[figure: diagram lambda]]\n---\n[[figure: diagram kappa]]\n")
    assert text == "## A"


@given(st.lists(st.sampled_from(["---", "```", "~~~", "Note: n", "[[figure: diagram x]]", "", "text", "# h"])))
def test_any_mix_of_lines_cuts_into_slides_with_something_on_them(lines: list[str]) -> None:
    slides = cut_slides("\n".join(lines))
    assert all(slide.text or slide.figures for slide in slides)
    for slide in slides:
        assert slide.text == "\n\n".join(b for b in slide.blocks if isinstance(b, str))
