"""Issue 17, WCAG 1.1.1 and 1.4.1 on the pages with charts: each chart is named, uniquely on
its page, and comes with a caption and a (visually hidden) table of every value it draws."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from reviews.services.answers import answer_update
from reviews.services.improvements import improvement_item_update
from reviews.services.milestones import milestone_create
from reviews.templatetags.risks import TABLE_ORDER

pytestmark = pytest.mark.django_db


class Figures(HTMLParser):
    """The chart figures of a page: region name, SVG name, caption and table rows."""

    def __init__(self):
        super().__init__()
        self.figures: list[dict] = []
        self._in: list[str] = []
        self._cells: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "chart-figure" in (attrs.get("class") or ""):
            self.figures.append({"caption": "", "rows": [], "svg": None})
        if not self.figures or self._closed():
            return
        figure = self.figures[-1]
        if attrs.get("role") == "region":
            figure["region"] = (attrs.get("aria-label"), attrs.get("tabindex"))
        if tag == "svg":
            figure["svg"] = (attrs.get("role"), attrs.get("aria-label"))
        if tag == "figcaption":
            self._in.append("caption")
        if tag == "tr":
            self._cells = []
        if tag in ("th", "td") and self._cells is not None:
            self._in.append("cell")
            self._cells.append("")

    def handle_endtag(self, tag):
        if tag == "figure" and self.figures:
            self.figures[-1]["done"] = True
        if tag in ("figcaption", "th", "td") and self._in:
            self._in.pop()
        if tag == "tr" and self._cells is not None:
            self.figures[-1]["rows"].append(tuple(c.strip() for c in self._cells))
            self._cells = None

    def handle_data(self, data):
        if not self._in or not self.figures:
            return
        if self._in[-1] == "caption":
            self.figures[-1]["caption"] += data
        elif self._cells is not None:
            self._cells[-1] += data

    def _closed(self) -> bool:
        return self.figures[-1].get("done", False)


def figures_of(html: str) -> list[dict]:
    parser = Figures()
    parser.feed(html)
    return parser.figures


@pytest.fixture
def browser_client(alice) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def answered(workload, alice):
    """The tricky lens's workload with a high risk, a milestone, then a medium risk."""
    review = workload.lens_reviews.get()
    answer_update(
        review=review, question_key="p1q1", actor=alice, version=0, selected_choices=["p1q1_no"]
    )
    milestone_create(workload=workload, name="Baseline", actor=alice)
    answer_update(
        review=review, question_key="p2q1", actor=alice, version=0, selected_choices=["p2q1_c1"]
    )
    return workload


def assert_charts_are_described(figures: list[dict]) -> None:
    names = [f["region"][0] for f in figures]
    assert len(set(names)) == len(names), f"two charts share a name: {names}"
    for figure in figures:
        name, tabindex = figure["region"]
        assert tabindex == "0"
        assert figure["svg"] == ("img", name)
        assert figure["caption"].strip()
        header, *rows = figure["rows"]
        assert rows, name
        assert all(len(row) == len(header) for row in rows), name


def test_the_workload_page_describes_each_of_its_charts(browser_client, answered):
    html = browser_client.get(f"/workloads/{answered.pk}/").content.decode()
    figures = figures_of(html)
    assert len(figures) == 3  # risks per pillar, pillar by phase, the trend
    assert_charts_are_described(figures)
    bars, heat, trend = figures
    assert bars["rows"][0] == ("Pillar", *(risk.label for risk in TABLE_ORDER))
    pillars = {row[0]: row[1:] for row in bars["rows"][1:]}
    answered.refresh_from_db()
    assert sum(int(values[0]) for values in pillars.values()) == answered.high_count == 1
    assert sum(int(values[1]) for values in pillars.values()) == answered.medium_count == 1
    assert "high risk" in " ".join(" ".join(row) for row in heat["rows"])
    assert [row[0] for row in trend["rows"][1:]] == ["Baseline", "Now"]


def test_the_compare_page_names_before_and_after_apart(browser_client, answered):
    html = browser_client.get(f"/workloads/{answered.pk}/compare/?base=1").content.decode()
    figures = figures_of(html)
    assert_charts_are_described(figures)
    names = [f["region"][0] for f in figures]
    assert any(", before:" in n for n in names)
    assert any(", after:" in n for n in names)


def test_the_dashboard_names_each_lens_chart_and_says_overdue_in_words(
    browser_client, answered, alice
):
    improvement_item_update(
        review=answered.lens_reviews.get(),
        question_key="p1q1",
        choice_key="p1q1_c1",
        actor=alice,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    html = browser_client.get("/").content.decode()
    figures = figures_of(html)
    assert len(figures) == 1
    assert_charts_are_described(figures)
    assert figures[0]["region"][0].endswith(": risks per pillar")
    # An overdue date is not only red: it says so, with an icon.
    assert 'data-testid="overdue-date"><span class="icon icon-clock"' in html
    assert "Overdue since" in html
