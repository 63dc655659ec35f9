#!/usr/bin/env python
"""Django's command-line utility for mllens."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mllens.settings")
    from django.core.management import execute_from_command_line

    from mllens.env import ConfigError

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as error:
        # One clear line instead of a traceback: the operator fixes the variable.
        sys.stderr.write(f"mllens: configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
