"""Comment threads as the API reads and writes them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mllens.api.serializers import InputSerializer
from reviews.api.serializers import USER_REF, UserRefSerializer, UserWriteField, user_ref
from reviews.api.shapes import TeamRef
from reviews.choices import ThreadStatus
from reviews.limits import MAX_COMMENT
from reviews.models import Comment, CommentThread


class MentionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["USER", "TEAM"])
    name = serializers.CharField()


class CommentRevisionSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)
    replaced_at = serializers.DateTimeField()


class CommentSerializer(serializers.ModelSerializer):
    """A comment: its Markdown body (empty once deleted), who wrote it, whom it mentions, and
    its earlier bodies (``history``, oldest first) when it was edited or deleted."""

    author = serializers.SerializerMethodField()
    mentions = MentionSerializer(many=True)
    history = CommentRevisionSerializer(many=True)
    edited = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "author",
            "body",
            "mentions",
            "created_at",
            "edited",
            "edited_at",
            "deleted",
            "deleted_at",
            "history",
            "version",
        ]

    @USER_REF
    def get_author(self, comment) -> dict | None:
        return user_ref(comment.author)

    def get_edited(self, comment) -> bool:
        return comment.edited_at is not None

    def get_deleted(self, comment) -> bool:
        return comment.deleted_at is not None


class CommentWriteSerializer(InputSerializer):
    body = serializers.CharField(
        max_length=MAX_COMMENT,
        trim_whitespace=False,
        help_text="Markdown, shown as the notes are (no HTML). `@username` and `@team` of the "
        "workload's members are mentions.",
    )


class ThreadSerializer(serializers.Serializer):
    """A thread's state; a thread nobody started reads as open with no comments."""

    status = serializers.ChoiceField(choices=ThreadStatus.choices)
    resolved_by = serializers.SerializerMethodField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    comment_count = serializers.IntegerField()
    version = serializers.IntegerField()

    @extend_schema_field(UserRefSerializer(allow_null=True))
    def get_resolved_by(self, thread) -> dict | None:
        return user_ref(thread["resolved_by"])


def thread_state(thread: CommentThread | None, comment_count: int) -> dict:
    if thread is None:
        return {
            "status": ThreadStatus.OPEN,
            "resolved_by": None,
            "resolved_at": None,
            "comment_count": comment_count,
            "version": 0,
        }
    return {
        "status": thread.status,
        "resolved_by": thread.resolved_by,
        "resolved_at": thread.resolved_at,
        "comment_count": comment_count,
        "version": thread.version,
    }


class ThreadWriteSerializer(InputSerializer):
    status = serializers.ChoiceField(
        choices=ThreadStatus.choices, help_text="`RESOLVED` to resolve, `OPEN` to reopen."
    )


class AssigneeSerializer(serializers.Serializer):
    """Who is to answer the question, and by when; all null (version 0) when nobody is."""

    user = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()
    due_date = serializers.DateField(allow_null=True)
    assigned_by = serializers.SerializerMethodField()
    assigned_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    @USER_REF
    def get_user(self, assignee) -> dict | None:
        return user_ref(assignee.user) if assignee else None

    @extend_schema_field(TeamRef(allow_null=True))
    def get_team(self, assignee) -> dict | None:
        team = assignee.team if assignee else None
        return None if team is None else {"id": team.pk, "name": team.name}

    @USER_REF
    def get_assigned_by(self, assignee) -> dict | None:
        return user_ref(assignee.assigned_by) if assignee else None


def assignee_state(assignee) -> dict:
    """The assignment as the API shows it; all null (version 0) when nobody is assigned."""
    if assignee is None:
        return {
            "user": None,
            "team": None,
            "due_date": None,
            "assigned_by": None,
            "assigned_at": None,
            "version": 0,
        }
    return AssigneeSerializer(assignee).data


class AssigneeWriteSerializer(InputSerializer):
    user = UserWriteField(required=False, help_text="A member user; or name a `team`.")
    team = serializers.CharField(
        max_length=100, required=False, help_text="The name of a member team; or a `user`."
    )
    due_date = serializers.DateField(allow_null=True, required=False)
