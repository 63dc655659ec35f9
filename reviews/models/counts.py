"""Stored risk counts: one integer column per risk level, on reviews and workloads, and one
row per lens review and pillar.

Kept up to date by the services with F() deltas (the answer save moves one question between
levels in the review, the workload and the question's pillar row), so lists and dashboards
read them without touching answers.
"""

from __future__ import annotations

from django.db import models

from catalog.choices import Risk

COUNT_FIELDS = {
    Risk.UNANSWERED: "unanswered_count",
    Risk.HIGH: "high_count",
    Risk.MEDIUM: "medium_count",
    Risk.NONE: "none_count",
    Risk.NOT_APPLICABLE: "not_applicable_count",
}


class RiskCounts(models.Model):
    unanswered_count = models.PositiveIntegerField(default=0)
    high_count = models.PositiveIntegerField(default=0)
    medium_count = models.PositiveIntegerField(default=0)
    none_count = models.PositiveIntegerField(default=0)
    not_applicable_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def risk_counts(self) -> dict[str, int]:
        return {risk.value: getattr(self, field) for risk, field in COUNT_FIELDS.items()}

    @property
    def questions_total(self) -> int:
        return sum(self.risk_counts.values())

    @property
    def questions_answered(self) -> int:
        return self.questions_total - self.unanswered_count


class PillarRiskCounts(RiskCounts):
    """The counts of one lens review's questions in one pillar: the same numbers as the
    review's ``risk_summary["pillars"][pillar_key]``, as columns, so that the dashboard sums
    thousands of reviews in one indexed SQL aggregate instead of decoding their summaries.

    Every review has one row per pillar of its lens version, written with the review
    (``reviews.services.counts.pillar_counts_write``: creation, upgrade, import, restore)
    and moved by the answer save in the same statement as the review's own counts.
    """

    # Found through the unique constraint's index (lens_review, pillar_key).
    lens_review = models.ForeignKey(
        "reviews.LensReview",
        on_delete=models.CASCADE,
        related_name="pillar_counts",
        db_index=False,
    )
    pillar_key = models.CharField(max_length=128)
    # Copied from the review (rewritten with the rows when an upgrade changes its version),
    # so that the dashboard filters and groups these rows without reading reviews. The rows
    # go with their review (above); nothing else deletes through these.
    workload = models.ForeignKey("reviews.Workload", on_delete=models.DO_NOTHING, related_name="+")
    lens = models.ForeignKey(
        "catalog.Lens", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    lens_version = models.ForeignKey(
        "catalog.LensVersion", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lens_review", "pillar_key"], name="reviews_pillar_counts_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lens_review_id} · {self.pillar_key}"
