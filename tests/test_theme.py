"""The theme's colours meet WCAG AA contrast, including the faded text axe cannot always judge.

axe marks colour contrast "incomplete" when text sits on an image, a gradient or a
translucent layer; the colours such text is drawn in all come from the theme, so the
theme itself is checked here.
"""

from __future__ import annotations

import tomllib

import pytest

from studylab.content.loader import ROOT

THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
AA_TEXT = 4.5
FADED_TEXT_ALPHA = 0.6
"""Streamlit draws captions, help and widget hints in textColor at 60% opacity."""
WHITE = "#ffffff"

Rgb = tuple[float, float, float]


def rgb(colour: str) -> Rgb:
    value = colour.removeprefix("#")
    assert len(value) == 6, f"theme colours are #rrggbb, got {colour!r}"
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def luminance(colour: Rgb) -> float:
    """WCAG 2.1 relative luminance."""

    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Rgb, b: Rgb) -> float:
    """WCAG 2.1 contrast ratio, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(colour: Rgb, alpha: float, background: Rgb) -> Rgb:
    """``colour`` at ``alpha`` opacity drawn over ``background``."""
    return (
        alpha * colour[0] + (1 - alpha) * background[0],
        alpha * colour[1] + (1 - alpha) * background[1],
        alpha * colour[2] + (1 - alpha) * background[2],
    )


def test_contrast_matches_known_values() -> None:
    assert contrast(rgb("#000000"), rgb(WHITE)) == pytest.approx(21)
    assert contrast(rgb(WHITE), rgb(WHITE)) == pytest.approx(1)
    assert contrast(rgb("#767676"), rgb(WHITE)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
@pytest.mark.parametrize("foreground", ["textColor", "primaryColor"])
def test_text_colours_on_backgrounds(foreground: str, background: str) -> None:
    ratio = contrast(rgb(THEME[foreground]), rgb(THEME[background]))
    assert ratio >= AA_TEXT, f"{foreground} on {background}: {ratio:.2f}:1"


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
def test_faded_text_on_backgrounds(background: str) -> None:
    under = rgb(THEME[background])
    ratio = contrast(blend(rgb(THEME["textColor"]), FADED_TEXT_ALPHA, under), under)
    assert ratio >= AA_TEXT, f"captions on {background}: {ratio:.2f}:1"


def test_button_text_on_primary() -> None:
    ratio = contrast(rgb(WHITE), rgb(THEME["primaryColor"]))
    assert ratio >= AA_TEXT, f"white on primaryColor: {ratio:.2f}:1"
