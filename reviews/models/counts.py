"""Stored risk counts: one integer column per risk level, on reviews and workloads.

Kept up to date by the answer service with F() deltas, so lists and dashboards read
them without touching answers.
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
