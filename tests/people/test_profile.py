"""The profile page: display name and time zone, and dates on pages in that zone."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client

from people.models import Profile
from reviews.models import Activity
from tests.fixtures.users import PASSWORD
from tests.reviews.factories import WorkloadFactory


def _signed_in(user) -> Client:
    client = Client()
    signed = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert signed.status_code == 302
    return client


def test_it_saves_the_display_name_and_shows_it_in_the_header(alice):
    client = _signed_in(alice)
    saved = client.post("/profile/", {"display_name": "Alice O.", "time_zone": "Europe/Berlin"})
    assert saved.status_code == 302
    profile = Profile.objects.get(user=alice)
    assert (profile.display_name, profile.time_zone) == ("Alice O.", "Europe/Berlin")
    page = client.get("/profile/")
    assert b'class="username" href="/profile/" title="Your profile">Alice O.</a>' in page.content
    assert b"Profile saved." in page.content


def test_it_shows_dates_on_pages_in_the_chosen_time_zone(alice):
    workload = WorkloadFactory(name="Fraud model", owner=alice)
    Activity.objects.filter(workload=workload).update(at=datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    client = _signed_in(alice)
    assert b"2026-01-05 12:00" in client.get(f"/workloads/{workload.pk}/").content
    client.post("/profile/", {"display_name": "", "time_zone": "Asia/Tokyo"})
    assert b"2026-01-05 21:00" in client.get(f"/workloads/{workload.pk}/").content
    # A new sign-in (another browser) knows the zone too; the API keeps speaking UTC.
    other = _signed_in(alice)
    assert b"2026-01-05 21:00" in other.get(f"/workloads/{workload.pk}/").content
    activity = other.get(f"/api/v1/workloads/{workload.pk}/activity/").json()["results"]
    assert activity[-1]["at"] == "2026-01-05T12:00:00Z"


def test_it_refuses_an_unknown_time_zone_and_changes_nothing(alice):
    client = _signed_in(alice)
    refused = client.post("/profile/", {"display_name": "X", "time_zone": "Mars/Olympus"})
    assert refused.status_code == 400
    assert b"Select a valid choice" in refused.content
    assert not Profile.objects.filter(user=alice, display_name="X").exists()
