"""Admin for reviews: workloads and teams are editable; the audit trail and milestones are not."""

from __future__ import annotations

from django.contrib import admin

from reviews.models import Activity, Milestone, Team, TeamMembership, Workload, WorkloadMember
from reviews.selectors.owners import workloads_left_without_owner


class MemberInline(admin.TabularInline):
    model = WorkloadMember
    extra = 0
    autocomplete_fields = ["user", "team"]


@admin.register(Workload)
class WorkloadAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "environment",
        "high_count",
        "medium_count",
        "improvement_status",
        "updated_at",
    ]
    list_filter = ["environment", "improvement_status"]
    search_fields = ["name", "review_owner"]
    inlines = [MemberInline]
    readonly_fields = [
        "unanswered_count",
        "high_count",
        "medium_count",
        "none_count",
        "not_applicable_count",
        "created_by",
        "updated_by",
    ]

    def get_deleted_objects(self, objs, request):
        # A milestone refuses deletion on its own but goes with its workload; without this,
        # staff could never delete a workload that has milestones.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(Milestone._meta.verbose_name)
        return deleted, counts, perms_needed, protected


class TeamMembershipInline(admin.TabularInline):
    """Members are added here; taking one out goes through the team's page (/teams/<id>/),
    which refuses to leave a workload without an owner who can act."""

    model = TeamMembership
    extra = 1
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    can_delete = False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [TeamMembershipInline]

    def has_delete_permission(self, request, obj=None):
        # A team that is a workload's only acting owner is not deleted (here or on its page).
        if obj is not None and workloads_left_without_owner(teams=[obj.pk], lock=False):
            return False
        return super().has_delete_permission(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that must never change: no add, change or delete, and no bulk actions."""

    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "workload", "verb", "summary"]
    list_filter = ["verb"]
    search_fields = ["summary"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["workload", "number", "name", "high_count", "medium_count", "created_at"]
    exclude = ["workload_data"]
