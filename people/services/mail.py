"""Mails: rendered in the request (plain text and HTML), sent by a Celery task with retries.

A message travels to the task as a plain dict (``to``, ``subject``, ``text``, ``html``,
``from_email``): JSON, no objects. Links in mails are built from ``SITE_URL``, never from the
request's Host header (which a client chooses).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

log = logging.getLogger("mllens.mail")


def site_link(path: str) -> str:
    """The absolute address of ``path`` (``/invitations/...``) under ``SITE_URL``."""
    return settings.SITE_URL + "/" + path.lstrip("/")


def site_rebased(url: str) -> str:
    """``url`` (absolute, built from some request) moved under ``SITE_URL``: same path, query
    and fragment."""
    parts = urlsplit(url)
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    return site_link(rest + (f"#{parts.fragment}" if parts.fragment else ""))


def text_as_html(*, subject: str, text: str) -> str:
    """The HTML part of a mail that has only a text template (allauth's): the same words,
    paragraphs kept and addresses made links, in the mails' layout."""
    return render_to_string("people/mail/text_as_html.html", {"subject": subject, "text": text})


def message_render(*, template: str, to: str, context: dict) -> dict:
    """A mail from ``templates/people/mail/<template>_{subject.txt,message.txt,message.html}``."""
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(
        render_to_string(f"people/mail/{template}_subject.txt", context).splitlines()
    ).strip()
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    context["subject"] = subject
    return {
        "to": [to],
        "subject": subject,
        "text": render_to_string(f"people/mail/{template}_message.txt", context).strip(),
        "html": render_to_string(f"people/mail/{template}_message.html", context),
        "from_email": settings.DEFAULT_FROM_EMAIL,
    }


def message_of(email: EmailMultiAlternatives) -> dict:
    """A rendered Django message as the task takes it (an HTML part made when it has none)."""
    html = next(
        (body for body, kind in getattr(email, "alternatives", []) if kind == "text/html"), None
    )
    if email.content_subtype == "html":
        html, text = email.body, ""
    else:
        text = email.body
    return {
        "to": list(email.to),
        "subject": email.subject,
        "text": text,
        "html": html or text_as_html(subject=email.subject, text=text),
        "from_email": email.from_email or settings.DEFAULT_FROM_EMAIL,
    }


def mail_deliver(message: dict) -> None:
    """Hand ``message`` to the configured mail server (``EMAIL_URL``); raises on failure."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=message["from_email"],
        to=message["to"],
    )
    email.attach_alternative(message["html"], "text/html")
    email.send()


def task_enqueue(task, *args) -> None:
    """Run ``task`` after the transaction commits: on the worker, or here when tasks run
    in-process (no ``REDIS_URL``). In-process it is tried once, and a failure is logged
    rather than failing the page: a broken mail server must not lose the invitation or the
    sign-up, which can be sent again."""

    def send() -> None:
        from mllens.celery import app

        if not app.conf.task_always_eager:
            task.delay(*args)
            return
        try:
            task.apply(args=args, retries=settings.MAIL_RETRIES, throw=True)
        except Exception:
            log.exception(
                "mail task %s%r failed (tasks run in-process: not retried)", task.name, args
            )

    transaction.on_commit(send)


def mail_queue(message: dict) -> None:
    """Send ``message`` by the mail task once the current transaction commits."""
    from people.tasks import mail_send

    task_enqueue(mail_send, message)
