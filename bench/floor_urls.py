"""The floors of the answer-save figure, beside the product in the same gunicorn.

``floor``: a bare Django view doing one single-row UPDATE. ``shaped_floor`` (issue 14): the
least a real save does — a DRF view with token authentication that reads the row, checks the
client's version (409 with the current one), does one guarded UPDATE that bumps it, and
answers JSON: 3 statements.

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
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.api.authentication import TokenAuthentication
from mllens.urls import urlpatterns as product_urlpatterns
from reviews.models import Answer

TABLE = Answer._meta.db_table


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


class ShapedFloor(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    def patch(self, request, answer_id: int):
        version = request.data.get("version")
        selected = request.data.get("selected_choices", [])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {TABLE} WHERE id = %s", [answer_id])  # noqa: S608
            row = cursor.fetchone()
            if row is None:
                return Response({"code": "NOT_FOUND"}, status=404)
            if row[0] != version:
                return Response({"code": "CONFLICT", "current": {"version": row[0]}}, status=409)
            cursor.execute(
                f"UPDATE {TABLE} SET version = version + 1, selected_choices = %s, "  # noqa: S608
                "updated_at = %s WHERE id = %s AND version = %s",
                [json.dumps(selected), timezone.now(), answer_id, version],
            )
            if cursor.rowcount == 0:
                return Response({"code": "CONFLICT"}, status=409)
        return Response({"id": answer_id, "version": version + 1, "selected_choices": selected})


urlpatterns = [
    path("bench/floor/<int:answer_id>/", floor, name="bench-floor"),
    path("bench/shaped-floor/<int:answer_id>/", ShapedFloor.as_view(), name="bench-shaped-floor"),
    *product_urlpatterns,
]
