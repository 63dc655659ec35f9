"""django-allauth, adapted to mllens: the sign-up policy, the one sign-in limiter.

Settings (README, "People and sign-in"): ``SIGNUP`` is ``closed``, ``invite``, ``domain`` or
``open``; ``SIGNUP_DOMAINS`` the e-mail domains that may sign up under ``domain``.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

from mllens import login_limits
from people.services import mail

# Policies under which anyone may open the sign-up page (with a verified address).
SELF_SIGNUP_POLICIES = frozenset({"domain", "open"})


def email_domain(address: str) -> str:
    """The part after the last "@", lower-cased ("" when there is none)."""
    return address.rpartition("@")[2].strip().lower()


def domain_allowed(address: str) -> bool:
    """Whether ``address`` may sign up by itself under the current policy."""
    if settings.SIGNUP == "open":
        return True
    if settings.SIGNUP == "domain":
        return email_domain(address) in settings.SIGNUP_DOMAINS
    return False


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails, rendered here and sent by the mail task (retries, plain text and
        HTML); their links point under ``SITE_URL``, not at the request's host."""
        from allauth.core import context as allauth_context

        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": {"name": "mllens", "domain": settings.SITE_URL.split("://", 1)[1]},
            **{
                key: mail.site_rebased(value)
                if key.endswith("_url") and isinstance(value, str) and "://" in value
                else value
                for key, value in context.items()
            },
        }
        mail.mail_queue(mail.message_of(self.render_mail(template_prefix, email, context)))

    def is_open_for_signup(self, request) -> bool:
        return settings.SIGNUP in SELF_SIGNUP_POLICIES

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        if settings.SIGNUP == "domain" and not domain_allowed(email):
            raise ValidationError(
                "Sign-up is open to addresses at "
                + ", ".join(sorted(settings.SIGNUP_DOMAINS))
                + " only.",
                code="domain_not_allowed",
            )
        return email

    def authenticate(self, request, **credentials):
        """allauth's password sign-in, counted by :mod:`mllens.login_limits` like /login/.

        Locked: the form shows the limiter's message. The name counted is the one typed
        (username or address), as on /login/.
        """
        name = credentials.get("username") or credentials.get("email") or ""
        password = credentials.get("password")
        if not name or password is None:
            return super().authenticate(request, **credentials)
        address = login_limits.client_address(request)
        try:
            login_limits.ensure_may_try(username=name, address=address)
        except login_limits.TooManyAttempts as locked:
            raise ValidationError(locked.message, code="too_many_attempts") from None
        user = super().authenticate(request, **credentials)
        if user is None:
            login_limits.login_failure_record(username=name, address=address)
        else:
            login_limits.login_failures_clear(username=name, address=address)
        return user
