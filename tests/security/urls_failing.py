"""The app's URLs plus views that fail on purpose, for the error page tests."""

from __future__ import annotations

from django.urls import path
from rest_framework.views import APIView

from mllens.urls import handler400, handler404, handler500
from mllens.urls import urlpatterns as app_urlpatterns

SECRET_DETAIL = "the-failing-view-knows-secret-detail-42"


def failing_page(request):
    raise RuntimeError(SECRET_DETAIL)


class FailingCall(APIView):
    def get(self, request):
        raise RuntimeError(SECRET_DETAIL)


urlpatterns = [
    path("failing-page/", failing_page),
    path("api/v1/failing-call/", FailingCall.as_view()),
    *app_urlpatterns,
]

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
