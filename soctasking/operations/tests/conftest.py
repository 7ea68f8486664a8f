"""Fixtures of the operations tests: the real browser, for the journeys."""

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]
