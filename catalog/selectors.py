"""Reads of the catalogue, always scoped to what the user may see.

Everyone signed in reads published versions; drafts, and lenses that have nothing
published yet, are visible to their owner and staff only.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from catalog.choices import VersionStatus
from catalog.models import Choice, Lens, LensVersion, Question, RiskRule
from catalog.question_tree import question_rules
from catalog.riskrules import foundational_choices

# The draft (no publication date) first, then published versions newest first, on every
# database: PostgreSQL sorts NULL first in descending order, SQLite last.
NEWEST_FIRST = (F("published_at").desc(nulls_first=True), "-id")


def _published(lens_ref: str = "pk") -> Exists:
    return Exists(
        LensVersion.objects.filter(lens=OuterRef(lens_ref), status=VersionStatus.PUBLISHED)
    )


def lens_list_for_user(user) -> QuerySet[Lens]:
    """The lenses ``user`` may see, with their published version count.

    ``has_draft`` is only ever true for those who may see the draft (its owner and staff).
    """
    drafts = LensVersion.objects.filter(lens=OuterRef("pk"), status=VersionStatus.DRAFT)
    if not user.is_staff:
        drafts = drafts.filter(lens__owner=user)
    # Meta.ordering does not apply to a GROUP BY query, so the order is explicit.
    lenses = (
        Lens.objects.select_related("owner")
        .annotate(
            published_count=Count("versions", filter=Q(versions__status=VersionStatus.PUBLISHED)),
            has_draft=Exists(drafts),
        )
        .order_by("name", "slug")
    )
    if user.is_staff:
        return lenses
    return lenses.filter(Q(owner=user) | Q(_published()))


def lenses_manageable_by(user) -> QuerySet[Lens]:
    """The lenses ``user`` may add a new version to (``permissions.can_manage``)."""
    lenses = Lens.objects.order_by("name", "slug")
    return lenses if user.is_staff else lenses.filter(owner=user)


def lens_get_for_user(user, slug: str) -> Lens:
    """The lens, or ``Http404`` when it does not exist or the user may not see it."""
    lens = lens_list_for_user(user).filter(slug=slug).first()
    if lens is None:
        raise Http404("No such lens.")
    return lens


def _sees_drafts(user, lens: Lens) -> bool:
    return bool(user.is_staff or (lens.owner_id and lens.owner_id == user.pk))


def versions_for_user(user, lens: Lens) -> QuerySet[LensVersion]:
    versions = lens.versions.all()
    if not _sees_drafts(user, lens):
        versions = versions.filter(status=VersionStatus.PUBLISHED)
    return versions.order_by(*NEWEST_FIRST)


def latest_published(lens: Lens) -> LensVersion | None:
    return lens.versions.filter(status=VersionStatus.PUBLISHED).order_by(*NEWEST_FIRST).first()


def latest_published_by_lens(lens_ids) -> dict[int, LensVersion]:
    """``latest_published`` of several lenses in one query: {lens id: version}."""
    latest: dict[int, LensVersion] = {}
    versions = LensVersion.objects.filter(lens_id__in=set(lens_ids), status=VersionStatus.PUBLISHED)
    for version in versions.order_by(*NEWEST_FIRST):
        latest.setdefault(version.lens_id, version)
    return latest


class VersionNotFound(Http404):
    """No such version. For ``draft``, ``latest`` is the newest published version, if any.

    A ``?version=draft`` link goes stale once the draft is published (or discarded); pages and
    the API use ``latest`` to point its owner at what they most likely want. It is set only
    for those who may see drafts: for anyone else a draft never exists, and their 404 stays.
    """

    def __init__(self, label: str, latest: LensVersion | None = None) -> None:
        super().__init__("No such version.")
        self.label = label
        self.latest = latest


def lens_version_get_for_user(user, lens: Lens, label: str) -> LensVersion:
    """A version by label; ``draft`` names the draft, ``latest`` the newest published one.

    Raises ``VersionNotFound`` (a 404) when there is none the user may see.
    """
    versions = versions_for_user(user, lens)
    if label == "latest":
        version = versions.filter(status=VersionStatus.PUBLISHED).first()
    elif label == "draft":
        version = versions.filter(status=VersionStatus.DRAFT).first()
        if version is None and _sees_drafts(user, lens):
            raise VersionNotFound(label, latest_published(lens))
    else:
        version = versions.filter(status=VersionStatus.PUBLISHED, version=label).first()
    if version is None:
        raise VersionNotFound(label)
    return version


def lens_version_tree(version: LensVersion) -> LensVersion:
    """The version with its pillars, phases, questions, choices and rules prefetched."""
    questions = Question.objects.select_related("pillar", "phase").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("order")),
        Prefetch("risk_rules", queryset=RiskRule.objects.order_by("order")),
    )
    return (
        LensVersion.objects.select_related("lens", "lens__owner")
        .prefetch_related("pillars", "phases", Prefetch("questions", queryset=questions))
        .get(pk=version.pk)
    )


def question_foundational(question: Question) -> list[str]:
    """The question's foundational practice keys, derived from its rules (see
    ``riskrules.foundational_choices``); uses prefetched choices and rules when there are."""
    rules = question_rules(question)
    choices = sorted(question.choices.all(), key=lambda choice: choice.order)
    return foundational_choices(rules, [choice.key for choice in choices if not choice.is_none])
