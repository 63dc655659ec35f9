"""Lenses in the database, made the way users make them: through the catalogue services."""

from __future__ import annotations

import json
from io import StringIO

from django.apps import apps
from django.core.management import call_command

from catalog import services
from catalog.models import Lens
from tests.catalog.lensdocs import lens_doc

ML_SLUG = "machine-learning"
ML_EDITION = "2025-11-aws-rules"
# The edition shipped before the official risk rules (tests/catalog/data/ keeps its rules).
ML_PREVIOUS_EDITION = "2025-11"
# Every lens in catalog/data, by slug (the order load_lenses reports them in), with its edition.
SHIPPED = {"generative-ai": "2025-11-19", ML_SLUG: ML_EDITION, "responsible-ai": "2025-11-19"}


def shipped_report(state: str) -> list[str]:
    """What ``load_lenses`` prints when every shipped lens is in ``state``."""
    return [f"{slug} {edition}: {state}" for slug, edition in SHIPPED.items()]


def custom_lens(owner, doc: dict | None = None, *, publish: tuple[str, ...] = (), draft=False):
    """Import ``doc`` (default: ``lens_doc()``) as ``owner``'s lens and publish each label.

    With ``draft=True`` a further import leaves a draft on top of the published versions;
    with no ``publish`` labels the lens has only its draft.
    """
    doc = doc if doc is not None else lens_doc()
    lens = services.lens_import(raw=json.dumps(doc), user=owner).lens
    for index, label in enumerate(publish):
        if index:
            services.lens_import(raw=json.dumps(doc), user=owner, lens=lens)
        services.lens_publish(lens=lens, version=label, is_major=False, user=owner)
    if draft and publish:
        services.lens_import(raw=json.dumps(doc), user=owner, lens=lens)
    return Lens.objects.get(pk=lens.pk)


def load_shipped() -> str:
    """Run ``manage.py load_lenses`` and return what it printed."""
    out = StringIO()
    call_command("load_lenses", stdout=out)
    return out.getvalue()


def catalog_rows() -> dict[str, int]:
    """The number of rows of every catalogue table."""
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("catalog").get_models()
    }
