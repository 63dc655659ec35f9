"""How much a review holds, defined once: the models, the serializers, the answer rules and
the review page's vocabulary all read these."""

# Notes of a workload, a lens review, a pillar and an answer.
MAX_NOTES = 10_000
# One comment of a thread holds as much as notes do.
MAX_COMMENT = MAX_NOTES
# Notes of one choice marked not applicable.
MAX_CHOICE_NOTES = 250
