"""Single sign-on with OpenID Connect, through allauth's ``openid_connect`` provider.

``SocialAccountAdapter`` applies mllens's rules to allauth's flow:

- a person is matched to an account by an e-mail address the provider says is verified
  (``email_verified``); an unverified address matches nothing;
- someone new gets an account only as ``SIGNUP`` allows: ``open`` anyone, ``domain`` a
  verified address in ``SIGNUP_DOMAINS``, ``invite`` only with a pending invitation to that
  address, ``closed`` no one (allauth then shows "sign-up closed");
- a deactivated account is refused (allauth's "account inactive" page);
- the groups claim sets team memberships (``people.services.sso_teams``).

``PasswordLoginOffMiddleware`` answers 404 on allauth's password pages (sign-up with a
password, reset, change, set) while ``PASSWORD_LOGIN=false``.
"""

from __future__ import annotations

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import Http404

from people.adapters import domain_allowed
from people.models import Invitation
from people.services.sso_teams import groups_from_claims, sso_teams_sync


def _claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def verified_email(sociallogin) -> str | None:
    """The address the provider vouches for, lower-cased (None without one)."""
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email.strip().lower()
    return None


def _invited(email: str) -> bool:
    return Invitation.objects.pending().filter(email=email).exists()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        email = verified_email(sociallogin)
        if email is None:
            return False
        if settings.SIGNUP in ("open", "domain"):
            return domain_allowed(email)
        if settings.SIGNUP == "invite":
            return _invited(email)
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        """An existing account (connected before, or matched by verified address)."""
        super().pre_social_login(request, sociallogin)
        user = sociallogin.user
        if sociallogin.is_existing and user.is_active:
            sso_teams_sync(user=user, groups=groups_from_claims(_claims(sociallogin)))

    def save_user(self, request, sociallogin, form=None):
        """A new account: made, then put in the teams its groups map to."""
        user = super().save_user(request, sociallogin, form=form)
        sso_teams_sync(user=user, groups=groups_from_claims(_claims(sociallogin)))
        return user


# allauth's pages that deal in passwords; off while PASSWORD_LOGIN=false.
_PASSWORD_PAGES = (
    "/accounts/signup/",
    "/accounts/password/",
    "/accounts/login/",
)


class PasswordLoginOffMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PASSWORD_LOGIN and request.path.startswith(_PASSWORD_PAGES):
            raise Http404("Password sign-in is off: use single sign-on.")
        return self.get_response(request)
