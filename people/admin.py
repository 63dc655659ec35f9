from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from people.models import ApiToken, Profile
from reviews.selectors.owners import workloads_left_without_owner


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


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    """Django's user admin, except leaving: ``is_active`` is read-only here (deactivate on the
    Accounts page, /users/, which ends sessions, revokes tokens and keeps every workload with
    an owner who can act), and an account that is the last acting owner of a workload cannot
    be deleted."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "is_active") if obj is not None else fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and workloads_left_without_owner(users=[obj.pk], lock=False):
            return False
        return super().has_delete_permission(request, obj)
