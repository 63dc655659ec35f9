"""Every top-level ``code`` an API error body can carry: the enum of ``Error.code`` in the
OpenAPI document. ``tests/security/test_error_codes.py`` reads the codes the source raises and
fails when one is missing here. Item codes (``errors[].code``) are not listed: they are open.
"""

from __future__ import annotations

# The handler's mapping of DRF's and Django's exceptions, and the API-wide failures.
GENERAL = (
    "AUTHENTICATION_FAILED",
    "BAD_REQUEST",
    "BROKER_UNAVAILABLE",
    "CONFLICT",
    "DATABASE_UNAVAILABLE",
    "IDEMPOTENCY_IN_PROGRESS",
    "IDEMPOTENCY_MISMATCH",
    "INVALID_CREDENTIALS",
    "INVALID_PARAMETER",
    "METHOD_NOT_ALLOWED",
    "NOT_ACCEPTABLE",
    "NOT_AUTHENTICATED",
    "NOT_FOUND",
    "PARSE_ERROR",
    "PAYLOAD_TOO_LARGE",
    "PERMISSION_DENIED",
    "PRECONDITION_FAILED",
    "READ_ONLY_FIELD",
    "SERVER_ERROR",
    "THROTTLED",
    "TOO_MANY_ATTEMPTS",
    "UNKNOWN_FIELD",
    "UNKNOWN_PARAMETER",
    "UNSUPPORTED_MEDIA_TYPE",
    "VALIDATION_ERROR",
)
# The rules of workloads, reviews, members, milestones, reports, lenses and imports.
DOMAIN = (
    "ALREADY_APPLIED",
    "ALREADY_MEMBER",
    "AWS_UNMAPPED",
    "BUSY",
    "CONFIRMATION_REQUIRED",
    "DATABASE_NOT_EMPTY",
    "DUPLICATE_NAME",
    "EDITION_UNCHANGED",
    "FILE_MISSING",
    "INVALID_AWS_DOCUMENT",
    "INVALID_BACKUP",
    "INVALID_SHIPPED_LENS",
    "INVALID_WORKLOAD_DOCUMENT",
    "LAST_OWNER",
    "LENS_IN_USE",
    "LENS_NOT_PUBLISHED",
    "LIMIT",
    "MILESTONE_IMMUTABLE",
    "NOT_AWS_VALID",
    "NOT_FAILED",
    "NOT_READY",
    "NO_DRAFT",
    "NO_UPGRADE",
    "SECOND_FACTOR_REQUIRED",
    "SHIPPED_LENS",
    "SLUG_TAKEN",
    "TOO_MANY_REPORTS",
    "VERSION_EXISTS",
)
# A rejected lens file answers with the code of its first problem (README, lens format).
LENS_FORMAT = (
    "ADDITIONAL_RESOURCE_TYPE",
    "CANNOT_PARSE",
    "CHARSET",
    "DISPLAYTEXT_REQUIRED",
    "DUPLICATE_ID",
    "DUPLICATE_KEY",
    "FITTED",
    "KEY_CASE",
    "LENGTH",
    "MISSING_FIELD",
    "RISK_RULE_DEFAULT_MISSING",
    "RISK_RULE_DUPLICATE_LEVEL",
    "RISK_RULE_SYNTAX",
    "RISK_RULE_UNKNOWN_CHOICE",
    "RISK_VALUE",
    "SCHEMA_VERSION",
    "TYPE",
    "UNKNOWN_CHOICE",
    "UNKNOWN_KEY",
    "UNKNOWN_PHASE",
    "URL_SCHEME",
)
# People: invitations and the accounts made through them (README, "People and sign-in").
PEOPLE = (
    "ACCOUNT_EXISTS",
    "ALREADY_INVITED",
    "EMAIL_UNVERIFIED",
    "INVITATION_CLOSED",
    "INVITATION_OTHER_ADDRESS",
    "SIGNUP_CLOSED",
    "TEAM_NOT_MEMBER",
)
ERROR_CODES = tuple(sorted({*GENERAL, *DOMAIN, *LENS_FORMAT, *PEOPLE}))
