"""Fixtures of the search tests: the real browser, for the page test."""

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]
