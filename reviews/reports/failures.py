"""Why a report failed, in words people can act on: one stable code and message per family.

The raw exception never reaches the job (it may name internals, or repeat hostile stored
text); the worker logs it with its trace, and the job keeps the code and the message.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


class ReportDataError(Exception):
    """Stored data the report cannot show (raised from the error that found it)."""


MESSAGES = {
    "INVALID_DATA": "The workload holds a value this report cannot show (for example an "
    "answer with an unknown reason or status). The details are in the server log; correct "
    "the answer or ask an administrator, then retry.",
    "NOT_AVAILABLE": "The lens review or milestone this report is about is no longer in "
    "the workload. Request a new report.",
    "RENDER_FAILED": "The PDF could not be produced because of an unexpected error on the "
    "server. It was logged; retry, and tell an administrator if it fails again.",
    "TIMEOUT": "Rendering took longer than {seconds} s and was stopped. Choose fewer "
    "pillars, or retry later.",
    "DATABASE_UNAVAILABLE": "The database was not reachable while rendering. Retry it later.",
    "GAVE_UP": "Gave up after {retries} retries: the database was not reachable. Retry it later.",
    "WORKER_LOST": "The worker stopped {attempts} times while rendering this report, so it "
    "was not tried again. Retry it, or choose fewer pillars.",
    "WORKER_TIMEOUT": "The worker stopped while rendering this report (it ran past its "
    "time limit). Retry it.",
    "QUEUE_LOST": "No worker picked this report up (the task broker may have lost it, for "
    "example in a Redis restart). Retry it.",
    "BROKER_UNAVAILABLE": "Could not be queued: the task broker is unreachable.",
}


def failure_message(code: str, **params) -> str:
    """The message of failure family ``code`` with its parameters filled in."""
    return MESSAGES[code].format(**params)


def failure_code(error: BaseException) -> str:
    """The family of an unexpected exception raised while rendering a report."""
    if isinstance(error, ReportDataError):
        return "INVALID_DATA"
    if isinstance(error, (ObjectDoesNotExist, Http404)):
        return "NOT_AVAILABLE"
    return "RENDER_FAILED"
