"""The summary and description of every API operation, by operation id, for the OpenAPI document.

One table so the reference reads as one text (same words for the same things) and a test can
check that no operation is left without them. A description given on the view itself
(``extend_schema(description=...)``) is kept, and the table's words go before it.
"""

from __future__ import annotations

# Paths below /workloads/<id>/ answer 404 to who may not see the workload; said once here.
_SCOPED = " Who may not see the workload gets 404."
_TEMPLATE = " Who is no member of the template gets 404."
# Teams exist for their members and staff.
_TEAM = " Who is neither in the team nor staff gets 404."
_LIST = " Paginated: one page of the list in the envelope `{count, next, previous, results}`."
_CURSOR = (
    " Paginated by cursor: follow `next`, which resumes after the last item seen even while"
    " others write (`page` still works, deprecated)."
)
_COMMENT_CREATE = (
    "Add a Markdown comment (contributors and owners). `@username` and `@team` of the "
    "workload's members are parsed into `mentions`."
)
_COMMENT_EDIT = (
    "Change your own comment's body (others' are 403); the earlier body is kept in `history` "
    "and the comment shows as edited. `If-Match` with its ETag guards against lost edits."
)
_COMMENT_DELETE = (
    "Delete your own comment: it stays in the thread as deleted, its body kept in `history`."
)
_THREAD_PATCH = "`status`: `RESOLVED` to resolve the thread, `OPEN` to reopen it."

OPERATIONS: dict[str, tuple[str, str]] = {
    "auth_token_create": (
        "Get an API token",
        'Exchange a username and password for a new API token (named `name`, or "Sign-in '
        "from a script\"); it is listed with the user's other tokens.",
    ),
    "auth_token_destroy": ("Revoke the API token", "Revoke the token the call is made with."),
    "auth_tokens_list": (
        "List your API tokens",
        "Your tokens, newest first: name, first characters, created, last used (to the "
        "minute), expiry. Never the key." + _LIST,
    ),
    "auth_tokens_create": (
        "Make an API token",
        "A new named token, optionally expiring (`expires_at`). Its `key` is in this answer "
        "only: mllens keeps its SHA-256 alone.",
    ),
    "auth_tokens_retrieve": ("Get an API token", "One of your tokens (others' are 404)."),
    "auth_tokens_destroy": (
        "Revoke an API token",
        "The token stops working at once (others' are 404).",
    ),
    "users_deactivate_create": (
        "Deactivate an account",
        "Staff: the user's sessions end and tokens are revoked at once, and they cannot sign in "
        "by any route; their name stays on answers, history and activity. 409 `LAST_OWNER` "
        "(naming the workloads) while a workload would be left without an owner who can act, "
        "unless `successor` is given: they become owner of those workloads first.",
    ),
    "users_reactivate_create": (
        "Reactivate an account",
        "Staff: the user may sign in again (revoked tokens stay revoked).",
    ),
    "lenses_list": ("List lenses", "Lenses you may see: published ones, plus your drafts." + _LIST),
    "lenses_retrieve": ("Get a lens", "A lens with its versions, draft first, newest first."),
    "lenses_destroy": (
        "Delete a custom lens",
        "Owner or staff; refused (409) while workloads review with it.",
    ),
    "lenses_diff_retrieve": (
        "Compare two versions of a lens",
        "Pillars, questions and choices NEW, UPDATED or DELETED from `from` to `to`.",
    ),
    "lenses_export_retrieve": ("Export a lens version", "A lens version as a JSON file."),
    "lenses_publish_create": (
        "Publish the draft",
        "Publish the lens's draft under a version label.",
    ),
    "lenses_versions_retrieve": ("Get a lens version", "The whole question tree of a version."),
    "lenses_import_create": (
        "Import a custom lens",
        "Import a lens JSON file as a new lens, or as a new draft of `lens`. 201 with the lens, "
        "the draft and the warnings; 400 with every problem and its JSON Pointer.",
    ),
    "reports_list": (
        "List report jobs",
        "Report jobs of the workloads you may see, newest first." + _CURSOR,
    ),
    "reports_create": ("Request a PDF report", "Queue a report job (202)."),
    "reports_retrieve": (
        "Get a report job",
        "Status, queue position, progress, timings and, once done, the file's size, page "
        "count, sha256 and `download_url`.",
    ),
    "reports_destroy": ("Delete a report", "Remove the job and its file (workload owners)."),
    "reports_download_retrieve": ("Download a report", "The finished report's PDF."),
    "reports_retry_create": (
        "Retry a failed report",
        "Queue a failed job again; it then counts in your quota.",
    ),
    "workloads_list": (
        "List workloads",
        "Workloads you may see, most recently changed first, with risk counts." + _CURSOR,
    ),
    "workloads_create": (
        "Create a workload",
        "Create a workload and apply `lenses`; you become its owner. A name you already use "
        "(any case) is 400 `DUPLICATE_NAME`.",
    ),
    "workloads_retrieve": ("Get a workload", "The workload's fields and your role." + _SCOPED),
    "workloads_partial_update": (
        "Change a workload",
        "Change the fields sent (contributors and owners)." + _SCOPED,
    ),
    "workloads_destroy": ("Delete a workload", "Owners only; everything in it goes." + _SCOPED),
    "workloads_activity_list": (
        "List a workload's activity",
        "Every write, newest first, with actor, time and summary." + _CURSOR + _SCOPED,
    ),
    "workloads_compare_retrieve": (
        "Compare two milestones",
        "Risk counts before and after per lens, pillar, phase and cell, and per question the "
        "direction, practices gained and lost and improvement items opened, closed and "
        "changed, from milestone `base` to milestone `target` or `current`." + _SCOPED,
    ),
    "workloads_export_retrieve": (
        "Export a workload",
        "The whole workload as a JSON document, or its answers as a table." + _SCOPED,
    ),
    "teams_list": (
        "List teams",
        "The teams you belong to (staff: every team), by name." + _LIST + _TEAM,
    ),
    "teams_create": (
        "Create a team",
        "Staff and team managers; a creator who is not staff becomes its first manager. "
        "A name in use is 409 `DUPLICATE_NAME`.",
    ),
    "teams_retrieve": (
        "Get a team",
        "The team with its member count and the workloads it reaches (with the role it gives "
        "its members there)." + _TEAM,
    ),
    "teams_partial_update": (
        "Rename a team",
        "Change `name` or `description` (the team's managers and staff)." + _TEAM,
    ),
    "teams_destroy": ("Delete a team", "The team's managers and staff." + _TEAM),
    "teams_members_list": ("List a team's members", "Members by id." + _LIST + _TEAM),
    "teams_members_create": (
        "Add a team member",
        "Add an active user as `MEMBER` (default) or `MANAGER` (managers and staff)." + _TEAM,
    ),
    "teams_members_retrieve": (
        "Get a team member",
        "A member, named by membership id or username." + _TEAM,
    ),
    "teams_members_partial_update": (
        "Change a team member's role",
        "`MEMBER` or `MANAGER` (managers and staff)." + _TEAM,
    ),
    "teams_members_destroy": (
        "Remove a team member",
        "Managers and staff; the member loses the roles the team gave them." + _TEAM,
    ),
    "workloads_members_list": (
        "List members",
        "Users and teams with their roles, by id." + _LIST + _SCOPED,
    ),
    "workloads_members_create": (
        "Add a member",
        "Add a user (`user`) or a team (`team`) with a role (owners)." + _SCOPED,
    ),
    "workloads_members_update_by_name": (
        "Change a member's role (by name)",
        "Deprecated form: prefer `PATCH .../members/<member>/`.",
    ),
    "workloads_members_remove_by_name": (
        "Remove a member (by name)",
        "Deprecated form: prefer `DELETE .../members/<member>/`.",
    ),
    "workloads_members_retrieve": (
        "Get a member",
        "A member, named by its id or a user member's username." + _SCOPED,
    ),
    "workloads_members_partial_update": (
        "Change a member's role",
        "Owners; the last owner cannot be demoted (409)." + _SCOPED,
    ),
    "workloads_members_destroy": (
        "Remove a member",
        "Owners; the last owner cannot be removed (409)." + _SCOPED,
    ),
    "workloads_milestones_list": (
        "List milestones",
        "The workload's milestones by number, with risk counts per lens." + _LIST + _SCOPED,
    ),
    "workloads_milestones_create": (
        "Record a milestone",
        "Record the next milestone: an immutable snapshot of the whole workload." + _SCOPED,
    ),
    "workloads_milestones_retrieve": (
        "Get a milestone",
        "A milestone with its snapshot: the workload's fields and every lens review's "
        "answers and improvement items as they were." + _SCOPED,
    ),
    "workloads_reviews_list": (
        "List lens reviews",
        "The lenses applied to the workload, with risk counts per pillar, phase and cell."
        + _LIST
        + _SCOPED,
    ),
    "workloads_reviews_create": (
        "Apply a lens",
        "Apply the latest published version of a lens (owners)." + _SCOPED,
    ),
    "workloads_reviews_retrieve": (
        "Get a lens review",
        "Risk counts per pillar, phase and pillar × phase cell, notes and "
        "`upgrade_available`; with `milestone`, the review as that milestone recorded it."
        + _SCOPED,
    ),
    "workloads_reviews_partial_update": (
        "Change review notes",
        "Change the lens notes or pillar notes (contributors)." + _SCOPED,
    ),
    "workloads_reviews_destroy": (
        "Remove a lens review",
        "Remove the lens from the workload with its answers (owners)." + _SCOPED,
    ),
    "workloads_reviews_answers_list": (
        "List answers",
        "Every answer of the review in lens order, with its question, choices and the status "
        "of each choice; filtered by pillar, phase or risk." + _LIST + _SCOPED,
    ),
    "workloads_reviews_answers_retrieve": (
        "Get an answer",
        "One answer with its question and choices." + _SCOPED,
    ),
    "workloads_reviews_answers_partial_update": ("Answer a question", _SCOPED.strip()),
    "workloads_reviews_answers_history_list": (
        "List an answer's changes",
        "Every accepted change of the answer, newest version first, with before and after."
        + _LIST
        + _SCOPED,
    ),
    "workloads_reviews_improvements_list": (
        "Get the improvement plan",
        "Per HIGH or MEDIUM question, the applicable best practices not followed, ordered by "
        "risk, the workload's pillar priorities, then lens order." + _LIST + _SCOPED,
    ),
    "workloads_reviews_improvements_partial_update": (
        "Track an improvement item",
        "Set an item's owner (a member), due date, status and note; 404 for an item not in "
        "the plan." + _SCOPED,
    ),
    "workloads_reviews_answers_comments_list": (
        "List a question's comments",
        "The question's comment thread, oldest first; deleted comments keep their place "
        "(empty `body`, `deleted`)." + _LIST + _SCOPED,
    ),
    "workloads_reviews_answers_comments_create": (
        "Comment on a question",
        _COMMENT_CREATE + _SCOPED,
    ),
    "workloads_reviews_answers_comments_retrieve": (
        "Get a comment",
        "One comment of the question's thread, with its earlier bodies." + _SCOPED,
    ),
    "workloads_reviews_answers_comments_partial_update": (
        "Edit a comment",
        _COMMENT_EDIT + _SCOPED,
    ),
    "workloads_reviews_answers_comments_destroy": (
        "Delete a comment",
        _COMMENT_DELETE + _SCOPED,
    ),
    "workloads_reviews_answers_thread_retrieve": (
        "Get a question's thread",
        "Whether the question's thread is open or resolved, by whom, and its comment count."
        + _SCOPED,
    ),
    "workloads_reviews_answers_thread_partial_update": (
        "Resolve or reopen a question's thread",
        _THREAD_PATCH + _SCOPED,
    ),
    "workloads_reviews_answers_assignee_retrieve": (
        "Get a question's assignee",
        "The member user or team the question is assigned to, the due date, who assigned it "
        "and when; all null (version 0) when nobody is." + _SCOPED,
    ),
    "workloads_reviews_answers_assignee_partial_update": (
        "Assign a question",
        "Assign the question to a member `user` or `team` (one of them), with an optional "
        "`due_date`; replaces an earlier assignment (contributors and owners). Who is not a "
        "member is a 400 `NOT_MEMBER`." + _SCOPED,
    ),
    "workloads_reviews_answers_assignee_destroy": (
        "Unassign a question",
        "Take the question's assignment away (204 also when it had none)." + _SCOPED,
    ),
    "workloads_reviews_improvements_comments_list": (
        "List an improvement item's comments",
        "The item's comment thread, oldest first; deleted comments keep their place "
        "(empty `body`, `deleted`)." + _LIST + _SCOPED,
    ),
    "workloads_reviews_improvements_comments_create": (
        "Comment on an improvement item",
        _COMMENT_CREATE + _SCOPED,
    ),
    "workloads_reviews_improvements_comments_retrieve": (
        "Get an improvement item's comment",
        "One comment of the item's thread, with its earlier bodies." + _SCOPED,
    ),
    "workloads_reviews_improvements_comments_partial_update": (
        "Edit an improvement item's comment",
        _COMMENT_EDIT + _SCOPED,
    ),
    "workloads_reviews_improvements_comments_destroy": (
        "Delete an improvement item's comment",
        _COMMENT_DELETE + _SCOPED,
    ),
    "workloads_reviews_improvements_thread_retrieve": (
        "Get an improvement item's thread",
        "Whether the item's thread is open or resolved, by whom, and its comment count." + _SCOPED,
    ),
    "workloads_reviews_improvements_thread_partial_update": (
        "Resolve or reopen an improvement item's thread",
        _THREAD_PATCH + _SCOPED,
    ),
    "workloads_reviews_upgrade_create": ("Upgrade a lens review", _SCOPED.strip()),
    "workloads_trend_list": (
        "Get the risk trend",
        "Risk counts per milestone, then now." + _LIST + _SCOPED,
    ),
    "workloads_import_create": ("Import a workload", "Create a workload from an export."),
    "templates_list": (
        "List review templates",
        "Templates you are a member of (staff: all), by name." + _LIST,
    ),
    "templates_create": (
        "Create a review template",
        "A template with a name, description and lenses (each at its latest published "
        "version); you become its owner.",
    ),
    "templates_retrieve": (
        "Get a review template",
        "The template, its lenses and your role." + _TEMPLATE,
    ),
    "templates_partial_update": (
        "Change a review template",
        "Name, description or lenses (contributors)." + _TEMPLATE,
    ),
    "templates_destroy": (
        "Delete a review template",
        "Owners; answers that came from it keep their content." + _TEMPLATE,
    ),
    "templates_lenses_answers_retrieve": (
        "Get a template's answer",
        "The pre-set answer of one question (version 0 while not pre-set)." + _TEMPLATE,
    ),
    "templates_lenses_answers_partial_update": (
        "Pre-set an answer",
        "The same body, rules and 409 versioning as a workload answer (contributors)." + _TEMPLATE,
    ),
    "templates_lenses_answers_destroy": (
        "Stop pre-setting an answer",
        "The question is no longer pre-set (contributors)." + _TEMPLATE,
    ),
    "workloads_templates_create": (
        "Apply a review template",
        "Write the template's answers into the workload's reviews of the same lens versions "
        "(contributors; a template you may see). FILL_EMPTY keeps answers given already; "
        "OVERWRITE replaces them." + _SCOPED,
    ),
    "workloads_invitations_list": (
        "List a workload's invitations",
        "Invitations by e-mail, newest first, with their status; `status=PENDING` keeps the "
        "open ones. Owners and staff." + _LIST + _SCOPED,
    ),
    "workloads_invitations_create": (
        "Invite by e-mail",
        "Mail an address a single-use link that joins the workload with `role`, or (staff) "
        "the workload's team `team`. The answer is the same whether or not the address has an "
        "account; a pending invitation of the address is 409 `ALREADY_INVITED`." + _SCOPED,
    ),
    "workloads_invitations_retrieve": ("Get an invitation", "Owners and staff." + _SCOPED),
    "workloads_invitations_destroy": (
        "Revoke an invitation",
        "The link stops working; the invitation stays listed as `REVOKED`. An accepted one is "
        "409 `INVITATION_CLOSED`." + _SCOPED,
    ),
    "workloads_invitations_resend_create": (
        "Re-send an invitation",
        "Mail a new link, valid for `INVITATION_TTL_DAYS` again; the previous link stops "
        "working at once." + _SCOPED,
    ),
    "invitations_accept_create": (
        "Accept an invitation",
        "The token of the mailed link is the credential. Signed in (token or session), the "
        "caller takes the role if the invited address is theirs (else 403 "
        "`INVITATION_OTHER_ADDRESS`). Without credentials, `username` and `password` make an "
        "account for the invited address (409 `ACCOUNT_EXISTS` when it has one: sign in). "
        "A used, revoked, expired or unknown token is 404.",
    ),
}

METHODS = ("get", "put", "post", "patch", "delete")
# WorkloadScopedView's and TeamScopedView's docstrings, which drf-spectacular would take for
# a description.
_INHERITED = ("A view below ``/workloads/<workload_id>/``", "A view below ``/teams/<team_id>/``")


def describe_operations(result, generator, request, public):
    """drf-spectacular hook: every operation's summary, and its description in front of the
    view's own (a view's class docstring is not a description and is replaced)."""
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in METHODS or operation["operationId"] not in OPERATIONS:
                continue
            summary, description = OPERATIONS[operation["operationId"]]
            own = operation.get("description", "")
            if own.startswith(_INHERITED):
                own = ""
            operation["summary"] = summary
            operation["description"] = f"{description}\n\n{own}".strip() if own else description
    return result
