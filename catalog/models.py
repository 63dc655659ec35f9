"""The lens catalogue: a Lens has versions; a version holds its whole question tree.

A PUBLISHED version never changes (services refuse to touch it; reviews pin it).
A lens has at most one DRAFT, which an import may replace.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalog.choices import Risk, VersionStatus


class Lens(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=128)
    description = models.TextField(blank=True)
    # None for the lenses shipped with mllens.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lenses",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "slug"]
        verbose_name_plural = "lenses"

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.owner_id is None


class LensVersion(models.Model):
    lens = models.ForeignKey(Lens, on_delete=models.CASCADE, related_name="versions")
    # The label given at publication ("2025-11", "1.2"); empty while a draft.
    version = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16, choices=VersionStatus.choices)
    is_major = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    name = models.CharField(max_length=128)
    description = models.TextField(blank=True)
    design_principles = models.JSONField(default=list, blank=True)
    # The canonical lens document (custom-lens format plus our `mllens` extensions).
    document = models.JSONField()
    document_sha256 = models.CharField(max_length=64)
    import_warnings = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["lens", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lens", "version"],
                condition=Q(status=VersionStatus.PUBLISHED),
                name="catalog_unique_published_version_label",
            ),
            models.UniqueConstraint(
                fields=["lens"],
                condition=Q(status=VersionStatus.DRAFT),
                name="catalog_one_draft_per_lens",
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT)
                | (Q(published_at__isnull=False) & ~Q(version="")),
                name="catalog_published_has_label_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lens.slug}@{self.version or 'draft'}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Phase(models.Model):
    """A lifecycle phase of the lens (the ML Lens has six; most lenses none)."""

    lens_version = models.ForeignKey(LensVersion, on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(max_length=128)
    name = models.CharField(max_length=128)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()
    # False when only best practices (not questions) are placed in the phase, as in the
    # Generative AI Lens: reviews group and chart questions only by phases that hold some.
    places_questions = models.BooleanField(default=True)

    class Meta:
        ordering = ["lens_version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["lens_version", "key"], name="catalog_phase_key"),
        ]

    def __str__(self) -> str:
        return self.name


class Pillar(models.Model):
    lens_version = models.ForeignKey(LensVersion, on_delete=models.CASCADE, related_name="pillars")
    key = models.CharField(max_length=128)
    name = models.CharField(max_length=128)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["lens_version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["lens_version", "key"], name="catalog_pillar_key"),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    lens_version = models.ForeignKey(
        LensVersion, on_delete=models.CASCADE, related_name="questions"
    )
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="questions")
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.CharField(max_length=128)
    title = models.CharField(max_length=512)
    # The question's context, shown under its title.
    description = models.TextField(blank=True)
    helpful_resource_text = models.TextField(blank=True)
    helpful_resource_url = models.URLField(max_length=2048, blank=True)
    # Position in the whole lens (pillar order, then question order within the pillar).
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["lens_version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["lens_version", "key"], name="catalog_question_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"


class Choice(models.Model):
    """A best practice of a question (or its "None of these" choice)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.CharField(max_length=128)
    best_practice_id = models.CharField(max_length=32, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    # Keys of the lifecycle phases the practice belongs to, when the lens places practices.
    phases = models.JSONField(default=list, blank=True)
    title = models.CharField(max_length=512)
    description = models.TextField(blank=True)
    helpful_resource_text = models.TextField(blank=True)
    helpful_resource_url = models.URLField(max_length=2048, blank=True)
    improvement_plan_text = models.TextField(blank=True)
    improvement_plan_url = models.URLField(max_length=2048, blank=True)
    additional_resources = models.JSONField(default=list, blank=True)
    is_none = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="catalog_choice_key"),
        ]

    def __str__(self) -> str:
        return f"{self.best_practice_id or self.key}: {self.title}"


class RiskRule(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="risk_rules")
    order = models.PositiveSmallIntegerField()
    condition = models.TextField()
    risk = models.CharField(
        max_length=16, choices=[(r.value, r.label) for r in (Risk.HIGH, Risk.MEDIUM, Risk.NONE)]
    )

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "order"], name="catalog_rule_order"),
        ]

    def __str__(self) -> str:
        return f"{self.condition} → {self.risk}"
