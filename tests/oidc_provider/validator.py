"""The claims the test provider gives: the user's name, address (verified) and groups."""

from __future__ import annotations

from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    # The groups go with the profile scope (as many providers' group mappers do).
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username,
            "name": user.get_full_name() or user.username,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            # The test marks addresses verified unless the user's last name says otherwise.
            "email_verified": user.last_name != "Unverified",
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }
