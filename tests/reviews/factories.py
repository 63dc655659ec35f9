"""Workloads, teams and lenses for the reviews tests, made through the services users call."""

from __future__ import annotations

import factory

from catalog.models import Lens
from reviews.choices import Environment
from reviews.models import Team, Workload, WorkloadMember
from reviews.services.workloads import workload_create
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc, question

TRICKY_SLUG = "tricky-rules-lens"
PHASES = [{"id": "build", "name": "Build"}, {"id": "run", "name": "Run"}]

# question key -> (phase, [(condition, risk), ...]); p2q2 keeps the builder's rules and no phase.
TRICKY_RULES = {
    # `!` and parentheses.
    "p1q1": (
        "build",
        [
            ("(p1q1_c1 || p1q1_c2) && !p1q1_c3", "NO_RISK"),
            ("p1q1_c3 && !(p1q1_c1 || p1q1_c2)", "MEDIUM_RISK"),
            ("default", "HIGH_RISK"),
        ],
    ),
    # HIGH first, naming the "None of these" choice.
    "p1q2": (
        "run",
        [
            ("p1q2_no || !(p1q2_c1 || p1q2_c2)", "HIGH_RISK"),
            ("p1q2_c1 && p1q2_c2 && p1q2_c3", "NO_RISK"),
            ("default", "MEDIUM_RISK"),
        ],
    ),
    # `&&` binds tighter than `||`: (c1 && c2) || c3.
    "p2q1": (
        "build",
        [
            ("p2q1_c1 && p2q1_c2 || p2q1_c3", "NO_RISK"),
            ("p2q1_c1 || p2q1_c2", "MEDIUM_RISK"),
            ("default", "HIGH_RISK"),
        ],
    ),
}


def tricky_doc() -> dict:
    """The tricky lens: 2 pillars × 2 questions × (3 choices + ``_no``), phases build/run."""
    doc = lens_doc(name="Tricky rules lens", mllens={"phases": PHASES})
    for p in range(2):
        for q in range(2):
            entry = question(doc, p, q)
            if entry["id"] in TRICKY_RULES:
                phase, rules = TRICKY_RULES[entry["id"]]
                entry["mllens"] = {"phase": phase}
                entry["riskRules"] = [{"condition": c, "risk": r} for c, r in rules]
    return doc


def tricky_lens(owner) -> Lens:
    """Import and publish the tricky lens (version 1.0) as ``owner``'s custom lens."""
    return custom_lens(owner, tricky_doc(), publish=("1.0",))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class WorkloadFactory(factory.django.DjangoModelFactory):
    """A workload created by ``owner`` through ``workload_create`` (owner membership included)."""

    class Meta:
        model = Workload

    name = factory.Sequence(lambda n: f"Workload {n:03d}")
    description = "A system under review."
    environment = Environment.PREPRODUCTION

    @classmethod
    def _create(cls, model_class, *args, owner=None, lenses=(), members=(), **kwargs):
        workload = workload_create(user=owner, lenses=lenses, **kwargs)
        for principal, role in members:
            field = "team" if isinstance(principal, Team) else "user"
            WorkloadMember.objects.create(workload=workload, role=role, **{field: principal})
        return Workload.objects.get(pk=workload.pk)
