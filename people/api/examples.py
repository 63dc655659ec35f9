"""Examples of the people app's operations for the OpenAPI document (``mllens.api.examples``)."""

from __future__ import annotations

from mllens.api.examples import ALICE, BASE, Example, error, page, user
from reviews.api.examples import LAST_OWNER, WORKLOAD_PATH

INVITATION = {
    "id": 7,
    "email": "nia@example.org",
    "role": "CONTRIBUTOR",
    "team": None,
    "status": "PENDING",
    "invited_by": ALICE,
    "created_at": "2026-12-06T09:12:40.120000Z",
    "expires_at": "2026-12-13T09:12:40.120000Z",
    "sent_at": "2026-12-06T09:12:41.503000Z",
    "send_count": 1,
    "accepted_at": None,
    "accepted_by": None,
    "revoked_at": None,
    "version": 2,
}
CLOSED = Example(
    "Accepted already", error("INVITATION_CLOSED", "This invitation was already accepted.")
)

# Alice's tokens: one for the nightly export job, one for the CI check that expires.
API_TOKEN = {
    "id": 31,
    "name": "Nightly export",
    "prefix": "mll_3fa9c2",
    "created_at": "2026-11-20T08:02:11.402000Z",
    "last_used_at": "2026-12-06T02:00:04.918000Z",
    "expires_at": None,
}
CI_TOKEN = {
    "id": 32,
    "name": "CI risk check",
    "prefix": "mll_b71e04",
    "created_at": "2026-12-06T09:30:00.000000Z",
    "last_used_at": None,
    "expires_at": "2027-03-31T00:00:00Z",
}
ACCOUNT = {
    "id": 9,
    "username": "nia",
    "is_active": False,
    "tokens_revoked": 2,
    "sessions_ended": 1,
    "handed_over": 1,
}

EXAMPLES = {
    "auth_tokens_list": {"200": page([CI_TOKEN, API_TOKEN], "/auth/tokens/")},
    "auth_tokens_create": {
        "request": {"name": "CI risk check", "expires_at": "2027-03-31T00:00:00Z"},
        "201": {**CI_TOKEN, "key": "mll_b71e04TQk6v0yM2c1hXJ5Wg8bYp4rD9sLz3aNfE"},
    },
    "auth_tokens_retrieve": {"200": API_TOKEN},
    "auth_tokens_destroy": {},
    "users_deactivate_create": {
        "request": [
            Example("Nobody to hand over to", {}),
            Example("Hand her workloads to bob", {"successor": {"username": "bob"}}),
        ],
        "200": ACCOUNT,
        "409": LAST_OWNER,
    },
    "users_reactivate_create": {
        "200": {
            **ACCOUNT,
            "is_active": True,
            "tokens_revoked": 0,
            "sessions_ended": 0,
            "handed_over": 0,
        },
    },
    "workloads_invitations_list": {
        "200": page([INVITATION], f"{WORKLOAD_PATH}/invitations/"),
    },
    "workloads_invitations_create": {
        "request": [
            Example("With a role", {"email": "nia@example.org", "role": "CONTRIBUTOR"}),
            Example("Into a team (staff)", {"email": "nia@example.org", "team": "Platform"}),
        ],
        "201": {**INVITATION, "sent_at": None, "send_count": 0, "version": 1},
        "409": Example(
            "Invited already",
            error(
                "ALREADY_INVITED",
                "nia@example.org already has a pending invitation; re-send or revoke it.",
            ),
        ),
    },
    "workloads_invitations_retrieve": {"200": INVITATION},
    "workloads_invitations_destroy": {"409": CLOSED},
    "workloads_invitations_resend_create": {
        "200": {**INVITATION, "expires_at": "2026-12-14T10:00:00.000000Z", "version": 3},
        "409": CLOSED,
    },
    "invitations_accept_create": {
        "request": [
            Example("Signed in: accept for yourself", {}),
            Example(
                "Without an account: make one",
                {"username": "nia", "password": "a long passphrase", "display_name": "Nia N."},
            ),
        ],
        "200": {
            "workload": {"id": 12, "name": "Fraud model", "url": f"{BASE}/workloads/12/"},
            "role": "CONTRIBUTOR",
            "team": None,
            "user": user(9, "nia"),
        },
    },
}
