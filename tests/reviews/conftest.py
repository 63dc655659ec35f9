"""Fixtures of the reviews tests: lenses, a workload with a member of every role, clients."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.choices import Role
from tests.fixtures.users import UserFactory, client_for
from tests.reviews.factories import TeamFactory, WorkloadFactory, tricky_lens

ML_SLUG = "machine-learning"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are made per test; the production password hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ml_lens(db) -> Lens:
    """The shipped Machine Learning Lens (35 questions, six phases)."""
    shipped_lenses_load()
    return Lens.objects.get(slug=ML_SLUG)


@pytest.fixture
def tricky(alice) -> Lens:
    """A small published lens with `!`, `||`, parentheses, HIGH-first rules and phases."""
    return tricky_lens(alice)


@pytest.fixture
def dora(db):
    """A reader of the workload."""
    return UserFactory(username="dora", first_name="Dora", last_name="Reader")


@pytest.fixture
def tess(db):
    """Not a member herself, but in a team that is."""
    return UserFactory(username="tess", first_name="Tess", last_name="Teammate")


@pytest.fixture
def team(tess):
    return TeamFactory(name="Platform", members=[tess])


@pytest.fixture
def workload(alice, bob, dora, tricky):
    """Alice owns it, bob contributes, dora reads; charlie is an outsider; the tricky lens."""
    return WorkloadFactory(
        name="Fraud model",
        owner=alice,
        lenses=[tricky],
        members=[(bob, Role.CONTRIBUTOR), (dora, Role.READER)],
    )


@pytest.fixture
def clients(alice, bob, dora, charlie, staff):
    """An API client per role, by name."""
    return {
        "anonymous": APIClient(),
        "outsider": client_for(charlie),
        "reader": client_for(dora),
        "contributor": client_for(bob),
        "owner": client_for(alice),
        "staff": client_for(staff),
    }
