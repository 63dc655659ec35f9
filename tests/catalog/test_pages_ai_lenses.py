"""The Generative AI and Responsible AI lenses on the catalogue pages and the new-workload page
(issue 13 part 6)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.catalog import genai_facts, rai_facts
from tests.catalog.factories import load_shipped
from tests.catalog.test_pages import page, table

GENAI, RAI = "generative-ai", "responsible-ai"


@pytest.fixture
def shipped(db):
    load_shipped()


def test_it_lists_all_three_shipped_lenses(client, shipped, bob):
    content = page(client, bob, "/lenses/").content.decode()
    for slug, name in ((GENAI, "Generative AI Lens"), (RAI, "Responsible AI Lens")):
        assert f'href="/lenses/{slug}/"' in content
        assert name in content
    assert content.count("Shipped with mllens") == 3


def test_it_offers_the_new_lenses_when_creating_a_workload(client, shipped, bob):
    content = page(client, bob, "/workloads/new/").content.decode()
    for slug, name in ((GENAI, "Generative AI Lens"), (RAI, "Responsible AI Lens")):
        assert f'<input type="checkbox" name="lenses" value="{slug}"> {name}</label>' in content


def test_it_shows_the_genai_matrix_of_practices_by_pillar_and_appendix_a_phase(
    client, shipped, bob
):
    response = page(client, bob, f"/lenses/{GENAI}/")
    assert response.status_code == 200
    rows = table(response, "lens-matrix")
    assert rows[0] == ["Pillar", *genai_facts.PHASES, "No phase", "Total"]
    unplaced = Counter(
        bp.pillar for bp in genai_facts.BEST_PRACTICES if bp.id in genai_facts.UNPLACED
    )
    for index, pillar in enumerate(genai_facts.PILLARS):
        cells = [str(n or "–") for n in genai_facts.PILLAR_PHASE_MATRIX[index]]
        total = genai_facts.PRACTICES_PER_PILLAR[index]
        assert rows[1 + index] == [pillar, *cells, str(unplaced[pillar] or "–"), str(total)]
    per_phase = [str(n) for n in genai_facts.PRACTICES_PER_PHASE]
    assert rows[-1] == ["Total", *per_phase, "4", "51"]
    content = response.content.decode()
    assert "counts in both columns" in content
    assert "51 best practices in 29 questions" in content
    # GENSEC06-BP01 shows both of its phases.
    practice = content[content.index("GENSEC06-BP01</span>") :].split("</li>", 1)[0]
    assert practice.count('<span class="chip">') == 2
    for principle in genai_facts.DESIGN_PRINCIPLES:
        assert f"<strong>{principle}</strong>" in content


def test_it_shows_the_rai_focus_areas_without_a_matrix(client, shipped, bob):
    response = page(client, bob, f"/lenses/{RAI}/")
    assert response.status_code == 200
    assert table(response, "lens-matrix") == []
    content = response.content.decode()
    for area in rai_facts.FOCUS_AREAS:
        assert f"<h2>{area}</h2>" in content
    assert content.count('<article class="question"') == 28
    for bp in rai_facts.BEST_PRACTICES:
        assert f'<span class="bpid">{bp.id}</span>' in content
    for principle in rai_facts.DESIGN_PRINCIPLES:
        assert f"<strong>{principle}</strong>" in content


def test_it_renders_the_new_lens_pages_in_a_few_queries(
    client, shipped, bob, django_assert_max_num_queries
):
    client.force_login(bob)
    for slug in (GENAI, RAI):
        with django_assert_max_num_queries(12):
            assert client.get(f"/lenses/{slug}/").status_code == 200
