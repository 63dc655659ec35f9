"""Risk labels and badges for pages and PDF reports, from the one vocabulary in
``catalog.choices.Risk`` (label and CSS class defined once)."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.html import format_html, json_script

from catalog.choices import Risk
from reviews import vocabulary
from reviews.risk import SEVERITY_ORDER

register = template.Library()

# Columns of every risk table: worst first, the open questions last.
TABLE_ORDER = SEVERITY_ORDER


def _risk(value) -> Risk | None:
    try:
        return Risk(value)
    except ValueError:
        return None


@register.simple_tag
def risk_badge(value) -> str:
    """A risk level as its badge with its label ("High risk"); no level is a dash."""
    risk = _risk(value)
    if risk is None:
        return "—"
    return format_html('<span class="{}">{}</span>', risk.css, risk.label)


@register.simple_tag
def risk_count(count, value) -> str:
    """``count`` questions of one risk level ("3 high"); a zero count gets a neutral badge."""
    risk = _risk(value)
    count = int(count or 0)
    short = risk.label.lower().removesuffix(" risk") if risk in (Risk.HIGH, Risk.MEDIUM) else ""
    text = f"{count} {short or risk.label.lower()}"
    css = "badge badge-zero" if count == 0 else risk.css
    return format_html('<span class="{}" data-count="{}">{}</span>', css, count, text)


@register.simple_tag
def risk_levels() -> list[dict]:
    """The levels in table order, each with its value and label."""
    return [{"value": r.value, "label": r.label} for r in TABLE_ORDER]


@register.filter
def count_of(counts: Mapping | None, value: str) -> int:
    """The count of one level in a risk-count mapping (missing is zero)."""
    return int((counts or {}).get(value, 0))


@register.filter
def risk_label(value) -> str:
    risk = _risk(value)
    return risk.label if risk else "—"


@register.simple_tag
def review_vocabulary() -> str:
    """The ``review-vocabulary`` JSON the page's modules take their words and limits from."""
    return json_script(vocabulary.review_vocabulary(), "review-vocabulary")
