"""Status vocabularies of the catalogue, each with its label and colour, defined once.

Pages, PDF reports and the API all take labels and colours from here.
"""

from __future__ import annotations

from django.db import models

from catalog.riskrules import RISK_LEVELS


class VersionStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    PUBLISHED = "PUBLISHED", "Published"


class Risk(models.TextChoices):
    """The risk of one answered question (and the keys of every risk count)."""

    UNANSWERED = "UNANSWERED", "Unanswered"
    HIGH = "HIGH", "High risk"
    MEDIUM = "MEDIUM", "Medium risk"
    NONE = "NONE", "No risk"
    NOT_APPLICABLE = "NOT_APPLICABLE", "Not applicable"

    @property
    def colour(self) -> str:
        return RISK_COLOURS[self]

    @property
    def css(self) -> str:
        return RISK_CSS[self]

    @property
    def short(self) -> str:
        return RISK_SHORT[self]

    @property
    def icon(self) -> str:
        """A text glyph beside the colour, so the level never rests on colour alone."""
        return RISK_ICONS[self]


# The same values as the --risk-* tokens in static/css/app.css and report.css: white text on
# every colour but UNANSWERED reaches 4.5:1 (WCAG 1.4.3); UNANSWERED is a fill with dark text
# (its badge a lighter one, .badge-unanswered).
RISK_COLOURS = {
    Risk.UNANSWERED: "#aab4c0",
    Risk.HIGH: "#c0392b",
    Risk.MEDIUM: "#a85a00",
    Risk.NONE: "#1a7340",
    Risk.NOT_APPLICABLE: "#5f6b6d",
}
RISK_CSS = {
    Risk.UNANSWERED: "badge badge-unanswered",
    Risk.HIGH: "badge badge-high",
    Risk.MEDIUM: "badge badge-medium",
    Risk.NONE: "badge badge-none",
    Risk.NOT_APPLICABLE: "badge badge-na",
}
RISK_SHORT = {
    Risk.UNANSWERED: "Unanswered",
    Risk.HIGH: "High",
    Risk.MEDIUM: "Medium",
    Risk.NONE: "No risk",
    Risk.NOT_APPLICABLE: "N/A",
}
RISK_ICONS = {
    Risk.UNANSWERED: "○",
    Risk.HIGH: "▲",
    Risk.MEDIUM: "◆",
    Risk.NONE: "✓",
    Risk.NOT_APPLICABLE: "–",
}

# The lens format's risk values and ours, from the one table (``catalog.riskrules``).
RISK_FROM_FORMAT = {value: Risk(level) for value, level in RISK_LEVELS.items()}
RISK_TO_FORMAT = {level: value for value, level in RISK_FROM_FORMAT.items()}
