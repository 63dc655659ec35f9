"""The review domain's words and limits as the browser gets them.

The review page's modules (``static/js/vocabulary.js``) define none of this themselves: the
page embeds this as the ``review-vocabulary`` JSON (``{% review_vocabulary %}``), so a risk's
label, icon and badge class, which risks put a question in the improvement plan, and the
length limits are each written once, here or in the module named beside them.
"""

from __future__ import annotations

from reviews import limits, risk
from reviews.choices import CLOSED_ITEM_STATUSES, ItemStatus, NotApplicableReason
from reviews.models import ImprovementItem


def review_vocabulary() -> dict:
    return {
        # In table order: worst first, the open questions last.
        "risks": [
            {
                "value": level.value,
                "label": level.label,
                "short": level.short,
                "icon": level.icon,
                "css": level.css,
            }
            for level in risk.SEVERITY_ORDER
        ],
        "answered_risks": [level.value for level in risk.SEVERITY_ORDER if level in risk.ANSWERED],
        "plan_risks": list(risk.PLAN_RISKS),
        "reasons": NotApplicableReason.choices,
        "item_statuses": ItemStatus.choices,
        "closed_item_statuses": [status.value for status in CLOSED_ITEM_STATUSES],
        "limits": {
            "notes": limits.MAX_NOTES,
            "not_applicable_notes": limits.MAX_CHOICE_NOTES,
            "item_note": ImprovementItem._meta.get_field("note").max_length,
        },
    }
