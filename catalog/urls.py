from __future__ import annotations

from django.urls import path

from catalog import views

urlpatterns = [
    path("", views.lens_list, name="lens-list"),
    path("import/", views.lens_import, name="lens-import"),
    path("<slug:slug>/", views.lens_detail, name="lens-detail"),
]
