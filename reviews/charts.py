"""Charts as SVG made on the server, for the browser pages and the PDF reports alike.

Pure functions: plain data in, a :class:`Chart` out: the ``<svg>`` markup with its
accessible name, a one-sentence summary for its caption and every value it draws as table
rows (WCAG 1.1.1: ``templates/partials/chart.html`` shows the caption and a visually hidden
table). Every text that reaches the SVG is escaped (pillar and phase names come from lens
files). Colours come from ``catalog.choices.RISK_COLOURS`` so a risk looks the same
everywhere; colour is never the only carrier of a value (WCAG 1.4.1): counts are written
out, heat-map cells say their worst risk, the trend's lines differ in dash and marker.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from catalog.choices import RISK_COLOURS, Risk
from reviews.risk import SEVERITY_ORDER

STACK_ORDER = SEVERITY_ORDER
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK = "#1b2430"
INK_SOFT = "#4a5565"
# 4.5:1 on white and on the light greys of empty cells (WCAG 1.4.3).
INK_MUTED = "#5b6675"


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG and its text alternative.

    ``name`` is the SVG's accessible name (callers make it unique on a page), ``summary``
    one sentence for the visible caption, and ``columns``/``rows`` a table of every value
    the chart draws (the first cell of a row names it). In a template ``{{ chart }}`` is the
    SVG itself.
    """

    svg: str
    name: str
    summary: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __str__(self) -> str:
        return self.svg

    def __html__(self) -> str:  # already escaped markup: templates insert it as it is
        return self.svg


def _count(value: int, what: str) -> str:
    return f"{value} {what}"


def _risk_words(counts: Mapping) -> str:
    """ "2 high risk, 1 no risk" for a cell's counts (worst first); "no questions" for none."""
    parts = [
        f"{counts.get(risk.value, 0)} {risk.label.lower()}"
        for risk in STACK_ORDER
        if counts.get(risk.value, 0)
    ]
    return ", ".join(parts) or "no questions"


def _text(x, y, content, *, size=11, anchor="start", weight="normal", fill="#1b2430") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{escape(str(content))}</text>'
    )


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label={quoteattr(title)} '
        f'font-family="{FONT}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _legend(y: float, x: float = 0) -> list[str]:
    parts = []
    for risk in STACK_ORDER:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" rx="2" '
            f'fill="{RISK_COLOURS[risk]}"/>'
        )
        parts.append(_text(x + 14, y, risk.label, size=10, fill="#4a5565"))
        x += 24 + 6.2 * len(risk.label)
    return parts


def pillar_risk_bars(
    rows: Sequence[Mapping], *, width: int = 640, title: str = "Risks per pillar"
) -> str:
    """Stacked bars: one row per pillar (``{"name", "risk_counts"}``), one segment per risk."""
    label_width, count_width, row_height = 190, 70, 28
    bar_width = width - label_width - count_width
    height = len(rows) * row_height + 40
    body = []
    for index, row in enumerate(rows):
        counts = row["risk_counts"]
        total = sum(counts.get(r.value, 0) for r in STACK_ORDER)
        y = index * row_height + 6
        body.append(_text(0, y + 14, _clip(row["name"], 30), size=11))
        body.append(
            f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="18" rx="3" '
            'fill="#eef1f5"/>'
        )
        x = float(label_width)
        for risk in STACK_ORDER:
            value = counts.get(risk.value, 0)
            if not value or not total:
                continue
            segment = bar_width * value / total
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{segment:.1f}" height="18" '
                f'fill="{RISK_COLOURS[risk]}"><title>{escape(risk.label)}: {value}'
                "</title></rect>"
            )
            if segment >= 16:
                body.append(
                    _text(
                        x + segment / 2,
                        y + 13,
                        value,
                        size=10,
                        anchor="middle",
                        weight="bold",
                        # White on the risk colours; dark on the light unanswered grey.
                        fill=INK if risk == Risk.UNANSWERED else "#ffffff",
                    )
                )
            x += segment
        high, medium = counts.get("HIGH", 0), counts.get("MEDIUM", 0)
        body.append(
            _text(
                width - 2, y + 14, f"{high} H · {medium} M", size=10, anchor="end", fill="#4a5565"
            )
        )
    body.extend(_legend(height - 8))
    totals = {r: sum(row["risk_counts"].get(r.value, 0) for row in rows) for r in STACK_ORDER}
    summary = (
        f"{_count(totals[Risk.HIGH], 'high')} and {_count(totals[Risk.MEDIUM], 'medium')} "
        f"risks across {len(rows)} pillar{'s' if len(rows) != 1 else ''}; "
        f"{totals[Risk.NONE]} no risk, {totals[Risk.NOT_APPLICABLE]} not applicable, "
        f"{totals[Risk.UNANSWERED]} unanswered."
    )
    return Chart(
        svg=_svg(width, height, body, title),
        name=title,
        summary=summary,
        columns=("Pillar", *(r.label for r in STACK_ORDER)),
        rows=tuple(
            (row["name"], *(str(row["risk_counts"].get(r.value, 0)) for r in STACK_ORDER))
            for row in rows
        ),
    )


def _cell_colour(counts: Mapping) -> tuple[str, str]:
    """Background and text colour of a heat-map cell, from its worst risk."""
    if not counts or not sum(counts.values()):
        return "#f3f4f6", INK_MUTED
    if counts.get("HIGH"):
        return RISK_COLOURS[Risk.HIGH], "#ffffff"
    if counts.get("MEDIUM"):
        return RISK_COLOURS[Risk.MEDIUM], "#ffffff"
    if counts.get("UNANSWERED"):
        return "#dfe4ea", "#4a5565"
    if not counts.get("NONE"):  # every question here is not applicable: nothing is "ok"
        return RISK_COLOURS[Risk.NOT_APPLICABLE], "#ffffff"
    return RISK_COLOURS[Risk.NONE], "#ffffff"


def _cell_label(counts: Mapping) -> str:
    if not counts or not sum(counts.values()):
        return "–"
    parts = []
    if counts.get("HIGH"):
        parts.append(f"{counts['HIGH']} H")
    if counts.get("MEDIUM"):
        parts.append(f"{counts['MEDIUM']} M")
    if parts:
        return " ".join(parts)
    if counts.get("UNANSWERED"):
        return "open"
    return "ok" if counts.get("NONE") else "n/a"


def heatmap(
    pillars: Sequence[Mapping],
    phases: Sequence[Mapping],
    matrix: Mapping[str, Mapping],
    *,
    width: int = 640,
    title: str = "Risks by pillar and lifecycle phase",
) -> Chart:
    """Pillar × phase grid; ``matrix`` maps ``"pillar|phase"`` to risk counts."""
    label_width, header_height, row_height = 150, 42, 30
    cell_width = (width - label_width) / max(len(phases), 1)
    height = header_height + len(pillars) * row_height + 4
    body = []
    for column, phase in enumerate(phases):
        x = label_width + column * cell_width + cell_width / 2
        words = _clip(phase["name"], 28).split()
        first = " ".join(words[: (len(words) + 1) // 2])
        second = " ".join(words[(len(words) + 1) // 2 :])
        body.append(_text(x, 16, first, size=10, anchor="middle", fill="#4a5565"))
        if second:
            body.append(_text(x, 29, second, size=10, anchor="middle", fill="#4a5565"))
    for row, pillar in enumerate(pillars):
        y = header_height + row * row_height
        body.append(_text(0, y + 19, _clip(pillar["name"], 24), size=11))
        for column, phase in enumerate(phases):
            counts = matrix.get(f"{pillar['key']}|{phase['key']}", {})
            fill, ink = _cell_colour(counts)
            x = label_width + column * cell_width
            tooltip = ", ".join(f"{Risk(k).label}: {v}" for k, v in counts.items() if v)
            body.append(
                f'<rect x="{x + 2:.1f}" y="{y + 2}" width="{cell_width - 4:.1f}" '
                f'height="{row_height - 4}" rx="4" fill="{fill}">'
                f"<title>{escape(pillar['name'])} · {escape(phase['name'])}: "
                f"{escape(tooltip or 'no questions')}</title></rect>"
            )
            body.append(
                _text(
                    x + cell_width / 2,
                    y + 19,
                    _cell_label(counts),
                    size=10,
                    anchor="middle",
                    weight="bold",
                    fill=ink,
                )
            )
    cells = [matrix.get(f"{p['key']}|{f['key']}", {}) for p in pillars for f in phases]
    high = sum(1 for c in cells if c.get("HIGH"))
    medium = sum(1 for c in cells if c.get("MEDIUM") and not c.get("HIGH"))
    summary = (
        f"{len(pillars)} pillars by {len(phases)} lifecycle phases: "
        f"{high} of {len(cells)} cells have a high risk, {medium} more a medium risk."
    )
    return Chart(
        svg=_svg(width, height, body, title),
        name=title,
        summary=summary,
        columns=("Pillar", *(phase["name"] for phase in phases)),
        rows=tuple(
            (
                pillar["name"],
                *(
                    _risk_words(matrix.get(f"{pillar['key']}|{phase['key']}", {}))
                    for phase in phases
                ),
            )
            for pillar in pillars
        ),
    )


def trend_chart(
    points: Sequence[Mapping], *, width: int = 640, height: int = 250, title: str = "Risk trend"
) -> str:
    """HIGH and MEDIUM counts over milestones (``{"name", "risk_counts"}`` per point).

    HIGH and MEDIUM are lines on their own scale, so a handful of risks does not lie flat
    at zero beside dozens of unanswered questions; the unanswered count is a strip of small
    bars with its own scale below them.
    """
    # As much room right as left: the first and last labels are centred on their points.
    left, right, top = 36, 36, 14
    strip_h, label_h, legend_h = 34, 18, 20
    plot_w = width - left - right
    plot_h = height - top - 12 - strip_h - label_h - legend_h
    strip_top = top + plot_h + 12
    series = [(Risk.HIGH, "HIGH"), (Risk.MEDIUM, "MEDIUM")]
    highest = max([1, *(p["risk_counts"].get(key, 0) for p in points for _, key in series)])
    peak = math.ceil(highest / 4) * 4  # four equal whole-number steps up the axis
    step = plot_w / max(len(points) - 1, 1)

    def x_of(i: int) -> float:
        return left + (i * step if len(points) > 1 else plot_w / 2)

    body = []
    for value in range(0, peak + 1, peak // 4):
        y = top + plot_h - plot_h * value / peak
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ee"/>'
        )
        body.append(_text(left - 6, y + 4, value, size=9, anchor="end", fill=INK_MUTED))
    # MEDIUM first, wide and dashed with round markers, and HIGH on top, narrow and solid
    # with square markers: where they are equal both stay visible, and they differ in more
    # than colour (WCAG 1.4.1).
    for risk, key in reversed(series):
        coords = [
            (x_of(i), top + plot_h - plot_h * p["risk_counts"].get(key, 0) / peak)
            for i, p in enumerate(points)
        ]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(f'<polyline points="{path}" {_line_style(risk)} data-series="{key}"/>')
        for (x, y), point in zip(coords, points, strict=True):
            label = (
                f"{escape(point['name'])}: {point['risk_counts'].get(key, 0)} "
                f"{escape(risk.label.lower())}"
            )
            body.append(_marker(risk, x, y, key, label))
    # A label gets the room between two points, and at most the margin's width on either
    # side of the first and last point (about 5.4 px a character at 9 px).
    # With many milestones only every ``every``-th one (and "now", the last) is labelled.
    every = max(1, math.ceil(30 / step))
    last = len(points) - 1
    labelled = [i for i in range(len(points)) if i == last or not (i % every or last - i < every)]

    # The unanswered strip: its own scale, the count written above each labelled bar.
    unanswered = [p["risk_counts"].get("UNANSWERED", 0) for p in points]
    most = max([1, *unanswered])
    bar_w = max(2.0, min(step * 0.5 if len(points) > 1 else 24, 24))
    bar_max = strip_h - 12
    base = strip_top + strip_h
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{base}" y2="{base}" stroke="#e3e8ee"/>'
    )
    colour = RISK_COLOURS[Risk.UNANSWERED]
    for i, (value, point) in enumerate(zip(unanswered, points, strict=True)):
        bar_h = bar_max * value / most
        body.append(
            f'<rect x="{x_of(i) - bar_w / 2:.1f}" y="{base - bar_h:.1f}" width="{bar_w:.1f}" '
            f'height="{bar_h:.1f}" fill="{colour}" data-series="UNANSWERED">'
            f"<title>{escape(point['name'])}: {value} unanswered</title></rect>"
        )
        if i in labelled:
            body.append(
                _text(x_of(i), base - bar_h - 3, value, size=8, anchor="middle", fill=INK_MUTED)
            )
    label_chars = max(4, min(13, int(min(step * every, plot_w) / 5.4)))
    for i in labelled:
        body.append(
            _text(
                x_of(i),
                base + 14,
                _clip(points[i]["name"], label_chars),
                size=9,
                anchor="middle",
                fill="#4a5565",
            )
        )
    # The legend shows each line as it is drawn: its dash and its marker.
    legend_x = left
    for risk, _ in series:
        mid = height - 11
        body.append(
            f'<line x1="{legend_x}" x2="{legend_x + 22}" y1="{mid}" y2="{mid}" '
            f"{_line_style(risk, legend=True)}/>"
        )
        body.append(_marker(risk, legend_x + 11, mid))
        body.append(_text(legend_x + 28, height - 8, risk.label, size=9, fill="#4a5565"))
        legend_x += 44 + 6 * len(risk.label)
    body.append(f'<rect x="{legend_x}" y="{height - 16}" width="8" height="9" fill="{colour}"/>')
    body.append(_text(legend_x + 12, height - 8, "Unanswered (own scale)", size=9, fill="#4a5565"))
    if points:
        first, last = points[0]["risk_counts"], points[-1]["risk_counts"]
        summary = (
            f"{len(points)} point{'s' if len(points) != 1 else ''} from "
            f"{points[0]['name']} to {points[-1]['name']}: high risks "
            f"{first.get('HIGH', 0)} to {last.get('HIGH', 0)}, medium risks "
            f"{first.get('MEDIUM', 0)} to {last.get('MEDIUM', 0)}, unanswered "
            f"{first.get('UNANSWERED', 0)} to {last.get('UNANSWERED', 0)}."
        )
    else:
        summary = "No milestone yet."
    return Chart(
        svg=_svg(width, height, body, title),
        name=title,
        summary=summary,
        columns=("Milestone", "High risks", "Medium risks", "Unanswered"),
        rows=tuple(
            (
                p["name"],
                *(str(p["risk_counts"].get(k, 0)) for k in ("HIGH", "MEDIUM", "UNANSWERED")),
            )
            for p in points
        ),
    )


def _line_style(risk: Risk, *, legend: bool = False) -> str:
    """HIGH: a thin solid line; MEDIUM: a wide dashed one (drawn beneath HIGH)."""
    colour = RISK_COLOURS[risk]
    if risk == Risk.MEDIUM:
        width = 4 if legend else 5.5
        return (
            f'fill="none" stroke="{colour}" stroke-width="{width}" stroke-dasharray="7 4" '
            'stroke-linejoin="round"'
        )
    return f'fill="none" stroke="{colour}" stroke-width="2" stroke-linejoin="round"'


def _marker(risk: Risk, x: float, y: float, series: str = "", label: str = "") -> str:
    """A point of a trend line: a circle for MEDIUM, a square for HIGH (with a white edge
    so a HIGH square on a MEDIUM circle stays distinct)."""
    colour = RISK_COLOURS[risk]
    data = f' data-series="{series}"' if series else ""
    tooltip = f"<title>{label}</title>" if label else ""
    if risk == Risk.MEDIUM:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"{data}>{tooltip}</circle>'
    return (
        f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}" '
        f'stroke="#ffffff" stroke-width="1"{data}>{tooltip}</rect>'
    )
