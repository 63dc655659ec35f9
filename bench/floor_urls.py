"""The floor of the answer-save figure: a bare Django view doing one single-row UPDATE.

Served by the same gunicorn as the product, in the same run, on the same database and the
same table (``reviews_answer``), so the ratio of the two is what the product adds on top of
Django, the WSGI server and one write. Only ``bench.settings`` routes to it.
"""

from __future__ import annotations

import json

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mllens.urls import urlpatterns as product_urlpatterns
from reviews.models import Answer


@csrf_exempt
@require_http_methods(["PATCH"])
def floor(request, answer_id: int):
    body = json.loads(request.body or b"{}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Answer._meta.db_table} SET updated_at = %s WHERE id = %s",  # noqa: S608
            [timezone.now(), answer_id],
        )
        updated = cursor.rowcount
    return JsonResponse({"id": answer_id, "updated": updated, "version": body.get("version")})


urlpatterns = [
    path("bench/floor/<int:answer_id>/", floor, name="bench-floor"),
    *product_urlpatterns,
]
