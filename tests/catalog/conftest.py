"""Lenses for the catalogue tests: the shipped ML Lens and alice's custom lenses."""

from __future__ import annotations

import pytest

from catalog.models import Lens
from tests.catalog.factories import ML_SLUG, custom_lens, load_shipped
from tests.catalog.lensdocs import lens_doc


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users are made per test; a deliberately slow hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ml_lens(db) -> Lens:
    """The Machine Learning Lens, loaded by ``manage.py load_lenses``."""
    load_shipped()
    return Lens.objects.get(slug=ML_SLUG)


@pytest.fixture
def draft_lens(alice) -> Lens:
    """Alice's lens with a draft and nothing published: only alice and staff see it."""
    return custom_lens(alice, lens_doc(name="Alice draft lens"))


@pytest.fixture
def published_lens(alice) -> Lens:
    """Alice's lens with version 1.0 published and a draft on top: everyone reads 1.0."""
    return custom_lens(alice, lens_doc(name="Alice published lens"), publish=("1.0",), draft=True)
