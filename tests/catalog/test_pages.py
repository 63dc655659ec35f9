"""Catalogue pages: the lens list, a lens with its matrix, escaping, access, the import page."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from tests.catalog.factories import ML_SLUG, custom_lens
from tests.catalog.lensdocs import choice, lens_doc, question
from tests.catalog.ml_facts import BEST_PRACTICES, DESIGN_PRINCIPLES, PHASES, PILLARS

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class TableParser(HTMLParser):
    """The text of each cell of the table with a given ``data-testid``, row by row."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid = testid
        self.inside = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("data-testid") == self.testid:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in {"td", "th"} and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(response, testid: str) -> list[list[str]]:
    parser = TableParser(testid)
    parser.feed(response.content.decode())
    return parser.rows


def page(client, user, url: str):
    client.force_login(user)
    return client.get(url)


def test_it_sends_anonymous_visitors_to_the_login_page(client, published_lens):
    for url in ("/lenses/", f"/lenses/{published_lens.slug}/", "/lenses/import/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=/lenses/")


def test_it_lists_the_lenses_the_user_may_see(client, ml_lens, draft_lens, published_lens, bob):
    response = page(client, bob, "/lenses/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Machine Learning Lens" in content
    assert "Shipped with mllens" in content
    assert f'href="/lenses/{published_lens.slug}/"' in content
    assert "Custom · alice" in content
    assert draft_lens.slug not in content


def test_it_marks_the_owner_s_drafts_in_the_list(client, draft_lens, alice):
    content = page(client, alice, "/lenses/").content.decode()
    assert f'href="/lenses/{draft_lens.slug}/"' in content
    assert '<span class="badge badge-draft">draft</span>' in content


def test_it_shows_the_ml_lens_matrix_of_best_practice_counts(client, ml_lens, bob):
    response = page(client, bob, f"/lenses/{ML_SLUG}/")
    assert response.status_code == 200
    rows = table(response, "lens-matrix")
    assert rows[0] == ["Pillar", *PHASES, "Total"]
    assert "No phase" not in response.content.decode()
    counts = Counter((bp.pillar, bp.phase) for bp in BEST_PRACTICES)
    for pillar, row in zip(PILLARS, rows[1:7], strict=True):
        cells = [str(counts[pillar, phase] or "–") for phase in PHASES]
        total = sum(counts[pillar, phase] for phase in PHASES)
        assert row == [pillar, *cells, str(total)]
    assert rows[7] == ["Total", "8", "15", "18", "33", "13", "18", "105"]
    cost = rows[1 + PILLARS.index("Cost optimization")]
    assert cost[1 + PHASES.index("Model development")] == "14"
    assert "105 best practices in 35 questions" in response.content.decode()


def test_it_shows_design_principles_phases_and_every_question_with_its_practices(
    client, ml_lens, bob
):
    content = page(client, bob, f"/lenses/{ML_SLUG}/").content.decode()
    for principle in DESIGN_PRINCIPLES:
        assert f"<strong>{principle}</strong>" in content
    for phase in PHASES:
        assert f". {phase}</dt>" in content
    for bp in BEST_PRACTICES:
        assert f'<span class="bpid">{bp.id}</span>' in content
    assert content.count('<article class="question"') == 35
    assert "None of these" not in content


def test_it_renders_the_ml_lens_page_in_a_few_queries(
    client, ml_lens, bob, django_assert_max_num_queries
):
    client.force_login(bob)
    with django_assert_max_num_queries(12):
        assert client.get(f"/lenses/{ML_SLUG}/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/lenses/").status_code == 200


def test_it_shows_a_lens_without_phases_without_a_matrix(client, published_lens, bob):
    response = page(client, bob, f"/lenses/{published_lens.slug}/")
    assert response.status_code == 200
    assert table(response, "lens-matrix") == []
    content = response.content.decode()
    assert "How do you handle p2q2?" in content
    assert "Practice p2q2_c3" in content
    assert "Version 1.0" in content


def test_it_counts_questions_without_a_phase_in_a_column_of_their_own(client, alice):
    doc = lens_doc()
    doc["mllens"] = {"phases": [{"id": "build", "name": "Build"}, {"id": "run", "name": "Run"}]}
    question(doc, 0, 0)["mllens"] = {"phase": "build"}
    question(doc, 0, 1)["mllens"] = {"phase": "run"}
    question(doc, 1, 0)["mllens"] = {"phase": "run"}
    lens = custom_lens(alice, doc, publish=("1.0",))
    rows = table(page(client, alice, f"/lenses/{lens.slug}/"), "lens-matrix")
    assert rows == [
        ["Pillar", "Build", "Run", "No phase", "Total"],
        ["Pillar 1", "3", "3", "–", "6"],
        ["Pillar 2", "–", "3", "3", "6"],
        ["Total", "3", "6", "3", "12"],
    ]


def hostile_doc() -> dict:
    doc = lens_doc(name=f"Evil {PAYLOAD}", description=f"About {PAYLOAD}")
    doc["mllens"] = {
        "phases": [{"id": "evil", "name": f"Phase {PAYLOAD}", "description": f'x"> {PAYLOAD}'}],
        "designPrinciples": [{"id": "evil", "title": PAYLOAD, "description": PAYLOAD}],
    }
    doc["pillars"][0]["name"] = f"Pillar {PAYLOAD}"
    question(doc)["title"] = f"Title {PAYLOAD}?"
    question(doc)["description"] = PAYLOAD
    question(doc)["mllens"] = {"phase": "evil"}
    choice(doc)["title"] = f"Practice {PAYLOAD}"
    choice(doc)["description"] = PAYLOAD
    return doc


@pytest.mark.parametrize("version", ["1.0", "draft"])
def test_it_escapes_lens_text_everywhere(client, alice, version):
    lens = custom_lens(alice, hostile_doc(), publish=("1.0",), draft=True)
    for url in (f"/lenses/{lens.slug}/?version={version}", "/lenses/"):
        content = page(client, alice, url).content.decode()
        assert PAYLOAD not in content, url
        assert ESCAPED in content, url
    content = page(client, alice, f"/lenses/{lens.slug}/?version={version}").content.decode()
    assert content.count(ESCAPED) >= 10
    assert 'title="x&quot;&gt; &lt;script&gt;' in content
    content = page(client, alice, f"/lenses/import/?lens={lens.slug}").content.decode()
    assert f"Import a new draft of Evil {ESCAPED}" in content


def test_it_refuses_the_import_page_of_a_lens_the_user_may_only_read(client, published_lens, bob):
    assert page(client, bob, f"/lenses/import/?lens={published_lens.slug}").status_code == 403


def test_it_lets_nobody_delete_a_shipped_lens_in_the_admin(client, ml_lens, published_lens, staff):
    assert page(client, staff, f"/admin/catalog/lens/{ml_lens.pk}/delete/").status_code == 403
    url = f"/admin/catalog/lens/{published_lens.pk}/delete/"
    assert page(client, staff, url).status_code == 200


def test_it_answers_404_to_an_outsider_for_a_lens_with_nothing_published(
    client, draft_lens, charlie
):
    assert page(client, charlie, f"/lenses/{draft_lens.slug}/").status_code == 404
    assert page(client, charlie, f"/lenses/import/?lens={draft_lens.slug}").status_code == 404


def test_it_shows_readers_the_published_version_but_never_the_draft(client, published_lens, bob):
    response = page(client, bob, f"/lenses/{published_lens.slug}/")
    content = response.content.decode()
    assert 'id="publish-form"' not in content
    assert "Import new draft" not in content
    assert 'id="version-select"' not in content
    assert page(client, bob, f"/lenses/{published_lens.slug}/?version=draft").status_code == 404


def test_it_offers_the_owner_the_draft_publishing_and_export(client, published_lens, alice):
    slug = published_lens.slug
    content = page(client, alice, f"/lenses/{slug}/?version=draft").content.decode()
    assert 'id="publish-form"' in content
    assert f'data-api="/api/v1/lenses/{slug}/publish"' in content
    assert f'href="/lenses/import/?lens={slug}"' in content
    assert f"/api/v1/lenses/{slug}/export?version=draft&amp;format=aws" in content
    assert '<option value="draft" selected>draft</option>' in content
    assert '<option value="1.0">1.0</option>' in content
    content = page(client, alice, f"/lenses/{slug}/").content.decode()
    assert 'id="publish-form"' not in content
    assert f"/api/v1/lenses/{slug}/export?version=1.0&amp;format=full" in content


def test_it_links_the_export_of_a_version_whatever_its_label(client, alice):
    lens = custom_lens(alice, publish=("1.0",))
    lens.versions.update(version="1.0 & 2/3")  # published before labels refused "/"
    content = page(client, alice, f"/lenses/{lens.slug}/").content.decode()
    assert f"/api/v1/lenses/{lens.slug}/export?version=1.0%20%26%202/3&amp;format=aws" in content


def test_it_opens_the_draft_of_a_lens_with_nothing_published(client, draft_lens, alice):
    content = page(client, alice, f"/lenses/{draft_lens.slug}/").content.decode()
    assert "not yet published" in content
    assert 'id="publish-form"' in content


def test_it_renders_the_import_page(client, published_lens, alice):
    response = page(client, alice, "/lenses/import/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="import-form"' in content
    assert 'data-api="/api/v1/lenses/import"' in content
    assert 'type="file"' in content
    assert '<option value="">a new lens</option>' in content
    assert f'<option value="{published_lens.slug}">as a new version of' in content
    content = page(client, alice, f"/lenses/import/?lens={published_lens.slug}").content.decode()
    assert f'<option value="{published_lens.slug}" selected>as a new version of' in content
    assert "Import a new draft of Alice published lens" in content
