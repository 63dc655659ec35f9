"""The review page as the server renders it: who may open it, and when it is read-only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from catalog.choices import Risk
from reviews import limits
from reviews.choices import ChoiceStatus, NotApplicableReason
from reviews.services.milestones import milestone_create
from reviews.vocabulary import review_vocabulary
from tests.reviews.factories import TRICKY_SLUG

pytestmark = pytest.mark.django_db


def page_url(workload, slug: str = TRICKY_SLUG) -> str:
    return f"/workloads/{workload.pk}/reviews/{slug}/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def root_attrs(html: str) -> dict[str, str]:
    """The data- attributes of the page's root element (id="review")."""
    tag = re.search(r'<div id="review"[^>]*>', html, re.S).group(0)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))


def embedded(html: str, element_id: str):
    found = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1))


@pytest.mark.parametrize("who", ["alice", "bob", "dora", "staff"])
def test_it_renders_for_every_member_and_staff(request, workload, who, staff):
    user = request.getfixturevalue(who)
    response = client_for(user).get(page_url(workload))
    assert response.status_code == 200
    assert response.templates[0].name == "reviews/review.html"
    html = response.content.decode()
    attrs = root_attrs(html)
    assert attrs["workload-id"] == str(workload.pk)
    assert attrs["slug"] == TRICKY_SLUG
    assert attrs["api-answers"] == f"/api/v1/workloads/{workload.pk}/reviews/{TRICKY_SLUG}/answers/"
    assert attrs["api-improvements"].endswith(f"/reviews/{TRICKY_SLUG}/improvements/")
    assert attrs["api-members"] == f"/api/v1/workloads/{workload.pk}/members/"
    assert attrs["milestone"] == ""
    summary = embedded(html, "review-summary")
    assert summary["lens"] == TRICKY_SLUG
    assert summary["questions_total"] == 4
    assert [p["key"] for p in summary["pillars"]] == ["pillar1", "pillar2"]
    vocabulary = embedded(html, "review-vocabulary")
    assert ["OUT_OF_SCOPE", "Out of scope"] in vocabulary["reasons"]
    assert [s for s, _ in vocabulary["item_statuses"]] == [
        "OPEN",
        "IN_PROGRESS",
        "DONE",
        "RISK_ACCEPTED",
    ]
    # The risk levels with the words, glyph and badge the server's templates use too.
    assert vocabulary == json.loads(json.dumps(review_vocabulary()))
    assert [(r["value"], r["label"], r["css"]) for r in vocabulary["risks"]] == [
        (level.value, level.label, level.css)
        for level in (Risk.HIGH, Risk.MEDIUM, Risk.NONE, Risk.NOT_APPLICABLE, Risk.UNANSWERED)
    ]
    assert vocabulary["plan_risks"] == ["HIGH", "MEDIUM"]
    assert vocabulary["limits"]["notes"] == limits.MAX_NOTES
    # The page's own stylesheet and module, both from the app.
    assert "/static/css/review.css" in html
    assert '<script type="module" src="/static/js/review.js"></script>' in html
    assert "Fraud model" in html


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_it_is_editable_for_owners_and_contributors(request, workload, who):
    html = client_for(request.getfixturevalue(who)).get(page_url(workload)).content.decode()
    assert root_attrs(html)["read-only"] == "false"
    assert 'data-testid="readonly-banner"' not in html
    assert "All changes saved" in html


def test_it_is_read_only_for_readers(workload, dora):
    html = client_for(dora).get(page_url(workload)).content.decode()
    assert root_attrs(html)["read-only"] == "true"
    assert root_attrs(html)["role"] == "READER"
    assert 'data-testid="readonly-banner"' in html
    assert "You are a reader of this workload" in html


def test_it_is_read_only_at_a_milestone_even_for_owners(workload, alice):
    milestone = milestone_create(workload=workload, name="Before launch", actor=alice)
    response = client_for(alice).get(page_url(workload) + f"?milestone={milestone.number}")
    assert response.status_code == 200
    html = response.content.decode()
    attrs = root_attrs(html)
    assert attrs["read-only"] == "true"
    assert attrs["milestone"] == str(milestone.number)
    assert f"Milestone {milestone.number} — read-only" in html
    assert "Before launch" in html
    assert embedded(html, "review-summary")["milestone"] == milestone.number


@pytest.mark.parametrize("number", ["7", "abc", "-1"])
def test_an_unknown_milestone_is_404(workload, alice, number):
    assert client_for(alice).get(page_url(workload) + f"?milestone={number}").status_code == 404


def test_outsiders_get_404(workload, charlie):
    assert client_for(charlie).get(page_url(workload)).status_code == 404


def test_an_unknown_workload_is_404(workload, alice):
    assert (
        client_for(alice).get(f"/workloads/{workload.pk + 1000}/reviews/{TRICKY_SLUG}/").status_code
        == 404
    )


def test_a_lens_not_applied_is_404(workload, alice, ml_lens):
    assert client_for(alice).get(page_url(workload, ml_lens.slug)).status_code == 404
    assert client_for(alice).get(page_url(workload, "no-such-lens")).status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(workload):
    response = Client().get(page_url(workload))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_workload_names_with_markup_are_escaped(workload, alice):
    workload.name = '</script><script>alert("x")</script>'
    workload.save(update_fields=["name"])
    html = client_for(alice).get(page_url(workload)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;/script&gt;&lt;script&gt;" in html


JS_MODULES = sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))


def _string_literals(source: str) -> set[str]:
    """Every quoted string of a module, and each class-like word in it ("badge badge-high")."""
    found = {m.group(2) for m in re.finditer(r"""(["'`])((?:(?!\1)[^\\\n])*)\1""", source)}
    return found | {word for literal in found for word in literal.split()}


def test_no_front_end_module_defines_the_risk_vocabulary_or_the_plan_rule():
    """Issue 14: the modules take risk labels, badges and limits from the server's
    ``review-vocabulary`` and the plan-item count from the API, so none of them spells a
    risk label, a risk badge class, or a risk value that names nothing but a risk (the plan
    rule needs HIGH and MEDIUM; NONE and NOT_APPLICABLE are also a reason and a status)."""
    words = review_vocabulary()
    forbidden = {level["label"] for level in words["risks"]}
    forbidden |= {c for level in words["risks"] for c in level["css"].split() if c != "badge"}
    forbidden |= (
        {r.value for r in Risk}
        - {s.value for s in ChoiceStatus}
        - {r.value for r in NotApplicableReason}
    )
    forbidden.add("badge-unanswered")  # the class the old copy invented (no CSS has it)
    assert {"High risk", "badge-high", "HIGH", "MEDIUM", "UNANSWERED"} <= forbidden
    assert len(JS_MODULES) > 10
    found = {
        path.name: sorted(_string_literals(path.read_text()) & forbidden) for path in JS_MODULES
    }
    assert {name: words for name, words in found.items() if words} == {}
