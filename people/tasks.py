"""Celery tasks of the people app: mails, each retried with a growing delay.

A mail server that refuses (``SMTPException``) or cannot be reached (``OSError``) is tried
again after ``MAIL_RETRY_DELAY`` seconds, doubling, ``MAIL_RETRIES`` times; then the failure
is logged with the task (the invitation stays "not sent" and can be re-sent).
"""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.conf import settings

from people.services import invitations, mail

RETRIED = (smtplib.SMTPException, OSError)


def _retry(task, error: Exception):
    delay = settings.MAIL_RETRY_DELAY * 2**task.request.retries
    return task.retry(exc=error, countdown=delay, max_retries=settings.MAIL_RETRIES)


@shared_task(bind=True, name="people.mail_send", acks_late=True)
def mail_send(self, message: dict) -> None:
    """Send one rendered message (see :mod:`people.services.mail`)."""
    try:
        mail.mail_deliver(message)
    except RETRIED as error:
        raise _retry(self, error) from error


@shared_task(bind=True, name="people.invitation_send", acks_late=True)
def invitation_send(self, invitation_id: int) -> None:
    """Mail an invitation a new link (the previous one stops working)."""
    try:
        invitations.invitation_mail_send(invitation_id=invitation_id)
    except RETRIED as error:
        raise _retry(self, error) from error
