"""One seeded world for the access matrix and the schema fuzzer.

Alice owns a workload on the tricky lens (which she also owns, published 1.0 and 2.0, so
reviews can upgrade); bob contributes, dora reads, charlie is an outsider, ``staff`` is
staff. Alice also has a second published lens to apply, a lens with only a draft, and an
unused published lens to delete. Dora is in the team Platform, which alice manages. The
workload has answers, an improvement item, a milestone, a finished report (with its PDF)
and a failed one. Alice has an API token; every signed-in role has a session (``client_as``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from catalog import services
from catalog.models import Lens
from reviews.choices import Role
from reviews.models import (
    Answer,
    ReportJob,
    Team,
    TeamMembership,
    TeamRole,
    TemplateMember,
    WorkloadMember,
)
from reviews.services.answers import answer_update
from reviews.services.comments import comment_create
from reviews.services.milestones import milestone_create
from reviews.services.templates import template_answer_save, template_create
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.users import UserFactory, api_key_for
from tests.reviews.factories import WorkloadFactory, tricky_doc, tricky_lens

ROLES = ("anonymous", "outsider", "reader", "contributor", "owner", "staff")
USERNAMES = {
    "outsider": "charlie",
    "reader": "dora",
    "contributor": "bob",
    "owner": "alice",
    "staff": "staff",
}


@dataclass
class World:
    users: dict
    workload: object
    values: dict[str, object] = field(default_factory=dict)
    sessions: dict[str, str | None] = field(default_factory=dict)
    token: str = ""


def build_world() -> World:
    users = {
        role: UserFactory(username=name, is_staff=role == "staff", is_superuser=role == "staff")
        for role, name in USERNAMES.items()
    }
    erin = UserFactory(username="erin")  # in nothing: staff may deactivate her
    alice = users["owner"]
    tricky = tricky_lens(alice)
    workload = WorkloadFactory(
        name="Fraud model",
        owner=alice,
        lenses=[tricky],
        members=[(users["contributor"], Role.CONTRIBUTOR), (users["reader"], Role.READER)],
    )
    custom_lens(alice, lens_doc(name="Second lens"), publish=("1.0",))
    custom_lens(alice, lens_doc(name="Unused lens"), publish=("1.0",))
    custom_lens(alice, lens_doc(name="Draft only lens"))
    review = workload.lens_reviews.get()
    answer_update(
        review=review, question_key="p1q1", actor=alice, version=0, selected_choices=["p1q1_no"]
    )
    milestone_create(workload=workload, name="First look", actor=alice)
    # Alice's comment on the question's thread (the fuzzed owner may edit and delete it).
    comment = comment_create(review=review, question_key="p1q1", actor=alice, body="Why?")
    template = template_world(alice, users["contributor"], users["reader"], tricky)
    # Version 2.0 of the tricky lens (a changed title), so the review can upgrade.
    doc = tricky_doc()
    doc["pillars"][0]["questions"][0]["title"] = "How do you handle p1q1 now?"
    services.lens_import(raw=json.dumps(doc), user=alice, lens=tricky)
    services.lens_publish(lens=tricky, version="2.0", is_major=False, user=alice)
    services.lens_import(raw=json.dumps(doc), user=alice, lens=tricky)  # and a draft on top
    job = {"workload": workload, "lens": tricky, "requested_by": alice, "kind": "review"}
    done = ReportJob.objects.create(
        **job,
        status="done",
        request_key="done",
        file=ContentFile(b"%PDF-1.7\n%%EOF\n", "fraud-model.pdf"),
        filename="fraud-model.pdf",
    )
    failed = ReportJob.objects.create(**job, status="failed", request_key="failed")
    token = api_key_for(alice)
    platform = Team.objects.create(name="Platform")
    platform.members.add(users["reader"])  # dora is in the team; alice manages it
    TeamMembership.objects.create(team=platform, user=alice, role=TeamRole.MANAGER)
    Group.objects.create(name="Reviewers")
    _people_world(alice)
    invitations = _invitations(workload, alice, outsider=users["outsider"])
    values = {
        "workload_id": workload.pk,
        "team_id": platform.pk,
        "token_id": alice.api_tokens.get().pk,
        "user_id": erin.pk,
        "member": "dora",
        "member_id": WorkloadMember.objects.get(workload=workload, user=users["reader"]).pk,
        "slug": tricky.slug,
        "question_key": "p1q1",
        "choice_key": "p1q1_c1",
        "number": 1,
        "job_id": done.pk,
        "failed_job_id": failed.pk,
        "comment_id": comment.pk,
        "template_id": template.pk,
        "version": "1.0",
        "answer_version": Answer.objects.get(lens_review=review, question_key="p1q1").version,
        "draft_slug": Lens.objects.get(name="Draft only lens").slug,
        "unused_slug": Lens.objects.get(name="Unused lens").slug,
        "draft_label": "draft",
        "lens_file": json.dumps(lens_doc(name="Imported lens")).encode(),
        **invitations,
    }
    sessions = {"anonymous": None}
    for role in ROLES[1:]:
        client = Client()
        client.force_login(users[role])
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return World(users=users, workload=workload, values=values, sessions=sessions, token=token)


def _people_world(alice) -> None:
    """One object of each people/allauth model the admin shows, so each change page is walked."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    from people.services.profiles import profile_for

    profile_for(alice)
    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)
    app = SocialApp.objects.create(
        provider="openid_connect", provider_id="idp", name="Company IdP", client_id="mllens"
    )
    account = SocialAccount.objects.create(user=alice, provider="idp", uid="alice-at-idp")
    SocialToken.objects.create(app=app, account=account, token="opaque")
    Authenticator.objects.create(
        user=alice, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


def template_world(owner, contributor, reader, lens):
    """A review template with the workload's members in the same roles, one answer pre-set."""
    template = template_create(user=owner, name="Platform defaults", lenses=[lens])
    TemplateMember.objects.create(template=template, user=contributor, role=Role.CONTRIBUTOR)
    TemplateMember.objects.create(template=template, user=reader, role=Role.READER)
    template_answer_save(
        user=owner,
        template_id=template.pk,
        slug=lens.slug,
        question_key="p1q1",
        version=0,
        selected_choices=["p1q1_c1"],
    )
    return template


def _invitations(workload, alice, *, outsider) -> dict:
    """A pending invitation to a newcomer's address, and one to the outsider's (which the
    outsider can accept): their ids and link tokens."""
    from people.services.invitations import invitation_create, invitation_token_issue

    newcomer = invitation_create(
        workload=workload, actor=alice, email="newcomer@example.com", role=Role.READER
    )
    theirs = invitation_create(
        workload=workload, actor=alice, email=outsider.email, role=Role.CONTRIBUTOR
    )
    return {
        "invitation_id": newcomer.pk,
        "token": invitation_token_issue(invitation=newcomer),
        "outsider_token": invitation_token_issue(invitation=theirs),
    }


def client_as(world: World, role: str, **kwargs) -> Client:
    """A client with the role's session, fresh each time (so a sign-out never sticks)."""
    client = Client(**kwargs)
    if world.sessions.get(role):
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client
