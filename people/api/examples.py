"""Examples of the people app's operations for the OpenAPI document (``mllens.api.examples``)."""

from __future__ import annotations

from mllens.api.examples import ALICE, BASE, Example, error, page, user
from reviews.api.examples import WORKLOAD_PATH

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

EXAMPLES = {
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
