"""A `?version=draft` link after the draft was published (issue 12 finding 20)."""

from __future__ import annotations

from django.contrib.messages import get_messages

from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.users import client_for

API = "/api/v1/lenses/"


def test_it_sends_the_owner_from_a_stale_draft_link_to_the_published_version(client, alice):
    """Issue 12 finding 20: the page redirects to the published version with a note."""
    lens = custom_lens(alice, lens_doc(), publish=("1.0", "1.1"))
    client.force_login(alice)
    response = client.get(f"/lenses/{lens.slug}/?version=draft")
    assert response.status_code == 302
    assert response["Location"] == f"/lenses/{lens.slug}/?version=1.1"
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert notes == [
        "There is no draft of this lens any more: it has been published or discarded. "
        "This is the latest published version, 1.1."
    ]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "This is the latest published version, 1.1." in page.content.decode()


def test_it_keeps_404_for_a_lens_with_neither_draft_nor_published_version(client, alice):
    lens = custom_lens(alice, lens_doc())
    lens.versions.all().delete()
    client.force_login(alice)
    assert client.get(f"/lenses/{lens.slug}/?version=draft").status_code == 404


def test_it_keeps_404_for_readers_who_never_see_drafts(client, published_lens, bob):
    """Issue 12 finding 20: readers learn nothing about drafts (a draft exists here)."""
    client.force_login(bob)
    assert client.get(f"/lenses/{published_lens.slug}/?version=draft").status_code == 404
    response = client_for(bob).get(f"{API}{published_lens.slug}/versions/draft/")
    assert response.status_code == 404
    assert response.json()["errors"] == []


def test_it_answers_the_api_404_with_the_latest_published_version(alice):
    """Issue 12 finding 20: the API keeps 404 and names the published version."""
    lens = custom_lens(alice, lens_doc(), publish=("1.0",))
    client = client_for(alice)
    for url in (
        f"{API}{lens.slug}/versions/draft/",
        f"{API}{lens.slug}/export?version=draft",
        f"{API}{lens.slug}/diff?from=1.0&to=draft",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.json()
        assert body["code"] == "NOT_FOUND"
        assert "The latest published version is '1.0'." in body["message"]
        assert body["errors"] == [
            {
                "code": "LATEST_VERSION",
                "message": f"The latest published version is '1.0': {API}{lens.slug}/versions/1.0/",
                "field": "version",
            }
        ]
