"""Tracking improvement items: owner, due date, status and note per item."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404

from mllens.errors import current_on_failure, invalid, problem, version_check
from reviews.choices import ItemStatus
from reviews.models import ImprovementItem, LensReview, Workload
from reviews.permissions import workloads_for_user
from reviews.selectors.improvements import improvement_plan, item_tracking
from reviews.services.activity import activity_record
from reviews.services.locks import workload_hold

UNSET = object()


def improvement_owner_get(*, workload: Workload, username: str):
    """The user named as an item's owner; a 400 (NOT_MEMBER at ``/owner``) unless the user
    is a member of the workload, directly or through a team."""
    owner = get_user_model().objects.filter(username=username).first()
    if owner is None or not workloads_for_user(owner).filter(pk=workload.pk).exists():
        raise invalid(
            problem("NOT_MEMBER", "Not a member.", "owner"),
            message="The owner must be a member of the workload.",
        )
    return owner


@transaction.atomic
def improvement_item_update(
    *,
    review: LensReview,
    question_key: str,
    choice_key: str,
    actor,
    owner=UNSET,
    due_date=UNSET,
    status=UNSET,
    note=UNSET,
    expected=None,
) -> ImprovementItem:
    """Set tracking fields of an item that is in the current improvement plan (404 if not).

    ``owner`` is a user, a username (a member of the workload, else 400 ``NOT_MEMBER``), or
    ``None``/``""`` for no owner. The returned item carries ``plan_item``: the item as the
    improvement plan shows it, after the change (nothing to read back).
    """
    if isinstance(owner, str):
        owner = improvement_owner_get(workload=review.workload, username=owner) if owner else None
    # Under the review's lock, as answer changes are: an answer cannot take the item out of
    # the plan between this check and the write (which would leave stale tracking behind).
    workload_hold(review.workload_id)
    if not LensReview.objects.select_for_update().filter(pk=review.pk).exists():
        raise Http404("This lens is not applied to the workload.")
    plan = improvement_plan(review)
    shown = next(
        (
            item
            for entry in plan
            if entry["question_key"] == question_key
            for item in entry["items"]
            if item["choice_key"] == choice_key
        ),
        None,
    )
    if shown is None:
        raise Http404("This best practice is not in the improvement plan.")
    title = shown["title"]
    item, _ = ImprovementItem.objects.select_for_update().get_or_create(
        lens_review=review, question_key=question_key, choice_key=choice_key
    )
    # On a stale If-Match, the item as the plan shows it now (``shown`` holds its tracking).
    with current_on_failure(lambda: {"question_key": question_key, **shown}):
        version_check(expected, item.version)
    changed = []
    for name, value in (
        ("owner", owner),
        ("due_date", due_date),
        ("status", status),
        ("note", note),
    ):
        if value is not UNSET and getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    if changed:
        item.updated_by = actor
        item.version += 1
        item.save()
        activity_record(
            workload=review.workload,
            actor=actor,
            verb="improvement.update",
            obj=item,
            summary=f"updated improvement “{title}”: {ItemStatus(item.status).label.lower()}",
            data={"fields": changed, "question": question_key, "choice": choice_key},
        )
    item.plan_item = {"question_key": question_key, **shown, **item_tracking(item)}
    return item
