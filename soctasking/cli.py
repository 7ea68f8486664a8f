"""The ``soctasking`` console command: Django's management commands under one name.

Every operator task is a management command of one of the apps
(``init``, ``serve``, ``demo``, ``load``, ``export``, ``findings``,
``metrics``, ``user``, ``token``, ``access``, ``audit``, ``timetable``,
``reminders``, ``actions``, ``backup``, ``restore``, ``themes``, ``strategy``, ``report``,
and ``db_worker``, the background worker of the tasks backport); ``soctasking help``
lists them.
Exit status: 0 on success, 2 on bad input, 1 on anything else.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soctasking.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["soctasking", *args])


if __name__ == "__main__":
    main()
