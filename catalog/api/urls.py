from __future__ import annotations

from django.urls import path

from catalog.api import views

urlpatterns = [
    path("lenses/", views.LensListView.as_view(), name="api-lens-list"),
    path("lenses/import", views.LensImportView.as_view(), name="api-lens-import"),
    path("lenses/<slug:slug>/", views.LensDetailView.as_view(), name="api-lens-detail"),
    path("lenses/<slug:slug>/publish", views.LensPublishView.as_view(), name="api-lens-publish"),
    path("lenses/<slug:slug>/export", views.LensExportView.as_view(), name="api-lens-export"),
    path("lenses/<slug:slug>/diff", views.LensDiffView.as_view(), name="api-lens-diff"),
    path(
        # A label may contain "/" ("2025/11").
        "lenses/<slug:slug>/versions/<path:version>/",
        views.LensVersionView.as_view(),
        name="api-lens-version",
    ),
]
