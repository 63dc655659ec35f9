from __future__ import annotations

from django.contrib import admin

from people.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "time_zone", "updated_at")
    search_fields = ("user__username", "user__email", "display_name")
    raw_id_fields = ("user",)
