"""Pages as the server renders them, after a newcomer's first hour (issue 12, 16-22)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from catalog.models import Choice
from reviews.choices import Role
from reviews.models import WorkloadMember
from reviews.services.answers import answer_update
from reviews.services.improvements import improvement_item_update
from reviews.services.milestones import milestone_create
from reviews.templatetags.risks import TABLE_ORDER
from tests.reviews.factories import TeamFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(html: str) -> str:
    """The page's visible text, tags removed, spaces collapsed."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(html: str, testid: str) -> str:
    """The element carrying ``data-testid`` (up to its closing tag of the same name)."""
    found = re.search(rf'<(\w+)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, testid
    return found.group(2)


def answer(review, key, choices, actor, version=0):
    return answer_update(
        review=review, question_key=key, actor=actor, version=version, selected_choices=choices
    )


# --- finding 16: the dashboard's due items ----------------------------------------------------


def test_it_lists_overdue_items_apart_from_those_due_soon_by_title(workload, alice, bob):
    """Issue 12 finding 16: "due in the next 30 days" listed overdue items and raw keys; overdue
    and due-soon items are now two lists, each item named by its best practice's title."""
    review = workload.lens_reviews.get()
    answer(review, "p1q1", ["p1q1_no"], alice)  # HIGH: every practice is in the plan
    today = timezone.localdate()
    for choice, days in (("p1q1_c1", -3), ("p1q1_c2", 5), ("p1q1_c3", 90)):
        improvement_item_update(
            review=review,
            question_key="p1q1",
            choice_key=choice,
            actor=alice,
            due_date=today + timedelta(days=days),
        )
    titles = dict(
        Choice.objects.filter(question__lens_version=review.lens_version).values_list(
            "key", "title"
        )
    )
    html = client_for(alice).get("/").content.decode()
    overdue, soon = section(html, "overdue-list"), section(html, "due-soon-list")
    assert titles["p1q1_c1"] in overdue
    assert titles["p1q1_c2"] not in overdue
    assert titles["p1q1_c2"] in soon
    assert titles["p1q1_c1"] not in soon
    assert titles["p1q1_c3"] not in html  # due in 90 days: neither list
    assert "(today + timedelta(days=-3)).isoformat()" not in soon
    assert (today - timedelta(days=3)).isoformat() in overdue
    assert "Overdue improvements" in text(html)
    assert "Due in the next 30 days" in text(html)


# --- finding 16: the workload page's activity --------------------------------------------------


def test_it_shows_one_activity_entry_for_a_burst_of_changes_saying_what_changed(workload, alice):
    """Issue 12 finding 16: the feed showed raw keys, one line per click; now one entry per
    burst, with the question's and the choices' titles and the risk before → after."""
    review = workload.lens_reviews.get()
    v = answer(review, "p1q1", ["p1q1_c1"], alice).version
    v = answer(review, "p1q1", ["p1q1_c1", "p1q1_c2"], alice, v).version
    answer(review, "p1q1", ["p1q1_c2"], alice, v)
    html = client_for(alice).get(f"/workloads/{workload.pk}/").content.decode()
    feed = text(section(html, "activity"))
    assert feed.count("alice answered") == 1
    assert "(3 changes)" in feed
    assert "How do you handle p1q1?" in feed
    assert "Unanswered → " in feed
    assert "answered p1q1:" not in feed  # the stored summary with its raw key is not shown


# --- finding 17: comparison -----------------------------------------------------------------


def test_it_shows_comparison_risks_with_their_labels_and_a_not_applicable_column(workload, alice):
    """Issue 12 finding 17: the comparison page showed `MEDIUM → NONE` and had no N/A column;
    it now uses the risk vocabulary's labels and badges and has a column per risk level."""
    review = workload.lens_reviews.get()
    milestone_create(workload=workload, name="Baseline", actor=alice)
    answer(review, "p1q1", ["p1q1_no"], alice)
    answer_update(
        review=review,
        question_key="p2q1",
        actor=alice,
        version=0,
        is_applicable=False,
        reason="OUT_OF_SCOPE",
    )
    html = client_for(alice).get(f"/workloads/{workload.pk}/compare/?base=1").content.decode()
    table = section(html, "pillar-changes")
    headers = re.findall(r"<th[^>]*>([^<]+)</th>", table)
    assert headers == ["Pillar", *(risk.label for risk in TABLE_ORDER)]
    assert "Not applicable" in headers
    changed = section(html, "changed-questions")
    assert '<span class="badge badge-high">High risk</span>' in changed
    assert '<span class="badge badge-unanswered">Unanswered</span>' in changed
    assert not re.search(r"\b(UNANSWERED|HIGH|NOT_APPLICABLE)\b", text(changed))


# --- finding 22: workload page details ------------------------------------------------------


def test_it_gives_zero_counts_a_neutral_badge_not_a_red_one(workload, alice):
    """Issue 12 finding 22: a red badge said "0 high"; zero counts are neutral everywhere."""
    milestone_create(workload=workload, name="Empty", actor=alice)
    for url in (f"/workloads/{workload.pk}/", "/"):
        html = client_for(alice).get(url).content.decode()
        zero = re.findall(r'<span class="([^"]+)" data-count="0">0 (?:high|medium)</span>', html)
        assert zero
        assert set(zero) == {"badge badge-zero"}, url
    review = workload.lens_reviews.get()
    answer(review, "p1q1", ["p1q1_no"], alice)
    html = client_for(alice).get(f"/workloads/{workload.pk}/").content.decode()
    assert '<span class="badge badge-high" data-count="1">1 high</span>' in html


def test_it_disables_remove_and_role_for_the_only_owner_and_says_why(workload, alice, bob):
    """Issue 12 finding 22: the sole owner saw an active "Remove" button (the API refuses)."""
    html = client_for(alice).get(f"/workloads/{workload.pk}/").content.decode()
    own = WorkloadMember.objects.get(workload=workload, user=alice)
    row = re.search(rf'data-member="{own.pk}">(.*?)</li>', html, re.S).group(1)
    assert re.search(r'<button[^>]*member-remove[^>]*disabled aria-describedby="last-owner-', row)
    assert re.search(r"<select[^>]*member-role[^>]*disabled", row)
    assert "The only owner" in text(row)
    other = WorkloadMember.objects.get(workload=workload, user=bob)
    row = re.search(rf'data-member="{other.pk}">(.*?)</li>', html, re.S).group(1)
    assert "disabled" not in row

    # A second owner (a user, or a team with members) makes both removable; an empty team not.
    empty = TeamFactory(name="Nobody")
    WorkloadMember.objects.create(workload=workload, team=empty, role=Role.OWNER)
    html = client_for(alice).get(f"/workloads/{workload.pk}/").content.decode()
    assert "The only owner" in text(html)
    other.role = Role.OWNER
    other.save()
    html = client_for(alice).get(f"/workloads/{workload.pk}/").content.decode()
    assert "The only owner" not in text(html)


def test_it_offers_workload_deletion_to_owners_only(workload, alice, bob):
    """Issue 12 finding 22: workloads could not be deleted from the UI; owners get a delete
    form with a typed confirmation, contributors and readers do not."""
    html = client_for(alice).get(f"/workloads/{workload.pk}/").content.decode()
    assert 'id="delete-form"' in html
    assert f'data-name="{workload.name}"' in html
    html = client_for(bob).get(f"/workloads/{workload.pk}/").content.decode()
    assert 'id="delete-form"' not in html


# --- finding 19: no emoji ---------------------------------------------------------------------

# Code points with the Unicode Extended_Pictographic property (emoji-data 15) in the ranges a
# text could plausibly hold, plus the emoji variation selector: none may depend on an emoji font.
EMOJI = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u2388"
    "\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u2605"
    "\u2607-\u2612\u2614-\u2685\u2690-\u2705\u2708-\u2712\u2714\u2716\u271d\u2721\u2728"
    "\u2733\u2734\u2744\u2747\u274c\u274e\u2753-\u2755\u2757\u2763-\u2767\u2795-\u2797"
    "\u27a1\u27b0\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297"
    "\u3299\ufe0f\U0001f000-\U0001faff]"
)


def test_it_has_no_emoji_in_templates_or_static_files():
    """Issue 12 finding 19: the "Overdue" chip drew an empty box (an emoji without a font);
    no template, script or stylesheet holds an emoji code point any more."""
    root = Path(settings.BASE_DIR)
    found = []
    for folder in ("templates", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in {".html", ".js", ".css", ".svg", ".txt"}:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if EMOJI.search(line):
                    found.append(f"{path.relative_to(root)}:{number}")
    assert found == []
    assert EMOJI.search("\u23f0 Overdue")  # the pattern does catch the old chip's alarm clock


def test_it_renders_pages_without_emoji(workload, alice):
    """Issue 12 finding 19: the rendered pages hold no emoji code point either."""
    review = workload.lens_reviews.get()
    milestone_create(workload=workload, name="Baseline", actor=alice)
    answer(review, "p1q1", ["p1q1_no"], alice)
    client = client_for(alice)
    for url in (
        "/",
        f"/workloads/{workload.pk}/",
        f"/workloads/{workload.pk}/compare/?base=1",
        f"/workloads/{workload.pk}/reviews/{review.lens.slug}/",
        "/api/docs/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not EMOJI.search(response.content.decode()), url


def test_it_draws_the_overdue_chip_with_the_apps_own_svg_icon():
    """Issue 12 finding 19: the chip's glyph is an SVG of ours, drawn through CSS."""
    root = Path(settings.BASE_DIR) / "static"
    plan = (root / "js" / "review-plan.js").read_text(encoding="utf-8")
    assert 'icon("clock"), "Overdue"' in plan
    css = (root / "css" / "app.css").read_text(encoding="utf-8")
    assert '.icon-clock { --icon: url("../img/icons/clock.svg"); }' in css
    assert (root / "img" / "icons" / "clock.svg").read_text().startswith("<svg")


# --- finding 21: the API docs ---------------------------------------------------------------


def test_it_gives_the_api_docs_the_apps_header(alice):
    """Issue 12 finding 21: /api/docs/ had no way back into the app; it now has the header
    with the links to workloads and lenses, and still loads Swagger UI from our own files."""
    html = client_for(alice).get("/api/docs/").content.decode()
    header = re.search(r'<header class="topbar">(.*?)</header>', html, re.S).group(1)
    assert 'href="/"' in header
    assert 'href="/lenses/"' in header
    assert 'aria-current="page">API</a>' in header
    assert "Sign out" in header
    assert 'id="swagger-ui"' in html
    assert "swagger-ui-bundle.js" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    assert not [u for u in urls if u.startswith(("http:", "https:", "//"))]  # all our own
