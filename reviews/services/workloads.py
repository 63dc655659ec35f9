"""Creating, changing and deleting workloads."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from mllens.errors import invalid, problem, version_check
from reviews.choices import Role
from reviews.models import Workload, WorkloadMember
from reviews.services.activity import activity_record
from reviews.services.locks import workload_lock

EDITABLE_FIELDS = (
    "name",
    "description",
    "environment",
    "review_owner",
    "industry_type",
    "industry",
    "aws_regions",
    "non_aws_regions",
    "account_ids",
    "architectural_design",
    "notes",
    "pillar_priorities",
    "improvement_status",
    "tags",
)


def workload_name_check(
    *, user, name: str, exclude_id: int | None = None, path: tuple[str, ...] = ("name",)
) -> None:
    """Refuse ``name`` if a workload ``user`` owns already has it, in any letter case.

    One rule for every way a workload gets its name (API, pages, import). Call inside the
    writing transaction: the user's row is locked so two parallel creations cannot both pass.
    """
    if user is None or not user.is_authenticated:
        return
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    owned = WorkloadMember.objects.filter(
        Q(user=user) | Q(team__members=user), role=Role.OWNER
    ).values("workload_id")
    clash = Workload.objects.filter(pk__in=owned, name__iexact=name.strip())
    if exclude_id is not None:
        clash = clash.exclude(pk=exclude_id)
    existing = clash.values_list("name", flat=True).first()
    if existing is not None:
        message = f"You already own a workload named {existing!r}; choose another name."
        raise invalid(problem("DUPLICATE_NAME", message, *path))


@transaction.atomic
def workload_create(*, user, lenses=(), **fields) -> Workload:
    """Create a workload owned by ``user``, applying the given lenses (``Lens`` objects)."""
    from reviews.services.lens_reviews import lens_review_create

    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown workload fields: {sorted(unknown)}")
    workload_name_check(user=user, name=fields.get("name", ""))
    workload = Workload.objects.create(created_by=user, updated_by=user, **fields)
    WorkloadMember.objects.create(workload=workload, user=user, role=Role.OWNER)
    activity_record(
        workload=workload,
        actor=user,
        verb="workload.create",
        obj=workload,
        summary=f"created workload {workload.name!r}",
    )
    for lens in lenses:
        lens_review_create(workload=workload, lens=lens, actor=user)
    return workload


@transaction.atomic
def workload_update(*, workload: Workload, user, expected=None, **fields) -> Workload:
    """Change the given fields; the audit trail records which ones changed.

    ``expected``: the versions ``If-Match`` allows (412 otherwise), compared under the lock."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown workload fields: {sorted(unknown)}")
    locked = workload_lock(workload.pk, no_key=True)  # 404, not a failed save, if deleted
    version_check(expected, locked.version)
    workload.version = locked.version
    changed = [name for name, value in fields.items() if getattr(workload, name) != value]
    if "name" in changed:
        workload_name_check(user=user, name=fields["name"], exclude_id=workload.pk)
    for name in changed:
        setattr(workload, name, fields[name])
    if changed:
        workload.updated_by = user
        workload.version += 1
        workload.save(update_fields=[*changed, "updated_by", "updated_at", "version"])
        activity_record(
            workload=workload,
            actor=user,
            verb="workload.update",
            obj=workload,
            summary=f"changed {', '.join(changed)}",
            data={"fields": changed},
        )
    return workload


@transaction.atomic
def workload_delete(*, workload: Workload, user, expected=None) -> None:
    """Delete the workload with its reviews, answers and milestones (owners only)."""
    workload = workload_lock(workload.pk)  # first, so writes in it finish or wait (locks.py)
    version_check(expected, workload.version)
    activity_record(
        workload=None,
        actor=user,
        verb="workload.delete",
        obj=workload,
        summary=f"deleted workload {workload.name!r} (#{workload.pk})",
    )
    workload.delete()
