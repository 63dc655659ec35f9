from __future__ import annotations

from django.contrib import admin

from people.models import ApiToken, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "time_zone", "updated_at")
    search_fields = ("user__username", "user__email", "display_name")
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see and revoke (delete) tokens; a token is made by its user (its key is shown to
    them once), never here."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at")
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "prefix", "digest", "created_at", "last_used_at")
    raw_id_fields = ("user",)

    def has_add_permission(self, request, obj=None):
        return False
