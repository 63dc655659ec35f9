"""The order writes take locks in, so a workload's deletion never deadlocks a write in it.

Every write inside a workload holds the workload's row first: writes that may run side by
side (answers, notes, items, lens reviews) share it (``FOR KEY SHARE``); deleting the
workload, and writes that take a milestone, hold it alone (``FOR UPDATE``); writes that
move the workload's stored counts (an answer save, removing a lens review) take it
``FOR NO KEY UPDATE`` before anything else, so they queue on it instead of crossing. Locks on lens
reviews and answers are only taken after that, so two transactions can never each hold what
the other waits for.
"""

from __future__ import annotations

from django.db import connection
from django.http import Http404

from reviews.models import Workload


def workload_hold(workload_id: int) -> None:
    """Share-lock the workload for this transaction; 404 if it was deleted meanwhile."""
    if connection.vendor != "postgresql":  # SQLite writes one transaction at a time anyway
        if not Workload.objects.filter(pk=workload_id).exists():
            raise Http404("No such workload.")
        return
    table = connection.ops.quote_name(Workload._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE", [workload_id])  # noqa: S608
        if cursor.fetchone() is None:
            raise Http404("No such workload.")


def workload_lock(workload_id: int, *, no_key: bool = False) -> Workload:
    """Lock the workload alone (``no_key``: a change of its fields, which lets share-holders
    be); 404 if it was deleted meanwhile."""
    workload = Workload.objects.select_for_update(no_key=no_key).filter(pk=workload_id).first()
    if workload is None:
        raise Http404("No such workload.")
    return workload
