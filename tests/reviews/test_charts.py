"""The server-made SVG charts: valid SVG, faithful geometry and colours, escaped text."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from catalog.choices import RISK_COLOURS, Risk
from reviews import charts

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & Co"


def parse(chart: charts.Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)  # noqa: S314 - our own output
    assert root.tag == f"{NS}svg"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0
    assert height > 0
    assert root.find(f"{NS}title").text
    return root


def titled(root: ET.Element, tag: str) -> list[tuple[ET.Element, str]]:
    """Elements ``tag`` that carry a tooltip, with the tooltip's text."""
    return [(e, e.find(f"{NS}title").text) for e in root.iter(f"{NS}{tag}") if len(e)]


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text")]


def counts(**values: int) -> dict:
    return {risk.value: values.get(risk.value, 0) for risk in Risk}


# --- Stacked bars ----------------------------------------------------------------------------


def test_it_draws_one_segment_per_non_zero_risk_with_widths_proportional_to_counts():
    rows = [{"name": "Security", "risk_counts": counts(HIGH=3, MEDIUM=1, NOT_APPLICABLE=2)}]
    root = parse(charts.pillar_risk_bars(rows, width=640))
    segments = titled(root, "rect")
    assert [label for _, label in segments] == [
        "High risk: 3",
        "Medium risk: 1",
        "Not applicable: 2",
    ]
    assert [e.get("fill") for e, _ in segments] == [
        RISK_COLOURS[Risk.HIGH],
        RISK_COLOURS[Risk.MEDIUM],
        RISK_COLOURS[Risk.NOT_APPLICABLE],
    ]
    widths = [float(e.get("width")) for e, _ in segments]
    track = next(e for e in root.iter(f"{NS}rect") if e.get("fill") == "#eef1f5")
    full = float(track.get("width"))
    for width, count in zip(widths, (3, 1, 2), strict=True):
        assert width == pytest.approx(full * count / 6, abs=0.1)
    # Segments follow each other from the start of the track to its end.
    starts = [float(e.get("x")) for e, _ in segments]
    assert starts[0] == float(track.get("x"))
    for start, previous, width in zip(starts[1:], starts, widths, strict=False):
        assert start == pytest.approx(previous + width, abs=0.2)
    assert starts[-1] + widths[-1] == pytest.approx(float(track.get("x")) + full, abs=0.3)
    assert "3 H · 1 M" in texts(root)


def test_it_draws_no_segment_for_a_pillar_without_questions():
    rows = [
        {"name": "Empty", "risk_counts": counts()},
        {"name": "Reliability", "risk_counts": counts(NONE=4)},
    ]
    root = parse(charts.pillar_risk_bars(rows))
    assert [label for _, label in titled(root, "rect")] == ["No risk: 4"]
    assert {"Empty", "Reliability"} <= set(texts(root))


def test_it_makes_the_bars_taller_with_every_pillar():
    one = parse(charts.pillar_risk_bars([{"name": "A", "risk_counts": counts(HIGH=1)}]))
    three = parse(
        charts.pillar_risk_bars([{"name": n, "risk_counts": counts(HIGH=1)} for n in "ABC"])
    )
    assert float(three.get("height")) > float(one.get("height"))


# --- Heat map --------------------------------------------------------------------------------


HEAT_CASES = {
    "high": (counts(HIGH=1, MEDIUM=2, NONE=3), RISK_COLOURS[Risk.HIGH], "1 H 2 M"),
    "medium": (counts(MEDIUM=1, UNANSWERED=1, NONE=1), RISK_COLOURS[Risk.MEDIUM], "1 M"),
    "open": (counts(UNANSWERED=2, NONE=1), "#dfe4ea", "open"),
    "ok": (counts(NONE=2, NOT_APPLICABLE=1), RISK_COLOURS[Risk.NONE], "ok"),
    "na": (counts(NOT_APPLICABLE=2), RISK_COLOURS[Risk.NOT_APPLICABLE], "n/a"),
    "empty": (counts(), "#f3f4f6", "–"),
}


def test_it_colours_each_heat_map_cell_by_its_worst_risk():
    pillars = [{"key": key, "name": f"Pillar {key}"} for key in HEAT_CASES]
    phases = [{"key": "build", "name": "Build"}]
    matrix = {f"{key}|build": cell for key, (cell, _, _) in HEAT_CASES.items()}
    root = parse(charts.heatmap(pillars, phases, matrix))
    cells = titled(root, "rect")
    assert len(cells) == len(HEAT_CASES)
    assert [e.get("fill") for e, _ in cells] == [fill for _, fill, _ in HEAT_CASES.values()]
    labels = texts(root)
    for _, _, label in HEAT_CASES.values():
        assert label in labels


def test_it_lays_the_heat_map_out_as_pillars_by_phases():
    pillars = [{"key": f"p{i}", "name": f"Pillar {i}"} for i in range(3)]
    phases = [{"key": f"f{i}", "name": f"Phase {i}"} for i in range(4)]
    root = parse(charts.heatmap(pillars, phases, {"p1|f2": counts(HIGH=1)}, width=640))
    cells = titled(root, "rect")
    assert len(cells) == 12
    xs = sorted({float(e.get("x")) for e, _ in cells})
    ys = sorted({float(e.get("y")) for e, _ in cells})
    assert (len(xs), len(ys)) == (4, 3)
    high = [e for e, _ in cells if e.get("fill") == RISK_COLOURS[Risk.HIGH]]
    assert len(high) == 1
    assert (float(high[0].get("x")), float(high[0].get("y"))) == (xs[2], ys[1])
    assert max(float(e.get("x")) + float(e.get("width")) for e, _ in cells) <= 640


# --- Escaping --------------------------------------------------------------------------------


def test_it_escapes_names_from_lens_files_and_milestones():
    bars = charts.pillar_risk_bars(
        [{"name": HOSTILE, "risk_counts": counts(HIGH=1)}], title=f"Before: {HOSTILE}"
    )
    heat = charts.heatmap(
        [{"key": "p", "name": HOSTILE}],
        [{"key": "f", "name": HOSTILE}],
        {"p|f": counts(MEDIUM=1)},
        title=HOSTILE,
    )
    trend = charts.trend_chart([{"name": HOSTILE, "risk_counts": counts(HIGH=1)}], title=HOSTILE)
    for chart in (bars, heat, trend):
        assert "<script" not in chart.svg
        assert "&lt;script&gt;" in chart.svg
        root = parse(chart)  # still well-formed: nothing broke out of its element
        assert not list(root.iter(f"{NS}script"))
        assert root.find(f"{NS}title").text.endswith(HOSTILE)
        assert root.get("aria-label").endswith(HOSTILE)
    assert HOSTILE in texts(parse(bars))


# --- Trend -----------------------------------------------------------------------------------


def points(n: int) -> list[dict]:
    return [
        {"name": f"Milestone number {i + 1}", "risk_counts": counts(HIGH=10 - i, MEDIUM=i)}
        for i in range(n)
    ]


def series(root: ET.Element, risk: Risk) -> list[tuple[float, float]]:
    """The centres of one line's markers (circles for MEDIUM, squares for HIGH)."""
    found = []
    for marker in root.iter():
        if marker.get("data-series") != risk.value or marker.tag == f"{NS}polyline":
            continue
        assert marker.get("fill") == RISK_COLOURS[risk]
        if marker.tag == f"{NS}circle":
            found.append((float(marker.get("cx")), float(marker.get("cy"))))
        else:
            size = float(marker.get("width"))
            found.append((float(marker.get("x")) + size / 2, float(marker.get("y")) + size / 2))
    return found


def unanswered_bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{NS}rect") if r.get("data-series") == "UNANSWERED"]


def test_it_draws_a_trend_of_one_point_in_the_middle_without_lines():
    root = parse(charts.trend_chart(points(1), width=640))
    assert not list(root.iter(f"{NS}polyline"))
    for risk in (Risk.HIGH, Risk.MEDIUM):
        [(x, _)] = series(root, risk)
        assert x == pytest.approx(320)
    [bar] = unanswered_bars(root)
    assert float(bar.get("x")) + float(bar.get("width")) / 2 == pytest.approx(320)
    assert "Milestone nu…" in texts(root)


def test_it_draws_a_trend_of_ten_points_evenly_with_readable_labels():
    root = parse(charts.trend_chart(points(10), width=640))
    lines = list(root.iter(f"{NS}polyline"))
    assert len(lines) == 2
    for line in lines:
        assert len(line.get("points").split()) == 10
    high = series(root, Risk.HIGH)
    xs = [x for x, _ in high]
    steps = [b - a for a, b in itertools.pairwise(xs)]
    assert max(steps) - min(steps) < 0.2
    # HIGH falls from 10 to 1: the first point is the highest (smallest y), each lower.
    ys = [y for _, y in high]
    assert ys == sorted(ys)
    labels = [t for t in root.iter(f"{NS}text") if t.text.startswith("Milest")]
    assert len(labels) == 10
    step = min(steps)
    for label in labels:  # about 5.4 px a character at 9 px: no label runs into the next
        assert len(label.text) * 5.4 <= step
        half = len(label.text) * 5.4 / 2
        assert float(label.get("x")) - half >= 0
        assert float(label.get("x")) + half <= 640


def test_it_labels_only_some_of_many_milestones_and_always_now():
    many = points(60)
    many[-1]["name"] = "Now"
    root = parse(charts.trend_chart(many, width=640))
    labels = [t.text for t in root.iter(f"{NS}text") if re.match(r"Mil|Now", t.text)]
    assert 5 < len(labels) < 30
    assert labels[-1] == "Now"


@pytest.mark.parametrize(("high", "ticks"), [(1, "0 1 2 3 4"), (18, "0 5 10 15 20")])
def test_it_puts_whole_numbers_in_equal_steps_on_the_axis(high, ticks):
    root = parse(charts.trend_chart([{"name": "M1", "risk_counts": counts(HIGH=high)}]))
    axis = [t for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert " ".join(t.text for t in axis) == ticks


def test_it_scales_high_and_medium_apart_from_the_unanswered_count():
    """Issue 12 finding 18: with 30 unanswered questions, 2 high and 1 medium risks no longer
    lie flat at zero: HIGH and MEDIUM have their own axis, unanswered its own small bars."""
    trend = [
        {"name": "M1", "risk_counts": counts(HIGH=2, MEDIUM=1, UNANSWERED=30)},
        {"name": "Now", "risk_counts": counts(HIGH=1, MEDIUM=3, UNANSWERED=12)},
    ]
    root = parse(charts.trend_chart(trend, width=640))
    axis = [t.text for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert axis == ["0", "1", "2", "3", "4"]  # the HIGH/MEDIUM scale tops at 4, not 32
    baseline = max(y for _, y in series(root, Risk.HIGH) + series(root, Risk.MEDIUM))
    top = min(y for _, y in series(root, Risk.HIGH) + series(root, Risk.MEDIUM))
    (_, high_m1), (_, high_now) = series(root, Risk.HIGH)
    assert high_m1 < high_now  # 2 is drawn above 1
    assert baseline - top > 50  # the lines use the plot's height
    bars = unanswered_bars(root)
    assert [float(b.get("height")) for b in bars] == pytest.approx([22, 22 * 12 / 30])
    # The strip sits below the lines and does not overlap them.
    assert min(float(b.get("y")) for b in bars) > baseline
    assert {"30", "12"} <= set(texts(root))
    assert "Unanswered (own scale)" in texts(root)


def test_it_tells_high_from_medium_by_dash_and_marker_not_only_colour():
    """Issue 17, 1.4.1: the two trend lines differ in dash and marker, in the plot and in
    the legend, so they can be told apart without seeing colour."""
    root = parse(charts.trend_chart(points(3)))
    lines = {line.get("data-series"): line for line in root.iter(f"{NS}polyline")}
    assert lines["MEDIUM"].get("stroke-dasharray")
    assert lines["HIGH"].get("stroke-dasharray") is None
    markers = {
        (e.get("data-series"), e.tag.removeprefix(NS))
        for e in root.iter()
        if e.get("data-series") in ("HIGH", "MEDIUM") and e.tag != f"{NS}polyline"
    }
    assert markers == {("HIGH", "rect"), ("MEDIUM", "circle")}
    legend = [e for e in root.iter(f"{NS}line") if e.get("stroke") in RISK_COLOURS.values()]
    styles = {e.get("stroke"): e.get("stroke-dasharray") for e in legend}
    assert styles[RISK_COLOURS[Risk.MEDIUM]]
    assert styles[RISK_COLOURS[Risk.HIGH]] is None
    assert {"High risk", "Medium risk"} <= set(texts(root))


# --- Text alternatives (issue 17, 1.1.1) -----------------------------------------------------


def test_it_gives_the_bars_a_name_a_summary_and_every_value_as_table_rows():
    rows = [
        {"name": "Security", "risk_counts": counts(HIGH=3, MEDIUM=1, NOT_APPLICABLE=2)},
        {"name": "Reliability", "risk_counts": counts(NONE=4, UNANSWERED=5)},
    ]
    chart = charts.pillar_risk_bars(rows, title="Fraud model: risks per pillar")
    assert parse(chart).get("aria-label") == chart.name == "Fraud model: risks per pillar"
    assert chart.summary == (
        "3 high and 1 medium risks across 2 pillars; 4 no risk, 2 not applicable, 5 unanswered."
    )
    assert chart.columns == (
        "Pillar",
        "High risk",
        "Medium risk",
        "No risk",
        "Not applicable",
        "Unanswered",
    )
    assert chart.rows == (
        ("Security", "3", "1", "0", "2", "0"),
        ("Reliability", "0", "0", "4", "0", "5"),
    )


def test_it_gives_every_heat_map_cell_in_words():
    pillars = [{"key": "p", "name": "Data"}, {"key": "q", "name": "Model"}]
    phases = [{"key": "a", "name": "Build"}, {"key": "b", "name": "Deploy"}]
    matrix = {"p|a": counts(HIGH=1, MEDIUM=2), "p|b": counts(MEDIUM=1, NONE=3), "q|a": counts()}
    chart = charts.heatmap(pillars, phases, matrix, title="Risks by phase")
    assert chart.columns == ("Pillar", "Build", "Deploy")
    assert chart.rows == (
        ("Data", "1 high risk, 2 medium risk", "1 medium risk, 3 no risk"),
        ("Model", "no questions", "no questions"),
    )
    assert chart.summary == (
        "2 pillars by 2 lifecycle phases: 1 of 4 cells have a high risk, 1 more a medium risk."
    )


def test_it_gives_every_trend_point_as_a_row():
    trend = [
        {"name": "M1", "risk_counts": counts(HIGH=2, MEDIUM=1, UNANSWERED=30)},
        {"name": "Now", "risk_counts": counts(HIGH=1, MEDIUM=3, UNANSWERED=12)},
    ]
    chart = charts.trend_chart(trend, title="Fraud model: risk trend")
    assert chart.columns == ("Milestone", "High risks", "Medium risks", "Unanswered")
    assert chart.rows == (("M1", "2", "1", "30"), ("Now", "1", "3", "12"))
    assert chart.summary == (
        "2 points from M1 to Now: high risks 2 to 1, medium risks 1 to 3, unanswered 30 to 12."
    )
    assert str(chart) == chart.svg == chart.__html__()
