"""What the ``user``, ``token`` and ``audit`` commands share: tables, times, and bad input.

Bad input exits with status 2 and a message that names the option at fault,
so the services' ``ValidationError`` (keyed by model field) is translated
here into the option an operator typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone


def bad_input(message: str) -> CommandError:
    """The error for input the operator can correct; the console exits with status 2."""
    return CommandError(message, returncode=2)


def validation_error_to_command_error(
    error: ValidationError, *, options: Mapping[str, str]
) -> CommandError:
    """One line per problem, each starting with the option (``options[field]``) it is about."""
    if not hasattr(error, "error_dict"):
        return bad_input("; ".join(error.messages))
    lines = [
        f"{options.get(field, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return bad_input("\n".join(lines))


def when_text(value: datetime | None, *, missing: str = "-") -> str:
    """A time to the minute in the site's time zone, or ``missing``."""
    if value is None:
        return missing
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def table_text(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned on two spaces, headers upper-cased, no trailing blanks."""
    lines = [[header.upper() for header in headers], *[list(row) for row in rows]]
    widths = [max(len(line[column]) for line in lines) for column in range(len(headers))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )
