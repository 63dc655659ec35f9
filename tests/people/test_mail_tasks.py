"""Mails leave through Celery tasks: retried on a real worker when the server says "later",
and, in-process (no Redis), a broken server costs the page nothing and loses no invitation."""

from __future__ import annotations

import logging

import pytest

from people.models import Invitation
from people.services.invitations import invitation_create
from reviews.choices import Role
from tests.fixtures.mail import links_in, text_of
from tests.fixtures.users import client_for
from tests.fixtures.worker import running_worker
from tests.reviews.factories import WorkloadFactory

pytestmark = [pytest.mark.worker, pytest.mark.redis]


def test_it_retries_a_refused_mail_on_the_worker(transactional_db, smtp_server, monkeypatch, alice):
    smtp_server.refuse = 2  # "451 try again later", twice
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{smtp_server.port}")
    monkeypatch.setenv("SITE_URL", "https://mllens.example.org")
    monkeypatch.setenv("MAIL_RETRY_DELAY", "1")
    workload = WorkloadFactory(name="Churn model", owner=alice)
    with running_worker("-P", "solo"):
        invitation = invitation_create(
            workload=workload, actor=alice, email="erin@example.org", role=Role.READER
        )
        (message,) = smtp_server.wait(1, timeout=60)
    assert smtp_server.refused == 2
    assert message["To"] == "erin@example.org"
    assert links_in(message, "https://mllens.example.org/invitations/")
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.send_count == 1


@pytest.mark.usefixtures("transactional_db")
def test_it_keeps_the_invitation_when_the_server_is_down_in_process(smtp, alice, caplog):
    workload = WorkloadFactory(name="Churn model", owner=alice)
    smtp.refuse = 1
    with caplog.at_level(logging.ERROR, logger="mllens.mail"):
        response = client_for(alice).post(
            f"/api/v1/workloads/{workload.pk}/invitations/",
            {"email": "erin@example.org", "role": "READER"},
            format="json",
        )
    assert response.status_code == 201
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None  # listed as "not sent yet": the owner can re-send
    assert "people.invitation_send" in caplog.text
    resent = client_for(alice).post(
        f"/api/v1/workloads/{workload.pk}/invitations/{invitation.pk}/resend"
    )
    assert resent.status_code == 200
    (message,) = smtp.wait(1)
    assert "Churn model" in text_of(message)
