"""URL wiring: pages, the admin, the API under /api/v1/, its schema and docs, health."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from mllens.api.auth import TokenView
from mllens.api.routes import with_optional_slashes
from mllens.api_docs import ApiDocsView
from mllens.auth_views import LoginView
from mllens.health import healthz
from people.account_views import LimitedPasswordResetView

# Every API path answers with and without its trailing slash (mllens.api.routes).
api_v1 = with_optional_slashes(
    [
        path("auth/token/", TokenView.as_view(), name="api-token"),
        path("", include("catalog.api.urls")),
        path("", include("reviews.api.urls")),
        path("", include("people.api.urls")),
    ]
)

urlpatterns = [
    path("", include("reviews.urls")),
    path("lenses/", include("catalog.urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # django-allauth's flows (sign-up, address verification, password reset, SSO, second
    # factor) under /accounts/; the people app's own pages (profile, invitations) at the root.
    # Before allauth's own: the reset request under the sign-in limiter (429 when locked).
    path(
        "accounts/password/reset/",
        LimitedPasswordResetView.as_view(),
        name="account_reset_password",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("people.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    *with_optional_slashes(
        [
            path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
            # The split view loads its init script from a URL: no inline script, so the page
            # works under our Content-Security-Policy.
            path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
        ]
    ),
    path("healthz", healthz, name="healthz"),
]

handler400 = "mllens.error_pages.bad_request"
handler404 = "mllens.error_pages.page_not_found"
handler500 = "mllens.error_pages.server_error"
