"""The custom-lens JSON format: strict parsing, validation with precise problems, and export.

Pure functions over plain data; no Django. See the custom-lens spec (sections 2 and 3).
"""

from __future__ import annotations

from .export import Exported, NotAwsValidError, aws_fit_changes, export_document
from .jsonparse import MAX_BYTES, MAX_DEPTH, parse_json
from .nonechoice import none_choice_suspects
from .problems import ERROR, INFO, WARNING, LensFormatError, Problem
from .validate import ValidatedLens, load, validate

__all__ = [
    "ERROR",
    "INFO",
    "MAX_BYTES",
    "MAX_DEPTH",
    "WARNING",
    "Exported",
    "LensFormatError",
    "NotAwsValidError",
    "Problem",
    "ValidatedLens",
    "aws_fit_changes",
    "export_document",
    "load",
    "none_choice_suspects",
    "parse_json",
    "validate",
]
