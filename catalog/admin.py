"""Admin for the catalogue: read-only views of lens versions (they change through services)."""

from __future__ import annotations

from django.contrib import admin

from catalog.models import Lens, LensVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lens)
class LensAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name", "owner", "updated_at"]
    search_fields = ["slug", "name"]

    def has_delete_permission(self, request, obj=None):
        # Shipped lenses come from catalog/data; load_lenses would only bring them back.
        return obj is None or not obj.is_shipped


@admin.register(LensVersion)
class LensVersionAdmin(ReadOnlyAdmin):
    list_display = ["lens", "version", "status", "is_major", "published_at"]
    list_filter = ["status", "lens"]
    exclude = ["document"]

    def has_delete_permission(self, request, obj=None):
        # A published version is referenced by reviews and milestones: never deleted here.
        return obj is None or not obj.is_published
