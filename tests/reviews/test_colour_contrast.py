"""Issue 17, WCAG 1.4.3 and 1.4.11: the colour tokens, defined once, keep AA contrast.

The browser test runs axe-core on every page; this one pins the definitions themselves
(CSS custom properties, ``RISK_COLOURS``, the PDF stylesheet, the chart inks) so a colour
cannot drift below AA in one place while the pages happen not to show it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog.choices import RISK_COLOURS, Risk
from reviews import charts

ROOT = Path(__file__).resolve().parents[2]
WHITE = "#ffffff"


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def tokens() -> dict[str, str]:
    css = (ROOT / "static/css/app.css").read_text()
    root = css[css.index(":root") : css.index("}", css.index(":root"))]
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


@pytest.mark.parametrize("risk", ["high", "medium", "none", "na"])
def test_it_keeps_white_text_readable_on_every_risk_colour(risk):
    assert contrast(WHITE, tokens()[f"risk-{risk}"]) >= 4.5


@pytest.mark.parametrize(
    "name", ["ink", "ink-soft", "muted", "accent", "risk-high", "cell-empty-ink"]
)
@pytest.mark.parametrize("background", ["bg", "card", "accent-soft"])
def test_it_keeps_text_tokens_readable_on_the_page_backgrounds(name, background):
    colours = tokens()
    assert contrast(colours[name], colours[background]) >= 4.5, (name, background)


def test_it_keeps_dark_text_on_the_unanswered_grey_and_field_borders_visible():
    colours = tokens()
    assert contrast(colours["ink"], colours["risk-unanswered"]) >= 4.5
    assert contrast(colours["field-line"], WHITE) >= 3
    assert contrast(colours["accent"], WHITE) >= 3  # the focus ring


def test_it_defines_each_risk_colour_once_for_pages_pdfs_and_charts():
    colours = tokens()
    report = (ROOT / "static/css/report.css").read_text()
    for risk, token in [
        (Risk.HIGH, "risk-high"),
        (Risk.MEDIUM, "risk-medium"),
        (Risk.NONE, "risk-none"),
        (Risk.NOT_APPLICABLE, "risk-na"),
        (Risk.UNANSWERED, "risk-unanswered"),
    ]:
        assert RISK_COLOURS[risk] == colours[token]
        assert RISK_COLOURS[risk] in report


def test_it_writes_chart_labels_in_readable_colours():
    """Counts on bar segments and heat-map cells: white on risk colours, dark on light greys."""
    svg = charts.pillar_risk_bars(
        [{"name": "Security", "risk_counts": {"HIGH": 3, "MEDIUM": 3, "UNANSWERED": 3}}]
    ).svg
    fills = re.findall(
        r'<rect[^>]*fill="(#\w+)"><title>[^<]*</title></rect><text[^>]*fill="(#\w+)"', svg
    )
    assert {RISK_COLOURS[Risk.UNANSWERED]} < {bar for bar, _ in fills}
    for bar, ink in fills:
        assert contrast(bar, ink) >= 4.5, (bar, ink)
    cells = {
        "a|x": {"HIGH": 1},
        "a|y": {"MEDIUM": 2},
        "b|x": {"NOT_APPLICABLE": 1},
        "b|y": {},
    }
    svg = charts.heatmap(
        [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}],
        [{"key": "x", "name": "X"}, {"key": "y", "name": "Y"}],
        cells,
    ).svg
    pairs = re.findall(r'rx="4" fill="(#\w+)">.*?</rect><text[^>]*fill="(#\w+)"', svg)
    assert len(pairs) == 4
    for fill, ink in pairs:
        assert contrast(fill, ink) >= 4.5, (fill, ink)
