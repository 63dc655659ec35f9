"""Vocabularies of the reviews app, each defined once with its label (and colour)."""

from __future__ import annotations

from django.db import models


class Environment(models.TextChoices):
    PRODUCTION = "PRODUCTION", "Production"
    PREPRODUCTION = "PREPRODUCTION", "Pre-production"


class ImprovementStatus(models.TextChoices):
    NOT_APPLICABLE = "NOT_APPLICABLE", "Not applicable"
    NOT_STARTED = "NOT_STARTED", "Not started"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    COMPLETE = "COMPLETE", "Complete"
    RISK_ACKNOWLEDGED = "RISK_ACKNOWLEDGED", "Risk acknowledged"


class Role(models.TextChoices):
    """What a member may do; each role includes the ones below it."""

    OWNER = "OWNER", "Owner"
    CONTRIBUTOR = "CONTRIBUTOR", "Contributor"
    READER = "READER", "Reader"


ROLE_RANK = {Role.READER: 1, Role.CONTRIBUTOR: 2, Role.OWNER: 3}


class ChoiceStatus(models.TextChoices):
    SELECTED = "SELECTED", "Selected"
    NOT_APPLICABLE = "NOT_APPLICABLE", "Not applicable"
    UNSELECTED = "UNSELECTED", "Not selected"


class NotApplicableReason(models.TextChoices):
    OUT_OF_SCOPE = "OUT_OF_SCOPE", "Out of scope"
    BUSINESS_PRIORITIES = "BUSINESS_PRIORITIES", "Business priorities"
    ARCHITECTURE_CONSTRAINTS = "ARCHITECTURE_CONSTRAINTS", "Architecture constraints"
    OTHER = "OTHER", "Other"
    NONE = "NONE", "None given"


class ItemStatus(models.TextChoices):
    """Progress of one improvement item (beyond the AWS tool: per item, not per workload)."""

    OPEN = "OPEN", "Open"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    DONE = "DONE", "Done"
    RISK_ACCEPTED = "RISK_ACCEPTED", "Risk accepted"


class ThreadStatus(models.TextChoices):
    """A comment thread: open, or resolved (reopened, it is open again)."""

    OPEN = "OPEN", "Open"
    RESOLVED = "RESOLVED", "Resolved"


# Items that are finished: done, or their risk accepted.
CLOSED_ITEM_STATUSES = (ItemStatus.DONE, ItemStatus.RISK_ACCEPTED)


# The AWS tool's fixed list of industry types.
INDUSTRY_TYPES = [
    "Agriculture",
    "Automotive",
    "Defense",
    "Design and Engineering",
    "Digital Advertising",
    "Education",
    "Environmental Protection",
    "Financial Services",
    "Gaming",
    "General Public Services",
    "Healthcare",
    "Hospitality",
    "InfoTech",
    "Justice and Public Safety",
    "Life Sciences",
    "Manufacturing",
    "Media & Entertainment",
    "Mining & Resources",
    "Oil & Gas",
    "Power & Utilities",
    "Professional Services",
    "Real Estate & Construction",
    "Retail & Wholesale",
    "Social Protection",
    "Telecommunications",
    "Travel, Transportation & Logistics",
    "Other",
]


class SkipReason(models.TextChoices):
    """Why applying a template left one of its answers out."""

    ANSWERED = "ANSWERED", "FILL_EMPTY kept the answer the workload gave"
    NOT_REVIEWED = "NOT_REVIEWED", "The workload does not review this lens"
    LENS_VERSION_DIFFERS = "LENS_VERSION_DIFFERS", "The workload reviews another lens version"
