"""Recording the audit trail."""

from __future__ import annotations

from mllens.prepared import row_insert
from reviews.models import Activity, Workload


def activity_record(
    *,
    workload: Workload | None = None,
    workload_id: int | None = None,
    actor,
    verb: str,
    obj,
    summary: str,
    data: dict | None = None,
) -> Activity:
    """Record one write: ``verb`` like ``answer.update``, ``obj`` the object written.

    The workload is given as an object or, when the caller has only its id, as ``workload_id``.
    Written without reading anything back: nothing refers to the row in the same request.
    """
    activity = Activity(
        workload_id=workload.pk if workload is not None else workload_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        object_type=type(obj).__name__,
        object_id=str(getattr(obj, "pk", "") or ""),
        summary=summary[:300],
        data=data or {},
    )
    row_insert(activity)
    return activity
