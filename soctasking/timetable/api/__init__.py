"""API operations of the timetable: requirements, their rows, acknowledgements, compliance, gaps.

Request bodies and query strings are parsed here rather than by django-ninja,
so that every refusal has one shape, ``{"errors": [{"field", "message"}]}``
with status 422 (413 for a body over Django's upload limit), and names what
was wrong:

- in a JSON body, the field's name as the services key it (``period_end``,
  ``threats.0.threat`` for a nested value), except that the rows of
  ``POST /requirements/{id}/rows`` are named by JSON pointer
  (``/rows/3/due``), as the batch of submissions is;
- in a CSV import, the line and column as the service keys them
  (``line 3, due``; ``line 1`` for the header, ``file`` for the whole);
- in a query string, the parameter's name (``as_of``).

A path naming no requirement, row or body answers 404 ``{"detail"}``; a role
the service refuses, 403 ``{"detail"}``. See docs/timetable-api.md.
"""

from soctasking.timetable.api.answers import compliance_out
from soctasking.timetable.api.operations import router

__all__ = ["compliance_out", "router"]
